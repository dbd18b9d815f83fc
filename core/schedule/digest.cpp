#include "core/schedule/digest.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "core/numbers.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

// Slack allows 50 blocks and 3,000 characters per section: lines are packed into sections
// of this many, and lists beyond these caps end with "and N more".
constexpr size_t lines_per_section = 10;
constexpr size_t max_objective_lines = 60;
constexpr size_t max_list_lines = 15;
constexpr size_t max_personal_krs = 40;

std::string change_text(double before, double now) {
    int pts = static_cast<int>(std::lround((now - before) * 100));
    if (pts > 0) return fmt::format(" ▲ +{} pts", pts);
    if (pts < 0) return fmt::format(" ▼ {} pts", pts);
    return " ▶ no change";
}

double team_progress(const TeamReport& r, bool before) {
    if (r.objectives.empty()) return 0;
    double sum = 0;
    for (const auto& o : r.objectives) sum += before ? o.before : o.now;
    return sum / static_cast<double>(r.objectives.size());
}

// Packs lines into sections; after `max_lines` lines the rest is summarised.
void add_lines(Message& m, const std::vector<std::string>& lines, const std::string& title, size_t max_lines,
               const std::string& more_noun) {
    if (lines.empty()) return;
    std::string text = title;
    size_t in_section = 0;
    size_t shown = std::min(lines.size(), max_lines);
    for (size_t i = 0; i < shown; ++i) {
        if (in_section == lines_per_section) {
            m.section(text);
            text.clear();
            in_section = 0;
        }
        if (!text.empty()) text += "\n";
        text += lines[i];
        ++in_section;
    }
    if (lines.size() > shown) text += fmt::format("\n…and {} more {}", lines.size() - shown, more_noun);
    m.section(text);
}

std::string kr_value(const KeyResult& kr) {
    if (kr.binary) return kr.current >= 1 ? "done" : "not done";
    return format_value(kr.current, kr.unit) + " of " + format_value(kr.target, kr.unit);
}

std::set<std::string> checked_in_users(const TeamReport& r) {
    std::set<std::string> users;
    for (const auto& c : r.checkins) users.insert(c.user_id);
    return users;
}

std::vector<const KrView*> krs_of(const TeamReport& r, const std::string& owner) {
    std::vector<const KrView*> out;
    for (const auto& o : r.objectives)
        for (const auto& k : o.krs)
            if (k.kr.owner == owner) out.push_back(&k);
    return out;
}

}  // namespace

std::vector<std::string> not_checked_in(const TeamReport& week) {
    auto done = checked_in_users(week);
    std::vector<std::string> out;
    for (const auto& owner : week.owners) {
        if (!done.count(owner)) out.push_back(owner);
    }
    return out;
}

std::vector<PersonalMessage> build_reminders(const TeamReport& week, bool nudge, const std::string& command_name) {
    std::vector<PersonalMessage> out;
    for (const auto& user : not_checked_in(week)) {
        auto krs = krs_of(week, user);
        if (krs.empty()) continue;
        Message m;
        m.audience = Audience::channel;
        m.text = nudge ? fmt::format("Friendly nudge: your key results in team {} still need this week's check-in.",
                                     escape_text(week.team.name))
                       : fmt::format("Time for your weekly check-in on team {}.", escape_text(week.team.name));
        m.section(nudge ? fmt::format(":wave: Friendly nudge, {}: your key results in team *{}* haven't had a check-in "
                                      "this week yet. It takes a minute.",
                                      mention(user), escape_text(week.team.name))
                        : fmt::format(":spiral_calendar_pad: Time for your weekly check-in, {}. Your key results in "
                                      "team *{}*:",
                                      mention(user), escape_text(week.team.name)));
        size_t shown = 0;
        for (const auto* k : krs) {
            if (shown == max_personal_krs) break;
            std::string line = fmt::format("*KR-{}* {}\n{} · {}", k->kr.number, escape_text(k->kr.title),
                                           progress_bar(k->now), escape_text(kr_value(k->kr)));
            m.section(line, Button{"Check in", "checkin_open", fmt::format("KR-{}", k->kr.number)});
            ++shown;
        }
        if (krs.size() > shown) m.context(fmt::format("…and {} more.", krs.size() - shown));
        m.context(fmt::format("Or type `{} checkin KR-N VALUE [on-track|at-risk|off-track] [note]`", command_name));
        out.push_back({user, std::move(m)});
    }
    return out;
}

