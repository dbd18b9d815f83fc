// Signed Teams outgoing-webhook Activities over real HTTP against the real server and a file
// database: the whole command set, replays, and isolation from Slack workspaces.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include "bot/crypto/hmac.hpp"
#include "tests/e2e/db_query.hpp"
#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost::testing;

namespace {



struct Person {
    std::string id;
    std::string name;
};
// Bot Framework ids, as Teams sends them in from.id and in mention entities.
const Person ana{"29:ana", "Ana Lima"};
const Person ben{"29:ben", "Ben Okafor"};

struct Session {
    RunningServer server;
    HttpClient client{server.port()};
    long long next_id = 1700000000001;
    int sent = 0;

    explicit Session(const std::function<void(goalpost::config::Settings&)>& adjust = {}) : server(65536, adjust) {}

    TeamsMessage message(const std::string& text, const Person& who = ana, const std::string& tenant = "tenant-a") {
        TeamsMessage m;
        m.id = std::to_string(next_id++);
        m.unix_time = server.now_s.load();
        m.tenant = tenant;
        m.user_id = who.id;
        m.aad_object_id = "aad-" + who.id.substr(who.id.find(':') + 1);
        m.user_name = who.name;
        m.text = text;
        if (has(text, "<at>" + ben.name + "</at>")) m.mentions.emplace_back(ben.id, ben.name);
        return m;
    }
    HttpClient::Reply post(const TeamsMessage& m) {
        ++sent;
        return client.send(signed_teams_request(m.body()));
    }
    // The reply's text summary and the card, as one string to search.
    std::string okr(const std::string& text, const Person& who = ana, const std::string& tenant = "tenant-a") {
        auto reply = post(message(text, who, tenant));
        BOOST_REQUIRE_EQUAL(reply.status, 200);
        BOOST_TEST(reply.content_type == "application/json");
        auto v = boost::json::parse(reply.body).as_object();
        BOOST_TEST(v.at("type").as_string() == "message");
        const auto& card = v.at("attachments").at(0).as_object();
        BOOST_TEST(card.at("contentType").as_string() == "application/vnd.microsoft.card.adaptive");
        BOOST_TEST(card.at("content").at("version").as_string() == "1.5");
        return std::string(v.at("text").as_string()) + "\n" + boost::json::serialize(card.at("content"));
    }
    std::string slack(const std::string& text, const std::string& user, const std::string& team) {
        SlashCommand c;
        c.team_id = team;
        c.user_id = user;
        c.text = text;
        auto reply = client.send(signed_request(c.body(), server.now_s.load()));
        BOOST_REQUIRE_EQUAL(reply.status, 200);
        return reply.body;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(teams_e2e)

BOOST_AUTO_TEST_CASE(a_team_sets_goals_and_checks_in_from_teams) {
    Session s;
    auto help = s.okr("help");
    BOOST_TEST(has(help, "@goalpost checkin KR-7"));
    BOOST_TEST(has(s.okr("/okr help kr"), "binary"));

    BOOST_TEST(has(s.okr("team create growth tz=Europe/Berlin"), "posting to this channel (Europe/Berlin)"));
    auto added = s.okr("team add growth <at>Ben Okafor</at>");
    BOOST_TEST(has(added, "Added <at>Ben Okafor</at> to team **growth**"));
    BOOST_TEST(has(added, R"("mentioned":{"id":"29:ben","name":"Ben Okafor"})"));
    BOOST_TEST(has(s.okr("objective add \u201cGrow the pipeline \U0001F680\u201d public committed"), "O-1"));
    BOOST_TEST(has(s.okr("kr add O-1 \"Qualified leads\" from=0 to=1,200 owner=<at>Ben Okafor</at>"), "KR-1"));
    auto churn = s.okr("kr add O-1 \"Churn\" from=5% to=3% due=2027-03-31");
    BOOST_TEST(has(churn, "KR-2"));
    BOOST_TEST(has(churn, "lower is better"));
    BOOST_TEST(has(s.okr("kr add O-1 \"Launch the beta\" binary"), "done or not done"));

    auto c1 = s.okr("checkin KR-1 600 on-track \u201chalf way, \u043e\u0442\u043b\u0438\u0447\u043d\u043e\u201d", ben);
    BOOST_TEST(has(c1, "50%"));
    BOOST_TEST(has(c1, "<at>Ben Okafor</at> checked in **KR-1**"));
    BOOST_TEST(has(s.okr("checkin KR-2 4%"), "50%"));
    BOOST_TEST(has(s.okr("checkin KR-3 done"), "100%"));
    s.server.now_s += 3600;
    BOOST_TEST(has(s.okr("checkin KR-1 $1,200", ben), "100%"));

    auto list = s.okr("list team growth");
    BOOST_TEST(has(list, "O-1"));
    BOOST_TEST(has(list, "KR-2"));
    BOOST_TEST(has(s.okr("list mine", ben), "KR-1"));
    BOOST_TEST(has(s.okr("list all"), "growth"));
    auto objective = s.okr("show O-1");
    BOOST_TEST(has(objective, "83%"));  // mean of 1.0, 0.5, 1.0
    BOOST_TEST(has(objective, "\"color\":\"Good\""));
    auto kr = s.okr("show KR-1");
    BOOST_TEST(has(kr, "Recent check-ins"));
    BOOST_TEST(has(kr, "\u043e\u0442\u043b\u0438\u0447\u043d\u043e"));
    BOOST_TEST(has(s.okr("team remove growth <at>Ben Okafor</at>"), "Removed <at>Ben Okafor</at>"));

    // The database holds exactly what was acknowledged, in the tenant's workspace.
    auto db = s.server.db_path();
    BOOST_TEST(query(db, "SELECT key FROM workspaces") == "teams:tenant-a");
    BOOST_TEST(query(db, "SELECT COUNT(*) FROM checkins") == "4");
    BOOST_TEST(query(db, "SELECT user_id FROM checkins ORDER BY id") == "29:ben\n29:ana\n29:ana\n29:ben");
    BOOST_TEST(query(db, "SELECT number, current_value, owner FROM key_results ORDER BY number") ==
               "1|1200.0|29:ben\n2|4.0|29:ana\n3|1.0|29:ana");
    BOOST_TEST(query(db, "SELECT note FROM checkins ORDER BY id LIMIT 1") ==
               "half way, \u043e\u0442\u043b\u0438\u0447\u043d\u043e");
    BOOST_TEST(query(db, "SELECT title, visibility, kind FROM objectives") ==
               "Grow the pipeline \U0001F680|public|committed");
    BOOST_TEST(query(db, "SELECT name, channel, timezone FROM teams") ==
               "growth|19:growth@thread.skype|Europe/Berlin");
    BOOST_TEST(query(db, "SELECT user_id FROM team_members") == "29:ana");
    BOOST_TEST(query(db, "SELECT COUNT(*) FROM handled_activities") == std::to_string(s.sent));
}

BOOST_AUTO_TEST_CASE(a_person_added_by_mention_is_the_same_person_when_they_type) {
    // Setup: Teams puts Ben's Bot Framework id in the mention entity, and the same id (plus
    // his Azure AD object id) in from when he writes himself.
    Session s;
    s.okr("team create growth");
    s.okr("team add growth <at>Ben Okafor</at>");
    s.okr("objective add \"Hire the platform team\" internal");
    s.okr("kr add O-1 \"Platform hires\" from=0 to=5");

    // Act / Check: Ben sees the team's internal objective and may check in and edit it.
    BOOST_TEST(has(s.okr("show O-1", ben), "Hire the platform team"));
    BOOST_TEST(has(s.okr("checkin KR-1 2", ben), "40%"));
    BOOST_TEST(has(s.okr("edit O-1 title=\"Hire the core team\"", ben), "Hire the core team"));
    BOOST_TEST(query(s.server.db_path(), "SELECT user_id FROM team_members ORDER BY user_id") == "29:ana\n29:ben");
    // Someone never added does not.
    const Person cy{"29:cy", "Cy Park"};
    BOOST_TEST(has(s.okr("show O-1", cy), "doesn't exist"));
}

BOOST_AUTO_TEST_CASE(admins_may_be_listed_by_azure_ad_object_id_or_by_teams_id) {
    // Setup: Ana is listed by her Azure AD object id, Ben by his Bot Framework id.
    Session s([](goalpost::config::Settings& settings) { settings.admins = {"aad-ana", "29:ben"}; });
    const Person cy{"29:cy", "Cy Park"};

    // Act / Check
    BOOST_TEST(has(s.okr("team create growth"), "Team growth created"));
    BOOST_TEST(has(s.okr("team create platform", ben), "Team platform created"));
    BOOST_TEST(has(s.okr("team create sales", cy), "Only goalpost admins"));
    BOOST_TEST(query(s.server.db_path(), "SELECT name FROM teams ORDER BY name") == "growth\nplatform");
}

BOOST_AUTO_TEST_CASE(mistakes_are_explained_and_change_nothing) {
    Session s;
    s.okr("team create growth");
    s.okr("objective add Grow");
    s.okr("kr add O-1 Leads from=0 to=100");
    auto db = s.server.db_path();
    auto before = query(db, "SELECT COUNT(*), (SELECT current_value FROM key_results) FROM checkins");

    BOOST_TEST(has(s.okr("checkin KR-9 5"), "KR-9 doesn't exist"));
    BOOST_TEST(has(s.okr("checkin KR-1 5", ben), "belongs to team **growth**"));
    auto nan = s.okr("checkin KR-1 five");
    BOOST_TEST(has(nan, "`five` isn't a number"));
    BOOST_TEST(has(nan, "\u26A0\uFE0F"));  // Slack's :warning: as the emoji Teams shows
    BOOST_TEST(has(s.okr("objective add"), "needs a title"));

    BOOST_TEST(query(db, "SELECT COUNT(*), (SELECT current_value FROM key_results) FROM checkins") == before);
    BOOST_TEST(query(db, "SELECT COUNT(*) FROM objectives") == "1");
}

BOOST_AUTO_TEST_CASE(refused_and_replayed_requests_change_nothing) {
    Session s;
    s.okr("team create growth");
    s.okr("objective add Grow");
    s.okr("kr add O-1 Leads from=0 to=100");
    auto db = s.server.db_path();

    auto checkin = s.message("checkin KR-1 10");
    auto request = signed_teams_request(checkin.body());
    BOOST_TEST(s.client.send(request).status == 200);
    auto replay = s.client.send(request);
    BOOST_TEST(replay.status == 200);
    BOOST_TEST(replay.body == R"({"type":"message","text":"already handled"})");

    auto forged = signed_teams_request(s.message("checkin KR-1 99").body(),
                                       goalpost::bot::crypto::base64_encode(std::string(32, 'x')));
    auto r = s.client.send(forged);
    BOOST_TEST(r.status == 401);
    BOOST_TEST(r.body == R"({"error":"unauthorized"})");

    auto stale = s.message("checkin KR-1 98");
    stale.unix_time -= 301;
    BOOST_TEST(s.client.send(signed_teams_request(stale.body())).status == 401);

    BOOST_TEST(query(db, "SELECT COUNT(*), (SELECT current_value FROM key_results) FROM checkins") == "1|10.0");
    auto metrics = s.client.get("/metrics").body;
    BOOST_TEST(has(metrics, "goalpost_http_requests_total{path=\"/teams/messages\",status=\"401\"} 2"));
}

BOOST_AUTO_TEST_CASE(slack_and_teams_workspaces_with_the_same_ids_stay_apart) {
    Session s;
    // The same team id / tenant and the same user id on both platforms.
    const Person u1{"U1", "Una"};
    s.slack("team create growth", "U1", "T1");
    s.slack("objective add \"Slack side secret plan\"", "U1", "T1");
    s.slack("kr add O-1 Leads from=0 to=100", "U1", "T1");
    s.okr("team create growth", u1, "T1");
    s.okr("objective add \"Teams side secret plan\"", u1, "T1");
    s.okr("kr add O-1 Leads from=0 to=10", u1, "T1");

    BOOST_TEST(has(s.okr("checkin KR-1 5", u1, "T1"), "50%"));
    auto teams_view = s.okr("show O-1", u1, "T1") + s.okr("list all", u1, "T1") + s.okr("list mine", u1, "T1");
    BOOST_TEST(has(teams_view, "Teams side"));
    BOOST_TEST(!has(teams_view, "Slack side"));
    auto slack_view = s.slack("show O-1", "U1", "T1") + s.slack("list all", "U1", "T1") +
                      s.slack("list mine", "U1", "T1") + s.slack("show KR-1", "U1", "T1");
    BOOST_TEST(has(slack_view, "Slack side"));
    BOOST_TEST(!has(slack_view, "Teams side"));
    BOOST_TEST(has(slack_view, "No check-ins yet"));

    auto db = s.server.db_path();
    BOOST_TEST(query(db, "SELECT key FROM workspaces ORDER BY key") == "slack:T1\nteams:T1");
    BOOST_TEST(query(db, "SELECT w.key, k.current_value FROM key_results k JOIN workspaces w ON w.id = k.workspace_id "
                         "ORDER BY w.key") == "slack:T1|0.0\nteams:T1|5.0");
}

BOOST_AUTO_TEST_CASE(an_api_token_is_never_shown_in_a_teams_channel) {
    // Setup: a Teams reply is seen by the whole channel.
    Session s;

    // Act
    const auto reply = s.okr("token create ci");

    // Check: refused, nothing made; listing works.
    BOOST_TEST(has(reply, "seen by the whole channel"));
    BOOST_TEST(!has(reply, "gp_"));
    BOOST_TEST(query(s.server.db_path(), "SELECT count(*) FROM api_tokens") == "0");
    BOOST_TEST(has(s.okr("token list"), "no API tokens"));
}

BOOST_AUTO_TEST_SUITE_END()
