#include "core/commands/key_result.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/commands/source.hpp"
#include "core/numbers.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"kr", "kr add O-3 \"title\" from=30 to=50 [unit=pts] [due=2027-03-31] [owner=@person]",
     "Add a measurable key result. Decreasing metrics work too: from=5% to=3%."},
    {"kr", "kr add O-3 \"title\" binary", "A key result that is done or not (a launch, a quick win)."},
};

// Reads one key=value option of kr add into `cmd` (a title= part into `words`, a unit typed
// with a number into `unit_typed`); the error for one it does not take.
std::optional<UserError> read_option(const Cursor& in, const Option& opt, KrAddCmd& cmd,
                                     std::vector<std::string>& words, std::string& unit_typed,
                                     const std::string& usage) {
    if (opt.key == "from" || opt.key == "to") {
        auto n = parse_number(opt.value);
        if (!n) return UserError{fmt::format("`{}={}` isn't a number.", opt.key, escape_text(opt.value)), in.hint(usage)};
        (opt.key == "from" ? cmd.from : cmd.to) = n->value;
        if (!n->unit.empty()) unit_typed = n->unit;
    } else if (opt.key == "unit") {
        if (utf8_length(opt.value) > 20) return UserError{"`unit=` is at most 20 characters.", in.hint(usage + " unit=pts")};
        cmd.unit = opt.value;
    } else if (opt.key == "due") {
        cmd.due = parse_date(opt.value);
        if (!cmd.due) {
            return UserError{fmt::format("`due={}` isn't a date; write it as YYYY-MM-DD.", escape_text(opt.value)),
                             in.hint(usage + " due=2027-03-31")};
        }
    } else if (opt.key == "owner") {
        cmd.owner = user_ref(opt.value);
        if (!cmd.owner) return UserError{"`owner=` needs a person, like owner=@ana.", in.hint(usage + " owner=@ana")};
    } else if (opt.key == "title") {
        words.push_back(opt.value);
    } else {
        return UserError{fmt::format("`{}=` isn't an option of kr add.", escape_text(opt.key)), in.hint(usage)};
    }
    return std::nullopt;
}

// "Last quarter (2026-Q3) KR-2 went 30 → 38 of 50": the latest earlier cycle of the team
// with a KR of the same title.
std::optional<std::string> baseline_of(const Objective& o, const KeyResult& kr, Context& cx) {
    const auto& calendar = cx.calendar();
    auto mine = calendar.find(o.cycle);
    if (!mine) return std::nullopt;
    std::optional<KeyResult> best;
    std::optional<CycleSpan> best_span;
    std::string best_cycle;
    const std::string title = ascii_lower(kr.title);
    for (const auto& other : cx.repos().objectives.objectives_of_team(cx.ws(), o.team_id)) {
        auto span = calendar.find(other.cycle);
        if (!span || span->start >= mine->start || (best_span && span->start < best_span->start)) continue;
        for (const auto& k : cx.repos().objectives.key_results_of(cx.ws(), other.id)) {
            if (ascii_lower(k.title) != title) continue;
            best = k;
            best_span = span;
            best_cycle = other.cycle;
        }
    }
    if (!best) return std::nullopt;
    std::string last = mine->custom || best_span->custom ? "Last cycle" : "Last quarter";
    std::string when = best_cycle == calendar.previous_before(*mine).name ? last : "In " + best_cycle;
    if (best->binary) {
        return fmt::format("{} ({}) this was {}: {}.", when, kr_ref(*best), best_cycle,
                           best->current >= 1 ? "done" : "not done");
    }
    return fmt::format("{} you went {} → {} (target {}, {}, {}). Use it as your baseline.", when,
                       format_value(best->start, best->unit), format_value(best->current, best->unit),
                       format_value(best->target, best->unit), kr_ref(*best), best_cycle);
}

// The key result to add, with the hints about what was left out; or the error.
UserResult<NewKeyResult> new_key_result(const KrAddCmd& c, const Objective& o, Context& cx,
                                        std::vector<std::string>& hints) {
    auto try_target = [&](double from) {
        return cx.cmd(fmt::format("kr add O-{} \"{}\" from={} to=...", c.objective, escape_text(c.title),
                                  format_number(from)));
    };
    if (c.from && !c.to) return UserError{"A key result with a starting value needs a target too.", try_target(*c.from)};
    NewKeyResult nk;
    nk.objective_id = o.id;
    nk.title = c.title;
    nk.unit = c.unit;
    nk.due = c.due;
    nk.owner = c.owner.value_or(cx.user());
    nk.at = cx.now();
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
            return UserError{"The start and the target are the same number, so there is nothing to measure.",
                             try_target(nk.start)};
        }
    }
    if (!c.due) hints.push_back(fmt::format("No due date: it runs to the end of {}. Add due=YYYY-MM-DD to set one.", o.cycle));
    return nk;
}

}  // namespace