Message build_channel_reminder(const TeamReport& week, bool nudge, const std::string& command_name) {
    auto missing = not_checked_in(week);
    Message m;
    m.audience = Audience::channel;
    std::string people;
    for (const auto& u : missing) people += (people.empty() ? "" : ", ") + mention(u);
    m.text = fmt::format("{}: {} of {} haven't checked in this week.", escape_text(week.team.name), missing.size(),
                         week.owners.size());
    m.section(fmt::format("{} Weekly check-in for team *{}*: {} still to check in this week.",
                          nudge ? ":wave: Friendly nudge." : ":spiral_calendar_pad:", escape_text(week.team.name),
                          people.empty() ? std::string("nobody") : people));
    std::vector<std::string> lines;
    for (const auto& u : missing) {
        for (const auto* k : krs_of(week, u)) {
            lines.push_back(fmt::format("{} *KR-{}* {} · {}", mention(u), k->kr.number, escape_text(k->kr.title),
                                        progress_bar(k->now)));
        }
    }
    add_lines(m, lines, "", max_objective_lines, "key results");
    m.context(fmt::format("`{} checkin KR-N VALUE [on-track|at-risk|off-track] [note]`", command_name));
    return m;
}

Message build_digest(const TeamReport& week, const std::string& week_label) {
    Message m;
    m.audience = Audience::channel;
    double before = team_progress(week, true), now = team_progress(week, false);
    m.header(fmt::format("Weekly digest · {} · {}", week.team.name, week_label));
    m.text = escape_text(fmt::format("Weekly digest for {}: {}{}", week.team.name, percent(now), change_text(before, now)));
    if (week.objectives.empty()) {
        m.section(fmt::format("Team *{}* has no objectives yet.", escape_text(week.team.name)));
        return m;
    }
    m.section(fmt::format("*Overall* {}{}", progress_bar(now), change_text(before, now)));

    std::vector<std::string> objective_lines, risk_lines, win_lines;
    for (const auto& o : week.objectives) {
        objective_lines.push_back(fmt::format("*O-{}* {}\n{}{}", o.objective.number, escape_text(o.objective.title),
                                              progress_bar(o.now), change_text(o.before, o.now)));
        for (const auto& k : o.krs) {
            if (k.risk.any()) {
                risk_lines.push_back(fmt::format("• *KR-{}* {} · {} · {} · {}", k.kr.number, escape_text(k.kr.title),
                                                 percent(k.now), k.risk.explain(), mention(k.kr.owner)));
            }
            if (k.before < 1.0 && k.now >= 1.0) {
                win_lines.push_back(fmt::format(":tada: *KR-{}* {} is done · {}", k.kr.number, escape_text(k.kr.title),
                                                mention(k.kr.owner)));
            } else if (k.before < 0.7 && k.now >= 0.7) {
                win_lines.push_back(fmt::format(":star: *KR-{}* {} reached {} · {}", k.kr.number,
                                                escape_text(k.kr.title), percent(k.now), mention(k.kr.owner)));
            }
        }
    }
    add_lines(m, objective_lines, "*Objectives*", max_objective_lines, "objectives");
    if (risk_lines.empty()) {
        m.section("*At risk*\nNothing at risk this week. :white_check_mark:");
    } else {
        add_lines(m, risk_lines, fmt::format("*At risk* ({})", risk_lines.size()), max_list_lines, "at risk");
    }
    for (const auto& w : week.wins) {
        win_lines.push_back(fmt::format(":rocket: {} · {}{}", escape_text(w.title), mention(w.user_id),
                                        w.kr_number ? fmt::format(" · KR-{}", *w.kr_number) : std::string()));
    }
    if (!win_lines.empty()) add_lines(m, win_lines, "*Wins of the week*", max_list_lines, "wins");

    auto done = checked_in_users(week);
    auto missing = not_checked_in(week);
    std::string who;
    for (const auto& u : done) who += (who.empty() ? "" : ", ") + mention(u);
    m.section(fmt::format("*Check-ins* {} this week{}{}", week.checkins.size(),
                          who.empty() ? std::string() : " from " + who,
                          missing.empty() ? std::string(" · everyone checked in :raised_hands:")
                                          : fmt::format(" · {} of {} haven't checked in", missing.size(),
                                                        week.owners.size())));
    m.context("At risk: behind pace by 25 points or more, confidence 4/10 or lower, confidence down 3 or more in a "
              "week, or no check-in for 2 weeks.");
    return m;
}

