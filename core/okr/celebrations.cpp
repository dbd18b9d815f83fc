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

}  // namespace

Streak streak_of(const std::vector<Time>& times, const std::string& timezone, Time now) {
    std::set<std::string> weeks;
    for (auto t : times) weeks.insert(week_key(timezone, t));
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

std::vector<Announcement> celebrations_after_checkin(const Repositories& repos, const WorkspaceKey& ws,
                                                     const CheckinFacts& f) {
    std::vector<Announcement> out;
    const KeyResult& kr = f.after;
    const double now_p = progress(kr);

    // 1. The KR crossed 70% or 100% for the first time: no earlier check-in got there.
    auto history = repos.checkins.checkins_of(ws, kr.id, -1);  // newest first, this one included
    double best_before = 0;
    for (size_t i = 1; i < history.size(); ++i) best_before = std::max(best_before, progress_at(kr, history[i].value));
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

    // 2. The objective is complete: every KR at 100%.
    auto krs = repos.objectives.key_results_of(ws, f.objective.id);
    std::vector<KeyResult> before = krs;
    for (auto& k : before) {
        if (k.id == f.before.id) k = f.before;
    }
    if (!krs.empty() && objective_progress(krs) >= 1.0 && objective_progress(before) < 1.0) {
        std::set<std::string> owners;
        for (const auto& k : krs) owners.insert(k.owner);
        out.push_back(post(f.team.id, fmt::format("celebrate:objective:{}:100", f.objective.number),
                           fmt::format(":trophy: *O-{}* {} is complete: all {} key results at 100%",
                                       f.objective.number, escape_text(f.objective.title), krs.size()),
                           fmt::format("Team *{}*, well done: {}", escape_text(f.team.name),
                                       people({owners.begin(), owners.end()}))));
    }

    if (!repos.reports) return out;
    // 3. and 4. need the team's check-ins by week, in the team's time zone.
    const Time week = week_start(f.timezone, f.now);
    const std::string week_name = week_key(f.timezone, f.now);
    const Time end = f.now + std::chrono::seconds(1);
    auto recent = repos.reports->checkins_of_team(ws, f.team.id, week - std::chrono::days(7 * 12), end);
    std::set<std::string> this_week;
    int mine_this_week = 0;
    std::vector<Time> mine;
    for (const auto& c : recent) {
        if (c.at >= week) {
            this_week.insert(c.user_id);
            if (c.user_id == f.user_id) ++mine_this_week;
        }
        if (c.user_id == f.user_id) mine.push_back(c.at);
    }
    // Only the person's first check-in of the week can complete the team or extend a streak.
    if (mine_this_week != 1) return out;

    std::set<std::string> owners;
    for (const auto& o : repos.objectives.objectives_of_team(ws, f.team.id)) {
        for (const auto& k : repos.objectives.key_results_of(ws, o.id)) owners.insert(k.owner);
    }
    bool all_in = owners.size() >= all_in_min_owners &&
                  std::all_of(owners.begin(), owners.end(), [&](const auto& u) { return this_week.count(u) > 0; });
    if (all_in) {
        size_t count = static_cast<size_t>(std::count_if(recent.begin(), recent.end(),
                                                         [&](const Checkin& c) { return c.at >= week; }));
        out.push_back(post(f.team.id, fmt::format("celebrate:team:{}:all-in:{}", f.team.id, week_name),
                           fmt::format(":raised_hands: Everybody in team *{}* checked in this week ({}): {} of {}",
                                       escape_text(f.team.name), week_name, owners.size(), owners.size()),
                           fmt::format("{} · {} check-ins so far", people({owners.begin(), owners.end()}), count)));
    }

    auto streak = streak_of(mine, f.timezone, f.now);
    for (int length : streak_lengths) {
        if (streak.weeks != length) continue;
        out.push_back(post(f.team.id,
                           fmt::format("celebrate:streak:{}:{}:{}:{}", f.user_id, f.team.id, length, streak.first_week),
                           fmt::format(":fire: {} has checked in {} weeks in a row in team *{}* (since {})",
                                       mention(f.user_id), length, escape_text(f.team.name), streak.first_week),
                           "Steady weekly check-ins are what make OKRs work. Keep it going!"));
    }
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
