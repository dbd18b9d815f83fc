#pragma once
// Calendar helpers over core::Time (UTC). Time zones come with the cadence work.
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace goalpost::core {

// Calendar quarter of an instant, "2027-Q1".
std::string quarter_of(Time t);
// Valid cycle names: "2027-Q1".."2027-Q4".
bool valid_cycle(std::string_view cycle);
// "2027-03-31" when it is a real calendar date, else nullopt.
std::optional<std::string> parse_date(std::string_view text);
std::string iso_date(Time t);
// [start, end) of a calendar-quarter cycle "2027-Q1" in UTC; nullopt if malformed.
std::optional<std::pair<Time, Time>> cycle_range(std::string_view cycle);
// ISO-8601 instants: "2026-11-23T09:00:00Z", "2026-11-23T10:00+01:00", "2026-11-23 09:00Z".
std::optional<Time> parse_instant(std::string_view text);
// "2026-11-23T09:00:00Z"
std::string iso_instant(Time t);
// "2027-03-31 14:05 UTC"
std::string iso_minute(Time t);

}  // namespace goalpost::core
