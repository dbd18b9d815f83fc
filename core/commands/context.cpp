#include "core/commands/context.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include "core/schedule/report.hpp"
#include "core/text.hpp"

namespace goalpost::core {

Outcome::Outcome(const UserError& e) : message(error_message(e)), refusal(e) {}

Message error_message(const UserError& e) {
    Message m;
    m.audience = Audience::ephemeral;
    m.text = e.what;
    m.section(":warning: " + e.what);
    if (!e.hint.empty()) m.context(fmt::format("Try: `{}`", e.hint));
    return m;
}

bool known_timezone(const std::string& name) {
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

std::string Context::cmd(std::string_view rest) const { return fmt::format("{} {}", in_.command_name, rest); }

const Viewer& Context::viewer() {
    if (!viewer_ && in_.source_reading) {
        Viewer v;
        v.user_id = user();
        v.listed_admin = true;  // sees internal objectives; manages nothing
        v.source = true;
        viewer_ = std::move(v);
    } else if (!viewer_ && in_.api) {
        viewer_ = api_viewer(user(), *in_.api);
    } else if (!viewer_) {
        auto& teams = repos().teams;
        auto led = teams.teams_led_by(ws(), user());
        // The team tree matters only above the teams the asker leads.
        auto all = led.empty() ? std::vector<Team>{} : teams.teams(ws());
        viewer_ = make_viewer(user(), in_.admins, teams.teams_of_member(ws(), user()), led, all);
    }
    return *viewer_;
}

const CycleCalendar& Context::calendar() {
    if (!calendar_) calendar_ = cycle_calendar(repos(), ws());
    return *calendar_;
}

UserResult<CycleSpan> Context::cycle_named(const std::string& name, std::string_view usage) {
    if (auto c = calendar().find(name)) return *c;
    std::string known = calendar().known_text();
    return UserError{fmt::format("`{}` isn't a cycle of this workspace. {}", escape_text(name),
                                 known.empty() ? std::string("It has no custom cycles, only calendar quarters like 2027-Q1.")
                                               : fmt::format("Cycles: {}, and calendar quarters like 2027-Q1.", known)),
                     repos().cycles ? cmd(fmt::format("cycle add {} start=YYYY-MM-DD end=YYYY-MM-DD", escape_text(name)))
                                    : cmd(usage)};
}

UserResult<CycleSpan> Context::cycle_or_current(const std::optional<std::string>& name, std::string_view usage) {
    if (name) return cycle_named(*name, usage);
    return calendar().current(now());
}

UserResult<Team> Context::team_named(const std::string& name) {
    if (auto t = repos().teams.find_team(ws(), name)) return *t;
    return unknown_team(name);
}

UserResult<Team> Context::team_or_mine(const std::optional<std::string>& name, std::string_view usage) {
    if (name) return team_named(*name);
    auto mine = repos().teams.teams_of_member(ws(), user());
    if (mine.size() == 1) return mine.front();
    return UserError{mine.empty() ? "You aren't in a team; name the team." : "You're in several teams; name one.",
                     cmd(usage)};
}

std::string Context::team_name_of(RowId team_id) {
    auto t = repos().teams.find_team_by_id(ws(), team_id);
    return t ? t->name : "?";
}

std::string Context::timezone_of(const Team& team) {
    if (repos().cadence) {
        if (auto s = repos().cadence->settings_of(ws(), team.id)) return s->cadence.timezone;
    }
    return team.timezone;
}

UserResult<Objective> Context::visible_objective(int number, std::string_view hint) {
    auto o = repos().objectives.find_objective(ws(), number);
    if (!o || !may_see(viewer(), *o)) {
        return UserError{fmt::format("O-{} doesn't exist in this workspace.", number), cmd(hint),
                         UserError::Reason::not_found};
    }
    return *o;
}

UserResult<KrAndObjective> Context::visible_kr(int number) {
    auto kr = repos().objectives.find_key_result(ws(), number);
    std::optional<Objective> o;
    if (kr) o = repos().objectives.find_objective(ws(), kr->objective_number);
    if (!kr || !o || !may_see(viewer(), *o)) {
        return UserError{fmt::format("KR-{} doesn't exist in this workspace.", number), cmd("list mine"),
                         UserError::Reason::not_found};
    }
    return KrAndObjective{*kr, *o};
}

UserResult<Objective> Context::objective_to_look_after(int number, std::string_view what) {
    auto o = visible_objective(number);
    if (o && !may_look_after(viewer(), *o)) return not_looking_after(*o, what);
    return o;
}

UserError Context::not_looking_after(const Objective& o, std::string_view what) {
    std::string tn = team_name_of(o.team_id);
    return join_hint(fmt::format("Only members of team *{}* (or leads of a team above it, or admins) can {} O-{}.",
                                 escape_text(tn), what, o.number),
                     tn);
}

UserError Context::join_hint(std::string what, const std::string& team_name) const {
    return {std::move(what), cmd(fmt::format("team add {} {}", escape_text(team_name), mention(user())))};
}

UserError Context::unknown_team(const std::string& name) {
    std::vector<std::string> known;
    for (const auto& t : repos().teams.teams(ws())) known.push_back(escape_text(t.name));
    return {fmt::format("There's no team called *{}* here.{}", escape_text(name),
                        known.empty() ? std::string(" No teams exist yet.") : " Teams: " + join(known) + "."),
            cmd(fmt::format("team create {}", escape_text(name)))};
}

UserError Context::admin_only(std::string_view what) const {
    return {fmt::format("Only goalpost admins can manage {} on this server.", what),
            "ask an admin, or see who is listed under `admins` in the goalpost config"};
}

UserError Context::playbook_missing() const { return {"That command isn't available on this server.", cmd("help")}; }

UserError Context::schedules_missing() const { return {"Schedules aren't available on this server.", cmd("help")}; }

}  // namespace goalpost::core
