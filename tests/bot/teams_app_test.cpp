// POST /teams/messages through App::handle: no socket needed.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/crypto/hmac.hpp"
#include "bot/service/app.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/store.hpp"
#include "tests/support/teams_request.hpp"

using namespace goalpost;
using goalpost::testing::signed_teams_request;
using goalpost::testing::TeamsMessage;

namespace {

constexpr long long now_s = 1795000000;
const core::Time now{std::chrono::seconds{now_s}};

struct Fixture {
    config::Settings settings;
    testing::Store store{":memory:"};
    std::unique_ptr<bot::App> app;
    int next_id = 1;

    Fixture() {
        settings.teams.outgoing_webhook_secret = testing::teams_sample_secret;
        app = std::make_unique<bot::App>(settings, store);
    }
    TeamsMessage message(const std::string& text) {
        TeamsMessage m;
        m.id = std::to_string(1700000000000 + next_id++);
        m.unix_time = now_s;
        m.text = text;
        return m;
    }
    bot::HttpResponse send(const TeamsMessage& m) { return app->handle(signed_teams_request(m.body()), now); }
    boost::json::object okr(const std::string& text) {
        auto r = send(message(text));
        BOOST_REQUIRE_EQUAL(r.status, 200);
        BOOST_TEST(r.content_type == "application/json");
        return boost::json::parse(r.body).as_object();
    }
    std::string metrics() {
        bot::HttpRequest r;
        r.method = "GET";
        r.target = "/metrics";
        return app->handle(r, now).body;
    }
    long long remembered() { return store.handled_events().remembered_count(); }
};

std::string everything(const boost::json::object& reply) { return boost::json::serialize(reply); }
bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(teams_app, Fixture)

BOOST_AUTO_TEST_CASE(a_signed_message_is_answered_with_a_card) {
    auto reply = okr("team create growth");

    BOOST_TEST(reply.at("type").as_string() == "message");
    BOOST_TEST(has(std::string(reply.at("text").as_string()), "Team growth created"));
    const auto& card = reply.at("attachments").at(0).at("content").as_object();
    BOOST_TEST(card.at("type").as_string() == "AdaptiveCard");
    BOOST_TEST(has(everything(reply), "You're its first member"));
    // The workspace is the tenant; the user is the Bot Framework id (from.id), as in mentions.
    BOOST_TEST(store.find_team("teams:tenant-a", "growth").has_value());
    BOOST_TEST(store.members("teams:tenant-a", store.find_team("teams:tenant-a", "growth")->id) ==
               std::vector<std::string>{"29:ana"});
    BOOST_TEST(store.teams("slack:tenant-a").empty());
}

BOOST_AUTO_TEST_CASE(hints_name_the_webhook_as_teams_users_type_it) {
    auto help = everything(okr("help"));
    BOOST_TEST(has(help, "@goalpost checkin KR-7"));
    BOOST_TEST(has(everything(okr("/okr checkin KR-1 lots")), "@goalpost checkin"));
}

BOOST_AUTO_TEST_CASE(mentions_name_members_and_come_back_as_mentions) {
    okr("team create growth");
    auto m = message("team add growth <at>Larry Brown</at>");
    m.mentions = {{"29:larry", "Larry Brown"}};
    auto r = send(m);
    BOOST_TEST_REQUIRE(r.status == 200);
    auto reply = boost::json::parse(r.body).as_object();

    BOOST_TEST(store.members("teams:tenant-a", store.find_team("teams:tenant-a", "growth")->id).size() == 2u);
    const auto& card = reply.at("attachments").at(0).at("content").as_object();
    BOOST_TEST(has(boost::json::serialize(card.at("body")), "Added <at>Larry Brown</at> to team **growth**"));
    BOOST_TEST(card.at("msteams").at("entities").at(0).at("mentioned").at("id").as_string() == "29:larry");
}

BOOST_AUTO_TEST_CASE(checkins_are_recorded_and_counted) {
    okr("team create growth");
    okr("objective add \"Grow the pipeline\"");
    okr("kr add O-1 Leads from=0 to=1,200");
    auto reply = okr("checkin KR-1 600 on-track");
    BOOST_TEST(has(everything(reply), "50%"));
    BOOST_TEST(store.find_key_result("teams:tenant-a", 1)->current == 600);
    BOOST_TEST(has(metrics(), "goalpost_checkins_recorded_total 1"));
}

BOOST_AUTO_TEST_CASE(text_as_teams_sends_it_is_stored_as_typed_and_comes_back_the_same) {
    // Setup: Teams sends HTML, entities included; "&amp;" was typed on purpose.
    okr("team create growth");

    // Act
    auto reply = everything(okr("objective add &quot;R&amp;D &amp;amp; &lt;!here&gt; &lt; 200 ms&quot;"));

    // Check: stored as typed; the card shows it as typed, with '<' kept from forming markup.
    BOOST_TEST(store.find_objective("teams:tenant-a", 1)->title == "R&D &amp; <!here> < 200 ms");
    BOOST_TEST(has(reply, "R&D &amp; <\u200B!here> <\u200B 200 ms"));
    BOOST_TEST(!has(reply, "&amp;amp;"));
    BOOST_TEST(!has(reply, "<!here>"));
}

BOOST_AUTO_TEST_CASE(not_configured_is_503) {
    config::Settings bare;
    bot::App unconfigured(bare, store);
    BOOST_TEST(unconfigured.handle(signed_teams_request(message("help").body()), now).status == 503);
    config::Settings not_base64;
    not_base64.teams.outgoing_webhook_secret = "the token, but retyped!";
    bot::App misconfigured(not_base64, store);
    BOOST_TEST(misconfigured.handle(signed_teams_request(message("help").body()), now).status == 503);
}

BOOST_AUTO_TEST_CASE(only_post_is_allowed) {
    bot::HttpRequest r;
    r.method = "GET";
    r.target = "/teams/messages";
    auto resp = app->handle(r, now);
    BOOST_TEST(resp.status == 405);
    BOOST_TEST(resp.headers.at(0).second == "POST");
}

BOOST_AUTO_TEST_CASE(bad_signatures_are_401_and_change_nothing) {
    auto body = message("team create growth").body();
    std::vector<bot::HttpRequest> bad;
    auto unsigned_request = signed_teams_request(body);
    unsigned_request.headers.pop_back();
    bad.push_back(unsigned_request);
    bad.push_back(signed_teams_request(body, bot::crypto::base64_encode(std::string(32, 'k'))));
    auto tampered = signed_teams_request(body);
    tampered.body.replace(tampered.body.find("growth"), 6, "crowth");
    bad.push_back(tampered);
    auto bearer = signed_teams_request(body);
    bearer.headers.back().second = "Bearer x";
    bad.push_back(bearer);
    auto not_base64 = signed_teams_request(body);
    not_base64.headers.back().second = "HMAC not-base64!!";
    bad.push_back(not_base64);

    for (const auto& r : bad) {
        auto resp = app->handle(r, now);
        BOOST_TEST(resp.status == 401);
        BOOST_TEST(resp.body == R"({"error":"unauthorized"})");
    }
    BOOST_TEST(store.teams("teams:tenant-a").empty());
    BOOST_TEST(remembered() == 0);
    auto m = metrics();
    BOOST_TEST(has(m, "goalpost_requests_refused_total{reason=\"teams: missing Authorization header\"} 1"));
    BOOST_TEST(has(m, "goalpost_requests_refused_total{reason=\"teams: signature does not match\"} 2"));
}

BOOST_AUTO_TEST_CASE(signed_but_malformed_bodies_are_400) {
    BOOST_TEST(app->handle(signed_teams_request("{\"id\":"), now).status == 400);
    BOOST_TEST(app->handle(signed_teams_request("[]"), now).status == 400);
    auto no_tenant = boost::json::parse(message("team create growth").body());
    no_tenant.as_object()["channelData"].as_object().erase("tenant");
    auto resp = app->handle(signed_teams_request(boost::json::serialize(no_tenant)), now);
    BOOST_TEST(resp.status == 400);
    BOOST_TEST(resp.body == R"({"error":"malformed body"})");
    BOOST_TEST(store.teams("teams:tenant-a").empty());
    BOOST_TEST(remembered() == 0);
}

BOOST_AUTO_TEST_CASE(activities_more_than_300_seconds_off_are_401) {
    for (long long offset : {-301LL, 301LL, -3600LL, 86400LL}) {
        auto m = message("team create growth");
        m.unix_time = now_s + offset;
        BOOST_TEST_CONTEXT(offset) { BOOST_TEST(send(m).status == 401); }
    }
    BOOST_TEST(store.teams("teams:tenant-a").empty());
    BOOST_TEST(remembered() == 0);
    BOOST_TEST(has(metrics(), "goalpost_requests_refused_total{reason=\"teams: timestamp more than 300 s from now\"} 4"));
    for (long long offset : {-300LL, 300LL}) {
        auto m = message("help");
        m.unix_time = now_s + offset;
        BOOST_TEST_CONTEXT(offset) { BOOST_TEST(send(m).status == 200); }
    }
}

BOOST_AUTO_TEST_CASE(a_repeated_activity_is_not_run_again) {
    okr("team create growth");
    okr("objective add Grow");
    okr("kr add O-1 Leads from=0 to=100");
    auto checkin = message("checkin KR-1 10");

    auto first = send(checkin);
    auto again = send(checkin);

    BOOST_TEST(first.status == 200);
    BOOST_TEST(has(first.body, "10%"));
    BOOST_TEST(again.status == 200);
    BOOST_TEST(again.body == R"({"type":"message","text":"already handled"})");
    BOOST_TEST(store.checkins_of("teams:tenant-a", store.find_key_result("teams:tenant-a", 1)->id, 10).size() == 1u);
    // The same message id in another conversation or tenant is another Activity.
    auto elsewhere = checkin;
    elsewhere.conversation = "19:platform@thread.skype;messageid=1";
    BOOST_TEST(!has(send(elsewhere).body, "already handled"));
    auto other_tenant = checkin;
    other_tenant.tenant = "tenant-b";
    BOOST_TEST(!has(send(other_tenant).body, "already handled"));
}

BOOST_AUTO_TEST_CASE(an_activity_whose_handling_failed_can_be_retried) {
    okr("team create growth");
    okr("objective add Grow");
    okr("kr add O-1 Leads from=0 to=100");
    auto checkin = message("checkin KR-1 10");
    // The database fails under the command (as a full disk would).
    auto exec = [&](const char* sql) { store.with_connection([&](storage::Database& db) { db.exec(sql); }); };
    exec("ALTER TABLE checkins RENAME TO checkins_away");

    auto failed = send(checkin);

    BOOST_TEST(failed.status == 200);
    BOOST_TEST(has(failed.body, "couldn't save or read that just now"));
    BOOST_TEST(!has(failed.body, "checkins"));  // no SQL for the user
    exec("ALTER TABLE checkins_away RENAME TO checkins");
    auto retried = send(checkin);
    BOOST_TEST(has(retried.body, "10%"));
    BOOST_TEST(store.find_key_result("teams:tenant-a", 1)->current == 10);
}

BOOST_AUTO_TEST_CASE(handled_activities_are_forgotten_after_a_day) {
    storage::EventLog& teams = store.handled_events();
    BOOST_TEST(teams.remember_activity("t|c|1", now));
    BOOST_TEST(!teams.remember_activity("t|c|1", now + std::chrono::hours(23)));
    BOOST_TEST(teams.remember_activity("t|c|2", now + std::chrono::hours(25)));  // prunes the first
    BOOST_TEST(teams.remembered_count() == 1);
    BOOST_TEST(teams.remember_activity("t|c|1", now + std::chrono::hours(25)));
    teams.forget_activity("t|c|1");
    BOOST_TEST(teams.remembered_count() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