ParseResult parse_key_result(Cursor& in) {
    const std::string usage = "kr add O-1 \"Weekly active users\" from=1,200 to=2,000";
    if (!in.done() && !in.peek().quoted) {
        const std::string sub = ascii_lower(in.peek().text);
        if (sub == "source") return (in.next(), parse_kr_source(in));
        if (sub == "sync") return (in.next(), parse_kr_sync(in));
    }
    if (auto error = in.take_word("add", "Which key result command?", usage)) return *error;
    if (in.done()) return UserError{"Which objective is the key result for?", in.hint(usage)};
    auto obj = parse_ref(in.peek().text, "o");
    if (!obj) return UserError{fmt::format("`{}` isn't an objective id like O-3.", escape_text(in.peek().text)), in.hint(usage)};
    in.next();
    KrAddCmd cmd;
    cmd.objective = *obj;
    std::vector<std::string> words;
    std::string unit_typed;
    for (; !in.done(); in.next()) {
        const Token& t = in.peek();
        if (auto opt = as_option(t)) {
            if (auto error = read_option(in, *opt, cmd, words, unit_typed, usage)) return *error;
        } else if (!t.quoted && ascii_lower(t.text) == "binary") {
            cmd.binary = true;
        } else {
            words.push_back(t.text);
        }
    }
    cmd.title = join(words, " ");
    if (cmd.title.empty()) return UserError{"The key result needs a title.", in.hint(usage)};
    if (utf8_length(cmd.title) > 200) return UserError{"That title is longer than 200 characters.", in.hint(usage)};
    if (cmd.binary && (cmd.from || cmd.to)) {
        return UserError{"A binary key result is done or not done; it takes no from= or to=.",
                         in.hint(fmt::format("kr add O-{} \"Launch the beta\" binary", cmd.objective))};
    }
    if (cmd.unit.empty()) cmd.unit = unit_typed;
    return cmd;
}

std::span<const HelpLine> key_result_help() { return help_lines; }

Outcome handle(const KrAddCmd& c, Context& cx) {
    auto o = cx.visible_objective(c.objective, "list team");
    if (!o) return o.error();
    if (!may_add_to(cx.viewer(), o->team_id)) {
        auto team = cx.repos().teams.find_team_by_id(cx.ws(), o->team_id);
        std::string tn = team ? team->name : "?";
        return cx.join_hint(fmt::format("O-{} belongs to team *{}*, and you aren't a member.", o->number, escape_text(tn)), tn);
    }
    std::vector<std::string> hints;
    auto nk = new_key_result(c, *o, cx, hints);
    if (!nk) return nk.error();
    auto kr = cx.repos().objectives.add_key_result(cx.ws(), *nk);
    Message m;
    m.audience = Audience::channel;
    m.text = escape_text(fmt::format("{} {} added to {}", kr_ref(kr), kr.title, obj_ref(*o)));
    std::string what = kr.binary ? "done or not done"
                                 : fmt::format("{} → {}{}", value_text(kr, kr.start), value_text(kr, kr.target),
                                               kind_of(kr) == KrKind::decreasing ? " (lower is better)" : "");
    m.section(fmt::format(":white_check_mark: *{}* {}\nFor *{}* {} · {} · owner {}{}", kr_ref(kr), escape_text(kr.title),
                          obj_ref(*o), escape_text(o->title), what, mention(kr.owner), kr.due ? " · due " + *kr.due : ""));
    auto siblings = cx.repos().objectives.key_results_of(cx.ws(), o->id);
    if (auto hint = kr_count_hint(*o, siblings.size()); !hint.empty()) hints.push_back(hint);
    if (repeats_title(kr.title, o->title)) {
        hints.push_back("The key result repeats the objective's title. A key result says how you'll know: a number "
                        "that moves, like `from=30 to=50`.");
    }
    if (auto baseline = baseline_of(*o, kr, cx)) hints.push_back(*baseline);
    for (const auto& h : hints) m.context(":bulb: " + h);
    m.context(fmt::format("Check in with `{}`", cx.cmd(fmt::format("checkin {} VALUE", kr_ref(kr)))));
    return m;
}

}  // namespace goalpost::core
