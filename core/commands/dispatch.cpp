#include "core/commands/dispatch.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "core/commands/alignment.hpp"
#include "core/commands/checkin.hpp"
#include "core/commands/cycle.hpp"
#include "core/commands/dashboard.hpp"
#include "core/commands/source.hpp"
#include "core/commands/token.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/commands/key_result.hpp"
#include "core/commands/objective.hpp"
#include "core/commands/playbook.hpp"
#include "core/commands/previews.hpp"
#include "core/commands/team.hpp"
#include "core/commands/template.hpp"
#include "core/commands/views.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

struct Verb {
    std::string_view name;
    std::vector<std::string_view> aliases;
    ParseResult (*parse)(Cursor&);
};

// In the order a mistyped verb is matched against (the first of equally near ones wins).
const Verb verbs[] = {
    {"checkin", {"check-in", "ci"}, parse_checkin},
    {"objective", {"obj"}, parse_objective},
    {"kr", {}, parse_key_result},
    {"list", {"ls"}, parse_list},
    {"show", {}, parse_show},
    {"team", {}, parse_team},
    {"help", {"?"}, parse_help},
    {"win", {}, parse_win},
    {"edit", {}, parse_edit},
    {"digest", {}, parse_digest},
    {"summary", {}, parse_summary},
    {"archive", {}, parse_archive},
    {"grade", {}, parse_grade},
    {"retro", {}, parse_retro},
    {"tree", {}, parse_tree},
    {"template", {"templates"}, parse_template},
    {"carry", {}, parse_carry},
    {"cycle", {"cycles"}, parse_cycle},
    {"token", {"tokens"}, parse_token},
    {"dashboard", {"dash"}, parse_dashboard},
};

const Verb* verb_named(std::string_view word) {
    for (const auto& v : verbs) {
        if (v.name == word || std::find(v.aliases.begin(), v.aliases.end(), word) != v.aliases.end()) return &v;
    }
    return nullptr;
}

std::vector<std::string_view> verb_names() {
    std::vector<std::string_view> names;
    for (const auto& v : verbs) names.push_back(v.name);
    return names;
}

}  // namespace

ParseResult parse_command(std::string_view text, std::string_view command_name) {
    auto tokens = tokenize(text);
    if (!tokens) {
        return UserError{"A quote is left open; close it with \".",
                         fmt::format("{} checkin KR-7 42 \"blocked on legal\"", command_name)};
    }
    Cursor in(std::move(*tokens), text, command_name);
    if (in.done()) return HelpCmd{};
    const Token& first = in.peek();
    in.next();
    if (const Verb* verb = verb_named(ascii_lower(first.text))) return verb->parse(in);
    if (auto guess = in.did_you_mean(first, verb_names())) return *guess;
    return UserError{fmt::format("I don't know the command `{}`.", escape_text(first.text)),
                     fmt::format("{} help", command_name)};
}

Outcome handle(const Command& command, const HandlerContext& ctx) {
    Context cx(ctx);
    return std::visit([&](const auto& c) { return handle(c, cx); }, command);
}

Outcome handle_text(std::string_view text, const HandlerContext& ctx) {
    auto parsed = parse_command(text, ctx.command_name);
    if (parsed.error) return *parsed.error;
    return handle(*parsed.command, ctx);
}

}  // namespace goalpost::core
