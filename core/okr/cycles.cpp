#include "core/okr/cycles.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "core/okr/playbook_view.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<Time> day_start(std::string_view date) {
    auto ok = parse_date(date);
    if (!ok) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{std::stoi(ok->substr(0, 4))},
                                    std::chrono::month{static_cast<unsigned>(std::stoi(ok->substr(5, 2)))},
                                    std::chrono::day{static_cast<unsigned>(std::stoi(ok->substr(8, 2)))}};
    return Time{std::chrono::sys_days{ymd}.time_since_epoch()};
}

// Orders the candidates for "next": earliest start, custom before quarter, shortest, name.
bool starts_before(const CycleSpan& a, const CycleSpan& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.custom != b.custom) return a.custom;
    if (a.end != b.end) return a.end < b.end;
    return a.name < b.name;
}

}  // namespace

bool valid_cycle_name(std::string_view name) {
    if (name.empty() || name.size() > max_cycle_name) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

bool looks_like_quarter(std::string_view name) {
    if (name.size() < 6) return false;
    for (int i = 0; i < 4; ++i) {
        if (!is_digit(name[static_cast<size_t>(i)])) return false;
    }
    std::string_view rest = name.substr(4);
    if (rest.starts_with("-")) rest.remove_prefix(1);
    if (rest.empty() || (rest[0] != 'Q' && rest[0] != 'q')) return false;
    rest.remove_prefix(1);
    return !rest.empty() && std::all_of(rest.begin(), rest.end(), is_digit);
}

std::optional<std::string> canonical_quarter(std::string_view name) {
    if (!looks_like_quarter(name)) return std::nullopt;
    std::string_view digits = name.substr(name[4] == '-' ? 6 : 5);
    if (digits.size() != 1) return std::nullopt;
    std::string q = fmt::format("{}-Q{}", name.substr(0, 4), digits);
    if (!valid_cycle(q)) return std::nullopt;
    return q;
}

std::string CycleSpan::first_day() const { return iso_date(start); }
std::string CycleSpan::last_day() const { return iso_date(end - std::chrono::days(1)); }

std::optional<CycleSpan> quarter_span(std::string_view quarter) {
    auto range = cycle_range(quarter);
    if (!range) return std::nullopt;
    return CycleSpan{std::string(quarter), range->first, range->second, false};
}

std::optional<CycleSpan> span_of(const Cycle& cycle) {
    auto start = day_start(cycle.start);
    auto last = day_start(cycle.end);
    if (!start || !last || *last < *start) return std::nullopt;
    return CycleSpan{cycle.name, *start, *last + std::chrono::days(1), true};
}

CycleCalendar::CycleCalendar(const std::vector<Cycle>& custom) {
    for (const auto& c : custom) {
        if (auto s = span_of(c)) custom_.push_back(std::move(*s));
    }
    std::sort(custom_.begin(), custom_.end(), [](const CycleSpan& a, const CycleSpan& b) {
        return a.start != b.start ? a.start < b.start : a.name < b.name;
    });
}

std::optional<CycleSpan> CycleCalendar::find(std::string_view name) const {
    if (name.empty()) return std::nullopt;
    const std::string wanted = ascii_lower(name);
    for (const auto& c : custom_) {
        if (ascii_lower(c.name) == wanted) return c;
    }
    return quarter_span(name);
}

CycleSpan CycleCalendar::current(Time now) const {
    const CycleSpan* best = nullptr;
    for (const auto& c : custom_) {
        if (!c.contains(now)) continue;
        if (!best || c.start > best->start || (c.start == best->start && (c.end < best->end ||
                                                                            (c.end == best->end && c.name < best->name)))) {
            best = &c;
        }
    }
    if (best) return *best;
    return *quarter_span(quarter_of(now));
}

CycleSpan CycleCalendar::next_after(const CycleSpan& c) const {
    // The first quarter starting at or after c ends.
    std::string q = quarter_of(c.end);
    auto best = *quarter_span(q);
    if (best.start < c.end) best = *quarter_span(next_cycle(q));
    for (const auto& x : custom_) {
        if (x.start >= c.end && starts_before(x, best)) best = x;
    }
    return best;
}

CycleSpan CycleCalendar::previous_before(const CycleSpan& c) const {
    // The last quarter ending at or before c starts.
    std::string q = quarter_of(c.start - std::chrono::seconds(1));
    auto best = *quarter_span(q);
    if (best.end > c.start) best = *quarter_span(previous_cycle(q));
    for (const auto& x : custom_) {
        if (x.end > c.start) continue;
        bool later = x.end != best.end ? x.end > best.end : (x.custom != best.custom ? x.custom : x.name < best.name);
        if (later) best = x;
    }
    return best;
}

std::string CycleCalendar::known_text() const {
    std::string out;
    for (const auto& c : custom_) {
        out += fmt::format("{}{} ({} to {})", out.empty() ? "" : ", ", escape_text(c.name), c.first_day(), c.last_day());
    }
    return out;
}

}  // namespace goalpost::core
