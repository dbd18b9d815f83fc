#include "core/schedule/cadence.hpp"

#include <charconv>
#include <date/iso_week.h>
#include <date/tz.h>
#include <fmt/format.h>

#include "core/text.hpp"

namespace goalpost::core {
namespace {

using std::chrono::days;
using std::chrono::minutes;

constexpr const char* weekday_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr const char* weekday_long[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

const date::time_zone* zone(const std::string& name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return date::locate_zone("UTC");
    }
}

std::optional<int> parse_hhmm(std::string_view s) {
    auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() - colon != 3) return std::nullopt;
    int h = 0, m = 0;
    auto r1 = std::from_chars(s.data(), s.data() + colon, h);
    auto r2 = std::from_chars(s.data() + colon + 1, s.data() + s.size(), m);
    if (r1.ec != std::errc{} || r1.ptr != s.data() + colon || r2.ec != std::errc{} || r2.ptr != s.data() + s.size()) {
        return std::nullopt;
    }
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 60 + m;
}

// Splits "mon 09:00" / "mon@09:00" into its two words.
std::optional<std::pair<std::string, std::string>> two_words(std::string_view text) {
    std::string s = ascii_lower(text);
    for (auto& c : s) if (c == '@' || c == '\t') c = ' ';
    auto first = s.find_first_not_of(' ');
    if (first == std::string::npos) return std::nullopt;
    auto sep = s.find(' ', first);
    if (sep == std::string::npos) return std::nullopt;
    auto second = s.find_first_not_of(' ', sep);
    if (second == std::string::npos) return std::nullopt;
    auto end = s.find(' ', second);
    if (end != std::string::npos && s.find_first_not_of(' ', end) != std::string::npos) return std::nullopt;
    return std::pair{s.substr(first, sep - first), s.substr(second, end == std::string::npos ? end : end - second)};
}

std::chrono::local_days local_day(const date::time_zone* z, Time t) {
    auto local = z->to_local(t);
    return std::chrono::local_days{std::chrono::floor<days>(local).time_since_epoch()};
}

std::string iso_week_of(std::chrono::local_days d) {
    date::local_days dd{d.time_since_epoch()};
    iso_week::year_weeknum_weekday yww{dd};
    return fmt::format("{}-W{:02}", static_cast<int>(yww.year()), static_cast<unsigned>(yww.weeknum()));
}

std::string month_of(std::chrono::local_days d) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{d.time_since_epoch()}};
    return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
}

// The local day of `weekday` in the week (Mon..Sun) containing d, shifted by `weeks`.
std::chrono::local_days weekday_in_week(std::chrono::local_days d, unsigned weekday, int weeks) {
    std::chrono::weekday wd{std::chrono::sys_days{d.time_since_epoch()}};
    unsigned iso_today = wd.iso_encoding();                // Mon=1..Sun=7
    unsigned iso_target = weekday == 0 ? 7 : weekday;
    auto monday = d - days(iso_today - 1);
    return monday + days(iso_target - 1) + days(7 * weeks);
}

std::chrono::local_days day_in_month(std::chrono::year_month ym, unsigned day) {
    auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}};
    unsigned d = std::min(day, static_cast<unsigned>(last.day()));
    std::chrono::sys_days sd{std::chrono::year_month_day{ym.year(), ym.month(), std::chrono::day{d}}};
    return std::chrono::local_days{sd.time_since_epoch()};
}

std::chrono::year_month ym_of(std::chrono::local_days d) {
    std::chrono::year_month_day ymd{std::chrono::sys_days{d.time_since_epoch()}};
    return {ymd.year(), ymd.month()};
}

struct Candidate {
    std::chrono::local_days day;
    int minutes;
};

// Weekly kinds: the occurrence of the local week `offset` weeks from the one containing d.
Candidate weekly_candidate(ScheduleKind kind, const Cadence& c, std::chrono::local_days d, int offset) {
    const WeeklyAt& w = kind == ScheduleKind::digest ? c.digest : c.reminder;
    auto day = weekday_in_week(d, w.weekday, offset);
    if (kind == ScheduleKind::nudge) day += days(nudge_days_after_reminder);
    return {day, w.minutes};
}

bool enabled(ScheduleKind kind, const Cadence& c) {
    switch (kind) {
        case ScheduleKind::reminder:
        case ScheduleKind::nudge: return c.reminder.enabled;
        case ScheduleKind::digest: return c.digest.enabled;
        case ScheduleKind::summary: return c.summary.enabled;
    }
    return false;
}

Occurrence make(ScheduleKind kind, const Cadence& c, Candidate cand, std::chrono::local_days period_day) {
    Occurrence o;
    o.kind = kind;
    o.due = local_to_utc(c.timezone, std::chrono::local_seconds{cand.day} + minutes(cand.minutes));
    o.period = kind == ScheduleKind::summary ? month_of(period_day) : iso_week_of(period_day);
    return o;
}

// Occurrences around `now`, in order, from which latest/next pick. The week key is the
// reminder's week (a nudge shifted past Sunday still belongs to its reminder's week).
std::vector<Occurrence> around(ScheduleKind kind, const Cadence& c, Time now) {
    const auto* z = zone(c.timezone);
    auto today = local_day(z, now);
    std::vector<Occurrence> out;
    if (kind == ScheduleKind::summary) {
        auto ym = ym_of(today);
        for (int m = -2; m <= 1; ++m) {
            auto shifted = ym + std::chrono::months(m);
            auto day = day_in_month(shifted, c.summary.day);
            out.push_back(make(kind, c, {day, c.summary.minutes}, day));
        }
    } else {
        for (int w = -2; w <= 1; ++w) {
            auto cand = weekly_candidate(kind, c, today, w);
            auto week_day = weekday_in_week(today, 1, w);
            out.push_back(make(kind, c, cand, week_day));
        }
    }
    return out;
}

}  // namespace

