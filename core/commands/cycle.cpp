#include "core/commands/cycle.hpp"

#include <chrono>
#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/okr/cycles.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"cycle", "cycle add NAME start=YYYY-MM-DD end=YYYY-MM-DD",
     "Add a custom cycle (like 2027-H1) to this workspace; while today is in it, it is the current cycle instead of "
     "the quarter."},
    {"cycle", "cycle list  |  cycle remove NAME",
     "The workspace's cycles with their dates and the current one; remove one no objective uses."},
};

// ---- parsing ----

// The name of a new cycle at the cursor: not a quarter written another way.
UserResult<std::string> new_cycle_name(Cursor& in, const std::string& usage) {
    if (in.done() || as_option(in.peek())) return UserError{"The cycle needs a name.", in.hint(usage)};
    std::string name = in.peek().text;
    in.next();
    if (!valid_cycle_name(name)) {
        return UserError{fmt::format("`{}` can't be a cycle name: use up to 32 letters, digits, - and _.",
                                     escape_text(name)),
                         in.hint(usage)};
    }
    if (looks_like_quarter(name) && canonical_quarter(name) != name) {
        return UserError{fmt::format("`{}` looks like a calendar quarter but isn't one; quarters such as 2027-Q1 are "
                                     "built in. Give a custom cycle a name of its own.",
                                     escape_text(name)),
                         in.hint(usage)};
    }
    return name;
}

// The dates of a new cycle: both given, in order, and a quarter's own when it is named like one.
std::optional<UserError> check_dates(const Cursor& in, const CycleAddCmd& cmd) {
    if (cmd.start.empty() || cmd.end.empty()) {
        return UserError{"A cycle needs both dates: start= (its first day) and end= (its last day).",
                         in.hint(fmt::format("cycle add {} start=2027-01-01 end=2027-06-30", cmd.name))};
    }
    if (cmd.end < cmd.start) {
        return UserError{fmt::format("The cycle ends ({}) before it starts ({}).", cmd.end, cmd.start),
                         in.hint(fmt::format("cycle add {} start={} end={}", cmd.name, cmd.end, cmd.start))};
    }
    if (auto q = quarter_span(cmd.name); q && (q->first_day() != cmd.start || q->last_day() != cmd.end)) {
        return UserError{fmt::format("`{}` is the calendar quarter {} to {}; a cycle with other dates needs a name of "
                                     "its own.",
                                     cmd.name, q->first_day(), q->last_day()),
                         in.hint(fmt::format("cycle add {}-long start={} end={}", cmd.name, cmd.start, cmd.end))};
    }
    return std::nullopt;
}

