// The Events API over signed HTTP on the real server: url_verification, and app_home_opened
// publishing the Home tab to a fake Slack through the outbox, wired as serve wires it.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/cli/cadence.hpp"
#include "tests/e2e/server.hpp"
#include "tests/e2e/session.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

std::string home_opened(const std::string& team, const std::string& user, const std::string& event_id) {
    return boost::json::serialize(boost::json::object{
        {"token", "FAKEfakeFAKEfakeFAKEfake"},
        {"team_id", team},
        {"api_app_id", "A123ABC456"},
        {"event", {{"type", "app_home_opened"}, {"user", user}, {"channel", "D123ABC456"}, {"tab", "home"},
                   {"event_ts", "1515449522000016"}}},
        {"type", "event_callback"},
        {"event_id", event_id},
        {"event_time", 1795000000}});
}

bot::HttpRequest event_request(const std::string& body, long long ts, const std::string& secret = sample_secret) {
    auto r = signed_request(body, ts, secret, "/slack/events");
    r.headers[0] = {"Content-Type", "application/json"};
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(events_e2e)

BOOST_AUTO_TEST_CASE(home_tab_over_signed_http) {
    FakeSlack slack;
    RunningServer server(65536, [&](config::Settings& s) {
        s.slack.bot_token = "xoxb-e2e-token";
        s.slack.api_base_url = slack.base_url();
    });
    bot::CadenceWiring wiring(server.settings, *server.store, &server.app->metrics());
    int woken = 0;
    server.app->set_outbound(wiring.http.get(), [&] { ++woken; });
    auto now = [&] { return core::Time{std::chrono::seconds{server.now_s.load()}}; };

    SlackSession t1{server};
    t1.okr("team create growth channel=<#C9|growth>");
    t1.okr("objective add \"Grow\"");
    t1.okr("kr add O-1 \"Leads\" from=0 to=100");
    t1.okr("kr add O-1 \"Partners\" from=0 to=10");
    t1.okr("checkin KR-2 5");
    SlackSession t2{server};
    t2.team_id = "T2";
    t2.okr("team create hidden");
    t2.okr("objective add \"Hidden objective\"");
    t2.okr("kr add O-1 \"Hidden KR\" from=0 to=5");
    wiring.delivery.run_once(now());  // the check-in's channel post
    const auto before = slack.requests().size();

    HttpClient client(server.port());
    // url_verification: the bare challenge, as Slack documents first.
    auto verify = client.send(event_request(
        R"({"token":"FAKEfakeFAKEfakeFAKEfake","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})",
        server.now_s.load()));
    BOOST_TEST(verify.status == 200);
    BOOST_TEST(verify.content_type == "text/plain");
    BOOST_TEST(verify.body == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

    // Refused: unsigned, wrong secret, stale, malformed.
    const auto body = home_opened("T1", "U1", "EvE2E1");
    bot::HttpRequest bare;
    bare.method = "POST";
    bare.target = "/slack/events";
    bare.headers = {{"Content-Type", "application/json"}};
    bare.body = body;
    BOOST_TEST(client.send(bare).status == 401);
    BOOST_TEST(client.send(event_request(body, server.now_s.load(), "not-the-secret")).status == 401);
    BOOST_TEST(client.send(event_request(body, server.now_s.load() - 301)).status == 401);
    BOOST_TEST(client.send(event_request("{not json", server.now_s.load())).status == 400);
    wiring.delivery.run_once(now());
    BOOST_TEST(slack.requests().size() == before);
    BOOST_TEST(woken == 0);

    // The event, then Slack's retry of it.
    BOOST_TEST(client.send(event_request(body, server.now_s.load())).status == 200);
    auto retry = event_request(body, server.now_s.load() + 60);
    retry.headers.emplace_back("X-Slack-Retry-Num", "1");
    retry.headers.emplace_back("X-Slack-Retry-Reason", "http_timeout");
    server.now_s += 60;
    BOOST_TEST(client.send(retry).status == 200);
    BOOST_TEST(woken == 1);
    wiring.delivery.run_once(now());
    auto published = slack.requests_to("views.publish");
    BOOST_REQUIRE_EQUAL(published.size(), 1u);
    BOOST_TEST(published[0].header("Authorization") == "Bearer xoxb-e2e-token");
    BOOST_TEST(published[0].field("user_id") == "U1");
    auto view = boost::json::parse(published[0].body).at("view");
    BOOST_TEST(view.at("type").as_string() == "home");
    const auto text = boost::json::serialize(view);
    BOOST_TEST(text.find("Leads") != std::string::npos);
    BOOST_TEST(text.find("5 of 10") != std::string::npos);
    BOOST_TEST(text.find("Hidden") == std::string::npos);
    std::vector<std::string> values;
    for (const auto& block : view.at("blocks").as_array()) {
        if (const auto* a = block.as_object().if_contains("accessory")) {
            BOOST_TEST(a->at("action_id").as_string() == "checkin_open");
            values.emplace_back(a->at("value").as_string());
        }
    }
    BOOST_TEST(values == (std::vector<std::string>{"KR-1", "KR-2"}), boost::test_tools::per_element());

    // Another user of T1 owns nothing: the getting-started text, no buttons.
    BOOST_TEST(client.send(event_request(home_opened("T1", "U7", "EvE2E2"), server.now_s.load())).status == 200);
    // An event goalpost does not act on.
    BOOST_TEST(client.send(event_request(
                               R"({"team_id":"T1","type":"event_callback","event_id":"EvE2E3","event":{"type":"reaction_added","user":"U1"}})",
                               server.now_s.load()))
                   .status == 200);
    wiring.delivery.run_once(now());
    published = slack.requests_to("views.publish");
    BOOST_REQUIRE_EQUAL(published.size(), 2u);
    BOOST_TEST(published[1].field("user_id") == "U7");
    const auto empty = boost::json::serialize(boost::json::parse(published[1].body).at("view"));
    BOOST_TEST(empty.find("Getting started") != std::string::npos);
    BOOST_TEST(empty.find("checkin_open") == std::string::npos);

    std::string metrics;
    SlackSession probe{server};
    BOOST_TEST(probe.get("/metrics", &metrics) == 200);
    BOOST_TEST(metrics.find("goalpost_http_requests_total{path=\"/slack/events\",status=\"200\"} 5") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
