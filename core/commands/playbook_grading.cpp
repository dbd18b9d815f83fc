// `/okr grade`, `/okr retro` and `/okr carry` (playbook.hpp).
#include <algorithm>
#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/commands/playbook.hpp"
#include "core/numbers.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"grade", "grade O-3 [KR-7=0.6 because \"...\"]",
     "Score each key result 0.0 to 1.0 (owners may override with a reason) and post the scorecard."},
    {"retro", "retro O-3 \"what we learned\"", "Add a line to the objective's retro."},
    {"carry", "carry O-3 [to=2027-Q2]",
     "Copy the unfinished key results into the next cycle, keeping a link to their history."},
};

// ---- parsing ----

bool is_override(const Token& t) {
    auto eq = t.text.find('=');
    return !t.quoted && eq != std::string::npos && parse_ref(t.text.substr(0, eq), "kr").has_value();
}

// "KR-7=0.6 because ..." at the cursor, read up to the next override.
UserResult<GradeCmd::Override> read_override(Cursor& in, int objective, const std::string& usage) {
    const Token& t = in.peek();
    auto eq = t.text.find('=');
    GradeCmd::Override ov;
    ov.kr = *parse_ref(t.text.substr(0, eq), "kr");
    const std::string score = t.text.substr(eq + 1);
    auto n = parse_number(score);
    if (!n) return UserError{fmt::format("`{}` isn't a score; scores run from 0.0 to 1.0.", escape_text(score)), in.hint(usage)};
    ov.score = n->unit == "%" ? n->value / 100.0 : n->value;
    if (ov.score < 0 || ov.score > 1) {
        return UserError{fmt::format("KR-{} can't score {}; scores run from 0.0 to 1.0.", ov.kr, escape_text(score)),
                         in.hint(usage)};
    }
    in.next();
    if (!in.done() && Cursor::is_because(in.peek())) in.next();
    ov.reason = in.words_until(is_override);
    if (ov.reason.empty()) {
        return UserError{fmt::format("Overriding KR-{}'s score needs a reason, so the team can learn from it.", ov.kr),
                         in.hint(fmt::format("grade O-{} KR-{}={} because \"...\"", objective, ov.kr,
                                             format_number(ov.score)))};
    }
    if (utf8_length(ov.reason) > 500) return UserError{"The reason is longer than 500 characters.", in.hint(usage)};
    return ov;
}

// ---- handling ----

Message scorecard_message(Context& cx, const Objective& o, const Scorecard& card) {
    Message m;
    m.audience = Audience::channel;
    m.header(fmt::format("Scorecard · O-{} · {}", o.number, o.cycle));
    Grade g = grade_of(card.score);
    m.text = escape_text(fmt::format("Scorecard for O-{} {}: {:.2f} ({})", o.number, o.title, card.score, grade_name(g)));
    const std::string bar = progress_bar(card.score);
    m.section(fmt::format("*{}* {}\nTeam *{}* · grade *{:.2f}* {} {} · {} objective, success at {:.1f}: *{}*",
                          obj_ref(o), escape_text(o.title), escape_text(cx.team_name_of(o.team_id)), card.score,
                          bar.substr(0, bar.find(' ')), grade_name(g), kind_text(o.kind), card.threshold,
                          card.succeeded() ? "achieved" : "not achieved"));
    std::vector<std::string> lines, prompts;
    for (const auto& s : card.krs) {
        std::string line = fmt::format("• *{}* {}: *{:.2f}* {}", kr_ref(s.kr), escape_text(s.kr.title), s.score(),
                                       grade_name(grade_of(s.score())));
        if (s.override_score) {
            line += fmt::format(" (computed {:.2f}; set by the owner: _{}_)", s.computed, escape_text(s.reason));
        }
        lines.push_back(line + " · " + mention(s.kr.owner));
        if (needs_retro(s) && prompts.size() < 10) {
            prompts.push_back(fmt::format(":memo: {}, *{}* closed at {:.2f}: what did you learn? `{}`",
                                          mention(s.kr.owner), kr_ref(s.kr), s.score(),
                                          cx.cmd(fmt::format("retro {} \"...\"", obj_ref(o)))));
        }
    }
    add_sections(m, lines);
    if (!prompts.empty()) m.section(join(prompts, "\n"));
    m.context("Scores: red below 0.4, yellow 0.4 to below 0.7, green from 0.7. Committed objectives succeed at 1.0, "
              "aspirational ones at 0.7.");
    return m;
}