ParseResult parse_add(Cursor& in) {
    const std::string usage = "cycle add 2027-H1 start=2027-01-01 end=2027-06-30";
    auto name = new_cycle_name(in, usage);
    if (!name) return name.error();
    CycleAddCmd cmd;
    cmd.name = *name;
    for (; !in.done(); in.next()) {
        auto opt = as_option(in.peek());
        if (!opt) {
            return UserError{fmt::format("I didn't understand `{}`; cycle add takes start= and end= dates.",
                                         escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        if (opt->key != "start" && opt->key != "end") {
            return UserError{fmt::format("`{}=` isn't an option of cycle add.", escape_text(opt->key)), in.hint(usage)};
        }
        auto date = parse_date(opt->value);
        if (!date) {
            return UserError{fmt::format("`{}={}` isn't a date; write it as YYYY-MM-DD.", opt->key, escape_text(opt->value)),
                             in.hint(usage)};
        }
        (opt->key == "start" ? cmd.start : cmd.end) = *date;
    }
    if (auto error = check_dates(in, cmd)) return *error;
    return cmd;
}

ParseResult parse_remove(Cursor& in) {
    const std::string usage = "cycle remove 2027-H1";
    if (in.done()) return UserError{"Which cycle should I remove?", in.hint(usage)};
    CycleRemoveCmd cmd{in.peek().text};
    in.next();
    if (!valid_cycle_name(cmd.name)) return not_a_cycle(cmd.name, in.hint(usage));
    if (auto rest = in.trailing(usage)) return *rest;
    return cmd;
}

// ---- handling ----

UserError cycles_missing(Context& cx) {
    return {"Custom cycles aren't available on this server; calendar quarters (2027-Q1) are.", cx.cmd("help")};
}

std::string span_text(const CycleSpan& c) {
    auto days = std::chrono::duration_cast<std::chrono::days>(c.end - c.start).count();
    return fmt::format("{} to {} ({} day{})", c.first_day(), c.last_day(), days, days == 1 ? "" : "s");
}

}  // namespace

ParseResult parse_cycle(Cursor& in) {
    if (in.done()) return CycleListCmd{};
    std::string sub = ascii_lower(in.peek().text);
    in.next();
    if (sub == "add" || sub == "create") return parse_add(in);
    if (sub == "list" || sub == "ls") {
        if (auto rest = in.trailing("cycle list")) return *rest;
        return CycleListCmd{};
    }
    if (sub == "remove" || sub == "rm" || sub == "delete") return parse_remove(in);
    if (auto guess = in.did_you_mean(in.previous(), {"add", "list", "remove"})) return *guess;
    return UserError{fmt::format("`cycle {}` isn't a cycle command; cycle takes add, list or remove.", escape_text(sub)),
                     in.hint("help cycle")};
}

std::span<const HelpLine> cycle_help() { return help_lines; }

Outcome handle(const CycleAddCmd& c, Context& cx) {
    auto* cycles = cx.repos().cycles;
    if (!cycles) return cycles_missing(cx);
    if (!may_manage_teams(cx.viewer())) return cx.admin_only("cycles");
    if (auto existing = cycles->find_cycle(cx.ws(), c.name)) {
        return UserError{fmt::format("A cycle called *{}* already exists ({} to {}).", escape_text(existing->name),
                                     existing->start, existing->end),
                         cx.cmd("cycle list")};
    }
    auto added = cycles->add_cycle(cx.ws(), NewCycle{c.name, c.start, c.end, cx.user(), cx.now()});
    if (!added) return UserError{fmt::format("A cycle called *{}* already exists.", escape_text(c.name)), cx.cmd("cycle list")};
    cx.forget_calendar();
    auto span = *span_of(*added);
    Message m;
    m.text = escape_text(fmt::format("Cycle {} added: {} to {}", added->name, added->start, added->end));
    m.section(fmt::format(":calendar: Cycle *{}* added: {}.", escape_text(added->name), span_text(span)));
    auto current = cx.calendar().current(cx.now());
    if (current.custom && current.name == added->name) {
        m.context("It is the current cycle now: new objectives, lists and the tree use it unless you name another.");
    } else {
        m.context(fmt::format("The current cycle is still *{}*.", escape_text(current.name)));
    }
    m.context(fmt::format("Use it: `{}`", cx.cmd(fmt::format("objective add \"...\" cycle={}", added->name))));
    return m;
}

Outcome handle(const CycleListCmd&, Context& cx) {
    if (!cx.repos().cycles) return cycles_missing(cx);
    const auto& cal = cx.calendar();
    const auto current = cal.current(cx.now());
    Message m;
    m.header("Cycles");
    std::vector<std::string> lines;
    for (const auto& c : cal.custom()) {
        if (lines.size() == 100) break;
        bool is_current = c.custom && current.custom && c.name == current.name;
        int used = cx.repos().cycles->objectives_in_cycle(cx.ws(), c.name);
        lines.push_back(fmt::format("{}*{}* {} · {} objective{}{}", is_current ? ":arrow_forward: " : "",
                                    escape_text(c.name), span_text(c), used, used == 1 ? "" : "s",
                                    is_current ? " · *current*" : ""));
    }
    if (lines.empty()) m.section("This workspace has no custom cycles: OKRs run in calendar quarters.");
    add_sections(m, lines);
    if (!current.custom) {
        m.context(fmt::format(":arrow_forward: Current: *{}*, the calendar quarter {}, since no custom cycle "
                              "contains today.",
                              current.name, span_text(current)));
    }
    m.context(fmt::format("Calendar quarters (2027-Q1) always work too. Add one: `{}`",
                          cx.cmd("cycle add 2027-H1 start=2027-01-01 end=2027-06-30")));
    m.text = fmt::format("{} custom cycles; current: {}", cal.custom().size(), escape_text(current.name));
    return m;
}

Outcome handle(const CycleRemoveCmd& c, Context& cx) {
    auto* cycles = cx.repos().cycles;
    if (!cycles) return cycles_missing(cx);
    if (!may_manage_teams(cx.viewer())) return cx.admin_only("cycles");
    auto found = cycles->find_cycle(cx.ws(), c.name);
    if (!found) {
        std::string known = cx.calendar().known_text();
        return UserError{fmt::format("There's no custom cycle called *{}* here.{}", escape_text(c.name),
                                     known.empty() ? std::string(" This workspace has none.") : " Cycles: " + known + "."),
                         cx.cmd("cycle list")};
    }
    auto result = cycles->remove_cycle(cx.ws(), found->name);
    if (result == CycleRepository::Removal::in_use) {
        int used = cycles->objectives_in_cycle(cx.ws(), found->name);
        return UserError{fmt::format("Cycle *{}* can't be removed: {} objective{} {} in it (archived ones count too).",
                                     escape_text(found->name), used, used == 1 ? "" : "s", used == 1 ? "is" : "are"),
                         cx.cmd(fmt::format("list all cycle={}", found->name))};
    }
    if (result == CycleRepository::Removal::not_found) {
        return UserError{fmt::format("There's no custom cycle called *{}* here.", escape_text(c.name)), cx.cmd("cycle list")};
    }
    cx.forget_calendar();
    Message m;
    m.text = escape_text(fmt::format("Cycle {} removed", found->name));
    m.section(fmt::format(":wastebasket: Cycle *{}* ({} to {}) removed.", escape_text(found->name), found->start,
                          found->end));
    m.context(fmt::format("The current cycle is *{}*.", escape_text(cx.calendar().current(cx.now()).name)));
    return m;
}

}  // namespace goalpost::core
