#include "core/commands/team.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <set>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/schedule/cadence.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"team", "team create NAME [channel=#chan] [tz=Europe/Berlin] [parent=NAME]",
     "Create an OKR team; you become its first member."},
    {"team", "team add NAME @person ...  |  team remove NAME @person", "Change who is in a team."},
    {"team", "team lead NAME @person [off]",
     "Make a member a lead (adds them if needed); leads see and look after the internal objectives of the teams "
     "below theirs. `off` takes the role away."},
    {"team", "team show NAME", "The team's parent, channel, members and leads."},
    {"team",
     "team set NAME [reminder=mon 09:00] [digest=fri 16:00] [summary=1 10:00] [stakeholders=#chan] [channel=#chan] "
     "[tz=Europe/Berlin] [teams_webhook=URL]",
     "When the team is reminded, gets its weekly digest and sends stakeholders the monthly summary (local time; "
     "`off` turns one off)."},
};

// ---- parsing ----

ParseResult parse_create(Cursor& in) {
    const std::string usage = "team create growth channel=#growth tz=Europe/Berlin";
    auto name = in.team_name(usage);
    if (!name) return name.error();
    TeamCreateCmd cmd{*name, {}, {}, {}};
    for (; !in.done(); in.next()) {
        auto opt = as_option(in.peek());
        if (!opt) {
            return UserError{fmt::format("I didn't understand `{}` after the team name.", escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        if (opt->key == "channel") {
            auto ch = channel_ref(opt->value);
            if (!ch) return UserError{"`channel=` needs a channel, like #growth.", in.hint("team create growth channel=#growth")};
            cmd.channel = *ch;
        } else if (opt->key == "tz") {
            if (opt->value.empty()) return UserError{"`tz=` needs a time zone name.", in.hint("team create growth tz=Europe/Berlin")};
            cmd.timezone = opt->value;
        } else if (opt->key == "parent") {
            if (!valid_team_name(opt->value)) return UserError{"`parent=` needs a team name.", in.hint("team create growth parent=company")};
            cmd.parent = opt->value;
        } else {
            return UserError{fmt::format("`{}=` isn't an option of team create.", escape_text(opt->key)),
                             in.hint("team create growth channel=#growth tz=Europe/Berlin parent=company")};
        }
    }
    return cmd;
}

ParseResult parse_members(Cursor& in, bool add) {
    const std::string usage = add ? "team add growth @ana @ben" : "team remove growth @ana";
    auto name = in.team_name(usage);
    if (!name) return name.error();
    TeamMembersCmd cmd{add, *name, {}};
    for (; !in.done(); in.next()) {
        auto user = user_ref(in.peek().text);
        if (!user) {
            return UserError{fmt::format("`{}` isn't a person: mention people with @.", escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        cmd.users.push_back(*user);
    }
    if (cmd.users.empty()) {
        return UserError{add ? "Whom should I add? Mention them." : "Whom should I remove? Mention them.", in.hint(usage)};
    }
    return cmd;
}

ParseResult parse_lead(Cursor& in) {
    const std::string usage = "team lead company @ana   (or: team lead company @ana off)";
    auto name = in.team_name(usage);
    if (!name) return name.error();
    TeamLeadCmd cmd{true, *name, {}};
    for (; !in.done(); in.next()) {
        std::string w = ascii_lower(in.peek().text);
        if (!in.peek().quoted && (w == "off" || w == "on")) {
            cmd.on = w == "on";
            continue;
        }
        auto user = user_ref(in.peek().text);
        if (!user) {
            return UserError{fmt::format("`{}` isn't a person: mention people with @, and add `off` to take the lead "
                                         "role away.",
                                         escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        cmd.users.push_back(*user);
    }
    if (cmd.users.empty()) return UserError{"Who should lead the team? Mention them.", in.hint(usage)};
    return cmd;
}

// Slack and Teams wrap links they recognise: <https://...> or <https://...|label>. "off" or
// "none" removes the webhook (empty); nullopt for anything but an https:// URL.
std::optional<std::string> webhook_url(std::string url) {
    if (url.starts_with("<") && url.ends_with(">")) {
        url = url.substr(1, url.find('|') == std::string::npos ? url.size() - 2 : url.find('|') - 1);
    }
    if (ascii_lower(url) == "off" || ascii_lower(url) == "none") url.clear();
    if (!url.empty() && !url.starts_with("https://")) return std::nullopt;
    return url;
}

// Reads one key=value setting into `cmd`; the error for a value or key it does not take.
std::optional<UserError> read_setting(Cursor& in, const Option& opt, TeamSetCmd& cmd, std::string_view usage) {
    const std::string team = escape_text(cmd.name);
    if (opt.key == "reminder" || opt.key == "digest") {
        std::string v = in.value_with_time(opt.value);
        if (!parse_weekly(v)) {
            return UserError{fmt::format("`{}={}` isn't a weekly time; write a weekday and a 24-hour time, or off.",
                                         opt.key, escape_text(v)),
                             in.hint(fmt::format("team set {} {}=mon 09:00", team, opt.key))};
        }
        (opt.key == "reminder" ? cmd.reminder : cmd.digest) = v;
    } else if (opt.key == "summary") {
        std::string v = in.value_with_time(opt.value);
        if (!parse_monthly(v)) {
            return UserError{fmt::format("`summary={}` isn't a monthly time; write a day of the month and a 24-hour "
                                         "time, or off.",
                                         escape_text(v)),
                             in.hint(fmt::format("team set {} summary=1 10:00", team))};
        }
        cmd.summary = v;
    } else if (opt.key == "stakeholders" || opt.key == "channel") {
        auto ch = channel_ref(opt.value);
        if (!ch) {
            return UserError{fmt::format("`{}=` needs a channel, like #leads.", opt.key),
                             in.hint(fmt::format("team set {} {}=#leads", team, opt.key))};
        }
        (opt.key == "channel" ? cmd.channel : cmd.stakeholders) = *ch;
    } else if (opt.key == "tz") {
        if (opt.value.empty()) {
            return UserError{"`tz=` needs a time zone name.", in.hint(fmt::format("team set {} tz=Europe/Berlin", team))};
        }
        cmd.timezone = opt.value;
    } else if (opt.key == "teams_webhook") {
        cmd.teams_webhook = webhook_url(opt.value);
        if (!cmd.teams_webhook) {
            return UserError{"`teams_webhook=` needs the https:// URL of the team's Workflows webhook (or off).",
                             in.hint(fmt::format("team set {} teams_webhook=https://...", team))};
        }
    } else {
        return UserError{fmt::format("`{}=` isn't a team setting.", escape_text(opt.key)), in.hint(usage)};
    }
    return std::nullopt;
}

ParseResult parse_set(Cursor& in) {
    const std::string usage =
        "team set growth reminder=mon 09:00 digest=fri 16:00 summary=1 10:00 stakeholders=#leads tz=Europe/Berlin";
    auto name = in.team_name(usage);
    if (!name) return name.error();
    TeamSetCmd cmd;
    cmd.name = *name;
    bool any = false;
    for (; !in.done(); in.next()) {
        auto opt = as_option(in.peek());
        if (!opt) {
            return UserError{fmt::format("I didn't understand `{}`; team set takes key=value settings.",
                                         escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        any = true;
        if (auto error = read_setting(in, *opt, cmd, usage)) return *error;
    }
    if (!any) return UserError{"What should I change? Give one or more settings.", in.hint(usage)};
    return cmd;
}

ParseResult parse_team_show(Cursor& in) {
    const std::string usage = "team show growth";
    auto name = in.team_name(usage);
    if (!name) return name.error();
    if (auto rest = in.trailing(usage)) return *rest;
    return TeamShowCmd{*name};
}

// ---- handling ----

// Names of the teams below `team_id` (children, grandchildren, ...), depth first.
std::vector<std::string> teams_below(Context& cx, RowId team_id) {
    std::vector<std::string> out;
    auto all = cx.repos().teams.teams(cx.ws());
    std::set<RowId> seen{team_id};
    std::function<void(RowId)> walk = [&](RowId parent) {
        for (const auto& t : all) {
            if (t.parent_team_id == parent && seen.insert(t.id).second) {
                out.push_back(t.name);
                walk(t.id);
            }
        }
    };
    walk(team_id);
    return out;
}

std::vector<std::string> mentions(const std::vector<std::string>& users) {
    std::vector<std::string> out;
    for (const auto& u : users) out.push_back(mention(u));
    return out;
}

}  // namespace

ParseResult parse_team(Cursor& in) {
    if (in.done()) return UserError{"Which team command?", in.hint("team create NAME")};
    std::string sub = ascii_lower(in.peek().text);
    in.next();
    if (sub == "create") return parse_create(in);
    if (sub == "add" || sub == "remove") return parse_members(in, sub == "add");
    if (sub == "set") return parse_set(in);
    if (sub == "lead") return parse_lead(in);
    if (sub == "show") return parse_team_show(in);
    if (auto guess = in.did_you_mean(in.previous(), {"add", "create", "remove", "set", "lead", "show"})) return *guess;
    return UserError{fmt::format("`team {}` isn't a team command.", escape_text(sub)), in.hint("help team")};
}

std::span<const HelpLine> team_help() { return help_lines; }

Outcome handle(const TeamCreateCmd& c, Context& cx) {
    if (!may_manage_teams(cx.viewer())) return cx.admin_only();
    std::optional<RowId> parent;
    if (c.parent) {
        auto p = cx.team_named(*c.parent);
        if (!p) return p.error();
        parent = p->id;
    }
    std::string tz = c.timezone.value_or("UTC");
    if (!known_timezone(tz)) {
        return UserError{fmt::format("`{}` isn't a time zone I know.", escape_text(tz)),
                         cx.cmd(fmt::format("team create {} tz=Europe/Berlin", escape_text(c.name)))};
    }
    NewTeam nt{c.name, c.channel.value_or(cx.actor().channel_id), tz, parent, cx.user(), cx.now()};
    auto team = cx.repos().teams.create_team(cx.ws(), nt);
    if (!team) {
        return UserError{fmt::format("A team called *{}* already exists.", escape_text(c.name)),
                         cx.cmd(fmt::format("team add {} @person", escape_text(c.name)))};
    }
    cx.repos().teams.add_member(cx.ws(), team->id, cx.user(), cx.now());
    Message m;
    m.text = escape_text(fmt::format("Team {} created.", team->name));
    m.section(fmt::format(":busts_in_silhouette: Team *{}* created, posting to {} ({}). You're its first member.",
                          escape_text(team->name), channel_text(team->channel), escape_text(team->timezone)));
    m.context(fmt::format("Next: `{}` then `{}`", cx.cmd(fmt::format("team add {} @person", escape_text(team->name))),
                          cx.cmd(fmt::format("objective add \"...\" team={}", escape_text(team->name)))));
    return m;
}

Outcome handle(const TeamMembersCmd& c, Context& cx) {
    if (!may_manage_teams(cx.viewer())) return cx.admin_only();
    auto team = cx.team_named(c.name);
    if (!team) return team.error();
    auto& teams = cx.repos().teams;
    std::vector<std::string> changed, unchanged;
    for (const auto& u : c.users) {
        bool did = c.add ? teams.add_member(cx.ws(), team->id, u, cx.now()) : teams.remove_member(cx.ws(), team->id, u);
        (did ? changed : unchanged).push_back(mention(u));
    }
    std::string text;
    if (!changed.empty()) {
        text = c.add ? fmt::format("Added {} to team *{}*.", join(changed), escape_text(team->name))
                     : fmt::format("Removed {} from team *{}*.", join(changed), escape_text(team->name));
    }
    if (!unchanged.empty()) {
        if (!text.empty()) text += "\n";
        text += fmt::format("{} {} in team *{}*.", join(unchanged), c.add ? "already was" : "wasn't",
                            escape_text(team->name));
    }
    Message m;
    m.text = escape_text(fmt::format("Team {} updated.", team->name));
    m.section(text);
    m.context(fmt::format("{} members now.", teams.members(cx.ws(), team->id).size()));
    return m;
}

Outcome handle(const TeamLeadCmd& c, Context& cx) {
    if (!may_manage_teams(cx.viewer())) return cx.admin_only();
    auto team = cx.team_named(c.name);
    if (!team) return team.error();
    auto& teams = cx.repos().teams;
    auto members_before = teams.members(cx.ws(), team->id);
    std::vector<std::string> changed, unchanged, joined;
    for (const auto& u : c.users) {
        bool was_member = std::find(members_before.begin(), members_before.end(), u) != members_before.end();
        bool did = teams.set_lead(cx.ws(), team->id, u, c.on, cx.now());
        (did ? changed : unchanged).push_back(mention(u));
        if (did && c.on && !was_member) joined.push_back(mention(u));
    }
    const std::string name = escape_text(team->name);
    const char* s = changed.size() == 1 ? "s" : "";
    std::string text;
    if (!changed.empty()) {
        text = c.on ? fmt::format(":crown: {} now lead{} team *{}*.", join(changed), s, name)
                    : fmt::format("{} no longer lead{} team *{}* (still member{}).", join(changed), s, name,
                                  changed.size() == 1 ? "" : "s");
    }
    if (!unchanged.empty()) {
        if (!text.empty()) text += "\n";
        text += fmt::format("{} {} a lead of team *{}*.", join(unchanged), c.on ? "already was" : "wasn't", name);
    }
    if (!joined.empty()) text += fmt::format("\n{} joined the team as well.", join(joined));
    Message m;
    m.text = escape_text(fmt::format("Team {} leads updated.", team->name));
    m.section(text);
    auto below = teams_below(cx, team->id);
    if (c.on) {
        m.context(below.empty() ? fmt::format("Leads see and look after the internal objectives of the teams below *{}*; "
                                              "it has none yet (`team create NAME parent={}`).",
                                              name, name)
                                : fmt::format("Leads see the internal objectives of {} and may edit, grade, archive "
                                              "and write retros of them.",
                                              escape_text(join(below))));
    }
    auto leads = teams.leads(cx.ws(), team->id);
    m.context(leads.empty() ? std::string("No leads now.") : fmt::format("Leads now: {}", join(mentions(leads))));
    return m;
}

Outcome handle(const TeamShowCmd& c, Context& cx) {
    auto team = cx.team_named(c.name);
    if (!team) return team.error();
    auto& teams = cx.repos().teams;
    auto members = teams.members(cx.ws(), team->id);
    auto leads = teams.leads(cx.ws(), team->id);
    std::optional<Team> parent;
    if (team->parent_team_id) parent = teams.find_team_by_id(cx.ws(), *team->parent_team_id);
    std::string channel = team->channel;
    if (cx.repos().cadence) {
        if (auto s = cx.repos().cadence->settings_of(cx.ws(), team->id)) channel = s->channel;
    }
    Message m;
    m.header(fmt::format("Team {}", team->name));
    m.section(fmt::format("Channel {} · time zone {}{}", channel_text(channel), escape_text(cx.timezone_of(*team)),
                          parent ? fmt::format(" · part of *{}*", escape_text(parent->name)) : std::string()));
    std::vector<std::string> member_names;
    for (const auto& u : members) {
        bool is_lead = std::find(leads.begin(), leads.end(), u) != leads.end();
        member_names.push_back(mention(u) + (is_lead ? " (lead)" : ""));
    }
    std::string people = fmt::format("*Members* ({}): {}", members.size(),
                                     members.empty() ? std::string("none yet") : join(member_names));
    if (!leads.empty()) people += fmt::format("\n*Leads*: {}", join(mentions(leads)));
    m.section(people);
    auto below = teams_below(cx, team->id);
    if (!below.empty()) {
        std::vector<std::string> escaped;
        for (const auto& b : below) escaped.push_back(escape_text(b));
        m.context(fmt::format("Teams below: {}.{}", join(escaped),
                              leads.empty() ? "" : " Its leads see their internal objectives too."));
    }
    m.text = escape_text(fmt::format("Team {}: {} members, {} leads", team->name, members.size(), leads.size()));
    return m;
}

Outcome handle(const TeamSetCmd& c, Context& cx) {
    if (!may_manage_teams(cx.viewer())) return cx.admin_only();
    auto* cadence = cx.repos().cadence;
    if (!cadence) return cx.schedules_missing();
    auto team = cx.team_named(c.name);
    if (!team) return team.error();
    if (c.timezone && !known_timezone(*c.timezone)) {
        return UserError{fmt::format("`{}` isn't a time zone I know.", escape_text(*c.timezone)),
                         cx.cmd(fmt::format("team set {} tz=Europe/Berlin", escape_text(c.name)))};
    }
    TeamSettingsChange change;
    change.channel = c.channel;
    change.stakeholder_channel = c.stakeholders;
    change.timezone = c.timezone;
    if (c.reminder) change.reminder = parse_weekly(*c.reminder);
    if (c.digest) change.digest = parse_weekly(*c.digest);
    if (c.summary) change.summary = parse_monthly(*c.summary);
    change.teams_webhook_url = c.teams_webhook;
    cadence->update_settings(cx.ws(), team->id, change);
    auto s = cadence->settings_of(cx.ws(), team->id);
    Message m;
    m.text = escape_text(fmt::format("Team {} updated.", team->name));
    m.section(fmt::format(":gear: Team *{}* settings\n"
                          "Channel {} · stakeholders {} · time zone {}\n"
                          "Reminder {} · digest {} · stakeholder summary {}{}",
                          escape_text(team->name), channel_text(s->channel),
                          s->stakeholder_channel.empty() ? "the team channel" : channel_text(s->stakeholder_channel),
                          escape_text(s->cadence.timezone), format_weekly(s->cadence.reminder),
                          format_weekly(s->cadence.digest), format_monthly(s->cadence.summary),
                          s->has_teams_webhook ? " · Teams webhook set" : ""));
    m.context("Times are local to the team's time zone. A follow-up nudge goes out two days after the reminder.");
    return m;
}

}  // namespace goalpost::core
