#include "core/handlers.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <date/tz.h>
#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "core/okr/celebrations.hpp"
#include "core/okr/cycles.hpp"
#include "core/schedule/digest.hpp"
#include "core/playbook.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/schedule/report.hpp"
#include "core/numbers.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

// Slack allows 50 blocks; keep room for a header and a closing line.
constexpr size_t max_list_blocks = 45;

std::string mention(const std::string& user_id) { return fmt::format("<@{}>", user_id); }

std::string channel_text(const std::string& channel) {
    if (channel.empty()) return "no channel";
    if (channel.starts_with("#")) return escape_text(channel);
    return fmt::format("<#{}>", channel);
}

std::string kr_ref(const KeyResult& kr) { return fmt::format("KR-{}", kr.number); }
std::string obj_ref(const Objective& o) { return fmt::format("O-{}", o.number); }

std::string value_text(const KeyResult& kr, double v) {
    if (kr.binary) return v >= 1.0 ? "done" : "not done";
    return format_value(v, kr.unit);
}

std::string kr_line(const KeyResult& kr) {
    std::string line = fmt::format("*{}* {}\n{}  ", kr_ref(kr), escape_text(kr.title), progress_bar(progress(kr)));
    if (kr.binary) {
        line += kr.current >= 1.0 ? "done" : "not done yet";
    } else {
        line += fmt::format("{} of {} (from {})", value_text(kr, kr.current), value_text(kr, kr.target),
                            value_text(kr, kr.start));
    }
    line += fmt::format(" · {}", mention(kr.owner));
    if (kr.last_confidence) line += fmt::format(" · confidence {}/10", *kr.last_confidence);
    return line;
}

class Handler {
public:
    explicit Handler(const HandlerContext& ctx) : ctx_(ctx), ws_(ctx.actor.workspace) {}

    Outcome operator()(const HelpCmd& c) { return {help(c.topic)}; }
    Outcome operator()(const TeamCreateCmd& c) { return team_create(c); }
    Outcome operator()(const TeamMembersCmd& c) { return team_members(c); }
    Outcome operator()(const TeamSetCmd& c) { return team_set(c); }
    Outcome operator()(const DigestCmd& c) { return digest(c); }
    Outcome operator()(const SummaryCmd& c) { return summary(c); }
    Outcome operator()(const ObjectiveAddCmd& c) { return objective_add(c); }
    Outcome operator()(const KrAddCmd& c) { return kr_add(c); }
    Outcome operator()(const CheckinCmd& c) { return checkin(c); }
    Outcome operator()(const ListCmd& c) { return list(c); }
    Outcome operator()(const ShowCmd& c) { return show(c); }
    Outcome operator()(const WinCmd& c) { return win(c); }
    Outcome operator()(const EditCmd& c) { return edit(c); }
    Outcome operator()(const ArchiveCmd& c) { return archive(c); }
    Outcome operator()(const GradeCmd& c) { return grade(c); }
    Outcome operator()(const RetroCmd& c) { return retro(c); }
    Outcome operator()(const TreeCmd& c) { return tree(c); }
    Outcome operator()(const TemplateCmd& c) { return template_cmd(c); }
    Outcome operator()(const CarryCmd& c) { return carry(c); }
    Outcome operator()(const TeamLeadCmd& c) { return team_lead(c); }
    Outcome operator()(const TeamShowCmd& c) { return team_show(c); }
    Outcome operator()(const CycleAddCmd& c) { return cycle_add(c); }
    Outcome operator()(const CycleListCmd&) { return cycle_list(); }
    Outcome operator()(const CycleRemoveCmd& c) { return cycle_remove(c); }

    // The actor's App Home: their key results in the current cycle, each with a Check in
    // button (the reminders' action), or how to get started when they own none.
    Message home_tab() const {
        const std::string cycle = calendar().current(ctx_.now).name;
        size_t elsewhere = 0;
        auto krs = owned_in(cycle, elsewhere);
        Message m;
        m.header(fmt::format("Your key results · {}", cycle));
        size_t hidden = add_owned_lines(m, krs, true);
        if (hidden) m.context(fmt::format("…and {} more: `{}`", hidden, cmd("list mine")));
        if (krs.empty()) {
            m.section(fmt::format("You don't own any key results in {} yet.", cycle));
            m.section(fmt::format("*Getting started*\n"
                                  "1. Create a team: `{}`\n"
                                  "2. Add an objective: `{}`\n"
                                  "3. Add a key result you own: `{}`\n"
                                  "It shows up here with a *Check in* button.",
                                  cmd("team create growth channel=#growth"), cmd("objective add \"Grow signups\" team=growth"),
                                  cmd("kr add O-1 \"Weekly signups\" from=200 to=500")));
            m.context(fmt::format("All commands: `{}`", cmd("help")));
        }
        if (elsewhere) m.context(fmt::format("{} more in other cycles: `{}`", elsewhere, cmd(fmt::format("list mine cycle={}", previous_of(cycle)))));
        m.text = krs.empty() ? std::string("goalpost: how to get started")
                             : fmt::format("Your {} key results in {}", krs.size(), cycle);
        return m;
    }

private:
    const HandlerContext& ctx_;
    const WorkspaceKey& ws_;
    // Read once per command, when first needed.
    mutable std::optional<CycleCalendar> calendar_;
    mutable std::optional<std::map<RowId, Team>> teams_by_id_;
    mutable std::optional<std::set<RowId>> led_teams_;

    const CycleCalendar& calendar() const {
        if (!calendar_) calendar_ = cycle_calendar(ctx_.repos, ws_);
        return *calendar_;
    }

    // The named cycle (a custom one of this workspace, or a calendar quarter), or the error.
    std::variant<CycleSpan, Outcome> cycle_named(const std::string& name, std::string_view usage) const {
        if (auto c = calendar().find(name)) return *c;
        std::string known = calendar().known_text();
        return error(fmt::format("`{}` isn't a cycle of this workspace. {}", escape_text(name),
                                 known.empty() ? std::string("It has no custom cycles, only calendar quarters like 2027-Q1.")
                                               : fmt::format("Cycles: {}, and calendar quarters like 2027-Q1.", known)),
                     ctx_.repos.cycles ? cmd(fmt::format("cycle add {} start=YYYY-MM-DD end=YYYY-MM-DD", escape_text(name)))
                                       : cmd(usage));
    }

    // The named cycle, or the current one.
    std::variant<CycleSpan, Outcome> cycle_or_current(const std::optional<std::string>& name, std::string_view usage) const {
        if (name) return cycle_named(*name, usage);
        return calendar().current(ctx_.now);
    }

    // Leads of a team see (and look after) the internal objectives of every team below it.
    bool leads_an_ancestor_of(RowId team_id) const {
        if (!led_teams_) {
            led_teams_.emplace();
            for (const auto& t : ctx_.repos.teams.teams_led_by(ws_, ctx_.actor.user_id)) led_teams_->insert(t.id);
        }
        if (led_teams_->empty()) return false;
        if (!teams_by_id_) {
            teams_by_id_.emplace();
            for (auto& t : ctx_.repos.teams.teams(ws_)) teams_by_id_->emplace(t.id, t);
        }
        auto it = teams_by_id_->find(team_id);
        std::set<RowId> seen{team_id};
        while (it != teams_by_id_->end() && it->second.parent_team_id) {
            RowId parent = *it->second.parent_team_id;
            if (!seen.insert(parent).second) break;  // a loop in the data
            if (led_teams_->count(parent)) return true;
            it = teams_by_id_->find(parent);
        }
        return false;
    }

    // Who may see a team's internal objectives: its members, leads of the teams above it, admins.
    bool sees_internal_of(RowId team_id) const {
        return is_member(team_id) || is_listed_admin() || leads_an_ancestor_of(team_id);
    }

    std::string cmd(std::string_view rest) const { return fmt::format("{} {}", ctx_.command_name, rest); }

    static Outcome error(std::string what, std::string hint = {}) {
        return {error_message(UserError{std::move(what), std::move(hint)})};
    }

    bool is_admin() const {
        return ctx_.admins.empty() ||
               std::find(ctx_.admins.begin(), ctx_.admins.end(), ctx_.actor.user_id) != ctx_.admins.end();
    }

    // Admins named in the config (not "anyone", as an empty list means for team management).
    bool is_listed_admin() const {
        return std::find(ctx_.admins.begin(), ctx_.admins.end(), ctx_.actor.user_id) != ctx_.admins.end();
    }

    std::string team_name_of(RowId team_id) const {
        auto t = ctx_.repos.teams.find_team_by_id(ws_, team_id);
        return t ? t->name : "?";
    }

    // Editing, archiving, grading: members of the objective's team, leads of a team above it,
    // or admins.
    std::optional<Outcome> refuse_unless_member(const Objective& o, std::string_view what) const {
        if (is_member(o.team_id) || is_listed_admin() || leads_an_ancestor_of(o.team_id)) return std::nullopt;
        std::string tn = team_name_of(o.team_id);
        return error(fmt::format("Only members of team *{}* (or leads of a team above it, or admins) can {} {}.",
                                 escape_text(tn), what, obj_ref(o)),
                     cmd(fmt::format("team add {} {}", escape_text(tn), mention(ctx_.actor.user_id))));
    }

    std::string timezone_of(const Team& team) const {
        if (ctx_.repos.cadence) {
            if (auto s = ctx_.repos.cadence->settings_of(ws_, team.id)) return s->cadence.timezone;
        }
        return team.timezone;
    }

    Outcome playbook_missing() const {
        return error("That command isn't available on this server.", cmd("help"));
    }

    // The objective by number if the asker may see it; else the error to answer with.
    std::variant<Objective, Outcome> visible_objective(int number) const {
        auto o = ctx_.repos.objectives.find_objective(ws_, number);
        if (!o || !can_see(*o)) return error(fmt::format("O-{} doesn't exist in this workspace.", number), cmd("list all"));
        return *o;
    }

    struct KrAndObjective {
        KeyResult kr;
        Objective objective;
    };
    std::variant<KrAndObjective, Outcome> visible_kr(int number) const {
        auto kr = ctx_.repos.objectives.find_key_result(ws_, number);
        std::optional<Objective> o;
        if (kr) o = ctx_.repos.objectives.find_objective(ws_, kr->objective_number);
        if (!kr || !o || !can_see(*o)) return error(fmt::format("KR-{} doesn't exist in this workspace.", number), cmd("list mine"));
        return KrAndObjective{*kr, *o};
    }

