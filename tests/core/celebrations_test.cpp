// Celebrations over a scripted quarter of weekly check-ins: each fires exactly once.
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <set>

#include "core/okr/celebrations.hpp"
#include "core/schedule/cadence.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

namespace {

// Monday 2027-01-04 09:00 UTC, the first full week of 2027-Q1.
const Time q1_monday = Time{std::chrono::sys_days{std::chrono::year{2027} / 1 / 4}.time_since_epoch()} +
                       std::chrono::hours(9);

Time week(int i, int hours = 0) { return q1_monday + std::chrono::days(7 * i) + std::chrono::hours(hours); }

}  // namespace

BOOST_AUTO_TEST_SUITE(celebrations)

BOOST_AUTO_TEST_CASE(a_scripted_quarter_celebrates_each_milestone_exactly_once) {
    World w;
    w.now = week(0) - std::chrono::days(3);
    w.say("ana", "team create growth");
    w.say("ana", "team add growth <@ben>");
    w.say("ana", "objective add \"Grow the pipeline\" cycle=2027-Q1");
    w.say("ana", "kr add O-1 \"Qualified leads\" from=0 to=100 owner=<@ana>");
    w.say("ana", "kr add O-1 \"Partners signed\" from=0 to=10 owner=<@ben>");

    // KR-1 reaches 70% in week 3, dips, recovers; 100% in week 7, dips, recovers.
    const int ana[] = {10, 20, 40, 72, 60, 75, 80, 100, 90, 100, 100, 100, 100};
    // KR-2: ben skips week 5; 70% in week 6, 100% in week 10, dips in 11, back in 12.
    const int ben[] = {1, 2, 3, 4, 5, -1, 7, 8, 9, 9, 10, 9, 10};
    std::vector<std::string> per_week_keys;
    for (int i = 0; i < 13; ++i) {
        w.now = week(i);
        auto out = w.run("ana", fmt::format("checkin KR-1 {}", ana[i]));
        BOOST_TEST_REQUIRE(out.checkin_recorded);
        if (i == 3) w.run("ana", "checkin KR-1 73 \"second check-in in the week\"");
        if (ben[i] >= 0) {
            w.now = week(i, 2);
            w.run("ben", fmt::format("checkin KR-2 {}", ben[i]));
        }
    }

    std::set<std::string> expected = {
        "celebrate:kr:1:70", "celebrate:kr:1:100", "celebrate:kr:2:70", "celebrate:kr:2:100",
        "celebrate:objective:1:100",
    };
    auto team = w.store.find_team("slack:T1", "growth")->id;
    for (int i = 0; i < 13; ++i) {
        if (i != 5) expected.insert(fmt::format("celebrate:team:{}:all-in:{}", team, week_key("UTC", week(i))));
    }
    const std::string w0 = week_key("UTC", week(0)), w6 = week_key("UTC", week(6));
    for (auto e : {fmt::format("celebrate:streak:ana:{}:4:{}", team, w0), fmt::format("celebrate:streak:ana:{}:8:{}", team, w0),
                   fmt::format("celebrate:streak:ana:{}:12:{}", team, w0), fmt::format("celebrate:streak:ben:{}:4:{}", team, w0),
                   fmt::format("celebrate:streak:ben:{}:4:{}", team, w6)}) {
        expected.insert(e);
    }

    std::set<std::string> got;
    for (const auto& [key, n] : w.posted) {
        BOOST_TEST(n == 1, key << " posted " << n << " times");
        got.insert(key);
    }
    BOOST_TEST(got == expected, "posted keys differ");
    for (const auto& k : expected) BOOST_TEST(got.count(k) == 1u, k << " missing");

    // A KR that dipped and recovered is not celebrated again by the handler at all;
    // the objective, re-completed in week 12, is offered again and the key stops it.
    BOOST_TEST(w.emitted["celebrate:kr:1:70"] == 1);
    BOOST_TEST(w.emitted["celebrate:kr:1:100"] == 1);
    BOOST_TEST(w.emitted["celebrate:objective:1:100"] == 2);
    BOOST_TEST(w.posted["celebrate:objective:1:100"] == 1);

    // They name the people and the numbers.
    BOOST_TEST(has(w.post_text["celebrate:kr:1:70"], "72 of 100"));
    BOOST_TEST(has(w.post_text["celebrate:kr:1:70"], "72%"));
    BOOST_TEST(has(w.post_text["celebrate:kr:1:70"], "<@ana>"));
    BOOST_TEST(has(w.post_text["celebrate:kr:2:100"], "10 of 10"));
    BOOST_TEST(has(w.post_text["celebrate:objective:1:100"], "<@ana>, <@ben>"));
    BOOST_TEST(has(w.post_text[fmt::format("celebrate:streak:ana:{}:12:{}", team, w0)], "12 weeks in a row"));
    BOOST_TEST(has(w.post_text[fmt::format("celebrate:team:{}:all-in:{}", team, w0)], "<@ana>, <@ben>"));
}

BOOST_AUTO_TEST_CASE(someone_elses_checkin_names_owner_and_checker) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "team add growth <@ben>");
    w.say("ana", "objective add \"Grow\"");
    w.say("ana", "kr add O-1 Leads from=0 to=10 owner=<@ana>");
    auto out = w.run("ben", "checkin KR-1 10");
    BOOST_TEST_REQUIRE(out.announcements.size() >= 1u);
    auto text = all_text(out.announcements.front().message);
    BOOST_TEST(has(text, "<@ana> (checked in by <@ben>)"));
    // The objective is complete too (its only KR is done). A one-owner team is not "everybody".
    BOOST_TEST(w.posted.count("celebrate:objective:1:100") == 1u);
    for (const auto& [k, n] : w.posted) BOOST_TEST(!has(k, "all-in"));
}

BOOST_AUTO_TEST_CASE(a_refused_checkin_celebrates_nothing) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "objective add \"Grow\"");
    w.say("ana", "kr add O-1 Leads from=0 to=10");
    auto out = w.run("zed", "checkin KR-1 10");
    BOOST_TEST(!out.checkin_recorded);
    BOOST_TEST(out.announcements.empty());
    BOOST_TEST(w.kr(1).current == 0);
}

BOOST_AUTO_TEST_CASE(streaks_count_weeks_in_the_team_time_zone) {
    // Sunday 23:30 UTC is already Monday in Berlin: a new local week.
    const Time sunday_night = Time{std::chrono::sys_days{std::chrono::year{2027} / 1 / 10}.time_since_epoch()} +
                              std::chrono::hours(23) + std::chrono::minutes(30);
    const Time monday = sunday_night + std::chrono::hours(10);
    std::vector<Time> times = {sunday_night, monday};
    BOOST_TEST(streak_of(times, "Europe/Berlin", monday).weeks == 1);  // both in the same Berlin week
    BOOST_TEST(streak_of(times, "UTC", monday).weeks == 2);            // two UTC weeks
    BOOST_TEST(streak_of({}, "UTC", sunday_night).weeks == 0);
}

BOOST_AUTO_TEST_SUITE_END()