const char* kind_name(ScheduleKind kind) {
    switch (kind) {
        case ScheduleKind::reminder: return "reminder";
        case ScheduleKind::nudge: return "nudge";
        case ScheduleKind::digest: return "digest";
        case ScheduleKind::summary: return "summary";
    }
    return "?";
}

std::optional<WeeklyAt> parse_weekly(std::string_view text) {
    if (ascii_lower(text) == "off") return WeeklyAt{1, 0, false};
    auto words = two_words(text);
    if (!words) return std::nullopt;
    auto minutes_of_day = parse_hhmm(words->second);
    if (!minutes_of_day) return std::nullopt;
    for (unsigned i = 0; i < 7; ++i) {
        if (words->first == weekday_names[i] || words->first == weekday_long[i]) return WeeklyAt{i, *minutes_of_day, true};
    }
    return std::nullopt;
}

std::optional<MonthlyAt> parse_monthly(std::string_view text) {
    if (ascii_lower(text) == "off") return MonthlyAt{1, 0, false};
    auto words = two_words(text);
    if (!words) return std::nullopt;
    auto minutes_of_day = parse_hhmm(words->second);
    if (!minutes_of_day) return std::nullopt;
    unsigned day = 0;
    auto& w = words->first;
    auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), day);
    if (ec != std::errc{} || p != w.data() + w.size() || day < 1 || day > 31) return std::nullopt;
    return MonthlyAt{day, *minutes_of_day, true};
}

std::string format_weekly(const WeeklyAt& w) {
    if (!w.enabled) return "off";
    return fmt::format("{} {:02}:{:02}", weekday_names[w.weekday % 7], w.minutes / 60, w.minutes % 60);
}

std::string format_monthly(const MonthlyAt& m) {
    if (!m.enabled) return "off";
    return fmt::format("{} {:02}:{:02}", m.day, m.minutes / 60, m.minutes % 60);
}

Time local_to_utc(const std::string& timezone, std::chrono::local_seconds local) {
    const auto* z = zone(timezone);
    date::local_seconds dl{local.time_since_epoch()};
    auto info = z->get_info(dl);
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:  // the first of the two: before the clocks go back
            return Time{(dl - info.first.offset).time_since_epoch()};
        case date::local_info::nonexistent:  // in the gap: the instant the clocks jump
            return Time{info.second.begin.time_since_epoch()};
    }
    return Time{(dl - info.first.offset).time_since_epoch()};
}

std::optional<Occurrence> latest_occurrence(ScheduleKind kind, const Cadence& cadence, Time now) {
    if (!enabled(kind, cadence)) return std::nullopt;
    std::optional<Occurrence> best;
    for (auto& o : around(kind, cadence, now)) {
        if (o.due <= now && (!best || o.due > best->due)) best = o;
    }
    return best;
}

std::optional<Occurrence> next_occurrence(ScheduleKind kind, const Cadence& cadence, Time now) {
    if (!enabled(kind, cadence)) return std::nullopt;
    std::optional<Occurrence> best;
    for (auto& o : around(kind, cadence, now)) {
        if (o.due > now && (!best || o.due < best->due)) best = o;
    }
    return best;
}

Time week_start(const std::string& timezone, Time now) {
    auto monday = weekday_in_week(local_day(zone(timezone), now), 1, 0);
    return local_to_utc(timezone, std::chrono::local_seconds{monday});
}

Time month_start(const std::string& timezone, Time now) {
    auto first = day_in_month(ym_of(local_day(zone(timezone), now)), 1);
    return local_to_utc(timezone, std::chrono::local_seconds{first});
}

Time next_month_start(const std::string& timezone, Time now) {
    auto first = day_in_month(ym_of(local_day(zone(timezone), now)) + std::chrono::months(1), 1);
    return local_to_utc(timezone, std::chrono::local_seconds{first});
}

std::string week_key(const std::string& timezone, Time now) {
    return iso_week_of(weekday_in_week(local_day(zone(timezone), now), 1, 0));
}

std::string month_key(const std::string& timezone, Time now) { return month_of(local_day(zone(timezone), now)); }

std::optional<std::pair<Time, Time>> month_range(const std::string& timezone, std::string_view month) {
    if (month.size() != 7 || month[4] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0;
    auto r1 = std::from_chars(month.data(), month.data() + 4, y);
    auto r2 = std::from_chars(month.data() + 5, month.data() + 7, m);
    if (r1.ec != std::errc{} || r1.ptr != month.data() + 4 || r2.ec != std::errc{} || r2.ptr != month.data() + 7 ||
        m < 1 || m > 12 || y < 2000) {
        return std::nullopt;
    }
    std::chrono::year_month ym{std::chrono::year{y}, std::chrono::month{m}};
    auto from = local_to_utc(timezone, std::chrono::local_seconds{day_in_month(ym, 1)});
    auto to = local_to_utc(timezone, std::chrono::local_seconds{day_in_month(ym + std::chrono::months(1), 1)});
    return std::pair{from, to};
}

}  // namespace goalpost::core
