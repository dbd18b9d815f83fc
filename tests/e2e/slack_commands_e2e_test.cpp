// Signed slash commands over real HTTP against the real server and a file database.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include "tests/e2e/db_query.hpp"
#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost::testing;

namespace {


struct Session {
    RunningServer server;
    HttpClient client{server.port()};

    boost::json::object okr(const std::string& text, const std::string& user = "U1", const std::string& team = "T1") {
        SlashCommand c;
        c.team_id = team;
        c.user_id = user;
        c.user_name = user == "U1" ? "ana" : "ben";
        c.text = text;
        auto reply = client.send(signed_request(c.body(), server.now_s.load()));
        BOOST_REQUIRE_EQUAL(reply.status, 200);
        BOOST_TEST(reply.content_type == "application/json");
        return boost::json::parse(reply.body).as_object();
    }
    static std::string text_of(const boost::json::object& reply) {
        std::string s(reply.at("text").as_string());
        for (const auto& b : reply.at("blocks").as_array()) s += "\n" + boost::json::serialize(b);
        return s;
    }
};


}  // namespace

BOOST_AUTO_TEST_SUITE(slack_commands_e2e)

BOOST_AUTO_TEST_CASE(a_team_sets_goals_and_checks_in) {
    Session s;
    auto help = s.okr("help");
    BOOST_TEST(help.at("response_type").as_string() == "ephemeral");
    BOOST_TEST(has(Session::text_of(help), "checkin KR-7"));

    BOOST_TEST(has(Session::text_of(s.okr("team create growth channel=<#C9|growth> tz=Europe/Berlin")), "created"));
    BOOST_TEST(has(Session::text_of(s.okr("team add growth <@U2|ben>")), "Added <@U2>"));
    auto obj = s.okr("objective add \u201cGrow the pipeline \U0001F680\u201d public committed");
    BOOST_TEST(obj.at("response_type").as_string() == "in_channel");
    BOOST_TEST(has(Session::text_of(obj), "O-1"));
    BOOST_TEST(has(Session::text_of(s.okr("kr add O-1 \"Qualified leads\" from=0 to=1,200 owner=<@U2|ben>")), "KR-1"));
    BOOST_TEST(has(Session::text_of(s.okr("kr add O-1 \"Churn\" from=5% to=3% due=2027-03-31")), "KR-2"));
    BOOST_TEST(has(Session::text_of(s.okr("kr add O-1 \"Launch the beta\" binary")), "KR-3"));

    auto c1 = s.okr("checkin KR-1 600 on-track \u201chalf way, \u043e\u0442\u043b\u0438\u0447\u043d\u043e\u201d", "U2");
    BOOST_TEST(c1.at("response_type").as_string() == "in_channel");
    BOOST_TEST(has(Session::text_of(c1), "50%"));
    BOOST_TEST(has(Session::text_of(s.okr("checkin KR-2 4%")), "50%"));
    BOOST_TEST(has(Session::text_of(s.okr("checkin KR-3 done")), "100%"));
    s.server.now_s += 3600;
    BOOST_TEST(has(Session::text_of(s.okr("checkin KR-1 $1,200", "U2")), "100%"));

    auto list = Session::text_of(s.okr("list team growth"));
    BOOST_TEST(has(list, "O-1"));
    BOOST_TEST(has(list, "KR-2"));
    BOOST_TEST(has(Session::text_of(s.okr("list mine", "U2")), "KR-1"));
    BOOST_TEST(has(Session::text_of(s.okr("list all")), "growth"));
    BOOST_TEST(has(Session::text_of(s.okr("show O-1")), "83%"));  // mean of 1.0, 0.5, 1.0
    auto kr = Session::text_of(s.okr("show KR-1"));
    BOOST_TEST(has(kr, "Recent check-ins"));
    BOOST_TEST(has(kr, "\u043e\u0442\u043b\u0438\u0447\u043d\u043e"));

    // The database holds exactly what was acknowledged.
    auto db = s.server.db_path();
    BOOST_TEST(query(db, "SELECT COUNT(*) FROM checkins") == "4");
    BOOST_TEST(query(db, "SELECT number, current_value FROM key_results ORDER BY number") == "1|1200.0\n2|4.0\n3|1.0");
    BOOST_TEST(query(db, "SELECT note FROM checkins ORDER BY id LIMIT 1") ==
               "half way, \u043e\u0442\u043b\u0438\u0447\u043d\u043e");
    BOOST_TEST(query(db, "SELECT title, visibility, kind FROM objectives") ==
               "Grow the pipeline \U0001F680|public|committed");
    if (!is_postgres_url(db)) BOOST_TEST(query(db, "PRAGMA journal_mode") == "wal");
}

BOOST_AUTO_TEST_CASE(mistakes_are_explained_and_change_nothing) {
    Session s;
    s.okr("team create growth");
    s.okr("objective add Grow");
    s.okr("kr add O-1 Leads from=0 to=100");
    s.okr("team create platform", "U2");
    auto db = s.server.db_path();
    auto before = query(db, "SELECT COUNT(*), (SELECT current_value FROM key_results) FROM checkins");

    auto unknown = s.okr("checkin KR-9 5");
    BOOST_TEST(unknown.at("response_type").as_string() == "ephemeral");
    BOOST_TEST(has(Session::text_of(unknown), "KR-9 doesn't exist"));
    auto other_team = Session::text_of(s.okr("checkin KR-1 5", "U2"));
    BOOST_TEST(has(other_team, "belongs to team *growth*"));
    BOOST_TEST(has(Session::text_of(s.okr("checkin KR-1 five")), "`five` isn't a number"));
    BOOST_TEST(has(Session::text_of(s.okr("objective add")), "needs a title"));
    BOOST_TEST(has(Session::text_of(s.okr("kr add O-1")), "needs a title"));

    BOOST_TEST(query(db, "SELECT COUNT(*), (SELECT current_value FROM key_results) FROM checkins") == before);
    BOOST_TEST(query(db, "SELECT COUNT(*) FROM objectives") == "1");
}

BOOST_AUTO_TEST_CASE(two_workspaces_with_the_same_ids_stay_apart) {
    Session s;
    s.okr("team create growth", "U1", "TA");
    s.okr("objective add \"A's secret plan\"", "U1", "TA");
    s.okr("kr add O-1 Leads from=0 to=100", "U1", "TA");
    s.okr("team create growth", "U1", "TB");
    s.okr("objective add \"B's plan\"", "U1", "TB");
    s.okr("kr add O-1 Leads from=0 to=10", "U1", "TB");

    BOOST_TEST(has(Session::text_of(s.okr("checkin KR-1 5", "U1", "TB")), "50%"));
    auto b_view = Session::text_of(s.okr("show O-1", "U1", "TB"));
    BOOST_TEST(has(b_view, "B's plan"));
    BOOST_TEST(!has(b_view, "secret"));
    BOOST_TEST(!has(Session::text_of(s.okr("list all", "U1", "TB")), "secret"));
    auto db = s.server.db_path();
    BOOST_TEST(query(db, "SELECT w.key, k.current_value FROM key_results k JOIN workspaces w ON w.id = k.workspace_id "
                         "ORDER BY w.key") == "slack:TA|0.0\nslack:TB|5.0");
}

BOOST_AUTO_TEST_SUITE_END()