    bool is_member(RowId team_id) const {
        auto members = ctx_.repos.teams.members(ws_, team_id);
        return std::find(members.begin(), members.end(), ctx_.actor.user_id) != members.end();
    }

    // Internal objectives are the team's own: its members see them, and so do the leads of the
    // teams above it (parent, grandparent, ...) and the admins named in the config.
    bool can_see(const Objective& o) const {
        return o.visibility == Visibility::public_ || sees_internal_of(o.team_id);
    }

    Outcome unknown_team(const std::string& name) const {
        auto teams = ctx_.repos.teams.teams(ws_);
        std::string known;
        for (const auto& t : teams) known += (known.empty() ? "" : ", ") + escape_text(t.name);
        return error(fmt::format("There's no team called *{}* here.{}", escape_text(name),
                                 known.empty() ? std::string(" No teams exist yet.") : " Teams: " + known + "."),
                     cmd(fmt::format("team create {}", escape_text(name))));
    }

    Outcome admin_only(std::string_view what = "teams") const {
        return error(fmt::format("Only goalpost admins can manage {} on this server.", what),
                     "ask an admin, or see who is listed under `admins` in the goalpost config");
    }

    Message help(const std::string& topic) const {
        Message m;
        auto line = [&](std::string_view usage, std::string_view what) {
            return fmt::format("`{} {}`\n{}", ctx_.command_name, usage, what);
        };
        struct Entry { const char* topic; const char* usage; const char* what; };
        static const Entry entries[] = {
            {"team", "team create NAME [channel=#chan] [tz=Europe/Berlin] [parent=NAME]",
             "Create an OKR team; you become its first member."},
            {"team", "team add NAME @person ...  |  team remove NAME @person", "Change who is in a team."},
            {"team", "team lead NAME @person [off]",
             "Make a member a lead (adds them if needed); leads see and look after the internal objectives of the teams below theirs. `off` takes the role away."},
            {"team", "team show NAME", "The team's parent, channel, members and leads."},
            {"team", "team set NAME [reminder=mon 09:00] [digest=fri 16:00] [summary=1 10:00] [stakeholders=#chan] [channel=#chan] [tz=Europe/Berlin] [teams_webhook=URL]",
             "When the team is reminded, gets its weekly digest and sends stakeholders the monthly summary (local time; `off` turns one off)."},
            {"objective", "objective add \"title\" [team=NAME] [parent=O-3] [cycle=2027-Q1|NAME] [public|internal] [committed|aspirational]",
             "Add an objective (in the current cycle unless you name one); public ones reach stakeholders, internal ones stay in the team and with the leads above it."},
            {"kr", "kr add O-3 \"title\" from=30 to=50 [unit=pts] [due=2027-03-31] [owner=@person]",
             "Add a measurable key result. Decreasing metrics work too: from=5% to=3%."},
            {"kr", "kr add O-3 \"title\" binary", "A key result that is done or not (a launch, a quick win)."},
            {"checkin", "checkin KR-7 42 [confidence=1..10 | on-track | at-risk | off-track] [note]",
             "Record where a key result is now. Numbers like 1,200, 5% and $1,200 are fine; `done` for binary ones."},
            {"list", "list [mine | team NAME | all] [cycle=2027-Q1|NAME]", "Your key results, a team's objectives, or everything, in the current cycle unless you name another."},
            {"show", "show O-3  |  show KR-7  [history]", "One objective with its key results, grade and retro, or one key result with its pace and recent check-ins; `history` lists every edit."},
            {"win", "win \"what shipped\" [team=NAME] [kr=KR-7]", "Log a quick win: announced in the team channel and listed in the monthly summary."},
            {"edit", "edit KR-7|O-3 [title=\"...\"] [to=60] [due=YYYY-MM-DD] [owner=@person] [public|internal] [committed|aspirational] [because \"...\"]",
             "Change an objective or key result; every change is kept with who, when and why."},
            {"archive", "archive O-3 [because \"...\"]", "Take an objective out of lists and digests (its history stays)."},
            {"grade", "grade O-3 [KR-7=0.6 because \"...\"]", "Score each key result 0.0 to 1.0 (owners may override with a reason) and post the scorecard."},
            {"retro", "retro O-3 \"what we learned\"", "Add a line to the objective's retro."},
            {"tree", "tree [team NAME] [cycle=2027-Q1|NAME]", "The alignment tree: objectives under their parents, with rolled-up progress."},
            {"template", "template sales|marketing|product|customer-success", "A proposed objective with example key results to copy and edit."},
            {"carry", "carry O-3 [to=2027-Q2]", "Copy the unfinished key results into the next cycle, keeping a link to their history."},
            {"cycle", "cycle add NAME start=YYYY-MM-DD end=YYYY-MM-DD",
             "Add a custom cycle (like 2027-H1) to this workspace; while today is in it, it is the current cycle instead of the quarter."},
            {"cycle", "cycle list  |  cycle remove NAME", "The workspace's cycles with their dates and the current one; remove one no objective uses."},
            {"digest", "digest [team NAME]", "Preview this week's digest for a team."},
            {"summary", "summary [team NAME] [month=2027-01]", "Preview the stakeholder summary of a month (public objectives only)."},
        };
        std::vector<const Entry*> chosen;
        for (const auto& e : entries) {
            if (topic.empty() || topic == e.topic || (topic == "checkin" && std::string_view(e.topic) == "checkin") ||
                (topic == "objective" && std::string_view(e.topic) == "objective")) {
                chosen.push_back(&e);
            }
        }
        if (chosen.empty()) {
            return error_message({fmt::format("There's no help topic `{}`.", escape_text(topic)),
                                  cmd("help")});
        }
        m.header(topic.empty() ? "goalpost: OKRs in chat" : fmt::format("{} {}", ctx_.command_name, topic));
        for (const auto* e : chosen) m.section(line(e->usage, e->what));
        if (topic.empty()) {
            m.context("Scores run from 0.0 to 1.0: red below 0.4, yellow to 0.7, green from 0.7. "
                      "Check in every week.");
        }
        m.text = fmt::format("{} help: team, objective, kr, checkin, list, show, win, edit, archive, grade, retro, tree, "
                             "template, carry, cycle, digest, summary",
                             ctx_.command_name);
        return m;
    }

    Outcome team_create(const TeamCreateCmd& c) {
        if (!is_admin()) return admin_only();
        std::optional<RowId> parent;
        if (c.parent) {
            auto p = ctx_.repos.teams.find_team(ws_, *c.parent);
            if (!p) return unknown_team(*c.parent);
            parent = p->id;
        }
        std::string tz = c.timezone.value_or("UTC");
        if (!known_timezone(tz)) {
            return error(fmt::format("`{}` isn't a time zone I know.", escape_text(tz)),
                         cmd(fmt::format("team create {} tz=Europe/Berlin", escape_text(c.name))));
        }
        NewTeam nt{c.name, c.channel.value_or(ctx_.actor.channel_id), tz, parent, ctx_.actor.user_id, ctx_.now};
        auto team = ctx_.repos.teams.create_team(ws_, nt);
        if (!team) {
            return error(fmt::format("A team called *{}* already exists.", escape_text(c.name)),
                         cmd(fmt::format("team add {} @person", escape_text(c.name))));
        }
        ctx_.repos.teams.add_member(ws_, team->id, ctx_.actor.user_id, ctx_.now);
        Message m;
        m.text = escape_text(fmt::format("Team {} created.", team->name));
        m.section(fmt::format(":busts_in_silhouette: Team *{}* created, posting to {} ({}). You're its first member.",
                              escape_text(team->name), channel_text(team->channel), escape_text(team->timezone)));
        m.context(fmt::format("Next: `{}` then `{}`", cmd(fmt::format("team add {} @person", escape_text(team->name))),
                              cmd(fmt::format("objective add \"...\" team={}", escape_text(team->name)))));
        return {m};
    }

