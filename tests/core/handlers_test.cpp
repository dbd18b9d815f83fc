// Handlers against a real in-memory SQLite store (DESIGN.md: tests may use one).
#include <boost/test/unit_test.hpp>

#include "tests/support/world.hpp"

using namespace goalpost::core;
using goalpost::testing::all_text;
using goalpost::testing::has;

namespace {

struct World : goalpost::testing::World {
    // A team "growth" with ana and ben, O-1 with KR-1 (0 -> 1,200 leads).
    void seed() {
        say("ana", "team create growth");
        say("ana", "team add growth <@ben|ben>");
        say("ana", "objective add \"Grow the pipeline\"");
        say("ana", "kr add O-1 \"Qualified leads\" from=0 to=1,200 due=2027-03-31");
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(handlers)

BOOST_AUTO_TEST_CASE(checkin_records_and_answers_in_channel_with_progress) {
    World w;
    w.seed();
    auto out = w.run("ben", "checkin KR-1 600 on-track \"half way \U0001F389\"");
    BOOST_TEST(out.checkin_recorded);
    BOOST_TEST((out.message.audience == Audience::channel));
    auto text = all_text(out.message);
    BOOST_TEST(has(text, "50%"));
    BOOST_TEST(has(text, "600"));
    BOOST_TEST(has(text, "of 1,200"));
    BOOST_TEST(has(text, "half way \U0001F389"));
    BOOST_TEST(has(text, "Confidence 8/10"));
    auto kr = w.store.find_key_result("slack:T1", 1);
    BOOST_TEST(kr->current == 600);
    BOOST_TEST(w.store.checkins_of("slack:T1", kr->id, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_kr_is_a_user_error_and_changes_nothing) {
    World w;
    w.seed();
    auto out = w.run("ben", "checkin KR-99 5");
    BOOST_TEST(!out.checkin_recorded);
    BOOST_TEST((out.message.audience == Audience::ephemeral));
    BOOST_TEST(has(all_text(out.message), "KR-99 doesn't exist"));
    BOOST_TEST(has(all_text(out.message), "/okr list mine"));
}

BOOST_AUTO_TEST_CASE(kr_of_another_team_is_refused_and_nothing_changes) {
    World w;
    w.seed();
    w.say("cy", "team create platform");
    auto out = w.run("cy", "checkin KR-1 700");
    BOOST_TEST(!out.checkin_recorded);
    auto text = all_text(out.message);
    BOOST_TEST(has(text, "belongs to team *growth*"));
    BOOST_TEST(has(text, "/okr team add growth <@cy>"));
    BOOST_TEST(w.store.find_key_result("slack:T1", 1)->current == 0);
}

BOOST_AUTO_TEST_CASE(binary_and_decreasing_krs) {
    World w;
    w.seed();
    w.say("ana", "kr add O-1 \"Launch the beta\" binary");
    w.say("ana", "kr add O-1 Churn from=5% to=3%");
    BOOST_TEST(has(w.say("ana", "checkin KR-2 done"), "100%"));
    BOOST_TEST(has(w.say("ana", "checkin KR-3 4%"), "50%"));
    BOOST_TEST(has(w.say("ana", "checkin KR-2 7"), "done or not done"));
    BOOST_TEST(w.store.find_key_result("slack:T1", 2)->current == 1);
}

BOOST_AUTO_TEST_CASE(kr_without_numbers_gets_a_hint_not_a_refusal) {
    World w;
    w.seed();
    auto text = w.say("ana", "kr add O-1 \"Be more visible\"");
    BOOST_TEST(has(text, "KR-2"));
    BOOST_TEST(has(text, "No number given"));
    BOOST_TEST(has(text, "No due date"));
    BOOST_TEST(w.store.find_key_result("slack:T1", 2)->binary);
}

BOOST_AUTO_TEST_CASE(objective_needs_a_team) {
    World w;
    auto text = w.say("zed", "objective add \"Orphan\"");
    BOOST_TEST(has(text, "aren't in a team"));
    BOOST_TEST(!w.store.find_objective("slack:T1", 1).has_value());
    w.say("zed", "team create a");
    w.say("zed", "team create b");
    BOOST_TEST(has(w.say("zed", "objective add \"Which\""), "several teams"));
    BOOST_TEST(has(w.say("zed", "objective add \"Which\" team=nope"), "no team called *nope*"));
    BOOST_TEST(has(w.say("zed", "objective add \"Which\" team=b"), "O-1"));
}

BOOST_AUTO_TEST_CASE(team_management) {
    World w;
    BOOST_TEST(has(w.say("ana", "team create growth tz=Mars/Olympus"), "isn't a time zone"));
    BOOST_TEST(has(w.say("ana", "team create growth tz=Europe/Berlin"), "Europe/Berlin"));
    BOOST_TEST(has(w.say("ana", "team create Growth"), "already exists"));
    BOOST_TEST(has(w.say("ana", "team add growth <@U2|bo> <@U3>"), "Added <@U2>, <@U3>"));
    BOOST_TEST(has(w.say("ana", "team add growth <@U2>"), "already was"));
    BOOST_TEST(has(w.say("ana", "team remove growth <@U2>"), "Removed <@U2>"));
    BOOST_TEST(has(w.say("ana", "team add nope <@U2>"), "no team called"));
    auto team = w.store.find_team("slack:T1", "growth");
    BOOST_TEST(w.store.members("slack:T1", team->id).size() == 2u);
}

BOOST_AUTO_TEST_CASE(admins_restrict_team_management) {
    World w;
    w.admins = {"boss"};
    BOOST_TEST(has(w.say("ana", "team create growth"), "Only goalpost admins"));
    BOOST_TEST(!w.store.find_team("slack:T1", "growth").has_value());
    BOOST_TEST(has(w.say("boss", "team create growth"), "created"));
}

BOOST_AUTO_TEST_CASE(list_and_show) {
    World w;
    w.seed();
    w.say("ben", "checkin KR-1 300 confidence=6 slow start");
    BOOST_TEST(has(w.say("ana", "list mine"), "KR-1"));
    BOOST_TEST(has(w.say("ben", "list mine"), "don't own any"));
    auto team = w.say("ben", "list team growth");
    BOOST_TEST(has(team, "O-1"));
    BOOST_TEST(has(team, "25%"));
    BOOST_TEST(has(w.say("ben", "list"), "Your key results"));
    BOOST_TEST(has(w.say("ben", "list all"), "growth"));
    auto show_o = w.say("ben", "show O-1");
    BOOST_TEST(has(show_o, "Grow the pipeline"));
    BOOST_TEST(has(show_o, "KR-1"));
    auto show_kr = w.say("ben", "show KR-1");
    BOOST_TEST(has(show_kr, "Recent check-ins"));
    BOOST_TEST(has(show_kr, "slow start"));
    BOOST_TEST(has(show_kr, "confidence 6/10"));
    BOOST_TEST(has(w.say("ben", "show O-9"), "O-9 doesn't exist"));
}

BOOST_AUTO_TEST_CASE(internal_objectives_stay_in_the_team) {
    World w;
    w.seed();
    w.say("ana", "objective add \"Our own thing\" internal");
    w.say("cy", "team create platform");
    BOOST_TEST(has(w.say("cy", "show O-2"), "O-2 doesn't exist"));
    BOOST_TEST(!has(w.say("cy", "list team growth"), "Our own thing"));
    BOOST_TEST(!has(w.say("cy", "list all"), "Our own thing"));
    BOOST_TEST(has(w.say("ben", "show O-2"), "Our own thing"));
}

BOOST_AUTO_TEST_CASE(workspaces_never_see_each_other) {
    World w;
    w.seed();
    auto other = w.say("ana", "show O-1", "slack:T2");
    BOOST_TEST(has(other, "O-1 doesn't exist"));
    BOOST_TEST(has(w.say("ana", "checkin KR-1 5", "slack:T2"), "KR-1 doesn't exist"));
    BOOST_TEST(has(w.say("ana", "list all", "slack:T2"), "No teams yet"));
    BOOST_TEST(w.store.find_key_result("slack:T1", 1)->current == 0);
}

BOOST_AUTO_TEST_CASE(user_text_cannot_ping_or_link) {
    World w;
    w.seed();
    auto text = w.say("ana", "objective add \"<!channel> see <http://evil|here>\"");
    BOOST_TEST(!has(text, "<!channel>"));
    BOOST_TEST(has(text, "&lt;!channel&gt;"));
    // The fallback text is read as mrkdwn too.
    auto fallback = w.run("ana", "objective add \"<!here> again\"").message.text;
    BOOST_TEST(!has(fallback, "<!here>"));
    BOOST_TEST(has(w.run("ana", "checkin KR-1 5 <!channel>").message.text, "<@ana>"));
}

BOOST_AUTO_TEST_CASE(help_lists_commands) {
    World w;
    auto text = w.say("ana", "help");
    for (const char* c : {"team create", "objective add", "kr add", "checkin", "list", "show"}) {
        BOOST_TEST_CONTEXT(c) { BOOST_TEST(has(text, c)); }
    }
    BOOST_TEST(has(w.say("ana", "help checkin"), "checkin KR-7"));
    BOOST_TEST(has(w.say("ana", "help juggling"), "no help topic"));
}

BOOST_AUTO_TEST_SUITE_END()
