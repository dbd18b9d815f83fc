#include "core/commands/token.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"token", "token create NAME [scope=team:NAME]",
     "A bearer token for the REST API (admins). It is shown once, only to you; without a scope it sees the public "
     "goals, with one also that team's internal goals, and checks in on that team's key results only."},
    {"token", "token list  |  token revoke NAME", "The workspace's API tokens (never their secrets); revoke one at once."},
};

// Token names go into URLs of logs and into "via API: NAME": kept plain.
bool valid_token_name(const std::string& name) {
    if (name.empty() || name.size() > 32) return false;
    for (char ch : name) {
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        if (!ok) return false;
    }
    return true;
}

UserResult<std::string> token_name(Cursor& in, const std::string& usage) {
    if (in.done() || as_option(in.peek())) return UserError{"The token needs a name.", in.hint(usage)};
    std::string name = in.peek().text;
    in.next();
    if (!valid_token_name(name)) {
        return UserError{fmt::format("`{}` can't be a token name: use up to 32 lower-case letters, digits, - and _.",
                                     escape_text(name)),
                         in.hint(usage)};
    }
    return name;
}

ParseResult parse_create(Cursor& in) {
    const std::string usage = "token create deploy-bot scope=team:platform";
    auto name = token_name(in, usage);
    if (!name) return name.error();
    TokenCreateCmd cmd{*name, std::nullopt};
    for (; !in.done(); in.next()) {
        auto opt = as_option(in.peek());
        if (!opt || opt->key != "scope") {
            return UserError{fmt::format("I didn't understand `{}`; token create takes scope=team:NAME.",
                                         escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        if (opt->value.rfind("team:", 0) != 0 || opt->value.size() == 5) {
            return UserError{fmt::format("`scope={}` isn't a scope; write scope=team:NAME.", escape_text(opt->value)),
                             in.hint(usage)};
        }
        cmd.team = opt->value.substr(5);
    }
    return cmd;
}

UserError tokens_missing(Context& cx) {
    return {"API tokens aren't available on this server.", cx.cmd("help")};
}

}  // namespace

ParseResult parse_token(Cursor& in) {
    if (in.done()) return TokenListCmd{};
    std::string sub = ascii_lower(in.peek().text);
    in.next();
    if (sub == "create" || sub == "add") return parse_create(in);
    if (sub == "list" || sub == "ls") {
        if (auto rest = in.trailing("token list")) return *rest;
        return TokenListCmd{};
    }
    if (sub == "revoke" || sub == "remove" || sub == "rm") {
        auto name = token_name(in, "token revoke deploy-bot");
        if (!name) return name.error();
        if (auto rest = in.trailing("token revoke deploy-bot")) return *rest;
        return TokenRevokeCmd{*name};
    }
    if (auto guess = in.did_you_mean(in.previous(), {"create", "list", "revoke"})) return *guess;
    return UserError{fmt::format("`token {}` isn't a token command; token takes create, list or revoke.",
                                 escape_text(sub)),
                     in.hint("help token")};
}

std::span<const HelpLine> token_help() { return help_lines; }

Outcome handle(const TokenCreateCmd& c, Context& cx) {
    auto* tokens = cx.repos().tokens;
    if (!tokens) return tokens_missing(cx);
    if (!may_manage_teams(cx.viewer()) || cx.viewer().api) return cx.admin_only("API tokens");
    // A Teams reply is seen by the whole channel: a secret is never shown there.
    if (platform_of(cx.ws()) == Platform::teams) {
        return UserError{"In Teams every reply is seen by the whole channel, so API tokens can't be shown here.",
                         "create the token from Slack (README, The REST API)"};
    }
    if (!cx.issue_token()) return tokens_missing(cx);
    std::optional<RowId> scope;
    if (c.team) {
        auto team = cx.team_named(*c.team);
        if (!team) return team.error();
        scope = team->id;
    }
    const IssuedToken issued = cx.issue_token()();
    auto created = tokens->create_token(cx.ws(), NewApiToken{c.name, issued.hash, scope, cx.user(), cx.now()});
    if (!created) {
        return UserError{fmt::format("A token called *{}* exists already; revoke it first or pick another name.", c.name),
                         cx.cmd("token list")};
    }
    Message m;
    m.audience = Audience::ephemeral;
    m.text = fmt::format("API token {} created", c.name);
    m.section(fmt::format(":key: API token *{}* created{}. Copy it now: it is shown only this once.", c.name,
                          c.team ? fmt::format(" for team *{}*", escape_text(*c.team)) : std::string()));
    m.section(fmt::format("`{}`", issued.secret));
    m.context("Send it as `Authorization: Bearer TOKEN` to /api/v1/ (README, The REST API). Revoke it with `" +
              cx.cmd("token revoke " + c.name) + "`.");
    return m;
}

Outcome handle(const TokenListCmd&, Context& cx) {
    auto* tokens = cx.repos().tokens;
    if (!tokens) return tokens_missing(cx);
    if (!may_manage_teams(cx.viewer()) || cx.viewer().api) return cx.admin_only("API tokens");
    Message m;
    m.audience = Audience::ephemeral;
    m.header("API tokens");
    std::vector<std::string> lines;
    const auto all = tokens->tokens(cx.ws());
    for (const auto& t : all) {
        lines.push_back(fmt::format("*{}* · {} · created {} by {} · {}", t.name,
                                    t.scope_team_id ? "team " + escape_text(cx.team_name_of(*t.scope_team_id))
                                                    : std::string("public goals"),
                                    iso_date(t.created_at), mention(t.created_by),
                                    t.last_used_at ? "last used " + iso_minute(*t.last_used_at) : "never used"));
    }
    if (lines.empty()) m.section("This workspace has no API tokens.");
    add_sections(m, lines);
    m.context(fmt::format("Create one: `{}`", cx.cmd("token create NAME [scope=team:NAME]")));
    m.text = fmt::format("{} API tokens", all.size());
    return m;
}

Outcome handle(const TokenRevokeCmd& c, Context& cx) {
    auto* tokens = cx.repos().tokens;
    if (!tokens) return tokens_missing(cx);
    if (!may_manage_teams(cx.viewer()) || cx.viewer().api) return cx.admin_only("API tokens");
    if (!tokens->revoke_token(cx.ws(), c.name, cx.now())) {
        return UserError{fmt::format("There's no API token called *{}* here.", c.name), cx.cmd("token list")};
    }
    Message m;
    m.audience = Audience::ephemeral;
    m.text = fmt::format("API token {} revoked", c.name);
    m.section(fmt::format("API token *{}* is revoked: it is refused from now on.", c.name));
    return m;
}

}  // namespace goalpost::core