    Outcome team_members(const TeamMembersCmd& c) {
        if (!is_admin()) return admin_only();
        auto team = ctx_.repos.teams.find_team(ws_, c.name);
        if (!team) return unknown_team(c.name);
        std::vector<std::string> changed, unchanged;
        for (const auto& u : c.users) {
            bool did = c.add ? ctx_.repos.teams.add_member(ws_, team->id, u, ctx_.now)
                             : ctx_.repos.teams.remove_member(ws_, team->id, u);
            (did ? changed : unchanged).push_back(mention(u));
        }
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
            return s;
        };
        std::string text;
        if (!changed.empty()) {
            if (c.add) text = fmt::format("Added {} to team *{}*.", join(changed), escape_text(team->name));
            else text = fmt::format("Removed {} from team *{}*.", join(changed), escape_text(team->name));
        }
        if (!unchanged.empty()) {
            if (!text.empty()) text += "\n";
            text += fmt::format("{} {} in team *{}*.", join(unchanged), c.add ? "already was" : "wasn't",
                                escape_text(team->name));
        }
        Message m;
        m.text = escape_text(fmt::format("Team {} updated.", team->name));
        m.section(text);
        m.context(fmt::format("{} members now.", ctx_.repos.teams.members(ws_, team->id).size()));
        return {m};
    }

    // The named team, or the asker's only team.
    std::variant<Team, Outcome> team_or_mine(const std::optional<std::string>& name, const std::string& usage) const {
        if (name) {
            auto t = ctx_.repos.teams.find_team(ws_, *name);
            if (!t) return unknown_team(*name);
            return *t;
        }
        auto mine = ctx_.repos.teams.teams_of_member(ws_, ctx_.actor.user_id);
        if (mine.size() == 1) return mine.front();
        return error(mine.empty() ? "You aren't in a team; name the team." : "You're in several teams; name one.",
                     cmd(usage));
    }

    Outcome not_available() const {
        return error("Schedules aren't available on this server.", cmd("help"));
    }

    Outcome team_set(const TeamSetCmd& c) {
        if (!is_admin()) return admin_only();
        if (!ctx_.repos.cadence) return not_available();
        auto team = ctx_.repos.teams.find_team(ws_, c.name);
        if (!team) return unknown_team(c.name);
        if (c.timezone && !known_timezone(*c.timezone)) {
            return error(fmt::format("`{}` isn't a time zone I know.", escape_text(*c.timezone)),
                         cmd(fmt::format("team set {} tz=Europe/Berlin", escape_text(c.name))));
        }
        TeamSettingsChange change;
        change.channel = c.channel;
        change.stakeholder_channel = c.stakeholders;
        change.timezone = c.timezone;
        if (c.reminder) change.reminder = parse_weekly(*c.reminder);
        if (c.digest) change.digest = parse_weekly(*c.digest);
        if (c.summary) change.summary = parse_monthly(*c.summary);
        change.teams_webhook_url = c.teams_webhook;
        ctx_.repos.cadence->update_settings(ws_, team->id, change);
        auto s = ctx_.repos.cadence->settings_of(ws_, team->id);
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
        return {m};
    }

    Outcome digest(const DigestCmd& c) {
        if (!ctx_.repos.cadence || !ctx_.repos.reports) return not_available();
        auto found = team_or_mine(c.team, "digest team NAME");
        if (auto* o = std::get_if<Outcome>(&found)) return *o;
        const auto& team = std::get<Team>(found);
        auto s = ctx_.repos.cadence->settings_of(ws_, team.id);
        // Windows end before their last instant; a preview includes what happened this second.
        const Time through_now = ctx_.now + std::chrono::seconds(1);
        const bool internal_ok = sees_internal_of(team.id);
        auto m = weekly_digest(ctx_.repos, ws_, team, s->cadence.timezone, through_now, !internal_ok);
        m.audience = Audience::ephemeral;
        if (!internal_ok) {
            m.context(fmt::format("Public objectives only: team *{}*'s internal ones are for its members and the "
                                  "leads above it.",
                                  escape_text(team.name)));
        }
        m.context(fmt::format("Preview, only you see it. The team channel gets the digest {} ({}).",
                              format_weekly(s->cadence.digest), escape_text(s->cadence.timezone)));
        return {m};
    }

    Outcome summary(const SummaryCmd& c) {
        if (!ctx_.repos.cadence || !ctx_.repos.reports) return not_available();
        auto found = team_or_mine(c.team, "summary team NAME");
        if (auto* o = std::get_if<Outcome>(&found)) return *o;
        const auto& team = std::get<Team>(found);
        auto s = ctx_.repos.cadence->settings_of(ws_, team.id);
        const auto& tz = s->cadence.timezone;
        Message m;
        if (c.month) {
            auto range = month_range(tz, *c.month);
            m = monthly_summary(ctx_.repos, ws_, team, range->first, range->second, *c.month);
        } else {
            m = monthly_summary(ctx_.repos, ws_, team, month_start(tz, ctx_.now), ctx_.now + std::chrono::seconds(1),
                                month_key(tz, ctx_.now) + " so far");
        }
        m.audience = Audience::ephemeral;
        m.context(fmt::format("Preview, only you see it. Stakeholders get the summary of the past month on day {}.",
                              format_monthly(s->cadence.summary)));
        return {m};
    }

    Outcome objective_add(const ObjectiveAddCmd& c) {
        std::optional<Team> team;
        if (c.team) {
            team = ctx_.repos.teams.find_team(ws_, *c.team);
            if (!team) return unknown_team(*c.team);
        } else {
            auto mine = ctx_.repos.teams.teams_of_member(ws_, ctx_.actor.user_id);
            if (mine.empty()) {
                return error("You aren't in a team yet, so I don't know whose objective this is.",
                             cmd("team create NAME"));
            }
            if (mine.size() > 1) {
                std::string names;
                for (const auto& t : mine) names += (names.empty() ? "" : ", ") + escape_text(t.name);
                return error(fmt::format("You're in several teams ({}); say which one.", names),
                             cmd(fmt::format("objective add \"{}\" team={}", escape_text(c.title), mine.front().name)));
            }
            team = mine.front();
        }
        if (!is_member(team->id)) {
            return error(fmt::format("You aren't a member of team *{}*.", escape_text(team->name)),
                         cmd(fmt::format("team add {} {}", escape_text(team->name), mention(ctx_.actor.user_id))));
        }
        if (c.parent && !ctx_.repos.objectives.find_objective(ws_, *c.parent)) {
            return error(fmt::format("O-{} doesn't exist in this workspace, so it can't be the parent.", *c.parent),
                         cmd("list all"));
        }
        auto cycle = cycle_or_current(c.cycle, "objective add \"...\" cycle=2027-Q1");
        if (auto* e = std::get_if<Outcome>(&cycle)) return *e;
        NewObjective no{team->id,
                        c.title,
                        c.parent,
                        std::get<CycleSpan>(cycle).name,
                        c.visibility.value_or(Visibility::public_),
                        c.kind.value_or(ObjectiveKind::aspirational),
                        ctx_.actor.user_id,
                        ctx_.now};
        auto o = ctx_.repos.objectives.add_objective(ws_, no);
        Message m;
        m.audience = Audience::channel;
        m.text = escape_text(fmt::format("{} {} created for team {}", obj_ref(o), o.title, team->name));
        m.section(fmt::format(":dart: *{}* {}\nTeam *{}* · {} · {} · {}", obj_ref(o), escape_text(o.title),
                              escape_text(team->name), o.cycle,
                              o.visibility == Visibility::public_ ? "public" : "internal",
                              o.kind == ObjectiveKind::committed ? "committed (success at 1.0)"
                                                                 : "aspirational (success at 0.7)"));
        if (o.parent_number) m.context(fmt::format("Aligned to O-{}", *o.parent_number));
        m.context(fmt::format("Add 3 to 5 measurable key results: `{}`",
                              cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(o)))));
        size_t in_cycle = 0;
        for (const auto& x : ctx_.repos.objectives.objectives_of_team(ws_, team->id)) in_cycle += x.cycle == o.cycle;
        if (in_cycle > max_objectives_per_cycle) {
            m.context(fmt::format(":bulb: Team *{}* now has {} objectives in {}; a handful (up to 5) keeps the team "
                                  "focused.",
                                  escape_text(team->name), in_cycle, o.cycle));
        }
        if (!o.parent_number && team->parent_team_id) {
            m.context(fmt::format(":bulb: Team *{}* has a parent team: align this objective to one of its objectives "
                                  "with `parent=O-N` (`{}`).",
                                  escape_text(team->name), cmd("tree")));
        }
        return {m};
    }

    // "Last quarter (2026-Q3) KR-2 went 30 → 38 of 50": the latest earlier cycle of the team
    // with a KR of the same title.
    std::optional<std::string> baseline_of(const Objective& o, const KeyResult& kr) const {
        auto mine = calendar().find(o.cycle);
        if (!mine) return std::nullopt;
        std::optional<KeyResult> best;
        std::optional<CycleSpan> best_span;
        std::string best_cycle;
        const std::string title = ascii_lower(kr.title);
        for (const auto& other : ctx_.repos.objectives.objectives_of_team(ws_, o.team_id)) {
            auto span = calendar().find(other.cycle);
            if (!span || span->start >= mine->start || (best_span && span->start < best_span->start)) continue;
            for (const auto& k : ctx_.repos.objectives.key_results_of(ws_, other.id)) {
                if (ascii_lower(k.title) != title) continue;
                best = k;
                best_span = span;
                best_cycle = other.cycle;
            }
        }
        if (!best) return std::nullopt;
        std::string last = mine->custom || best_span->custom ? "Last cycle" : "Last quarter";
        std::string when = best_cycle == calendar().previous_before(*mine).name ? last : "In " + best_cycle;
        if (best->binary) {
            return fmt::format("{} ({}) this was {}: {}.", when, kr_ref(*best), best_cycle,
                               best->current >= 1 ? "done" : "not done");
        }
        return fmt::format("{} you went {} → {} (target {}, {}, {}). Use it as your baseline.", when,
                           format_value(best->start, best->unit), format_value(best->current, best->unit),
                           format_value(best->target, best->unit), kr_ref(*best), best_cycle);
    }

    Outcome kr_add(const KrAddCmd& c) {
        auto o = ctx_.repos.objectives.find_objective(ws_, c.objective);
        if (!o || !can_see(*o)) {
            return error(fmt::format("O-{} doesn't exist in this workspace.", c.objective), cmd("list team"));
        }
        auto team = ctx_.repos.teams.find_team_by_id(ws_, o->team_id);
        if (!is_member(o->team_id)) {
            std::string tn = team ? team->name : "?";
            return error(fmt::format("O-{} belongs to team *{}*, and you aren't a member.", o->number, escape_text(tn)),
                         cmd(fmt::format("team add {} {}", escape_text(tn), mention(ctx_.actor.user_id))));
        }
        if (c.from && !c.to) {
            return error("A key result with a starting value needs a target too.",
                         cmd(fmt::format("kr add O-{} \"{}\" from={} to=...", c.objective, escape_text(c.title),
                                         format_number(*c.from))));
        }
        std::vector<std::string> hints;
        NewKeyResult nk;
        nk.objective_id = o->id;
        nk.title = c.title;
        nk.unit = c.unit;
        nk.due = c.due;
        nk.owner = c.owner.value_or(ctx_.actor.user_id);
        nk.at = ctx_.now;
        if (c.binary || !c.to) {
            nk.binary = true;
            nk.start = 0;
            nk.target = 1;
            if (!c.binary) {
                hints.push_back("No number given, so I track it as done / not done. A measurable target "
                                "(from=... to=...) makes progress visible.");
            }
        } else {
            nk.start = c.from.value_or(0);
            nk.target = *c.to;
            if (nk.start == nk.target) {
                return error("The start and the target are the same number, so there is nothing to measure.",
                             cmd(fmt::format("kr add O-{} \"{}\" from={} to=...", c.objective, escape_text(c.title),
                                             format_number(nk.start))));
            }
        }
        if (!c.due) hints.push_back(fmt::format("No due date: it runs to the end of {}. Add due=YYYY-MM-DD to set one.", o->cycle));
        auto kr = ctx_.repos.objectives.add_key_result(ws_, nk);
        Message m;
        m.audience = Audience::channel;
        m.text = escape_text(fmt::format("{} {} added to {}", kr_ref(kr), kr.title, obj_ref(*o)));
        std::string what = kr.binary ? "done or not done"
                                     : fmt::format("{} → {}{}", value_text(kr, kr.start), value_text(kr, kr.target),
                                                   kind_of(kr) == KrKind::decreasing ? " (lower is better)" : "");
        m.section(fmt::format(":white_check_mark: *{}* {}\nFor *{}* {} · {} · owner {}{}", kr_ref(kr),
                              escape_text(kr.title), obj_ref(*o), escape_text(o->title), what, mention(kr.owner),
                              kr.due ? " · due " + *kr.due : ""));
        auto siblings = ctx_.repos.objectives.key_results_of(ws_, o->id);
        if (auto hint = kr_count_hint(*o, siblings.size()); !hint.empty()) hints.push_back(hint);
        if (repeats_title(kr.title, o->title)) {
            hints.push_back("The key result repeats the objective's title. A key result says how you'll know: a number "
                            "that moves, like `from=30 to=50`.");
        }
        if (auto baseline = baseline_of(*o, kr)) hints.push_back(*baseline);
        for (const auto& h : hints) m.context(":bulb: " + h);
        m.context(fmt::format("Check in with `{}`", cmd(fmt::format("checkin {} VALUE", kr_ref(kr)))));
        return {m};
    }

    Outcome checkin(const CheckinCmd& c) {
        auto kr = ctx_.repos.objectives.find_key_result(ws_, c.kr);
        std::optional<Objective> o;
        if (kr) o = ctx_.repos.objectives.find_objective(ws_, kr->objective_number);
        if (!kr || !o || !can_see(*o)) {
            return error(fmt::format("KR-{} doesn't exist in this workspace.", c.kr), cmd("list mine"));
        }
        if (!is_member(o->team_id) && kr->owner != ctx_.actor.user_id) {
            auto team = ctx_.repos.teams.find_team_by_id(ws_, o->team_id);
            std::string tn = team ? team->name : "?";
            return error(fmt::format("KR-{} belongs to team *{}*; only its members check in on it.", c.kr,
                                     escape_text(tn)),
                         cmd(fmt::format("team add {} {}", escape_text(tn), mention(ctx_.actor.user_id))));
        }
        if (kr->binary && c.value != 0 && c.value != 1) {
            return error(fmt::format("KR-{} is done or not done; check in `done` or `not-done`.", c.kr),
                         cmd(fmt::format("checkin KR-{} done", c.kr)));
        }
        double before = progress(*kr);
        double previous_value = kr->current;
        auto updated = ctx_.repos.checkins.record_checkin(
            ws_, NewCheckin{kr->id, ctx_.actor.user_id, c.value, c.confidence, c.note, ctx_.now});
        double after = progress(updated);
        Message m;
        m.audience = Audience::channel;
        m.text = fmt::format("{} checked in {}: {} ({})", mention(ctx_.actor.user_id), kr_ref(updated),
                             escape_text(value_text(updated, updated.current)), percent(after));
        std::string change;
        int delta = static_cast<int>(std::lround((after - before) * 100));
        if (delta != 0) change = fmt::format(" ({}{} pts)", delta > 0 ? "+" : "", delta);
        m.section(fmt::format("{} checked in *{}* {}\n{} → *{}*{}\n{}{}", mention(ctx_.actor.user_id), kr_ref(updated),
                              escape_text(updated.title), value_text(updated, previous_value),
                              value_text(updated, updated.current),
                              updated.binary ? std::string() : " of " + value_text(updated, updated.target),
                              progress_bar(after), change));
        if (c.confidence) {
            m.context(fmt::format("Confidence {}/10, {}", *c.confidence, confidence_label(*c.confidence)));
        }
        if (!c.note.empty()) m.section("> " + escape_text(c.note));
        Outcome out{m, true};
        // The check-in has committed: a failure while looking for celebrations must not turn the
        // reply into "try again" (which would record it twice). Celebrations are best effort.
        try {
            if (auto team = ctx_.repos.teams.find_team_by_id(ws_, o->team_id)) {
                CheckinFacts facts{*team, *o, *kr, updated, ctx_.actor.user_id, timezone_of(*team), ctx_.now};
                out.announcements = celebrations_after_checkin(ctx_.repos, ws_, facts);
            }
        } catch (const std::exception&) {
            out.announcements.clear();
        }
        return out;
    }

    Outcome list(const ListCmd& c) {
        auto span = cycle_or_current(c.cycle, "list team NAME cycle=2027-Q1");
        if (auto* e = std::get_if<Outcome>(&span)) return *e;
        const std::string cycle = std::get<CycleSpan>(span).name;
        if (c.scope == ListCmd::Scope::mine) return list_mine(cycle);
        if (c.scope == ListCmd::Scope::all) return list_all(cycle);
        std::optional<Team> team;
        if (c.team) {
            team = ctx_.repos.teams.find_team(ws_, *c.team);
            if (!team) return unknown_team(*c.team);
        } else {
            auto mine = ctx_.repos.teams.teams_of_member(ws_, ctx_.actor.user_id);
            if (mine.size() != 1) {
                return error(mine.empty() ? "You aren't in a team; name the team to list."
                                          : "You're in several teams; name the one to list.",
                             cmd("list team NAME"));
            }
            team = mine.front();
        }
        Message m;
        m.header(fmt::format("Team {} · {}", team->name, cycle));
        size_t shown = 0, hidden = 0, elsewhere = 0;
        for (const auto& o : ctx_.repos.objectives.objectives_of_team(ws_, team->id)) {
            if (!can_see(o)) continue;
            if (o.cycle != cycle) { ++elsewhere; continue; }
            if (m.blocks.size() >= max_list_blocks) { ++hidden; continue; }
            auto krs = ctx_.repos.objectives.key_results_of(ws_, o.id);
            std::string text = fmt::format("*{}* {}\n{}", obj_ref(o), escape_text(o.title),
                                           progress_bar(objective_progress(krs)));
            for (const auto& kr : krs) {
                text += fmt::format("\n• {} {} {}", kr_ref(kr), escape_text(kr.title), percent(progress(kr)));
            }
            m.section(text);
            ++shown;
        }
        if (shown == 0 && hidden == 0) {
            m.section(fmt::format("Team *{}* has no objectives in {} yet.", escape_text(team->name), cycle));
            m.context(fmt::format("`{}`", cmd(fmt::format("objective add \"...\" team={}", escape_text(team->name)))));
        }
        if (hidden) m.context(fmt::format("…and {} more objectives. `{}` shows one in full.", hidden, cmd("show O-N")));
        if (elsewhere) {
            m.context(fmt::format("{} more in other cycles: `{}`", elsewhere,
                                  cmd(fmt::format("list team {} cycle={}", escape_text(team->name), previous_of(cycle)))));
        }
        m.text = escape_text(fmt::format("Team {}: {} objectives", team->name, shown + hidden));
        return {m};
    }

    std::string previous_of(const std::string& cycle) const {
        auto span = calendar().find(cycle);
        return span ? calendar().previous_before(*span).name : previous_cycle(cycle);
    }

    // The actor's key results in `cycle`; `elsewhere` counts those in other cycles.
    std::vector<KeyResult> owned_in(const std::string& cycle, size_t& elsewhere) const {
        auto krs = ctx_.repos.objectives.key_results_owned_by(ws_, ctx_.actor.user_id);
        std::map<int, std::string> cycles;
        elsewhere = 0;
        std::erase_if(krs, [&](const KeyResult& kr) {
            auto it = cycles.find(kr.objective_number);
            if (it == cycles.end()) {
                auto o = ctx_.repos.objectives.find_objective(ws_, kr.objective_number);
                it = cycles.emplace(kr.objective_number, o ? o->cycle : std::string()).first;
            }
            bool other = it->second != cycle;
            elsewhere += other;
            return other;
        });
        return krs;
    }

    // One section per key result the actor owns, with its last check-in (and a Check in
    // button for the Home tab), up to the block limit; returns how many did not fit.
    template <class Krs>
    size_t add_owned_lines(Message& m, const Krs& krs, bool with_button) const {
        size_t hidden = 0;
        for (const auto& kr : krs) {
            if (m.blocks.size() >= max_list_blocks) { ++hidden; continue; }
            std::string line = kr_line(kr);
            line += kr.last_checkin_at ? fmt::format(" · last check-in {}", iso_date(*kr.last_checkin_at))
                                       : std::string(" · no check-in yet");
            if (with_button) m.section(line, Button{"Check in", "checkin_open", kr_ref(kr)});
            else m.section(line);
        }
        return hidden;
    }

    Outcome list_mine(const std::string& cycle) {
        size_t elsewhere = 0;
        auto krs = owned_in(cycle, elsewhere);
        Message m;
        m.header(fmt::format("Your key results · {}", cycle));
        if (elsewhere) m.context(fmt::format("{} more in other cycles: `{}`", elsewhere, cmd(fmt::format("list mine cycle={}", previous_of(cycle)))));
        size_t hidden = add_owned_lines(m, krs, false);
        if (krs.empty()) {
            m.section(fmt::format("You don't own any key results in {} yet.", cycle));
            m.context(fmt::format("`{}`", cmd("kr add O-1 \"...\" from=0 to=100")));
        }
        if (hidden) m.context(fmt::format("…and {} more.", hidden));
        m.text = fmt::format("You own {} key results", krs.size());
        return {m};
    }

    Outcome list_all(const std::string& cycle) {
        Message m;
        m.header(fmt::format("All teams · {}", cycle));
        size_t hidden = 0, count = 0;
        for (const auto& team : ctx_.repos.teams.teams(ws_)) {
            std::string text = fmt::format("*{}*", escape_text(team.name));
            size_t visible = 0;
            for (const auto& o : ctx_.repos.objectives.objectives_of_team(ws_, team.id)) {
                if (!can_see(o) || o.cycle != cycle) continue;
                auto krs = ctx_.repos.objectives.key_results_of(ws_, o.id);
                text += fmt::format("\n{} *{}* {}", progress_bar(objective_progress(krs)), obj_ref(o),
                                    escape_text(o.title));
                ++visible;
            }
            if (visible == 0) text += "\n_no objectives yet_";
            ++count;
            if (m.blocks.size() >= max_list_blocks) { ++hidden; continue; }
            m.section(text);
        }
        if (count == 0) {
            m.section("No teams yet.");
            m.context(fmt::format("`{}`", cmd("team create NAME")));
        }
        if (hidden) m.context(fmt::format("…and {} more teams. `{}` lists one.", hidden, cmd("list team NAME")));
        m.text = fmt::format("{} teams", count);
        return {m};
    }

    // "Pace: expected 45% by now ... → behind (yellow), because ...".
    std::string pace_line(const KeyResult& kr, const Objective& o, const std::vector<Checkin>& recent) const {
        double now = progress(kr);
        const auto cycle = calendar().find(o.cycle);
        double expected = expected_progress(kr, o, ctx_.now, cycle);
        Risk risk = risk_of(kr, o, now, ctx_.now, recent, cycle);
        Pace pace = pace_of(now, expected, risk);
        int gap = static_cast<int>(std::lround((expected - now) * 100));
        std::string why;
        if (now >= 1.0) {
            why = "it is done";
        } else if (pace == Pace::at_risk) {
            why = risk.explain();
            if (risk.behind_pace) why += fmt::format(" ({} points under pace; at risk from 25)", gap);
            if (risk.low_confidence) why += fmt::format(" (confidence {}/10; at risk at 4 or lower)", *kr.last_confidence);
        } else if (pace == Pace::behind) {
            why = fmt::format("{} points under pace (behind from 10, at risk from 25)", gap);
        } else {
            why = gap > 0 ? fmt::format("within 10 points of pace ({} under)", gap) : "at or ahead of pace";
        }
        std::string line = fmt::format("{} *{}*: expected {} by now ({} of {} elapsed on {}), actual {} · {}",
                                       pace_emoji(pace), pace_name(pace), percent(expected), percent(expected),
                                       kr.due ? "its dates" : "the cycle", iso_date(ctx_.now), percent(now), why);
        if (kr.last_confidence) {
            line += fmt::format("\nConfidence {}/10 ({})", *kr.last_confidence, confidence_label(*kr.last_confidence));
        } else {
            line += "\nNo confidence given yet: add on-track, at-risk or off-track to a check-in.";
        }
        return line;
    }

    std::string kr_count_hint(const Objective& o, size_t count) const {
        if (count < min_krs) {
            return fmt::format("{} has {} key result{}; 3 to 5 measurable ones describe it well.", obj_ref(o), count,
                               count == 1 ? "" : "s");
        }
        if (count > max_krs) return fmt::format("{} has {} key results; 3 to 5 keep it focused.", obj_ref(o), count);
        return {};
    }

    void playbook_facts(Message& m, const Objective& o, const std::vector<KeyResult>& krs) const {
        auto& pb = *ctx_.repos.playbook;
        if (pb.is_archived(ws_, o.id)) m.context(":file_cabinet: Archived: it no longer shows in lists and digests.");
        // Roll-up through aligned objectives.
        auto all = pb.all_objectives(ws_);
        std::map<int, AlignmentNode> nodes;
        for (const auto& x : all) {
            AlignmentNode node{x, {}};
            if (x.id == o.id) {
                for (const auto& k : krs) node.kr_progress.push_back(progress(k));
            } else {
                for (const auto& k : ctx_.repos.objectives.key_results_of(ws_, x.id)) node.kr_progress.push_back(progress(k));
            }
            nodes.emplace(x.number, std::move(node));
        }
        if (nodes.count(o.number)) {
            auto children = children_of(nodes, o.number);
            if (!children.empty()) {
                m.context(fmt::format("Rolled up with {} aligned objective{}: {}", children.size(),
                                      children.size() == 1 ? "" : "s", progress_bar(rolled_up_progress(nodes, o.number))));
            }
        }
        if (auto g = pb.grade_of_objective(ws_, o.id)) {
            auto card = score_objective(o, krs, pb.overrides_of(ws_, o.id));
            m.context(fmt::format("Graded *{:.2f}* ({}) by {} on {} · {}", g->score, grade_name(grade_of(g->score)),
                                  mention(g->user_id), iso_date(g->at),
                                  g->score >= card.threshold - 1e-9 ? "achieved" : "not achieved"));
        }
        auto retros = pb.retros_of(ws_, o.id);
        if (!retros.empty()) {
            std::string text = "*Retro*";
            size_t first = retros.size() > 10 ? retros.size() - 10 : 0;
            for (size_t i = first; i < retros.size(); ++i) {
                text += fmt::format("\n{} {}: {}", iso_date(retros[i].at), mention(retros[i].user_id),
                                    escape_text(retros[i].text));
            }
            m.section(text);
        }
    }

    Outcome show(const ShowCmd& c) {
        if (c.objective) {
            auto o = ctx_.repos.objectives.find_objective(ws_, c.number);
            if (!o || !can_see(*o)) return error(fmt::format("O-{} doesn't exist in this workspace.", c.number), cmd("list all"));
            if (c.history) {
                if (!ctx_.repos.playbook) return playbook_missing();
                return {history_message(obj_ref(*o), o->title,
                                        ctx_.repos.playbook->history_of(ws_, EditTarget::objective, o->id))};
            }
            auto team = ctx_.repos.teams.find_team_by_id(ws_, o->team_id);
            auto krs = ctx_.repos.objectives.key_results_of(ws_, o->id);
            double p = objective_progress(krs);
            Message m;
            m.header(fmt::format("{} {}", obj_ref(*o), o->title));
            m.section(fmt::format("{}\nTeam *{}* · {} · {} · {}", progress_bar(p), escape_text(team ? team->name : "?"),
                                  o->cycle, o->visibility == Visibility::public_ ? "public" : "internal",
                                  o->kind == ObjectiveKind::committed ? "committed" : "aspirational"));
            if (o->parent_number) m.context(fmt::format("Aligned to O-{}", *o->parent_number));
            size_t hidden = 0;
            for (const auto& kr : krs) {
                if (m.blocks.size() >= max_list_blocks - 6) { ++hidden; continue; }  // room for the facts below
                m.section(kr_line(kr));
            }
            if (krs.empty()) m.context(fmt::format("No key results yet: `{}`", cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(*o)))));
            if (hidden) m.context(fmt::format("…and {} more key results.", hidden));
            if (auto hint = kr_count_hint(*o, krs.size()); !hint.empty() && !krs.empty()) m.context(":bulb: " + hint);
            if (ctx_.repos.playbook) playbook_facts(m, *o, krs);
            m.text = escape_text(fmt::format("{} {}: {}", obj_ref(*o), o->title, percent(p)));
            return {m};
        }
        auto kr = ctx_.repos.objectives.find_key_result(ws_, c.number);
        std::optional<Objective> o;
        if (kr) o = ctx_.repos.objectives.find_objective(ws_, kr->objective_number);
        if (!kr || !o || !can_see(*o)) return error(fmt::format("KR-{} doesn't exist in this workspace.", c.number), cmd("list mine"));
        if (c.history) {
            if (!ctx_.repos.playbook) return playbook_missing();
            return {history_message(kr_ref(*kr), kr->title,
                                    ctx_.repos.playbook->history_of(ws_, EditTarget::key_result, kr->id))};
        }
        Message m;
        m.header(fmt::format("{} {}", kr_ref(*kr), kr->title));
        m.section(kr_line(*kr));
        m.context(fmt::format("For {} {}{}", obj_ref(*o), escape_text(o->title), kr->due ? " · due " + *kr->due : ""));
        auto recent = ctx_.repos.checkins.checkins_of(ws_, kr->id, 10);
        m.section(pace_line(*kr, *o, recent));
        if (ctx_.repos.playbook) {
            if (auto from = ctx_.repos.playbook->carried_from(ws_, kr->id)) {
                m.context(fmt::format("Carried over from KR-{}: `{}` shows its history.", *from, cmd(fmt::format("show KR-{}", *from))));
            }
        }
        auto history = recent;
        if (history.size() > 5) history.resize(5);
        if (history.empty()) {
            m.context(fmt::format("No check-ins yet: `{}`", cmd(fmt::format("checkin {} VALUE", kr_ref(*kr)))));
        } else {
            std::string text = "*Recent check-ins*";
            for (const auto& ch : history) {
                text += fmt::format("\n{} {} {}", iso_date(ch.at), mention(ch.user_id), value_text(*kr, ch.value));
                if (ch.confidence) text += fmt::format(" · confidence {}/10", *ch.confidence);
                if (!ch.note.empty()) text += fmt::format(" · _{}_", escape_text(ch.note));
            }
            m.section(text);
        }
        m.text = escape_text(fmt::format("{} {}: {}", kr_ref(*kr), kr->title, percent(progress(*kr))));
        return {m};
    }

    // ---- quick wins ----------------------------------------------------------------

    Outcome win(const WinCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        std::optional<KeyResult> kr;
        std::optional<Team> team;
        if (c.kr) {
            auto found = visible_kr(*c.kr);
            if (auto* e = std::get_if<Outcome>(&found)) return *e;
            auto& ko = std::get<KrAndObjective>(found);
            kr = ko.kr;
            team = ctx_.repos.teams.find_team_by_id(ws_, ko.objective.team_id);
            if (!team) return error(fmt::format("KR-{} belongs to no team.", *c.kr), cmd("list mine"));
            if (c.team && ascii_lower(*c.team) != ascii_lower(team->name)) {
                return error(fmt::format("KR-{} belongs to team *{}*, not *{}*.", *c.kr, escape_text(team->name),
                                         escape_text(*c.team)),
                             cmd(fmt::format("win \"{}\" kr=KR-{}", escape_text(c.title), *c.kr)));
            }
        } else {
            auto found = team_or_mine(c.team, fmt::format("win \"{}\" team=NAME", escape_text(c.title)));
            if (auto* e = std::get_if<Outcome>(&found)) return *e;
            team = std::get<Team>(found);
        }
        if (!is_member(team->id)) {
            return error(fmt::format("Only members of team *{}* can log its wins.", escape_text(team->name)),
                         cmd(fmt::format("team add {} {}", escape_text(team->name), mention(ctx_.actor.user_id))));
        }
        auto w = ctx_.repos.playbook->add_win(
            ws_, NewWin{team->id, kr ? std::optional<RowId>(kr->id) : std::nullopt, c.title, ctx_.actor.user_id, ctx_.now});
        Message m;
        m.text = escape_text(fmt::format("Quick win logged for team {}: {}", team->name, c.title));
        m.section(fmt::format(":rocket: Quick win logged for team *{}*: {}{}", escape_text(team->name),
                              escape_text(c.title), kr ? fmt::format(" (towards *KR-{}*)", kr->number) : std::string()));
        m.context(fmt::format("Announced in the team channel; it will be in the monthly summary for {}.",
                              month_key(timezone_of(*team), ctx_.now)));
        Outcome out{m};
        out.announcements.push_back(win_announcement(*team, w.id, ctx_.actor.user_id, c.title, kr));
        return out;
    }

    // ---- edits, history, archive ---------------------------------------------------

    static std::string visibility_text(Visibility v) { return v == Visibility::public_ ? "public" : "internal"; }
    static std::string kind_text(ObjectiveKind k) { return k == ObjectiveKind::committed ? "committed" : "aspirational"; }

    static std::string change_line(const FieldChange& f) {
        auto shown = [&](const std::string& v) -> std::string {
            if (v.empty()) return "none";
            if (f.field == "owner") return mention(v);
            return escape_text(v);
        };
        return fmt::format("{} {} → {}", f.field, shown(f.old_value), shown(f.new_value));
    }

    Outcome edit(const EditCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        std::vector<FieldChange> changes;
        std::string what;
        if (c.objective) {
            auto found = visible_objective(c.number);
            if (auto* e = std::get_if<Outcome>(&found)) return *e;
            const auto& o = std::get<Objective>(found);
            if (auto refused = refuse_unless_member(o, "edit")) return *refused;
            ObjectiveEdit e;
            if (c.title && *c.title != o.title) {
                e.title = c.title;
                changes.push_back({"title", o.title, *c.title});
            }
            if (c.visibility && *c.visibility != o.visibility) {
                e.visibility = c.visibility;
                changes.push_back({"visibility", visibility_text(o.visibility), visibility_text(*c.visibility)});
            }
            if (c.kind && *c.kind != o.kind) {
                e.kind = c.kind;
                changes.push_back({"kind", kind_text(o.kind), kind_text(*c.kind)});
            }
            if (changes.empty()) return error(fmt::format("Nothing to change: {} already is like that.", obj_ref(o)), cmd(fmt::format("show {}", obj_ref(o))));
            ctx_.repos.playbook->edit_objective(ws_, o.id, e, changes, ctx_.actor.user_id, c.reason, ctx_.now);
            what = obj_ref(o);
        } else {
            auto found = visible_kr(c.number);
            if (auto* e = std::get_if<Outcome>(&found)) return *e;
            const auto& [kr, o] = std::get<KrAndObjective>(found);
            if (auto refused = refuse_unless_member(o, "edit the key results of")) return *refused;
            KeyResultEdit e;
            if (c.title && *c.title != kr.title) {
                e.title = c.title;
                changes.push_back({"title", kr.title, *c.title});
            }
            if (c.to) {
                if (kr.binary) {
                    return error(fmt::format("KR-{} is done or not done; it has no target to change.", kr.number),
                                 cmd(fmt::format("edit KR-{} title=\"...\"", kr.number)));
                }
                if (*c.to == kr.start) {
                    return error(fmt::format("KR-{} starts at {}; a target equal to the start measures nothing.",
                                             kr.number, format_value(kr.start, kr.unit)),
                                 cmd(fmt::format("edit KR-{} to=...", kr.number)));
                }
                if (*c.to != kr.target) {
                    e.target = c.to;
                    changes.push_back({"target", format_value(kr.target, kr.unit), format_value(*c.to, kr.unit)});
                }
            }
            if (c.due && *c.due != kr.due.value_or("")) {
                e.due = c.due;
                changes.push_back({"due", kr.due.value_or(""), *c.due});
            }
            if (c.owner && *c.owner != kr.owner) {
                e.owner = c.owner;
                changes.push_back({"owner", kr.owner, *c.owner});
            }
            if (changes.empty()) return error(fmt::format("Nothing to change: KR-{} already is like that.", kr.number), cmd(fmt::format("show KR-{}", kr.number)));
            ctx_.repos.playbook->edit_key_result(ws_, kr.id, e, changes, ctx_.actor.user_id, c.reason, ctx_.now);
            what = kr_ref(kr);
        }
        Message m;
        m.audience = Audience::channel;
        std::string lines;
        for (const auto& f : changes) lines += "\n• " + change_line(f);
        m.text = fmt::format("{} edited {}", mention(ctx_.actor.user_id), what);
        m.section(fmt::format(":pencil2: {} edited *{}*{}", mention(ctx_.actor.user_id), what, lines));
        if (!c.reason.empty()) m.context("Because: " + escape_text(c.reason));
        else m.context(fmt::format("Tip: add `because \"...\"` so the history says why. `{}`", cmd(fmt::format("show {} history", what))));
        return {m};
    }

    Message history_message(const std::string& what, const std::string& title,
                            const std::vector<EditRecord>& records) const {
        Message m;
        m.header(fmt::format("{} history", what));
        m.text = escape_text(fmt::format("{} {}: {} changes", what, title, records.size()));
        if (records.empty()) {
            m.section(fmt::format("*{}* {} hasn't been edited.", what, escape_text(title)));
            return m;
        }
        std::vector<std::string> lines;
        for (const auto& r : records) {
            lines.push_back(fmt::format("{} {} {}{}", iso_minute(r.at), mention(r.user_id), change_line(r.change),
                                        r.reason.empty() ? std::string() : " · _" + escape_text(r.reason) + "_"));
        }
        // Newest last, like a log; long histories keep their latest entries.
        size_t first = lines.size() > 40 ? lines.size() - 40 : 0;
        std::string text = fmt::format("*{}* {}", what, escape_text(title));
        size_t in_section = 0;
        for (size_t i = first; i < lines.size(); ++i) {
            if (in_section == 10) {
                m.section(text);
                text.clear();
                in_section = 0;
            }
            text += (text.empty() ? "" : "\n") + lines[i];
            ++in_section;
        }
        m.section(text);
        if (first > 0) m.context(fmt::format("{} older changes not shown.", first));
        return m;
    }

    Outcome archive(const ArchiveCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        auto found = visible_objective(c.objective);
        if (auto* e = std::get_if<Outcome>(&found)) return *e;
        const auto& o = std::get<Objective>(found);
        if (auto refused = refuse_unless_member(o, "archive")) return *refused;
        if (ctx_.repos.playbook->is_archived(ws_, o.id)) {
            return error(fmt::format("{} is already archived.", obj_ref(o)), cmd(fmt::format("show {} history", obj_ref(o))));
        }
        ctx_.repos.playbook->archive_objective(ws_, o.id, ctx_.actor.user_id, c.reason, ctx_.now);
        Message m;
        m.audience = Audience::channel;
        m.text = escape_text(fmt::format("{} {} archived", obj_ref(o), o.title));
        m.section(fmt::format(":file_cabinet: {} archived *{}* {}. It leaves lists, digests and reminders; `{}` still "
                              "shows it.",
                              mention(ctx_.actor.user_id), obj_ref(o), escape_text(o.title), cmd(fmt::format("show {}", obj_ref(o)))));
        if (!c.reason.empty()) m.context("Because: " + escape_text(c.reason));
        return {m};
    }

    // ---- grading and retros ---------------------------------------------------------

    Message scorecard_message(const Objective& o, const std::string& team_name, const Scorecard& card) const {
        Message m;
        m.audience = Audience::channel;
        m.header(fmt::format("Scorecard · O-{} · {}", o.number, o.cycle));
        Grade g = grade_of(card.score);
        m.text = escape_text(fmt::format("Scorecard for O-{} {}: {:.2f} ({})", o.number, o.title, card.score, grade_name(g)));
        m.section(fmt::format("*{}* {}\nTeam *{}* · grade *{:.2f}* {} {} · {} objective, success at {:.1f}: *{}*",
                              obj_ref(o), escape_text(o.title), escape_text(team_name), card.score,
                              progress_bar(card.score).substr(0, progress_bar(card.score).find(' ')), grade_name(g),
                              kind_text(o.kind), card.threshold, card.succeeded() ? "achieved" : "not achieved"));
        std::vector<std::string> lines, prompts;
        for (const auto& s : card.krs) {
            std::string line = fmt::format("• *{}* {}: *{:.2f}* {}", kr_ref(s.kr), escape_text(s.kr.title), s.score(),
                                           grade_name(grade_of(s.score())));
            if (s.override_score) {
                line += fmt::format(" (computed {:.2f}; set by the owner: _{}_)", s.computed, escape_text(s.reason));
            }
            line += " · " + mention(s.kr.owner);
            lines.push_back(line);
            if (needs_retro(s)) {
                prompts.push_back(fmt::format(":memo: {}, *{}* closed at {:.2f}: what did you learn? `{}`",
                                              mention(s.kr.owner), kr_ref(s.kr), s.score(),
                                              cmd(fmt::format("retro {} \"...\"", obj_ref(o)))));
            }
        }
        std::string text;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (i > 0 && i % 10 == 0) {
                m.section(text);
                text.clear();
            }
            text += (text.empty() ? "" : "\n") + lines[i];
        }
        if (!text.empty()) m.section(text);
        if (!prompts.empty()) {
            std::string p;
            for (size_t i = 0; i < prompts.size() && i < 10; ++i) p += (p.empty() ? "" : "\n") + prompts[i];
            m.section(p);
        }
        m.context("Scores: red below 0.4, yellow 0.4 to below 0.7, green from 0.7. Committed objectives succeed at 1.0, "
                  "aspirational ones at 0.7.");
        return m;
    }

    Outcome grade(const GradeCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        auto found = visible_objective(c.objective);
        if (auto* e = std::get_if<Outcome>(&found)) return *e;
        const auto& o = std::get<Objective>(found);
        if (auto refused = refuse_unless_member(o, "grade")) return *refused;
        auto krs = ctx_.repos.objectives.key_results_of(ws_, o.id);
        if (krs.empty()) {
            return error(fmt::format("{} has no key results to grade.", obj_ref(o)),
                         cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(o))));
        }
        std::vector<GradeOverride> fresh;
        for (const auto& ov : c.overrides) {
            auto kr = std::find_if(krs.begin(), krs.end(), [&](const KeyResult& k) { return k.number == ov.kr; });
            if (kr == krs.end()) {
                return error(fmt::format("KR-{} isn't a key result of {}.", ov.kr, obj_ref(o)), cmd(fmt::format("show {}", obj_ref(o))));
            }
            if (kr->owner != ctx_.actor.user_id && !is_listed_admin()) {
                return error(fmt::format("Only KR-{}'s owner {} can override its score.", ov.kr, mention(kr->owner)),
                             cmd(fmt::format("grade {}", obj_ref(o))));
            }
            fresh.push_back(GradeOverride{kr->id, ov.score, ov.reason, ctx_.actor.user_id, ctx_.now});
        }
        auto all = ctx_.repos.playbook->overrides_of(ws_, o.id);
        for (const auto& f : fresh) {
            std::erase_if(all, [&](const GradeOverride& g) { return g.kr_id == f.kr_id; });
            all.push_back(f);
        }
        auto card = score_objective(o, krs, all);
        ctx_.repos.playbook->grade_objective(ws_, o.id, ObjectiveGrade{card.score, ctx_.actor.user_id, ctx_.now}, fresh);
        std::string team_name = team_name_of(o.team_id);
        Message scorecard = scorecard_message(o, team_name, card);
        Message reply = scorecard;
        reply.audience = Audience::ephemeral;
        reply.context("The scorecard is posted to the team channel. Grade again to change a score.");
        Outcome out{reply};
        // Each grading is its own post; the key keeps a retried request from posting twice.
        out.announcements.push_back(Announcement{
            o.team_id, fmt::format("scorecard:objective:{}:{}", o.number, ctx_.now.time_since_epoch().count()),
            std::move(scorecard)});
        return out;
    }

    Outcome retro(const RetroCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        auto found = visible_objective(c.objective);
        if (auto* e = std::get_if<Outcome>(&found)) return *e;
        const auto& o = std::get<Objective>(found);
        bool owns_kr = false;
        for (const auto& k : ctx_.repos.objectives.key_results_of(ws_, o.id)) owns_kr |= k.owner == ctx_.actor.user_id;
        if (!owns_kr) {
            if (auto refused = refuse_unless_member(o, "write the retro of")) return *refused;
        }
        ctx_.repos.playbook->add_retro(ws_, o.id, Retro{ctx_.actor.user_id, c.text, ctx_.now});
        Message m;
        m.audience = Audience::channel;
        m.text = escape_text(fmt::format("Retro added to {}", obj_ref(o)));
        m.section(fmt::format(":memo: {} on *{}* {}:\n> {}", mention(ctx_.actor.user_id), obj_ref(o),
                              escape_text(o.title), escape_text(c.text)));
        m.context(fmt::format("`{}` shows every retro line.", cmd(fmt::format("show {}", obj_ref(o)))));
        return {m};
    }

    // ---- alignment tree -----------------------------------------------------------

    Outcome tree(const TreeCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        std::optional<Team> only;
        if (c.team) {
            only = ctx_.repos.teams.find_team(ws_, *c.team);
            if (!only) return unknown_team(*c.team);
        }
        std::map<RowId, Team> teams;
        for (auto& t : ctx_.repos.teams.teams(ws_)) teams.emplace(t.id, t);
        std::map<int, AlignmentNode> nodes;
        for (auto& o : ctx_.repos.playbook->all_objectives(ws_)) {
            if (!can_see(o)) continue;
            AlignmentNode node{o, {}};
            for (const auto& k : ctx_.repos.objectives.key_results_of(ws_, o.id)) node.kr_progress.push_back(progress(k));
            nodes.emplace(o.number, std::move(node));
        }
        // The current (or named) cycle, with the (possibly longer-running) parents it aligns to.
        auto span = cycle_or_current(c.cycle, "tree cycle=2027-Q1");
        if (auto* e = std::get_if<Outcome>(&span)) return *e;
        const std::string cycle = std::get<CycleSpan>(span).name;
        std::set<int> keep;
        for (const auto& [n, node] : nodes) {
            if (node.objective.cycle != cycle) continue;
            int at = n;
            for (int guard = 0; guard < 20 && nodes.count(at) && keep.insert(at).second; ++guard) {
                auto parent = nodes.at(at).objective.parent_number;
                if (!parent) break;
                at = *parent;
            }
        }
        std::erase_if(nodes, [&](const auto& kv) { return !keep.count(kv.first); });
        std::vector<int> roots;
        for (const auto& [n, node] : nodes) {
            const auto& o = node.objective;
            bool parent_shown = o.parent_number && nodes.count(*o.parent_number);
            if (only) {
                bool in_team = o.team_id == only->id;
                bool parent_in_team = parent_shown && nodes.at(*o.parent_number).objective.team_id == only->id;
                if (in_team && !parent_in_team) roots.push_back(n);
            } else if (!parent_shown) {
                roots.push_back(n);
            }
        }
        std::vector<std::string> lines;
        size_t unaligned = 0;
        std::set<int> drawn;
        std::function<void(int, int)> draw = [&](int n, int depth) {
            if (!drawn.insert(n).second || lines.size() >= 200) return;
            const auto& o = nodes.at(n).objective;
            auto t = teams.find(o.team_id);
            bool flag = !o.parent_number && t != teams.end() && t->second.parent_team_id;
            if (flag) ++unaligned;
            std::string indent;
            for (int i = 0; i < depth; ++i) indent += "\u2003\u2003";
            lines.push_back(fmt::format("{}{}{} *{}* {} · {}{}", indent, depth ? "\u2514 " : "",
                                        progress_bar(rolled_up_progress(nodes, n)), obj_ref(o), escape_text(o.title),
                                        escape_text(t != teams.end() ? t->second.name : "no team"),
                                        flag ? " · :warning: unaligned" : ""));
            if (depth < 8) {
                for (int child : children_of(nodes, n)) draw(child, depth + 1);
            }
        };
        for (int r : roots) draw(r, 0);
        Message m;
        m.header(only ? fmt::format("Alignment · {} · {}", only->name, cycle) : fmt::format("Alignment · {}", cycle));
        if (lines.empty()) {
            m.section(only ? fmt::format("Team *{}* has no objectives in {}.", escape_text(only->name), cycle)
                           : fmt::format("No objectives in {} yet.", cycle));
        }
        std::string text;
        size_t in_section = 0;
        for (const auto& l : lines) {
            if (in_section == 10) {
                m.section(text);
                text.clear();
                in_section = 0;
                if (m.blocks.size() >= max_list_blocks) break;
            }
            text += (text.empty() ? "" : "\n") + l;
            ++in_section;
        }
        if (!text.empty()) m.section(text);
        m.context("A parent's progress is the mean of its own key results and its aligned objectives." +
                  std::string(unaligned ? fmt::format(" {} unaligned: no parent objective although the team has a parent "
                                                      "team (`objective add ... parent=O-N`).",
                                                      unaligned)
                                        : ""));
        m.text = fmt::format("Alignment tree: {} objectives", lines.size());
        return {m};
    }

    // ---- team leads and the team view -------------------------------------------------

    static std::string join(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    }

    // Names of the teams below `team_id` (children, grandchildren, ...), depth first.
    std::vector<std::string> teams_below(RowId team_id) const {
        std::vector<std::string> out;
        auto all = ctx_.repos.teams.teams(ws_);
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

    Outcome team_lead(const TeamLeadCmd& c) {
        if (!is_admin()) return admin_only();
        auto team = ctx_.repos.teams.find_team(ws_, c.name);
        if (!team) return unknown_team(c.name);
        auto members_before = ctx_.repos.teams.members(ws_, team->id);
        std::vector<std::string> changed, unchanged, joined;
        for (const auto& u : c.users) {
            bool was_member = std::find(members_before.begin(), members_before.end(), u) != members_before.end();
            bool did = ctx_.repos.teams.set_lead(ws_, team->id, u, c.on, ctx_.now);
            (did ? changed : unchanged).push_back(mention(u));
            if (did && c.on && !was_member) joined.push_back(mention(u));
        }
        std::string text;
        if (!changed.empty()) {
            text = c.on ? fmt::format(":crown: {} now lead{} team *{}*.", join(changed), changed.size() == 1 ? "s" : "",
                                      escape_text(team->name))
                        : fmt::format("{} no longer lead{} team *{}* (still member{}).", join(changed),
                                      changed.size() == 1 ? "s" : "", escape_text(team->name),
                                      changed.size() == 1 ? "" : "s");
        }
        if (!unchanged.empty()) {
            if (!text.empty()) text += "\n";
            text += fmt::format("{} {} a lead of team *{}*.", join(unchanged), c.on ? "already was" : "wasn't",
                                escape_text(team->name));
        }
        if (!joined.empty()) text += fmt::format("\n{} joined the team as well.", join(joined));
        Message m;
        m.text = escape_text(fmt::format("Team {} leads updated.", team->name));
        m.section(text);
        auto below = teams_below(team->id);
        if (c.on) {
            m.context(below.empty()
                          ? fmt::format("Leads see and look after the internal objectives of the teams below *{}*; it has "
                                        "none yet (`team create NAME parent={}`).",
                                        escape_text(team->name), escape_text(team->name))
                          : fmt::format("Leads see the internal objectives of {} and may edit, grade, archive and write "
                                        "retros of them.",
                                        escape_text(join(below))));
        }
        auto leads = ctx_.repos.teams.leads(ws_, team->id);
        std::vector<std::string> shown;
        for (const auto& l : leads) shown.push_back(mention(l));
        m.context(leads.empty() ? std::string("No leads now.") : fmt::format("Leads now: {}", join(shown)));
        return {m};
    }

    Outcome team_show(const TeamShowCmd& c) {
        auto team = ctx_.repos.teams.find_team(ws_, c.name);
        if (!team) return unknown_team(c.name);
        auto members = ctx_.repos.teams.members(ws_, team->id);
        auto leads = ctx_.repos.teams.leads(ws_, team->id);
        std::optional<Team> parent;
        if (team->parent_team_id) parent = ctx_.repos.teams.find_team_by_id(ws_, *team->parent_team_id);
        std::string channel = team->channel;
        if (ctx_.repos.cadence) {
            if (auto s = ctx_.repos.cadence->settings_of(ws_, team->id)) channel = s->channel;
        }
        Message m;
        m.header(fmt::format("Team {}", team->name));
        m.section(fmt::format("Channel {} · time zone {}{}", channel_text(channel), escape_text(timezone_of(*team)),
                              parent ? fmt::format(" · part of *{}*", escape_text(parent->name)) : std::string()));
        std::vector<std::string> lead_names, member_names;
        for (const auto& l : leads) lead_names.push_back(mention(l));
        for (const auto& u : members) {
            bool is_lead = std::find(leads.begin(), leads.end(), u) != leads.end();
            member_names.push_back(mention(u) + (is_lead ? " (lead)" : ""));
        }
        std::string people = fmt::format("*Members* ({}): {}", members.size(),
                                         members.empty() ? std::string("none yet") : join(member_names));
        if (!leads.empty()) people += fmt::format("\n*Leads*: {}", join(lead_names));
        m.section(people);
        auto below = teams_below(team->id);
        if (!below.empty()) {
            std::vector<std::string> escaped;
            for (const auto& b : below) escaped.push_back(escape_text(b));
            m.context(fmt::format("Teams below: {}.{}", join(escaped),
                                  leads.empty() ? "" : " Its leads see their internal objectives too."));
        }
        m.text = escape_text(fmt::format("Team {}: {} members, {} leads", team->name, members.size(), leads.size()));
        return {m};
    }

    // ---- custom cycles ------------------------------------------------------------------

    Outcome cycles_missing() const {
        return error("Custom cycles aren't available on this server; calendar quarters (2027-Q1) are.", cmd("help"));
    }

    static std::string span_text(const CycleSpan& c) {
        auto days = std::chrono::duration_cast<std::chrono::days>(c.end - c.start).count();
        return fmt::format("{} to {} ({} day{})", c.first_day(), c.last_day(), days, days == 1 ? "" : "s");
    }

    Outcome cycle_add(const CycleAddCmd& c) {
        if (!ctx_.repos.cycles) return cycles_missing();
        if (!is_admin()) return admin_only("cycles");
        if (auto existing = ctx_.repos.cycles->find_cycle(ws_, c.name)) {
            return error(fmt::format("A cycle called *{}* already exists ({} to {}).", escape_text(existing->name),
                                     existing->start, existing->end),
                         cmd("cycle list"));
        }
        auto added = ctx_.repos.cycles->add_cycle(ws_, NewCycle{c.name, c.start, c.end, ctx_.actor.user_id, ctx_.now});
        if (!added) return error(fmt::format("A cycle called *{}* already exists.", escape_text(c.name)), cmd("cycle list"));
        calendar_.reset();
        auto span = *span_of(*added);
        Message m;
        m.text = escape_text(fmt::format("Cycle {} added: {} to {}", added->name, added->start, added->end));
        m.section(fmt::format(":calendar: Cycle *{}* added: {}.", escape_text(added->name), span_text(span)));
        auto current = calendar().current(ctx_.now);
        if (current.custom && current.name == added->name) {
            m.context("It is the current cycle now: new objectives, lists and the tree use it unless you name another.");
        } else {
            m.context(fmt::format("The current cycle is still *{}*.", escape_text(current.name)));
        }
        m.context(fmt::format("Use it: `{}`", cmd(fmt::format("objective add \"...\" cycle={}", added->name))));
        return {m};
    }

    Outcome cycle_list() {
        if (!ctx_.repos.cycles) return cycles_missing();
        const auto& cal = calendar();
        const auto current = cal.current(ctx_.now);
        Message m;
        m.header("Cycles");
        std::vector<std::string> lines;
        for (const auto& c : cal.custom()) {
            bool is_current = c.custom && current.custom && c.name == current.name;
            int used = ctx_.repos.cycles->objectives_in_cycle(ws_, c.name);
            lines.push_back(fmt::format("{}*{}* {} · {} objective{}{}", is_current ? ":arrow_forward: " : "",
                                        escape_text(c.name), span_text(c), used, used == 1 ? "" : "s",
                                        is_current ? " · *current*" : ""));
        }
        std::string text;
        for (size_t i = 0; i < lines.size() && i < 100; ++i) {
            if (i > 0 && i % 10 == 0) {
                m.section(text);
                text.clear();
            }
            text += (text.empty() ? "" : "\n") + lines[i];
        }
        if (lines.empty()) {
            m.section("This workspace has no custom cycles: OKRs run in calendar quarters.");
        } else {
            m.section(text);
        }
        if (!current.custom) {
            m.context(fmt::format(":arrow_forward: Current: *{}*, the calendar quarter {}, since no custom cycle "
                                  "contains today.",
                                  current.name, span_text(current)));
        }
        m.context(fmt::format("Calendar quarters (2027-Q1) always work too. Add one: `{}`",
                              cmd("cycle add 2027-H1 start=2027-01-01 end=2027-06-30")));
        m.text = fmt::format("{} custom cycles; current: {}", cal.custom().size(), escape_text(current.name));
        return {m};
    }

    Outcome cycle_remove(const CycleRemoveCmd& c) {
        if (!ctx_.repos.cycles) return cycles_missing();
        if (!is_admin()) return admin_only("cycles");
        auto found = ctx_.repos.cycles->find_cycle(ws_, c.name);
        if (!found) {
            std::string known = calendar().known_text();
            return error(fmt::format("There's no custom cycle called *{}* here.{}", escape_text(c.name),
                                     known.empty() ? std::string(" This workspace has none.") : " Cycles: " + known + "."),
                         cmd("cycle list"));
        }
        auto result = ctx_.repos.cycles->remove_cycle(ws_, found->name);
        if (result == CycleRepository::Removal::in_use) {
            int used = ctx_.repos.cycles->objectives_in_cycle(ws_, found->name);
            return error(fmt::format("Cycle *{}* can't be removed: {} objective{} {} in it (archived ones count too).",
                                     escape_text(found->name), used, used == 1 ? "" : "s", used == 1 ? "is" : "are"),
                         cmd(fmt::format("list all cycle={}", found->name)));
        }
        if (result == CycleRepository::Removal::not_found) {
            return error(fmt::format("There's no custom cycle called *{}* here.", escape_text(c.name)), cmd("cycle list"));
        }
        calendar_.reset();
        Message m;
        m.text = escape_text(fmt::format("Cycle {} removed", found->name));
        m.section(fmt::format(":wastebasket: Cycle *{}* ({} to {}) removed.", escape_text(found->name), found->start,
                              found->end));
        m.context(fmt::format("The current cycle is *{}*.", escape_text(calendar().current(ctx_.now).name)));
        return {m};
    }

    // ---- templates ----------------------------------------------------------------

    Outcome template_cmd(const TemplateCmd& c) {
        std::string names;
        for (const auto& n : template_names()) names += (names.empty() ? "" : ", ") + n;
        if (c.name.empty()) {
            Message m;
            m.header("OKR templates");
            m.section(fmt::format("Templates: {}. Each proposes an objective with example key results you can copy "
                                  "and edit.", names));
            m.context(fmt::format("`{}`", cmd("template sales")));
            m.text = "OKR templates: " + names;
            return {m};
        }
        auto t = template_named(c.name);
        if (!t) return error(fmt::format("There's no template `{}`. Templates: {}.", escape_text(c.name), names), cmd("template product"));
        Message m;
        m.header(fmt::format("Template · {}", t->name));
        m.section(fmt::format("*Objective*: {}\n`{}`", t->objective,
                              cmd(fmt::format("objective add \"{}\" public", t->objective))));
        std::string lines = "*Key results* (replace O-N with the new objective's id):";
        for (const auto& k : t->krs) {
            lines += fmt::format("\n`{}`", cmd(fmt::format("kr add O-N \"{}\" {} due=YYYY-MM-DD", k.title, k.options)));
        }
        m.section(lines);
        m.context("Edit the numbers to your own baseline: a good key result is a number you can move this cycle.");
        m.text = fmt::format("Template {}: {}", t->name, t->objective);
        return {m};
    }

    // ---- carry-over ----------------------------------------------------------------

    Outcome carry(const CarryCmd& c) {
        if (!ctx_.repos.playbook) return playbook_missing();
        auto found = visible_objective(c.objective);
        if (auto* e = std::get_if<Outcome>(&found)) return *e;
        const auto& o = std::get<Objective>(found);
        if (auto refused = refuse_unless_member(o, "carry over")) return *refused;
        auto from = calendar().find(o.cycle);
        if (!from && !c.cycle) {
            return error(fmt::format("{} has no cycle; say where to carry it.", obj_ref(o)),
                         cmd(fmt::format("carry {} to={}", obj_ref(o), calendar().current(ctx_.now).name)));
        }
        std::string to;
        if (c.cycle) {
            auto target = cycle_named(*c.cycle, fmt::format("carry {} to=2027-Q2", obj_ref(o)));
            if (auto* e = std::get_if<Outcome>(&target)) return *e;
            const auto& span = std::get<CycleSpan>(target);
            if (from && span.start <= from->start) {
                return error(fmt::format("{} is in {} (from {}); carry it into a later cycle.", obj_ref(o),
                                         escape_text(o.cycle), from->first_day()),
                             cmd(fmt::format("carry {} to={}", obj_ref(o), calendar().next_after(*from).name)));
            }
            to = span.name;
        } else {
            to = calendar().next_after(*from).name;
        }
        std::vector<KeyResult> open;
        for (auto& k : ctx_.repos.objectives.key_results_of(ws_, o.id)) {
            if (progress(k) < 1.0) open.push_back(std::move(k));
        }
        if (open.empty()) {
            return error(fmt::format("Every key result of {} is done; there is nothing to carry.", obj_ref(o)),
                         cmd(fmt::format("grade {}", obj_ref(o))));
        }
        std::vector<RowId> ids;
        for (const auto& k : open) ids.push_back(k.id);
        int number = ctx_.repos.playbook->carry_objective(ws_, o.id, to, ids, ctx_.actor.user_id, ctx_.now);
        auto copy = *ctx_.repos.objectives.find_objective(ws_, number);
        std::string lines;
        auto fresh = ctx_.repos.objectives.key_results_of(ws_, copy.id);
        for (size_t i = 0; i < fresh.size() && i < open.size(); ++i) {
            lines += fmt::format("\n• *{}* {} (from {}) {}", kr_ref(fresh[i]), escape_text(fresh[i].title),
                                 kr_ref(open[i]), percent(progress(fresh[i])));
        }
        Message m;
        m.audience = Audience::channel;
        m.text = escape_text(fmt::format("{} carried into {} as {}", obj_ref(o), to, obj_ref(copy)));
        m.section(fmt::format(":arrow_right_hook: *{}* {} carried into *{}* as *{}* with {} unfinished key results:{}",
                              obj_ref(o), escape_text(o.title), escape_text(to), obj_ref(copy), open.size(), lines));
        m.context(fmt::format("Grade and archive the old one when you're ready: `{}` · `{}`",
                              cmd(fmt::format("grade {}", obj_ref(o))), cmd(fmt::format("archive {}", obj_ref(o)))));
        return {m};
    }
};

}  // namespace

bool known_timezone(const std::string& name) {
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

Message error_message(const UserError& e) {
    Message m;
    m.audience = Audience::ephemeral;
    m.text = e.what;
    m.section(":warning: " + e.what);
    if (!e.hint.empty()) m.context(fmt::format("Try: `{}`", e.hint));
    return m;
}

Outcome handle(const Command& command, const HandlerContext& ctx) {
    Handler h(ctx);
    return std::visit(h, command);
}

Message home_tab(const HandlerContext& ctx) { return Handler(ctx).home_tab(); }

Outcome handle_text(std::string_view text, const HandlerContext& ctx) {
    auto parsed = parse_command(text, ctx.command_name);
    if (parsed.error) return {error_message(*parsed.error)};
    return handle(*parsed.command, ctx);
}

}  // namespace goalpost::core
