// The playbook commands as signed slash commands over HTTP against the real server and file.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include "tests/e2e/db_query.hpp"
#include "tests/e2e/session.hpp"

using namespace goalpost::testing;

using Session = SlackWorld;

BOOST_AUTO_TEST_SUITE(playbook_e2e)

BOOST_AUTO_TEST_CASE(wins_edits_grades_and_celebrations_over_http) {
    Session s;
    s.okr("team create growth channel=<#C9|growth>");
    s.okr("team add growth <@U2|ben>");
    s.okr("objective add \"Grow the pipeline\"");
    s.okr("kr add O-1 \"Qualified leads\" from=0 to=100");
    s.okr("kr add O-1 \"Partners\" from=0 to=10 owner=<@U2|ben>");

    // A KR reaching 70% is celebrated in the team channel, once.
    BOOST_TEST(has(s.okr("checkin KR-1 75"), "75%"));
    s.okr("checkin KR-1 60");
    s.okr("checkin KR-1 80");
    const auto db = s.server.db_path();
    BOOST_TEST(query(db, "SELECT count(*) FROM outbox WHERE dedupe_key = 'slack:T1|celebrate:kr:1:70'") == "1");
    BOOST_TEST(query(db, "SELECT destination FROM outbox WHERE dedupe_key = 'slack:T1|celebrate:kr:1:70'") == "C9");

    // A quick win: stored, announced.
    BOOST_TEST(has(s.okr("win \u201cShipped the partner portal\u201d kr=KR-2", "U2"), "Quick win logged"));
    BOOST_TEST(query(db, "SELECT title, user_id FROM wins") == "Shipped the partner portal|U2");
    BOOST_TEST(query(db, "SELECT count(*) FROM outbox WHERE dedupe_key = 'slack:T1|celebrate:win:1'") == "1");

    // Edit with a reason, then the history.
    BOOST_TEST(has(s.okr("edit KR-1 to=120 because \"bigger market\""), "target 100 → 120"));
    BOOST_TEST(query(db, "SELECT target_value FROM key_results WHERE number = 1") == "120.0");
    BOOST_TEST(query(db, "SELECT user_id, field, old_value, new_value, reason FROM edits") ==
               "U1|target|100|120|bigger market");
    BOOST_TEST(has(s.okr("show KR-1 history"), "bigger market"));
    // A stranger cannot edit; nothing changes.
    BOOST_TEST(has(s.okr("edit KR-1 to=5", "U9"), "Only members of team *growth*"));
    BOOST_TEST(query(db, "SELECT count(*) FROM edits") == "1");

    // Grade with an override by its owner; the scorecard goes to the channel.
    auto graded = s.okr("grade O-1 KR-2=0.4 because \"late contracts\"", "U2");
    BOOST_TEST(has(graded, "Scorecard"));
    BOOST_TEST(query(db, "SELECT score, reason FROM grade_overrides") == "0.4|late contracts");
    BOOST_TEST(query(db, "SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'slack:T1|scorecard:objective:1:%'") == "1");
    BOOST_TEST(has(s.okr("retro O-1 \"Start partner talks earlier\"", "U2"), "Start partner talks"));
    BOOST_TEST(has(s.okr("show O-1"), "Start partner talks earlier"));

    // Tree, template, carry, archive.
    BOOST_TEST(has(s.okr("tree"), "Grow the pipeline"));
    BOOST_TEST(has(s.okr("template product"), "kr add O-N"));
    BOOST_TEST(has(s.okr("carry O-1"), "2027-Q1"));
    BOOST_TEST(query(db, "SELECT count(*) FROM key_results WHERE carried_from IS NOT NULL") == "2");
    BOOST_TEST(has(s.okr("archive O-1"), "archived"));
    BOOST_TEST(query(db, "SELECT archived FROM objectives WHERE number = 1") == "1");
    BOOST_TEST(!has(s.okr("list team growth"), "O-1*"));
}

BOOST_AUTO_TEST_SUITE_END()
