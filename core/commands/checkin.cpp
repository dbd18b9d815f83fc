#include "core/commands/checkin.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/numbers.hpp"
#include "core/okr/celebrations.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"checkin", "checkin KR-7 42 [confidence=1..10 | on-track | at-risk | off-track] [note]",
     "Record where a key result is now. Numbers like 1,200, 5% and $1,200 are fine; `done` for binary ones."},
};

// confidence=7 (or c=7): a whole number from 1 to 10.
std::optional<int> confidence_value(std::string_view text) {
    int v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || v < 1 || v > 10) return std::nullopt;
    return v;
}

// on-track 8, at-risk 5, off-track 2 (scoring.hpp's confidence words).
std::optional<int> confidence_word(std::string_view w) {
    if (w == "on-track" || w == "ontrack") return 8;
    if (w == "at-risk" || w == "atrisk") return 5;
    if (w == "off-track" || w == "offtrack") return 2;
    return std::nullopt;
}

// The reply in the channel: who moved the key result from where to where.
Message checked_in(const KeyResult& before, const KeyResult& updated, const CheckinCmd& c, const std::string& user) {
    double after = progress(updated);
    Message m;
    m.audience = Audience::channel;
    m.text = fmt::format("{} checked in {}: {} ({})", mention(user), kr_ref(updated),
                         escape_text(value_text(updated, updated.current)), percent(after));
    std::string change;
    int delta = static_cast<int>(std::lround((after - progress(before)) * 100));
    if (delta != 0) change = fmt::format(" ({}{} pts)", delta > 0 ? "+" : "", delta);
    m.section(fmt::format("{} checked in *{}* {}\n{} → *{}*{}\n{}{}", mention(user), kr_ref(updated),
                          escape_text(updated.title), value_text(updated, before.current),
                          value_text(updated, updated.current),
                          updated.binary ? std::string() : " of " + value_text(updated, updated.target),
                          progress_bar(after), change));
    if (c.confidence) m.context(fmt::format("Confidence {}/10, {}", *c.confidence, confidence_label(*c.confidence)));
    if (!c.note.empty()) m.section("> " + escape_text(c.note));
    return m;
}

}  // namespace

std::optional<double> parse_checkin_value(std::string_view text) {
    const std::string lower = ascii_lower(text);
    if (lower == "done" || lower == "yes" || lower == "true") return 1.0;
    if (lower == "not-done" || lower == "not done" || lower == "no" || lower == "false") return 0.0;
    if (auto n = parse_number(text)) return n->value;
    return std::nullopt;
}

std::optional<int> parse_confidence(std::string_view text) {
    if (auto v = confidence_value(text)) return v;
    return confidence_word(ascii_lower(text));
}

ParseResult parse_checkin(Cursor& in) {
    const std::string usage = "checkin KR-7 42 on-track \"shipped the importer\"";
    if (in.done()) return UserError{"Which key result are you checking in?", in.hint(usage)};
    auto kr = parse_ref(in.peek().text, "kr");
    if (!kr) return UserError{fmt::format("`{}` isn't a key result id like KR-7.", escape_text(in.peek().text)), in.hint(usage)};
    in.next();
    CheckinCmd cmd;
    cmd.kr = *kr;
    if (in.done()) {
        return UserError{fmt::format("What is KR-{} at now? Add the current value.", cmd.kr),
                         in.hint(fmt::format("checkin KR-{} 42", cmd.kr))};
    }
    const std::string raw = in.peek().text;
    auto value = parse_checkin_value(raw);
    if (!value) {
        return UserError{fmt::format("`{}` isn't a number.", escape_text(raw)),
                         in.hint(fmt::format("checkin KR-{} 1,200  (or 5%, $1,200, done)", cmd.kr))};
    }
    cmd.value = *value;
    in.next();
    std::string note;
    for (; !in.done(); in.next()) {
        const Token& t = in.peek();
        // A confidence comes before the note: "checkin KR-7 4 at-risk blocked on legal".
        if (!t.quoted && note.empty() && !cmd.confidence) {
            if (auto opt = as_option(t); opt && (opt->key == "confidence" || opt->key == "c")) {
                cmd.confidence = confidence_value(opt->value);
                if (!cmd.confidence) {
                    return UserError{fmt::format("Confidence is a whole number from 1 to 10, not `{}`.",
                                                 escape_text(opt->value)),
                                     in.hint(fmt::format("checkin KR-{} {} confidence=7", cmd.kr, raw))};
                }
                continue;
            }
            if (auto word = confidence_word(ascii_lower(t.text))) {
                cmd.confidence = word;
                continue;
            }
        }
        if (!note.empty()) note += ' ';
        note += t.text;
    }
    if (utf8_length(note) > 1000) return UserError{"The note is longer than 1,000 characters.", in.hint(usage)};
    cmd.note = std::move(note);
    return cmd;
}

std::span<const HelpLine> checkin_help() { return help_lines; }

Outcome handle(const CheckinCmd& c, Context& cx) {
    auto found = cx.visible_kr(c.kr);
    if (!found) return found.error();
    const auto& [kr, o] = *found;
    if (!may_check_in(cx.viewer(), o, kr)) {
        std::string tn = cx.team_name_of(o.team_id);
        UserError refusal =
            cx.viewer().api
                ? UserError{fmt::format("KR-{} belongs to team *{}*; this token checks in on team *{}*'s key results only.",
                                        c.kr, escape_text(tn), escape_text(cx.team_name_of(*cx.viewer().api->team))),
                            ""}
                : cx.join_hint(fmt::format("KR-{} belongs to team *{}*; only its members check in on it.", c.kr,
                                           escape_text(tn)),
                               tn);
        refusal.reason = UserError::Reason::forbidden;
        return refusal;
    }
    if (kr.binary && c.value != 0 && c.value != 1) {
        return UserError{fmt::format("KR-{} is done or not done; check in `done` or `not-done`.", c.kr),
                         cx.cmd(fmt::format("checkin KR-{} done", c.kr))};
    }
    auto updated = cx.repos().checkins.record_checkin(
        cx.ws(), NewCheckin{kr.id, cx.user(), c.value, c.confidence, c.note, cx.now()});
    Outcome out{checked_in(kr, updated, c, cx.user()), true};
    out.checked_in = updated;
    out.team_id = o.team_id;
    // The check-in has committed: a failure while looking for celebrations must not turn the
    // reply into "try again" (which would record it twice). Celebrations are best effort.
    try {
        if (auto team = cx.repos().teams.find_team_by_id(cx.ws(), o.team_id)) {
            CheckinFacts facts{*team, o, kr, updated, cx.user(), cx.timezone_of(*team), cx.now()};
            out.announcements = celebrations_after_checkin(cx.repos(), cx.ws(), facts);
        }
    } catch (const std::exception&) {
        out.announcements.clear();
    }
    return out;
}

}  // namespace goalpost::core