// The owners' overrides of this grading, checked; the error for a KR that is not the
// objective's or not the asker's to score.
UserResult<std::vector<GradeOverride>> overrides_of(const GradeCmd& c, const Objective& o,
                                                    const std::vector<KeyResult>& krs, Context& cx) {
    std::vector<GradeOverride> fresh;
    for (const auto& ov : c.overrides) {
        auto kr = std::find_if(krs.begin(), krs.end(), [&](const KeyResult& k) { return k.number == ov.kr; });
        if (kr == krs.end()) {
            return UserError{fmt::format("KR-{} isn't a key result of {}.", ov.kr, obj_ref(o)),
                             cx.cmd(fmt::format("show {}", obj_ref(o)))};
        }
        if (!may_override_score(cx.viewer(), *kr)) {
            return UserError{fmt::format("Only KR-{}'s owner {} can override its score.", ov.kr, mention(kr->owner)),
                             cx.cmd(fmt::format("grade {}", obj_ref(o)))};
        }
        fresh.push_back(GradeOverride{kr->id, ov.score, ov.reason, cx.user(), cx.now()});
    }
    return fresh;
}

// The cycle to carry `o` into: the named one (later than its own) or the next.
UserResult<std::string> carry_target(const CarryCmd& c, const Objective& o, Context& cx) {
    auto from = cx.calendar().find(o.cycle);
    if (!from && !c.cycle) {
        return UserError{fmt::format("{} has no cycle; say where to carry it.", obj_ref(o)),
                         cx.cmd(fmt::format("carry {} to={}", obj_ref(o), cx.calendar().current(cx.now()).name))};
    }
    if (!c.cycle) return cx.calendar().next_after(*from).name;
    auto target = cx.cycle_named(*c.cycle, fmt::format("carry {} to=2027-Q2", obj_ref(o)));
    if (!target) return target.error();
    if (from && target->start <= from->start) {
        return UserError{fmt::format("{} is in {} (from {}); carry it into a later cycle.", obj_ref(o),
                                     escape_text(o.cycle), from->first_day()),
                         cx.cmd(fmt::format("carry {} to={}", obj_ref(o), cx.calendar().next_after(*from).name))};
    }
    return target->name;
}

}  // namespace

ParseResult parse_grade(Cursor& in) {
    const std::string usage = "grade O-3 KR-7=0.6 because \"the launch slipped\"";
    auto o = in.objective_arg(usage);
    if (!o) return o.error();
    GradeCmd cmd;
    cmd.objective = *o;
    while (!in.done()) {
        if (!is_override(in.peek())) {
            return UserError{fmt::format("I didn't understand `{}`; give scores as KR-7=0.6 because \"...\".",
                                         escape_text(in.peek().text)),
                             in.hint(usage)};
        }
        auto ov = read_override(in, cmd.objective, usage);
        if (!ov) return ov.error();
        for (const auto& other : cmd.overrides) {
            if (other.kr == ov->kr) return UserError{fmt::format("KR-{} is scored twice.", ov->kr), in.hint(usage)};
        }
        cmd.overrides.push_back(std::move(*ov));
    }
    return cmd;
}

ParseResult parse_retro(Cursor& in) {
    const std::string usage = "retro O-3 \"what we learned\"";
    auto o = in.objective_arg(usage);
    if (!o) return o.error();
    RetroCmd cmd{*o, in.rest_words()};
    if (cmd.text.empty()) return UserError{"What did you learn? Add a line after the objective.", in.hint(usage)};
    if (utf8_length(cmd.text) > 1000) return UserError{"The retro is longer than 1,000 characters.", in.hint(usage)};
    return cmd;
}

ParseResult parse_carry(Cursor& in) {
    const std::string usage = "carry O-3 to=2027-Q2";
    auto o = in.objective_arg(usage);
    if (!o) return o.error();
    CarryCmd cmd{*o, {}};
    for (; !in.done(); in.next()) {
        auto opt = as_option(in.peek());
        if (opt && (opt->key == "to" || opt->key == "cycle")) {
            cmd.cycle = cycle_arg(opt->value);
            if (!cmd.cycle) return not_a_cycle(opt->key + "=" + opt->value, in.hint(usage));
            continue;
        }
        if (!in.peek().quoted && ascii_lower(in.peek().text) == "to" && in.more_after()) {
            in.next();
            cmd.cycle = cycle_arg(in.peek().text);
            if (!cmd.cycle) return not_a_cycle(in.peek().text, in.hint(usage));
            continue;
        }
        return UserError{fmt::format("I didn't understand `{}`.", escape_text(in.peek().text)), in.hint(usage)};
    }
    return cmd;
}

