#include "core/time.hpp"

#include <charconv>
#include <chrono>
#include <fmt/format.h>

namespace goalpost::core {
namespace {

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::string quarter_of(Time t) {
    std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    unsigned q = (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1;
    return fmt::format("{}-Q{}", static_cast<int>(ymd.year()), q);
}

bool valid_cycle(std::string_view cycle) {
    if (cycle.size() != 7 || cycle.substr(4, 2) != "-Q") return false;
    auto year = to_int(cycle.substr(0, 4));
    return year && *year >= 2000 && cycle[6] >= '1' && cycle[6] <= '4';
}

std::optional<std::string> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto y = to_int(text.substr(0, 4));
    auto m = to_int(text.substr(5, 2));
    auto d = to_int(text.substr(8, 2));
    if (!y || !m || !d) return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                    std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok() || *y < 2000) return std::nullopt;
    return std::string(text);
}

std::string iso_date(Time t) {
    std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

std::string iso_minute(Time t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{} {:02}:{:02} UTC", iso_date(t), hms.hours().count(), hms.minutes().count());
}

}  // namespace goalpost::core
