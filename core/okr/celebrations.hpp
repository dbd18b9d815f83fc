#pragma once
// Celebrations for the team channel after a check-in (README "OKR rules"): a KR reaching 70%
// and 100%, an objective completed, everybody in the team checked in this week, a person's
// weekly check-in streak of 4, 8 or 12 weeks. Each has a key that names it for good, so the
// outbox posts it at most once ever, whatever happens to the numbers afterwards.
#include <set>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/ports.hpp"

namespace goalpost::core {

inline constexpr double celebrate_at = 0.7;
inline constexpr int streak_lengths[] = {4, 8, 12};
// "Everybody checked in" needs at least this many owners (one person is not a team effort).
inline constexpr size_t all_in_min_owners = 2;

struct CheckinFacts {
    const Team& team;
    const Objective& objective;
    const KeyResult& before;  // the KR before the check-in
    const KeyResult& after;   // as recorded
    std::string user_id;      // who checked in
    std::string timezone;     // the team's
    Time now{};
};

std::vector<Announcement> celebrations_after_checkin(const Repositories& repos, const WorkspaceKey& ws,
                                                     const CheckinFacts& facts);

// A quick win logged with /okr win.
Announcement win_announcement(const Team& team, RowId win_id, const std::string& user_id, const std::string& title,
                              const std::optional<KeyResult>& kr);

// Weeks in a row, ending with the week of `now`, in which `user` checked in (times of
// their check-ins, any order), counted in `timezone`; and the first week of that run.
struct Streak {
    int weeks = 0;
    std::string first_week;  // "2026-W40"
};
Streak streak_of(const std::vector<Time>& checkin_times, const std::string& timezone, Time now);
// The same from the set of week keys ("2026-W40") with a check-in.
Streak streak_of_weeks(const std::set<std::string>& weeks, const std::string& timezone, Time now);

}  // namespace goalpost::core
