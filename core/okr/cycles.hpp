#pragma once
// Cycles, the periods OKRs run in: calendar quarters ("2027-Q1", always there) and a
// workspace's custom cycles with their own dates ("2027-H1", 2027-01-01 to 2027-06-30).
// Pure: the custom cycles come in as values (CycleRepository reads them).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

inline constexpr std::size_t max_cycle_name = 32;

// A custom cycle's name: 1 to 32 ASCII letters, digits, - and _.
bool valid_cycle_name(std::string_view name);
// Four digits, an optional -, Q or q, then digits: "2027-Q1", "2027q1", "2027-Q5".
bool looks_like_quarter(std::string_view name);
// The quarter written the canonical way ("2027q1" -> "2027-Q1"); nullopt when the name is
// not a real quarter (Q0, Q5, a year before 2000) or does not look like one.
std::optional<std::string> canonical_quarter(std::string_view name);

// A cycle as a span of time: [start, end) in UTC, `end` being the day after its last day.
struct CycleSpan {
    std::string name;
    Time start{};
    Time end{};
    bool custom = false;
    std::string first_day() const;  // YYYY-MM-DD
    std::string last_day() const;   // YYYY-MM-DD, inclusive
    bool contains(Time t) const { return start <= t && t < end; }
};

// The span of a calendar quarter ("2027-Q1"), nullopt if it is not one.
std::optional<CycleSpan> quarter_span(std::string_view quarter);
// The span of a stored custom cycle; nullopt when its dates are malformed.
std::optional<CycleSpan> span_of(const Cycle& cycle);

// The cycles of one workspace: its custom cycles plus every calendar quarter.
class CycleCalendar {
public:
    explicit CycleCalendar(const std::vector<Cycle>& custom = {});

    // A custom cycle by name (in any case), else a calendar quarter; nullopt when neither.
    std::optional<CycleSpan> find(std::string_view name) const;
    // The custom cycle containing `now`; when several do, the one that started latest (then the
    // one that ends first, then by name). Without one: the calendar quarter of `now`.
    CycleSpan current(Time now) const;
    // The cycle that starts first once `c` has ended (custom or quarter; a custom cycle wins a tie).
    CycleSpan next_after(const CycleSpan& c) const;
    // The cycle that ends last before `c` starts (custom or quarter; a custom cycle wins a tie).
    CycleSpan previous_before(const CycleSpan& c) const;
    // Custom cycles by start date, then name.
    const std::vector<CycleSpan>& custom() const { return custom_; }
    // "2027-H1 (2027-01-01 to 2027-06-30), ..." for error messages; empty without custom cycles.
    std::string known_text() const;

private:
    std::vector<CycleSpan> custom_;
};

}  // namespace goalpost::core
