#pragma once
// When a team's reminders, digests and summaries fall due: pure functions of the team's
// time zone, its cadence settings and `now` (IANA zones and daylight saving via date/tz).
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace goalpost::core {

enum class ScheduleKind { reminder, nudge, digest, summary };
const char* kind_name(ScheduleKind kind);

// "mon 09:00": a weekday (0 = Sunday .. 6 = Saturday) and minutes after local midnight.
struct WeeklyAt {
    unsigned weekday = 1;
    int minutes = 9 * 60;
    bool enabled = true;
};
// "1 10:00": a day of the month (past the month's end means its last day) and a local time.
struct MonthlyAt {
    unsigned day = 1;
    int minutes = 10 * 60;
    bool enabled = true;
};

std::optional<WeeklyAt> parse_weekly(std::string_view text);    // "mon 09:00", "friday 16:30", "off"
std::optional<MonthlyAt> parse_monthly(std::string_view text);  // "1 10:00", "15 09:30", "off"
std::string format_weekly(const WeeklyAt& w);                   // "mon 09:00" or "off"
std::string format_monthly(const MonthlyAt& m);                 // "1 10:00" or "off"

struct Cadence {
    std::string timezone = "UTC";
    WeeklyAt reminder{1, 9 * 60, true};
    WeeklyAt digest{5, 16 * 60, true};
    MonthlyAt summary{1, 10 * 60, true};
};

// The follow-up nudge comes two days after the weekly reminder, at the same local time.
inline constexpr int nudge_days_after_reminder = 2;

struct Occurrence {
    ScheduleKind kind = ScheduleKind::reminder;
    std::string period;  // "2026-W47" for weekly kinds, "2026-11" for the summary
    Time due{};
};

// The latest occurrence at or before `now`; nullopt when that schedule is off.
std::optional<Occurrence> latest_occurrence(ScheduleKind kind, const Cadence& cadence, Time now);
// The first occurrence strictly after `now`; nullopt when that schedule is off.
std::optional<Occurrence> next_occurrence(ScheduleKind kind, const Cadence& cadence, Time now);

// Monday 00:00 of the local week containing `now`, as an instant.
Time week_start(const std::string& timezone, Time now);
// The 1st, 00:00 local, of the month containing `now`, and of the month after.
Time month_start(const std::string& timezone, Time now);
Time next_month_start(const std::string& timezone, Time now);
// "2026-W47" of the local date at `now`; "2026-11" likewise.
std::string week_key(const std::string& timezone, Time now);
std::string month_key(const std::string& timezone, Time now);
// Start and end (exclusive) instants of a "YYYY-MM" month in a zone; nullopt if malformed.
std::optional<std::pair<Time, Time>> month_range(const std::string& timezone, std::string_view month);

// Local wall-clock instant -> UTC. An ambiguous time (clocks going back) is its first
// occurrence; a time that does not exist (clocks going forward) is the instant of the change.
Time local_to_utc(const std::string& timezone, std::chrono::local_seconds local);

}  // namespace goalpost::core
