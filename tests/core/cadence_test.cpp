#include <boost/test/unit_test.hpp>
#include <date/tz.h>

#include "core/schedule/cadence.hpp"
#include "core/time.hpp"
#include "tests/support/clock.hpp"

using namespace goalpost::core;
using goalpost::testing::utc;

namespace {


Cadence in(const std::string& tz) {
    Cadence c;
    c.timezone = tz;
    return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cadence)

BOOST_AUTO_TEST_CASE(parsing_and_formatting) {
    BOOST_TEST(format_weekly(*parse_weekly("mon 09:00")) == "mon 09:00");
    BOOST_TEST(format_weekly(*parse_weekly("Friday 16:30")) == "fri 16:30");
    BOOST_TEST(format_weekly(*parse_weekly("sun@7:05")) == "sun 07:05");
    BOOST_TEST(!parse_weekly("off")->enabled);
    BOOST_TEST(format_monthly(*parse_monthly("1 10:00")) == "1 10:00");
    BOOST_TEST(format_monthly(*parse_monthly("31 08:00")) == "31 08:00");
    for (const char* bad : {"", "mon", "mon 9", "mon 24:00", "mon 09:60", "moon 09:00", "mon 09:00 x"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_weekly(bad).has_value()); }
    }
    for (const char* bad : {"0 10:00", "32 10:00", "x 10:00", "1"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_monthly(bad).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(berlin_0900_is_0800_utc_in_winter_and_0700_in_summer) {
    auto c = in("Europe/Berlin");
    auto winter = next_occurrence(ScheduleKind::reminder, c, utc(2027, 1, 10));  // a Sunday
    BOOST_TEST((winter->due == utc(2027, 1, 11, 8)));
    BOOST_TEST(winter->period == "2027-W02");
    auto summer = next_occurrence(ScheduleKind::reminder, c, utc(2027, 6, 13));
    BOOST_TEST((summer->due == utc(2027, 6, 14, 7)));
}

BOOST_AUTO_TEST_CASE(latest_and_next_bracket_now) {
    auto c = in("America/New_York");
    auto now = utc(2026, 11, 25, 12);  // Wednesday
    auto last = latest_occurrence(ScheduleKind::digest, c, now);
    auto next = next_occurrence(ScheduleKind::digest, c, now);
    BOOST_TEST((last->due == utc(2026, 11, 20, 21)));  // Fri 16:00 EST
    BOOST_TEST((next->due == utc(2026, 11, 27, 21)));
    BOOST_TEST(last->period == "2026-W47");
    BOOST_TEST(next->period == "2026-W48");
    // Exactly at the due instant it is the latest, not the next.
    BOOST_TEST((latest_occurrence(ScheduleKind::digest, c, next->due)->due == next->due));
    BOOST_TEST((next_occurrence(ScheduleKind::digest, c, next->due)->due == utc(2026, 12, 4, 21)));
}

BOOST_AUTO_TEST_CASE(nudge_is_two_days_after_the_reminder_in_the_same_week) {
    auto c = in("Asia/Kolkata");
    auto r = next_occurrence(ScheduleKind::reminder, c, utc(2026, 11, 22));
    auto n = next_occurrence(ScheduleKind::nudge, c, utc(2026, 11, 22));
    BOOST_TEST((r->due == utc(2026, 11, 23, 3, 30)));  // 09:00 IST = 03:30 UTC
    BOOST_TEST((n->due == utc(2026, 11, 25, 3, 30)));
    BOOST_TEST(n->period == r->period);
}

BOOST_AUTO_TEST_CASE(monthly_summary_and_short_months) {
    auto c = in("Europe/Berlin");
    c.summary = *parse_monthly("31 10:00");
    auto feb = next_occurrence(ScheduleKind::summary, c, utc(2027, 2, 1));
    BOOST_TEST((feb->due == utc(2027, 2, 28, 9)));  // last day of February, 10:00 CET
    BOOST_TEST(feb->period == "2027-02");
    auto first = next_occurrence(ScheduleKind::summary, in("Europe/Berlin"), utc(2026, 11, 23));
    BOOST_TEST((first->due == utc(2026, 12, 1, 9)));
    BOOST_TEST(first->period == "2026-12");
}

BOOST_AUTO_TEST_CASE(clock_changes_neither_double_nor_skip) {
    auto c = in("Europe/Berlin");
    c.reminder = *parse_weekly("sun 02:30");
    // 2027-03-28: 02:00 -> 03:00, so 02:30 does not exist: fires at the change, 01:00 UTC.
    auto spring = next_occurrence(ScheduleKind::reminder, c, utc(2027, 3, 27));
    BOOST_TEST((spring->due == utc(2027, 3, 28, 1)));
    // 2026-10-25: 03:00 -> 02:00, so 02:30 happens twice: fires at the first, 00:30 UTC, once.
    auto autumn = next_occurrence(ScheduleKind::reminder, c, utc(2026, 10, 24));
    BOOST_TEST((autumn->due == utc(2026, 10, 25, 0, 30)));
    auto after = next_occurrence(ScheduleKind::reminder, c, autumn->due);
    BOOST_TEST((after->due == utc(2026, 11, 1, 1, 30)));
}

BOOST_AUTO_TEST_CASE(walking_eight_weeks_across_both_changes_hits_each_week_once) {
    for (const char* tz : {"Europe/Berlin", "America/New_York", "Asia/Kolkata"}) {
        BOOST_TEST_CONTEXT(tz) {
            auto c = in(tz);
            for (auto [from, weeks] : {std::pair{utc(2026, 10, 5), 8}, std::pair{utc(2027, 2, 22), 8}}) {
                Time t = from;
                std::vector<std::string> periods;
                for (int i = 0; i < weeks; ++i) {
                    auto o = next_occurrence(ScheduleKind::reminder, c, t);
                    // Always 09:00 local on a Monday.
                    auto local = date::locate_zone(tz)->to_local(date::sys_seconds{o->due.time_since_epoch()});
                    auto ld = date::floor<date::days>(local);
                    BOOST_TEST((date::weekday{ld} == date::Monday));
                    BOOST_TEST((local - ld == std::chrono::hours(9)));
                    if (!periods.empty()) BOOST_TEST(o->period != periods.back());
                    periods.push_back(o->period);
                    t = o->due;
                }
                BOOST_TEST(periods.size() == static_cast<size_t>(weeks));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(week_and_month_boundaries_are_local) {
    // Monday 00:30 in Kolkata is still Sunday in UTC.
    auto t = utc(2026, 11, 22, 19);  // Mon 00:30 IST
    BOOST_TEST((week_start("Asia/Kolkata", t) == utc(2026, 11, 22, 18, 30)));
    BOOST_TEST(week_key("Asia/Kolkata", t) == "2026-W48");
    BOOST_TEST(week_key("UTC", t) == "2026-W47");
    BOOST_TEST((month_start("America/New_York", utc(2026, 12, 1, 3)) == utc(2026, 11, 1, 4)));
    auto range = month_range("Europe/Berlin", "2027-01");
    BOOST_TEST((range->first == utc(2026, 12, 31, 23)));
    BOOST_TEST((range->second == utc(2027, 1, 31, 23)));
    BOOST_TEST(!month_range("UTC", "2027-13").has_value());
}

BOOST_AUTO_TEST_CASE(off_schedules_never_fire) {
    auto c = in("UTC");
    c.digest.enabled = false;
    BOOST_TEST(!next_occurrence(ScheduleKind::digest, c, utc(2026, 11, 23)).has_value());
    BOOST_TEST(!latest_occurrence(ScheduleKind::digest, c, utc(2026, 11, 23)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
