#include "core/commands/views.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/commands/playbook.hpp"
#include "core/numbers.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/okr/scoring.hpp"
#include "core/schedule/report.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"list", "list [mine | team NAME | all] [cycle=2027-Q1|NAME]",
     "Your key results, a team's objectives, or everything, in the current cycle unless you name another."},
    {"show", "show O-3  |  show KR-7  [history]",
     "One objective with its key results, grade and retro, or one key result with its pace and recent check-ins; "
     "`history` lists every edit."},
};

std::string previous_of(Context& cx, const std::string& cycle) {
    auto span = cx.calendar().find(cycle);
    return span ? cx.calendar().previous_before(*span).name : previous_cycle(cycle);
}

// The actor's key results in `cycle`; `elsewhere` counts those in other cycles.
std::vector<KeyResult> owned_in(Context& cx, const std::string& cycle, size_t& elsewhere) {
    auto krs = cx.repos().objectives.key_results_owned_by(cx.ws(), cx.user());
    std::map<int, std::string> cycles;
    elsewhere = 0;
    std::erase_if(krs, [&](const KeyResult& kr) {
        auto it = cycles.find(kr.objective_number);
        if (it == cycles.end()) {
            auto o = cx.repos().objectives.find_objective(cx.ws(), kr.objective_number);
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
size_t add_owned_lines(Message& m, const std::vector<KeyResult>& krs, bool with_button) {
    size_t hidden = 0;
    for (const auto& kr : krs) {
        if (m.blocks.size() >= max_list_blocks) {
            ++hidden;
            continue;
        }
        std::string line = kr_line(kr);
        line += kr.last_checkin_at ? fmt::format(" · last check-in {}", iso_date(*kr.last_checkin_at))
                                   : std::string(" · no check-in yet");
        if (with_button) m.section(line, Button{"Check in", "checkin_open", kr_ref(kr)});
        else m.section(line);
    }
    return hidden;
}

Outcome list_mine(Context& cx, const std::string& cycle) {
    size_t elsewhere = 0;
    auto krs = owned_in(cx, cycle, elsewhere);
    Message m;
    m.header(fmt::format("Your key results · {}", cycle));
    if (elsewhere) {
        m.context(fmt::format("{} more in other cycles: `{}`", elsewhere,
                              cx.cmd(fmt::format("list mine cycle={}", previous_of(cx, cycle)))));
    }
    size_t hidden = add_owned_lines(m, krs, false);
    if (krs.empty()) {
        m.section(fmt::format("You don't own any key results in {} yet.", cycle));
        m.context(fmt::format("`{}`", cx.cmd("kr add O-1 \"...\" from=0 to=100")));
    }
    if (hidden) m.context(fmt::format("…and {} more.", hidden));
    m.text = fmt::format("You own {} key results", krs.size());
    return m;
}

// The KRs of a team's objectives (those not archived) by objective row id, in one query.
std::map<RowId, std::vector<KeyResult>> key_results_by_objective(Context& cx, RowId team_id) {
    std::map<RowId, std::vector<KeyResult>> out;
    for (auto& kr : cx.repos().objectives.key_results_of_team(cx.ws(), team_id)) {
        out[kr.objective_id].push_back(std::move(kr));
    }
    return out;
}

const std::vector<KeyResult>& krs_of(const std::map<RowId, std::vector<KeyResult>>& by_objective, RowId objective_id) {
    static const std::vector<KeyResult> none;
    auto it = by_objective.find(objective_id);
    return it == by_objective.end() ? none : it->second;
}

Outcome list_all(Context& cx, const std::string& cycle) {
    Message m;
    m.header(fmt::format("All teams · {}", cycle));
    size_t hidden = 0, count = 0;
    for (const auto& team : cx.repos().teams.teams(cx.ws())) {
        std::string text = fmt::format("*{}*", escape_text(team.name));
        size_t visible = 0;
        const auto krs_by_objective = key_results_by_objective(cx, team.id);
        for (const auto& o : cx.repos().objectives.objectives_of_team(cx.ws(), team.id)) {
            if (!may_see(cx.viewer(), o) || o.cycle != cycle) continue;
            const auto& krs = krs_of(krs_by_objective, o.id);
            text += fmt::format("\n{} *{}* {}", progress_bar(objective_progress(krs)), obj_ref(o), escape_text(o.title));
            ++visible;
        }
        if (visible == 0) text += "\n_no objectives yet_";
        ++count;
        if (m.blocks.size() >= max_list_blocks) {
            ++hidden;
            continue;
        }
        m.section(text);
    }
    if (count == 0) {
        m.section("No teams yet.");
        m.context(fmt::format("`{}`", cx.cmd("team create NAME")));
    }
    if (hidden) m.context(fmt::format("…and {} more teams. `{}` lists one.", hidden, cx.cmd("list team NAME")));
    m.text = fmt::format("{} teams", count);
    return m;
}

// The named team, or the asker's only one.
UserResult<Team> team_to_list(Context& cx, const std::optional<std::string>& name) {
    if (name) return cx.team_named(*name);
    auto mine = cx.repos().teams.teams_of_member(cx.ws(), cx.user());
    if (mine.size() == 1) return mine.front();
    return UserError{mine.empty() ? "You aren't in a team; name the team to list."
                                  : "You're in several teams; name the one to list.",
                     cx.cmd("list team NAME")};
}

Outcome list_team(Context& cx, const std::optional<std::string>& name, const std::string& cycle) {
    auto team = team_to_list(cx, name);
    if (!team) return team.error();
    Message m;
    m.header(fmt::format("Team {} · {}", team->name, cycle));
    size_t shown = 0, hidden = 0, elsewhere = 0;
    const auto krs_by_objective = key_results_by_objective(cx, team->id);
    for (const auto& o : cx.repos().objectives.objectives_of_team(cx.ws(), team->id)) {
        if (!may_see(cx.viewer(), o)) continue;
        if (o.cycle != cycle) {
            ++elsewhere;
            continue;
        }
        if (m.blocks.size() >= max_list_blocks) {
            ++hidden;
            continue;
        }
        const auto& krs = krs_of(krs_by_objective, o.id);
        std::string text =
            fmt::format("*{}* {}\n{}", obj_ref(o), escape_text(o.title), progress_bar(objective_progress(krs)));
        for (const auto& kr : krs) {
            text += fmt::format("\n• {} {} {}", kr_ref(kr), escape_text(kr.title), percent(progress(kr)));
        }
        m.section(text);
        ++shown;
    }
    if (shown == 0 && hidden == 0) {
        m.section(fmt::format("Team *{}* has no objectives in {} yet.", escape_text(team->name), cycle));
        m.context(fmt::format("`{}`", cx.cmd(fmt::format("objective add \"...\" team={}", escape_text(team->name)))));
    }
    if (hidden) m.context(fmt::format("…and {} more objectives. `{}` shows one in full.", hidden, cx.cmd("show O-N")));
    if (elsewhere) {
        m.context(fmt::format("{} more in other cycles: `{}`", elsewhere,
                              cx.cmd(fmt::format("list team {} cycle={}", escape_text(team->name),
                                                 previous_of(cx, cycle)))));
    }
    m.text = escape_text(fmt::format("Team {}: {} objectives", team->name, shown + hidden));
    return m;
}

// "Pace: expected 45% by now ... → behind (yellow), because ...".
std::string pace_line(Context& cx, const KeyResult& kr, const Objective& o, const std::vector<Checkin>& recent) {
    double now = progress(kr);
    const auto cycle = cx.calendar().find(o.cycle);
    double expected = expected_progress(kr, o, cx.now(), cycle);
    Risk risk = risk_of(kr, o, now, cx.now(), recent, cycle);
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
                                   kr.due ? "its dates" : "the cycle", iso_date(cx.now()), percent(now), why);
    if (kr.last_confidence) {
        line += fmt::format("\nConfidence {}/10 ({})", *kr.last_confidence, confidence_label(*kr.last_confidence));
    } else {
        line += "\nNo confidence given yet: add on-track, at-risk or off-track to a check-in.";
    }
    return line;
}

// Archived, the roll-up through aligned objectives, the grade and the retro.
void playbook_facts(Context& cx, Message& m, const Objective& o, const std::vector<KeyResult>& krs) {
    auto& pb = *cx.repos().playbook;
    if (pb.is_archived(cx.ws(), o.id)) m.context(":file_cabinet: Archived: it no longer shows in lists and digests.");
    std::map<int, AlignmentNode> nodes;
    for (const auto& x : pb.all_objectives(cx.ws())) {
        AlignmentNode node{x, {}};
        for (const auto& k : x.id == o.id ? krs : cx.repos().objectives.key_results_of(cx.ws(), x.id)) {
            node.kr_progress.push_back(progress(k));
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
    if (auto g = pb.grade_of_objective(cx.ws(), o.id)) {
        auto card = score_objective(o, krs, pb.overrides_of(cx.ws(), o.id));
        m.context(fmt::format("Graded *{:.2f}* ({}) by {} on {} · {}", g->score, grade_name(grade_of(g->score)),
                              mention(g->user_id), iso_date(g->at),
                              g->score >= card.threshold - 1e-9 ? "achieved" : "not achieved"));
    }
    auto retros = pb.retros_of(cx.ws(), o.id);
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

Outcome show_objective(Context& cx, const ShowCmd& c) {
    auto o = cx.visible_objective(c.number);
    if (!o) return o.error();
    if (c.history) {
        if (!cx.repos().playbook) return cx.playbook_missing();
        return history_message(obj_ref(*o), o->title,
                               cx.repos().playbook->history_of(cx.ws(), EditTarget::objective, o->id));
    }
    auto krs = cx.repos().objectives.key_results_of(cx.ws(), o->id);
    double p = objective_progress(krs);
    Message m;
    m.header(fmt::format("{} {}", obj_ref(*o), o->title));
    m.section(fmt::format("{}\nTeam *{}* · {} · {} · {}", progress_bar(p), escape_text(cx.team_name_of(o->team_id)),
                          o->cycle, visibility_text(o->visibility), kind_text(o->kind)));
    if (o->parent_number) m.context(fmt::format("Aligned to O-{}", *o->parent_number));
    size_t hidden = 0;
    for (const auto& kr : krs) {
        if (m.blocks.size() >= max_list_blocks - 6) {  // room for the facts below
            ++hidden;
            continue;
        }
        m.section(kr_line(kr));
    }
    if (krs.empty()) {
        m.context(fmt::format("No key results yet: `{}`", cx.cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(*o)))));
    }
    if (hidden) m.context(fmt::format("…and {} more key results.", hidden));
    if (auto hint = kr_count_hint(*o, krs.size()); !hint.empty() && !krs.empty()) m.context(":bulb: " + hint);
    if (cx.repos().playbook) playbook_facts(cx, m, *o, krs);
    m.text = escape_text(fmt::format("{} {}: {}", obj_ref(*o), o->title, percent(p)));
    return m;
}

// The five latest check-ins, or how to make the first.
void recent_checkins(Context& cx, Message& m, const KeyResult& kr, std::vector<Checkin> history) {
    if (history.size() > 5) history.resize(5);
    if (history.empty()) {
        m.context(fmt::format("No check-ins yet: `{}`", cx.cmd(fmt::format("checkin {} VALUE", kr_ref(kr)))));
        return;
    }
    std::string text = "*Recent check-ins*";
    for (const auto& ch : history) {
        text += fmt::format("\n{} {} {}", iso_date(ch.at), mention(ch.user_id), value_text(kr, ch.value));
        if (ch.confidence) text += fmt::format(" · confidence {}/10", *ch.confidence);
        if (!ch.note.empty()) text += fmt::format(" · _{}_", escape_text(ch.note));
    }
    m.section(text);
}

// "Reads Jira issues matching `...` · last read 2027-01-08 09:00 UTC: 42 · ⚠️ the last 3 reads failed: ..."
std::string source_line(const KrSource& s, const KeyResult& kr) {
    std::string line = fmt::format(":satellite_antenna: Reads {}", escape_text(describe_source(s.spec)));
    if (!s.last_read_at) return line + " · not read yet";
    if (s.failures == 0 && !s.last_error.empty()) return line + " · not read: " + escape_text(s.last_error);
    if (s.failures == 0) {
        return line + fmt::format(" · last read {} UTC: {}", iso_minute(*s.last_read_at),
                                  s.last_value ? format_value(*s.last_value, kr.unit) : std::string("?"));
    }
    line += fmt::format(" · :warning: {} failed at {} UTC: {}",
                        s.failures == 1 ? std::string("the last read") : fmt::format("the last {} reads", s.failures),
                        iso_minute(*s.last_read_at), escape_text(s.last_error));
    if (s.last_value) line += fmt::format(" (last value read: {})", format_value(*s.last_value, kr.unit));
    return line;
}

Outcome show_key_result(Context& cx, const ShowCmd& c) {
    auto found = cx.visible_kr(c.number);
    if (!found) return found.error();
    const auto& [kr, o] = *found;
    if (c.history) {
        if (!cx.repos().playbook) return cx.playbook_missing();
        return history_message(kr_ref(kr), kr.title,
                               cx.repos().playbook->history_of(cx.ws(), EditTarget::key_result, kr.id));
    }
    Message m;
    m.header(fmt::format("{} {}", kr_ref(kr), kr.title));
    m.section(kr_line(kr));
    m.context(fmt::format("For {} {}{}", obj_ref(o), escape_text(o.title), kr.due ? " · due " + *kr.due : ""));
    auto recent = cx.repos().checkins.checkins_of(cx.ws(), kr.id, 10);
    m.section(pace_line(cx, kr, o, recent));
    if (auto* sources = cx.repos().sources) {
        if (auto source = sources->source_of(cx.ws(), kr.id)) m.context(source_line(*source, kr));
    }
    if (cx.repos().playbook) {
        if (auto from = cx.repos().playbook->carried_from(cx.ws(), kr.id)) {
            m.context(fmt::format("Carried over from KR-{}: `{}` shows its history.", *from,
                                  cx.cmd(fmt::format("show KR-{}", *from))));
        }
    }
    recent_checkins(cx, m, kr, recent);
    m.text = escape_text(fmt::format("{} {}: {}", kr_ref(kr), kr.title, percent(progress(kr))));
    return m;
}

}  // namespace

ParseResult parse_list(Cursor& in) {
    ListCmd cmd;
    const std::string usage = "list team growth cycle=2027-Q1";
    if (!in.done()) {
        if (auto error = in.take_cycle(cmd.cycle, usage)) return *error;
    }
    if (in.done()) return cmd;
    std::string w = ascii_lower(in.peek().text);
    in.next();
    if (w == "mine" || w == "me") {
        cmd.scope = ListCmd::Scope::mine;
    } else if (w == "all") {
        cmd.scope = ListCmd::Scope::all;
    } else if (w == "team") {
        cmd.scope = ListCmd::Scope::team;
        if (!in.done() && !as_option(in.peek())) {
            cmd.team = in.peek().text;
            in.next();
        }
    } else {
        if (auto guess = in.did_you_mean(in.previous(), {"mine", "team", "all"})) return *guess;
        return UserError{fmt::format("`list {}`: list takes mine, team NAME or all.", escape_text(w)),
                         in.hint("list team growth")};
    }
    if (!in.done()) {
        if (auto error = in.take_cycle(cmd.cycle, usage)) return *error;
    }
    if (auto rest = in.trailing(usage)) return *rest;
    return cmd;
}

ParseResult parse_show(Cursor& in) {
    const std::string usage = "show O-3   or   /okr show KR-7 history";
    if (in.done()) return UserError{"Show what? Give an objective or key result id.", in.hint(usage)};
    const std::string& t = in.peek().text;
    ShowCmd cmd;
    if (auto kr = parse_ref(t, "kr")) {
        cmd.objective = false;
        cmd.number = *kr;
    } else if (auto o = parse_ref(t, "o")) {
        cmd.number = *o;
    } else {
        return UserError{fmt::format("`{}` isn't an id like O-3 or KR-7.", escape_text(t)), in.hint(usage)};
    }
    in.next();
    if (!in.done() && !in.peek().quoted && ascii_lower(in.peek().text) == "history") {
        cmd.history = true;
        in.next();
    }
    if (!in.done()) {
        if (auto guess = in.did_you_mean(in.peek(), {"history"})) return *guess;
    }
    if (auto rest = in.trailing(usage)) return *rest;
    return cmd;
}

std::span<const HelpLine> views_help() { return help_lines; }

Outcome handle(const ListCmd& c, Context& cx) {
    auto span = cx.cycle_or_current(c.cycle, "list team NAME cycle=2027-Q1");
    if (!span) return span.error();
    const std::string cycle = span->name;
    if (c.scope == ListCmd::Scope::mine) return list_mine(cx, cycle);
    if (c.scope == ListCmd::Scope::all) return list_all(cx, cycle);
    return list_team(cx, c.team, cycle);
}

Outcome handle(const ShowCmd& c, Context& cx) { return c.objective ? show_objective(cx, c) : show_key_result(cx, c); }

Message home_tab(const HandlerContext& ctx) {
    Context cx(ctx);
    const std::string cycle = cx.calendar().current(cx.now()).name;
    size_t elsewhere = 0;
    auto krs = owned_in(cx, cycle, elsewhere);
    Message m;
    m.header(fmt::format("Your key results · {}", cycle));
    size_t hidden = add_owned_lines(m, krs, true);
    if (hidden) m.context(fmt::format("…and {} more: `{}`", hidden, cx.cmd("list mine")));
    if (krs.empty()) {
        m.section(fmt::format("You don't own any key results in {} yet.", cycle));
        m.section(fmt::format("*Getting started*\n"
                              "1. Create a team: `{}`\n"
                              "2. Add an objective: `{}`\n"
                              "3. Add a key result you own: `{}`\n"
                              "It shows up here with a *Check in* button.",
                              cx.cmd("team create growth channel=#growth"),
                              cx.cmd("objective add \"Grow signups\" team=growth"),
                              cx.cmd("kr add O-1 \"Weekly signups\" from=200 to=500")));
        m.context(fmt::format("All commands: `{}`", cx.cmd("help")));
    }
    if (elsewhere) {
        m.context(fmt::format("{} more in other cycles: `{}`", elsewhere,
                              cx.cmd(fmt::format("list mine cycle={}", previous_of(cx, cycle)))));
    }
    m.text = krs.empty() ? std::string("goalpost: how to get started")
                         : fmt::format("Your {} key results in {}", krs.size(), cycle);
    return m;
}

}  // namespace goalpost::core