Message build_summary(const TeamReport& month, const std::string& month_label) {
    Message m;
    m.audience = Audience::channel;
    double before = team_progress(month, true), now = team_progress(month, false);
    m.header(fmt::format("Monthly summary · {} · {}", month.team.name, month_label));
    m.text = escape_text(fmt::format("Monthly summary for {} ({}): {}{}", month.team.name, month_label, percent(now),
                                     change_text(before, now)));
    std::vector<std::string> win_lines;
    for (const auto& w : month.wins) {
        win_lines.push_back(fmt::format(":rocket: {} · {} · {}{}", escape_text(w.title), mention(w.user_id),
                                        iso_date(w.at),
                                        w.kr_number ? fmt::format(" · KR-{}", *w.kr_number) : std::string()));
    }
    if (month.objectives.empty()) {
        m.section(fmt::format("Team *{}* has no public objectives.", escape_text(month.team.name)));
        add_lines(m, win_lines, fmt::format("*Quick wins this month* ({})", win_lines.size()), max_list_lines, "wins");
        return m;
    }
    m.section(fmt::format("*Public objectives* {}{} since the start of the month", progress_bar(now),
                          change_text(before, now)));
    std::vector<std::string> objective_lines, done_lines, risk_lines;
    for (const auto& o : month.objectives) {
        objective_lines.push_back(fmt::format("*O-{}* {}\n{}{}", o.objective.number, escape_text(o.objective.title),
                                              progress_bar(o.now), change_text(o.before, o.now)));
        size_t at_risk = 0;
        for (const auto& k : o.krs) {
            if (k.before < 1.0 && k.now >= 1.0) {
                done_lines.push_back(fmt::format(":white_check_mark: *KR-{}* {} ({})", k.kr.number,
                                                 escape_text(k.kr.title), escape_text(kr_value(k.kr))));
            }
            if (k.risk.any()) ++at_risk;
        }
        if (at_risk > 0) {
            risk_lines.push_back(fmt::format("• *O-{}* {}: {} of {} key results at risk", o.objective.number,
                                             escape_text(o.objective.title), at_risk, o.krs.size()));
        }
    }
    add_lines(m, objective_lines, "*Progress and trend*", max_objective_lines, "objectives");
    add_lines(m, done_lines, "*Completed this month*", max_list_lines, "completed");
    add_lines(m, win_lines, fmt::format("*Quick wins this month* ({})", win_lines.size()), max_list_lines, "wins");
    if (risk_lines.empty()) {
        m.section("*At risk*\nNo public objective is at risk.");
    } else {
        add_lines(m, risk_lines, "*At risk*", max_list_lines, "objectives");
    }
    m.context("Only public objectives are shared here; internal ones stay with the team.");
    return m;
}

Message weekly_digest(const Repositories& repos, const WorkspaceKey& ws, const Team& team, const std::string& timezone,
                      Time at, bool public_only) {
    auto report = gather_report(repos, ws, team, at - std::chrono::days(7), at, public_only);
    return build_digest(report, week_key(timezone, at));
}

Message monthly_summary(const Repositories& repos, const WorkspaceKey& ws, const Team& team, Time from, Time to,
                        const std::string& label) {
    return build_summary(gather_report(repos, ws, team, from, to, true), label);
}

}  // namespace goalpost::core
