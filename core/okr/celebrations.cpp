#include "core/okr/celebrations.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

#include "core/numbers.hpp"
#include "core/okr/scoring.hpp"
#include "core/schedule/cadence.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

double progress_at(const KeyResult& kr, double value) {
    KeyResult copy = kr;
    copy.current = value;
    return progress(copy);
}

std::string value_of(const KeyResult& kr) {
    if (kr.binary) return kr.current >= 1 ? "done" : "not done";
    return fmt::format("{} of {}", format_value(kr.current, kr.unit), format_value(kr.target, kr.unit));
}

Announcement post(RowId team_id, std::string key, std::string headline, std::string body) {
    Message m;
    m.audience = Audience::channel;
    m.text = headline;
    m.section(body.empty() ? headline : headline + "\n" + body);
    return Announcement{team_id, std::move(key), std::move(m)};
}

std::string people(const std::vector<std::string>& users) {
    std::string out;
    for (const auto& u : users) out += (out.empty() ? "" : ", ") + mention(u);
    return out;
}

// 1. The KR crossed 70% or 100% for the first time: no earlier check-in got there. Progress
// moves one way with the value, so the best before is the lowest or the highest value.
void kr_milestone(const Repositories& repos, const WorkspaceKey& ws, const CheckinFacts& f,
                  std::vector<Announcement>& out) {
    const KeyResult& kr = f.after;
    const double now_p = progress(kr);
    double best_before = 0;
    if (auto range = repos.checkins.values_before_latest(ws, kr.id)) {
        best_before = std::max(progress_at(kr, range->lowest), progress_at(kr, range->highest));
    }
    std::string who = f.user_id == kr.owner ? mention(kr.owner)
                                            : fmt::format("{} (checked in by {})", mention(kr.owner), mention(f.user_id));
    if (now_p >= 1.0 && best_before < 1.0) {
        out.push_back(post(f.team.id, fmt::format("celebrate:kr:{}:100", kr.number),
                           fmt::format(":tada: *KR-{}* {} is done: {} (100%)", kr.number, escape_text(kr.title),
                                       escape_text(value_of(kr))),
                           fmt::format("Congratulations {}!", who)));
    } else if (now_p >= celebrate_at && now_p < 1.0 && best_before < celebrate_at) {
        out.push_back(post(f.team.id, fmt::format("celebrate:kr:{}:70", kr.number),
                           fmt::format(":star2: *KR-{}* {} reached {}: {}", kr.number, escape_text(kr.title),
                                       percent(now_p), escape_text(value_of(kr))),
                           fmt::format("70% is success for an aspirational goal. Nice work, {}!", who)));
    }
}

// 2. The objective is complete: every KR at 100%.
void objective_complete(const Repositories& repos, const WorkspaceKey& ws, const CheckinFacts& f,
                        std::vector<Announcement>& out) {
    auto krs = repos.objectives.key_results_of(ws, f.objective.id);
    std::vector<KeyResult> before = krs;
    for (auto& k : before) {
        if (k.id == f.before.id) k = f.before;
    }
    if (krs.empty() || objective_progress(krs) < 1.0 || objective_progress(before) >= 1.0) return;
    std::set<std::string> owners;
    for (const auto& k : krs) owners.insert(k.owner);
    out.push_back(post(f.team.id, fmt::format("celebrate:objective:{}:100", f.objective.number),
                       fmt::format(":trophy: *O-{}* {} is complete: all {} key results at 100%", f.objective.number,
                                   escape_text(f.objective.title), krs.size()),
                       fmt::format("Team *{}*, well done: {}", escape_text(f.team.name),
                                   people({owners.begin(), owners.end()}))));
}

