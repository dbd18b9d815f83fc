#include "core/handlers.hpp"

#include <algorithm>
#include <date/tz.h>
#include <fmt/format.h>

#include "core/cadence.hpp"
#include "core/digest.hpp"
#include "core/numbers.hpp"
#include "core/scoring.hpp"
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

private:
    const HandlerContext& ctx_;
    const WorkspaceKey& ws_;

    std::string cmd(std::string_view rest) const { return fmt::format("{} {}", ctx_.command_name, rest); }

    static Outcome error(std::string what, std::string hint = {}) {
        return {error_message(UserError{std::move(what), std::move(hint)})};
    }

    bool is_admin() const {
        return ctx_.admins.empty() ||
               std::find(ctx_.admins.begin(), ctx_.admins.end(), ctx_.actor.user_id) != ctx_.admins.end();
    }

    bool is_member(RowId team_id) const {
        auto members = ctx_.repos.teams.members(ws_, team_id);
        return std::find(members.begin(), members.end(), ctx_.actor.user_id) != members.end();
    }

    // Internal objectives are the team's own: only its members see them.
    bool can_see(const Objective& o) const {
        return o.visibility == Visibility::public_ || is_member(o.team_id);
    }

    Outcome unknown_team(const std::string& name) const {
        auto teams = ctx_.repos.teams.teams(ws_);
        std::string known;
        for (const auto& t : teams) known += (known.empty() ? "" : ", ") + escape_text(t.name);
        return error(fmt::format("There's no team called *{}* here.{}", escape_text(name),
                                 known.empty() ? std::string(" No teams exist yet.") : " Teams: " + known + "."),
                     cmd(fmt::format("team create {}", name)));
    }

    Outcome admin_only() const {
        return error("Only goalpost admins can manage teams on this server.",
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
            {"team", "team set NAME [reminder=mon 09:00] [digest=fri 16:00] [summary=1 10:00] [stakeholders=#chan] [channel=#chan] [tz=Europe/Berlin] [teams_webhook=URL]",
             "When the team is reminded, gets its weekly digest and sends stakeholders the monthly summary (local time; `off` turns one off)."},
            {"objective", "objective add \"title\" [team=NAME] [parent=O-3] [cycle=2027-Q1] [public|internal] [committed|aspirational]",
             "Add an objective; public ones reach stakeholders, internal ones stay in the team."},
            {"kr", "kr add O-3 \"title\" from=30 to=50 [unit=pts] [due=2027-03-31] [owner=@person]",
             "Add a measurable key result. Decreasing metrics work too: from=5% to=3%."},
            {"kr", "kr add O-3 \"title\" binary", "A key result that is done or not (a launch, a quick win)."},
            {"checkin", "checkin KR-7 42 [confidence=1..10 | on-track | at-risk | off-track] [note]",
             "Record where a key result is now. Numbers like 1,200, 5% and $1,200 are fine; `done` for binary ones."},
            {"list", "list [mine | team NAME | all]", "Your key results, a team's objectives, or everything."},
            {"show", "show O-3  |  show KR-7", "One objective with its key results, or one key result with its recent check-ins."},
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
        m.text = fmt::format("{} help: team, objective, kr, checkin, list, show, digest, summary", ctx_.command_name);
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
                         cmd(fmt::format("team create {} tz=Europe/Berlin", c.name)));
        }
        NewTeam nt{c.name, c.channel.value_or(ctx_.actor.channel_id), tz, parent, ctx_.actor.user_id, ctx_.now};
        auto team = ctx_.repos.teams.create_team(ws_, nt);
        if (!team) {
            return error(fmt::format("A team called *{}* already exists.", escape_text(c.name)),
                         cmd(fmt::format("team add {} @person", c.name)));
        }
        ctx_.repos.teams.add_member(ws_, team->id, ctx_.actor.user_id, ctx_.now);
        Message m;
        m.text = escape_text(fmt::format("Team {} created.", team->name));
        m.section(fmt::format(":busts_in_silhouette: Team *{}* created, posting to {} ({}). You're its first member.",
                              escape_text(team->name), channel_text(team->channel), escape_text(team->timezone)));
        m.context(fmt::format("Next: `{}` then `{}`", cmd(fmt::format("team add {} @person", team->name)),
                              cmd(fmt::format("objective add \"...\" team={}", team->name))));
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
                         cmd(fmt::format("team set {} tz=Europe/Berlin", c.name)));
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
        auto m = weekly_digest(ctx_.repos, ws_, team, s->cadence.timezone, through_now);
        m.audience = Audience::ephemeral;
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
                         cmd(fmt::format("team add {} {}", team->name, mention(ctx_.actor.user_id))));
        }
        if (c.parent && !ctx_.repos.objectives.find_objective(ws_, *c.parent)) {
            return error(fmt::format("O-{} doesn't exist in this workspace, so it can't be the parent.", *c.parent),
                         cmd("list all"));
        }
        NewObjective no{team->id,
                        c.title,
                        c.parent,
                        c.cycle.value_or(quarter_of(ctx_.now)),
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
        return {m};
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
                         cmd(fmt::format("team add {} {}", tn, mention(ctx_.actor.user_id))));
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
        if (siblings.size() > 5) hints.push_back(fmt::format("{} now has {} key results; 3 to 5 keep it focused.", obj_ref(*o), siblings.size()));
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
                         cmd(fmt::format("team add {} {}", tn, mention(ctx_.actor.user_id))));
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
        return {m, true};
    }

    Outcome list(const ListCmd& c) {
        if (c.scope == ListCmd::Scope::mine) return list_mine();
        if (c.scope == ListCmd::Scope::all) return list_all();
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
        m.header(fmt::format("Team {}", team->name));
        size_t shown = 0, hidden = 0;
        for (const auto& o : ctx_.repos.objectives.objectives_of_team(ws_, team->id)) {
            if (!can_see(o)) continue;
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
            m.section(fmt::format("Team *{}* has no objectives yet.", escape_text(team->name)));
            m.context(fmt::format("`{}`", cmd(fmt::format("objective add \"...\" team={}", team->name))));
        }
        if (hidden) m.context(fmt::format("…and {} more objectives. `{}` shows one in full.", hidden, cmd("show O-N")));
        m.text = escape_text(fmt::format("Team {}: {} objectives", team->name, shown + hidden));
        return {m};
    }

    Outcome list_mine() {
        auto krs = ctx_.repos.objectives.key_results_owned_by(ws_, ctx_.actor.user_id);
        Message m;
        m.header("Your key results");
        size_t hidden = 0;
        for (const auto& kr : krs) {
            if (m.blocks.size() >= max_list_blocks) { ++hidden; continue; }
            std::string line = kr_line(kr);
            line += kr.last_checkin_at ? fmt::format(" · last check-in {}", iso_date(*kr.last_checkin_at))
                                       : std::string(" · no check-in yet");
            m.section(line);
        }
        if (krs.empty()) {
            m.section("You don't own any key results yet.");
            m.context(fmt::format("`{}`", cmd("kr add O-1 \"...\" from=0 to=100")));
        }
        if (hidden) m.context(fmt::format("…and {} more.", hidden));
        m.text = fmt::format("You own {} key results", krs.size());
        return {m};
    }

    Outcome list_all() {
        Message m;
        m.header("All teams");
        size_t hidden = 0, count = 0;
        for (const auto& team : ctx_.repos.teams.teams(ws_)) {
            std::string text = fmt::format("*{}*", escape_text(team.name));
            size_t visible = 0;
            for (const auto& o : ctx_.repos.objectives.objectives_of_team(ws_, team.id)) {
                if (!can_see(o)) continue;
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

    Outcome show(const ShowCmd& c) {
        if (c.objective) {
            auto o = ctx_.repos.objectives.find_objective(ws_, c.number);
            if (!o || !can_see(*o)) return error(fmt::format("O-{} doesn't exist in this workspace.", c.number), cmd("list all"));
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
                if (m.blocks.size() >= max_list_blocks) { ++hidden; continue; }
                m.section(kr_line(kr));
            }
            if (krs.empty()) m.context(fmt::format("No key results yet: `{}`", cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(*o)))));
            if (hidden) m.context(fmt::format("…and {} more key results.", hidden));
            m.text = escape_text(fmt::format("{} {}: {}", obj_ref(*o), o->title, percent(p)));
            return {m};
        }
        auto kr = ctx_.repos.objectives.find_key_result(ws_, c.number);
        std::optional<Objective> o;
        if (kr) o = ctx_.repos.objectives.find_objective(ws_, kr->objective_number);
        if (!kr || !o || !can_see(*o)) return error(fmt::format("KR-{} doesn't exist in this workspace.", c.number), cmd("list mine"));
        Message m;
        m.header(fmt::format("{} {}", kr_ref(*kr), kr->title));
        m.section(kr_line(*kr));
        m.context(fmt::format("For {} {}{}", obj_ref(*o), escape_text(o->title), kr->due ? " · due " + *kr->due : ""));
        auto history = ctx_.repos.checkins.checkins_of(ws_, kr->id, 5);
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

Outcome handle_text(std::string_view text, const HandlerContext& ctx) {
    auto parsed = parse_command(text, ctx.command_name);
    if (parsed.error) return {error_message(*parsed.error)};
    return handle(*parsed.command, ctx);
}

}  // namespace goalpost::core
