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

std::optional<std::pair<Time, Time>> cycle_range(std::string_view cycle) {
    if (!valid_cycle(cycle)) return std::nullopt;
    int year = *to_int(cycle.substr(0, 4));
    unsigned q = static_cast<unsigned>(cycle[6] - '0');
    std::chrono::year_month first{std::chrono::year{year}, std::chrono::month{(q - 1) * 3 + 1}};
    auto start = std::chrono::sys_days{first / std::chrono::day{1}};
    auto end = std::chrono::sys_days{(first + std::chrono::months(3)) / std::chrono::day{1}};
    return std::pair{Time{start.time_since_epoch()}, Time{end.time_since_epoch()}};
}

std::string iso_date(Time t) {
    std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
}

std::optional<Time> parse_instant(std::string_view text) {
    if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
    auto date = parse_date(text.substr(0, 10));
    if (!date || text[13] != ':') return std::nullopt;
    auto hh = to_int(text.substr(11, 2));
    auto mm = to_int(text.substr(14, 2));
    if (!hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
    std::string_view rest = text.substr(16);
    int ss = 0;
    if (rest.starts_with(":")) {
        auto s = rest.size() >= 3 ? to_int(rest.substr(1, 2)) : std::nullopt;
        if (!s || *s > 59) return std::nullopt;
        ss = *s;
        rest.remove_prefix(3);
        if (rest.starts_with(".")) {  // fractions of a second are dropped
            rest.remove_prefix(1);
            while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
        }
    }
    int offset_minutes = 0;
    if (rest == "Z" || rest == "z") {
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        auto oh = to_int(rest.substr(1, 2));
        auto om = to_int(rest.substr(4, 2));
        if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
        offset_minutes = (*oh * 60 + *om) * (rest[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;  // an instant needs its offset: Z or +hh:mm
    }
    std::chrono::year_month_day ymd{std::chrono::year{*to_int(date->substr(0, 4))},
                                    std::chrono::month{static_cast<unsigned>(*to_int(date->substr(5, 2)))},
                                    std::chrono::day{static_cast<unsigned>(*to_int(date->substr(8, 2)))}};
    Time t{std::chrono::sys_days{ymd}.time_since_epoch()};
    return t + std::chrono::hours(*hh) + std::chrono::minutes(*mm - offset_minutes) + std::chrono::seconds(ss);
}

std::string iso_instant(Time t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", iso_date(t), hms.hours().count(), hms.minutes().count(),
                       hms.seconds().count());
}

std::string iso_minute(Time t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    std::chrono::hh_mm_ss hms{t - day};
    return fmt::format("{} {:02}:{:02} UTC", iso_date(t), hms.hours().count(), hms.minutes().count());
}

}  // namespace goalpost::core