// 3. Everybody who owns one of the team's KRs checked in this week.
void all_in(const Repositories& repos, const WorkspaceKey& ws, const CheckinFacts& f, const std::string& week_name,
            const std::vector<CheckinWeek>& weeks, std::vector<Announcement>& out) {
    std::set<std::string> this_week;
    size_t count = 0;
    for (const auto& w : weeks) {
        if (w.week != week_name) continue;
        this_week.insert(w.user_id);
        count += static_cast<size_t>(w.checkins);
    }
    std::set<std::string> owners;
    for (const auto& k : repos.objectives.key_results_of_team(ws, f.team.id)) owners.insert(k.owner);
    if (owners.size() < all_in_min_owners ||
        !std::all_of(owners.begin(), owners.end(), [&](const auto& u) { return this_week.count(u) > 0; })) {
        return;
    }
    out.push_back(post(f.team.id, fmt::format("celebrate:team:{}:all-in:{}", f.team.id, week_name),
                       fmt::format(":raised_hands: Everybody in team *{}* checked in this week ({}): {} of {}",
                                   escape_text(f.team.name), week_name, owners.size(), owners.size()),
                       fmt::format("{} · {} check-ins so far", people({owners.begin(), owners.end()}), count)));
}

// 4. The person's weekly streak reached one of streak_lengths.
void streak(const CheckinFacts& f, const std::vector<CheckinWeek>& weeks, std::vector<Announcement>& out) {
    std::set<std::string> mine;
    for (const auto& w : weeks) {
        if (w.user_id == f.user_id) mine.insert(w.week);
    }
    const auto s = streak_of_weeks(mine, f.timezone, f.now);
    for (int length : streak_lengths) {
        if (s.weeks != length) continue;
        out.push_back(post(f.team.id,
                           fmt::format("celebrate:streak:{}:{}:{}:{}", f.user_id, f.team.id, length, s.first_week),
                           fmt::format(":fire: {} has checked in {} weeks in a row in team *{}* (since {})",
                                       mention(f.user_id), length, escape_text(f.team.name), s.first_week),
                           "Steady weekly check-ins are what make OKRs work. Keep it going!"));
    }
}

}  // namespace

Streak streak_of_weeks(const std::set<std::string>& weeks, const std::string& timezone, Time now) {
    Streak s;
    Time start = week_start(timezone, now);
    std::string key = week_key(timezone, now);
    while (weeks.count(key)) {
        ++s.weeks;
        s.first_week = key;
        Time previous = start - std::chrono::seconds(1);
        start = week_start(timezone, previous);
        key = week_key(timezone, previous);
    }
    return s;
}

Streak streak_of(const std::vector<Time>& times, const std::string& timezone, Time now) {
    std::set<std::string> weeks;
    for (auto t : times) weeks.insert(week_key(timezone, t));
    return streak_of_weeks(weeks, timezone, now);
}

std::vector<Announcement> celebrations_after_checkin(const Repositories& repos, const WorkspaceKey& ws,
                                                     const CheckinFacts& f) {
    std::vector<Announcement> out;
    kr_milestone(repos, ws, f, out);
    objective_complete(repos, ws, f, out);
    // 3. and 4. read the team's check-ins counted by week (CheckinRepository::checkin_weeks):
    // this week and the ones a streak of the longest length could span, never older rows.
    const std::string week_name = week_key(f.timezone, f.now);
    const Time oldest = week_start(f.timezone, f.now) - std::chrono::days(7 * streak_lengths[2]) + std::chrono::hours(12);
    const auto weeks = repos.checkins.checkin_weeks(ws, f.team.id, week_key(f.timezone, oldest), week_name);
    // Only the person's first check-in of the week can complete the team or extend a streak.
    const bool first_of_week = std::any_of(weeks.begin(), weeks.end(), [&](const CheckinWeek& w) {
        return w.week == week_name && w.user_id == f.user_id && w.checkins == 1;
    });
    if (!first_of_week) return out;
    all_in(repos, ws, f, week_name, weeks, out);
    streak(f, weeks, out);
    return out;
}

Announcement win_announcement(const Team& team, RowId win_id, const std::string& user_id, const std::string& title,
                              const std::optional<KeyResult>& kr) {
    std::string body = fmt::format("Logged by {} for team *{}*", mention(user_id), escape_text(team.name));
    if (kr) body += fmt::format(" · towards *KR-{}* {} ({})", kr->number, escape_text(kr->title), percent(progress(*kr)));
    return post(team.id, fmt::format("celebrate:win:{}", win_id),
                fmt::format(":rocket: Quick win: {}", escape_text(title)), body);
}

}  // namespace goalpost::core