std::span<const HelpLine> playbook_grading_help() { return help_lines; }

Outcome handle(const GradeCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    auto o = cx.objective_to_look_after(c.objective, "grade");
    if (!o) return o.error();
    auto krs = cx.repos().objectives.key_results_of(cx.ws(), o->id);
    if (krs.empty()) {
        return UserError{fmt::format("{} has no key results to grade.", obj_ref(*o)),
                         cx.cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(*o)))};
    }
    auto fresh = overrides_of(c, *o, krs, cx);
    if (!fresh) return fresh.error();
    auto all = cx.repos().playbook->overrides_of(cx.ws(), o->id);
    for (const auto& f : *fresh) {
        std::erase_if(all, [&](const GradeOverride& g) { return g.kr_id == f.kr_id; });
        all.push_back(f);
    }
    auto card = score_objective(*o, krs, all);
    cx.repos().playbook->grade_objective(cx.ws(), o->id, ObjectiveGrade{card.score, cx.user(), cx.now()}, *fresh);
    Message scorecard = scorecard_message(cx, *o, card);
    Message reply = scorecard;
    reply.audience = Audience::ephemeral;
    reply.context("The scorecard is posted to the team channel. Grade again to change a score.");
    Outcome out{reply};
    // Each grading is its own post; the key keeps a retried request from posting twice.
    out.announcements.push_back(Announcement{
        o->team_id, fmt::format("scorecard:objective:{}:{}", o->number, cx.now().time_since_epoch().count()),
        std::move(scorecard)});
    return out;
}

Outcome handle(const RetroCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    auto o = cx.visible_objective(c.objective);
    if (!o) return o.error();
    if (!may_write_retro(cx.viewer(), *o, cx.repos().objectives.key_results_of(cx.ws(), o->id))) {
        return cx.not_looking_after(*o, "write the retro of");
    }
    cx.repos().playbook->add_retro(cx.ws(), o->id, Retro{cx.user(), c.text, cx.now()});
    Message m;
    m.audience = Audience::channel;
    m.text = escape_text(fmt::format("Retro added to {}", obj_ref(*o)));
    m.section(fmt::format(":memo: {} on *{}* {}:\n> {}", mention(cx.user()), obj_ref(*o), escape_text(o->title),
                          escape_text(c.text)));
    m.context(fmt::format("`{}` shows every retro line.", cx.cmd(fmt::format("show {}", obj_ref(*o)))));
    return m;
}

Outcome handle(const CarryCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    auto o = cx.objective_to_look_after(c.objective, "carry over");
    if (!o) return o.error();
    auto to = carry_target(c, *o, cx);
    if (!to) return to.error();
    std::vector<KeyResult> open;
    for (auto& k : cx.repos().objectives.key_results_of(cx.ws(), o->id)) {
        if (progress(k) < 1.0) open.push_back(std::move(k));
    }
    if (open.empty()) {
        return UserError{fmt::format("Every key result of {} is done; there is nothing to carry.", obj_ref(*o)),
                         cx.cmd(fmt::format("grade {}", obj_ref(*o)))};
    }
    std::vector<RowId> ids;
    for (const auto& k : open) ids.push_back(k.id);
    int number = cx.repos().playbook->carry_objective(cx.ws(), o->id, *to, ids, cx.user(), cx.now());
    auto copy = *cx.repos().objectives.find_objective(cx.ws(), number);
    std::string lines;
    auto fresh = cx.repos().objectives.key_results_of(cx.ws(), copy.id);
    for (size_t i = 0; i < fresh.size() && i < open.size(); ++i) {
        lines += fmt::format("\n• *{}* {} (from {}) {}", kr_ref(fresh[i]), escape_text(fresh[i].title),
                             kr_ref(open[i]), percent(progress(fresh[i])));
    }
    Message m;
    m.audience = Audience::channel;
    m.text = escape_text(fmt::format("{} carried into {} as {}", obj_ref(*o), *to, obj_ref(copy)));
    m.section(fmt::format(":arrow_right_hook: *{}* {} carried into *{}* as *{}* with {} unfinished key results:{}",
                          obj_ref(*o), escape_text(o->title), escape_text(*to), obj_ref(copy), open.size(), lines));
    m.context(fmt::format("Grade and archive the old one when you're ready: `{}` · `{}`",
                          cx.cmd(fmt::format("grade {}", obj_ref(*o))), cx.cmd(fmt::format("archive {}", obj_ref(*o)))));
    return m;
}

}  // namespace goalpost::core
