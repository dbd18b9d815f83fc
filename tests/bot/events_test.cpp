// POST /slack/events: url_verification, and app_home_opened publishing the user's Home tab
// (views.publish on a fake Slack, through the outbox and its delivery worker).
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <iterator>

#include "bot/service/app.hpp"
#include "tests/bot/slack_app_fixture.hpp"
#include "bot/outbox/delivery.hpp"
#include "bot/service/log.hpp"
#include "bot/http/client.hpp"
#include "bot/slack/events.hpp"
#include "storage/ports.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/slack_request.hpp"

using namespace goalpost;
using goalpost::testing::signed_request;

namespace {

constexpr long long now_s = 1795000000;
const core::Time now{std::chrono::seconds{now_s}};

// The event_callback envelope of Slack's app_home_opened example.
std::string home_opened(const std::string& team, const std::string& user, const std::string& event_id,
                        const std::string& tab = "home") {
    return boost::json::serialize(boost::json::object{
        {"token", "FAKEfakeFAKEfakeFAKEfake"},
        {"team_id", team},
        {"api_app_id", "A123ABC456"},
        {"event", {{"type", "app_home_opened"}, {"user", user}, {"channel", "D123ABC456"}, {"tab", tab},
                   {"event_ts", "1515449522000016"}}},
        {"type", "event_callback"},
        {"event_id", event_id},
        {"event_time", now_s}});
}

std::string read_fixture(const char* name) {
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/" + name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Fixture : testing::SlackAppFixture {
    Fixture() {
        command("kr add O-1 \"Launch the referral page\" binary");
        command("checkin KR-1 600");
        // The same user id in another workspace, with a key result of its own.
        command("team create secret", "T2");
        command("objective add \"Other workspace objective\"", "T2");
        command("kr add O-1 \"Other workspace KR\" from=0 to=10", "T2");
    }
    bot::HttpRequest event_request(const std::string& body, long long ts = now_s,
                                   const std::string& secret = testing::sample_secret) {
        auto r = signed_request(body, ts, secret, "/slack/events");
        r.headers[0] = {"Content-Type", "application/json"};
        return r;
    }
    bot::HttpResponse event(const std::string& body, long long ts = now_s) { return app->handle(event_request(body, ts), now); }
    // One pass of the delivery worker, as serve runs it when the outbox changes.
    bot::Delivery::Pass deliver() { return deliver_at(now); }
    bot::Delivery::Pass deliver_at(core::Time at) {
        storage::Outbox& outbox = store.outbox();
        bot::DeliveryOptions options;
        options.slack_api_base_url = settings.slack.api_base_url;
        options.slack_bot_token = settings.slack.bot_token;
        bot::Delivery delivery(outbox, *http, options, [] { return 0.0; },
                               [](const storage::OutboxItem&) { return std::nullopt; });
        return delivery.run_once(at);
    }
    std::vector<testing::FakeSlack::Request> published() const { return slack.requests_to("views.publish"); }
    long pending() { return store.outbox().counts().pending; }
};

// Every button of a published view, as (action_id, value).
std::vector<std::pair<std::string, std::string>> buttons(const boost::json::value& view) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& block : view.at("blocks").as_array()) {
        const auto* accessory = block.as_object().if_contains("accessory");
        if (accessory == nullptr) continue;
        out.emplace_back(std::string(accessory->at("action_id").as_string()),
                         std::string(accessory->at("value").as_string()));
    }
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(slack_events, Fixture)

BOOST_AUTO_TEST_CASE(url_verification_answers_the_challenge_as_plain_text) {
    const std::string body = read_fixture("slack-url-verification.json");
    BOOST_REQUIRE(!body.empty());
    auto r = event(body);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.content_type == "text/plain");
    BOOST_TEST(r.body == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    // Without a challenge there is nothing to answer.
    BOOST_TEST(event(R"({"type":"url_verification"})").status == 400);
}

BOOST_AUTO_TEST_CASE(app_home_opened_publishes_the_users_key_results_with_check_in_buttons) {
    auto r = event(home_opened("T1", "U1", "Ev01"));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(woken == 1);
    BOOST_TEST(published().empty());  // the answer does not wait for Slack's Web API
    BOOST_TEST(deliver().sent == 1);
    auto sent = published();
    BOOST_REQUIRE_EQUAL(sent.size(), 1u);
    BOOST_TEST(sent[0].header("Authorization") == "Bearer xoxb-test-token");
    BOOST_TEST(sent[0].field("user_id") == "U1");
    auto view = boost::json::parse(sent[0].body).at("view");
    BOOST_TEST(view.at("type").as_string() == "home");
    const std::string text = boost::json::serialize(view);
    BOOST_TEST(text.find("Leads") != std::string::npos);
    BOOST_TEST(text.find("600 of 1,200") != std::string::npos);
    BOOST_TEST(text.find("50%") != std::string::npos);
    BOOST_TEST(text.find("Launch the referral page") != std::string::npos);
    // Workspace isolation: U1's key result in T2 never shows in T1's Home tab.
    BOOST_TEST(text.find("Other workspace") == std::string::npos);
    auto found = buttons(view);
    BOOST_REQUIRE_EQUAL(found.size(), 2u);
    BOOST_TEST(found[0].first == "checkin_open");
    BOOST_TEST(found[0].second == "KR-1");
    BOOST_TEST(found[1].first == "checkin_open");
    BOOST_TEST(found[1].second == "KR-2");
}

BOOST_AUTO_TEST_CASE(the_other_workspace_gets_only_its_own_key_results) {
    BOOST_TEST(event(home_opened("T2", "U1", "Ev02")).status == 200);
    deliver();
    auto sent = published();
    BOOST_REQUIRE_EQUAL(sent.size(), 1u);
    auto view = boost::json::parse(sent[0].body).at("view");
    const std::string text = boost::json::serialize(view);
    BOOST_TEST(text.find("Other workspace KR") != std::string::npos);
    BOOST_TEST(text.find("Leads") == std::string::npos);
    BOOST_TEST(text.find("referral") == std::string::npos);
    BOOST_TEST(buttons(view).size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_home_tab_button_opens_the_check_in_modal) {
    event(home_opened("T1", "U1", "Ev03"));
    deliver();
    auto view = boost::json::parse(published().at(0).body).at("view");
    auto [action, value] = buttons(view).at(0);
    // What Slack sends when that button is clicked: a block_actions interaction.
    auto payload = boost::json::serialize(boost::json::object{
        {"type", "block_actions"},
        {"team", {{"id", "T1"}}},
        {"user", {{"id", "U1"}, {"username", "ana"}}},
        {"trigger_id", "1.2.3"},
        {"container", {{"type", "view"}, {"view_id", "V123"}}},
        {"actions", boost::json::array{{{"action_id", action}, {"value", value}, {"type", "button"}}}}});
    auto r = app->handle(signed_request("payload=" + testing::form_encode(payload), now_s, testing::sample_secret,
                                        "/slack/interactions"),
                         now);
    BOOST_TEST(r.status == 200);
    auto opened = slack.requests_to("views.open");
    BOOST_REQUIRE_EQUAL(opened.size(), 1u);
    BOOST_TEST(boost::json::parse(opened[0].body).at("view").at("private_metadata").as_string() == "KR-1");
}

BOOST_AUTO_TEST_CASE(a_user_without_key_results_gets_the_getting_started_text) {
    BOOST_TEST(event(home_opened("T1", "U-new", "Ev04")).status == 200);
    deliver();
    auto sent = published();
    BOOST_REQUIRE_EQUAL(sent.size(), 1u);
    BOOST_TEST(sent[0].field("user_id") == "U-new");
    auto view = boost::json::parse(sent[0].body).at("view");
    BOOST_TEST(view.at("type").as_string() == "home");
    const std::string text = boost::json::serialize(view);
    BOOST_TEST(text.find("You don't own any key results") != std::string::npos);
    BOOST_TEST(text.find("Getting started") != std::string::npos);
    BOOST_TEST(text.find("/okr kr add") != std::string::npos);
    BOOST_TEST(buttons(view).empty());
}

BOOST_AUTO_TEST_CASE(a_retry_of_a_handled_event_is_answered_without_publishing_again) {
    BOOST_TEST(event(home_opened("T1", "U1", "Ev05")).status == 200);
    auto retry = event_request(home_opened("T1", "U1", "Ev05"));
    retry.headers.emplace_back("X-Slack-Retry-Num", "1");
    retry.headers.emplace_back("X-Slack-Retry-Reason", "http_timeout");
    BOOST_TEST(app->handle(retry, now).status == 200);
    BOOST_TEST(pending() == 1);
    deliver();
    // Even after the first was published, a later retry publishes nothing.
    retry.headers.back().second = "http_error";
    retry.headers[retry.headers.size() - 2].second = "2";
    BOOST_TEST(app->handle(retry, now).status == 200);
    BOOST_TEST(pending() == 0);
    deliver();
    BOOST_TEST(published().size() == 1u);
    // A new event (another event_id) for the same user is published again.
    BOOST_TEST(event(home_opened("T1", "U1", "Ev06")).status == 200);
    deliver_at(now + std::chrono::seconds(1));  // one message per second per destination
    BOOST_TEST(published().size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_same_event_id_in_another_workspace_is_a_different_event) {
    event(home_opened("T1", "U1", "Ev07"));
    event(home_opened("T2", "U1", "Ev07"));
    BOOST_TEST(pending() == 2);
}

BOOST_AUTO_TEST_CASE(other_events_and_the_messages_tab_are_acknowledged_and_ignored) {
    std::vector<std::string> lines;
    bot::log::set_sink([&](std::string_view line) { lines.emplace_back(line); });
    auto message = boost::json::serialize(boost::json::object{
        {"team_id", "T1"},
        {"event", {{"type", "message"}, {"user", "U1"}, {"text", "my private words"}, {"channel", "D1"}}},
        {"type", "event_callback"},
        {"event_id", "Ev08"}});
    BOOST_TEST(event(message).status == 200);
    BOOST_TEST(event(home_opened("T1", "U1", "Ev09", "messages")).status == 200);
    BOOST_TEST(event(R"({"type":"app_rate_limited","team_id":"T1","minute_rate_limited":1518467820})").status == 200);
    bot::log::set_sink({});
    BOOST_TEST(pending() == 0);
    BOOST_TEST(woken == 0);
    deliver();
    BOOST_TEST(published().empty());
    for (const auto& line : lines) BOOST_TEST(line.find("my private words") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(requests_are_verified_like_commands_and_nothing_is_published) {
    const auto body = home_opened("T1", "U1", "Ev10");
    bot::HttpRequest unsigned_request;
    unsigned_request.method = "POST";
    unsigned_request.target = "/slack/events";
    unsigned_request.headers = {{"Content-Type", "application/json"}};
    unsigned_request.body = body;
    BOOST_TEST(app->handle(unsigned_request, now).status == 401);
    BOOST_TEST(app->handle(event_request(body, now_s, "wrong-secret"), now).status == 401);
    BOOST_TEST(event(body, now_s - 301).status == 401);
    BOOST_TEST(event(body, now_s + 301).status == 401);
    // A tampered body under a good signature of another body.
    auto tampered = event_request(body);
    tampered.body = home_opened("T1", "U2", "Ev10");
    BOOST_TEST(app->handle(tampered, now).status == 401);
    BOOST_TEST(event(read_fixture("slack-url-verification.json"), now_s - 400).status == 401);
    BOOST_TEST(pending() == 0);
    deliver();
    BOOST_TEST(published().empty());
    // The refused event was not remembered: Slack's signed delivery of it still works.
    BOOST_TEST(event(body).status == 200);
    BOOST_TEST(pending() == 1);
}

BOOST_AUTO_TEST_CASE(malformed_bodies_are_400) {
    BOOST_TEST(event("not json").status == 400);
    BOOST_TEST(event("{\"type\":\"event_callback\"").status == 400);
    BOOST_TEST(event("[]").status == 400);
    BOOST_TEST(event(R"({"challenge":"x"})").status == 400);
    BOOST_TEST(event("{\"type\":\"url_verification\",\"challenge\":\"\xff\xfe\"}").status == 400);
    BOOST_TEST(event(R"({"type":"event_callback","event":{"type":"app_home_opened"}})").status == 400);
    BOOST_TEST(pending() == 0);
}

BOOST_AUTO_TEST_CASE(without_a_bot_token_nothing_is_queued_and_the_log_says_why) {
    settings.slack.bot_token.reset();
    std::vector<std::string> lines;
    bot::log::set_sink([&](std::string_view line) { lines.emplace_back(line); });
    auto r = event(home_opened("T1", "U1", "Ev11"));
    bot::log::set_sink({});
    BOOST_TEST(r.status == 200);
    BOOST_TEST(pending() == 0);
    bool said = false;
    for (const auto& line : lines) said = said || line.find("slack.bot_token is not set") != std::string::npos;
    BOOST_TEST(said);
}

BOOST_AUTO_TEST_CASE(events_without_a_signing_secret_are_503) {
    settings.slack.signing_secret.reset();
    BOOST_TEST(event(home_opened("T1", "U1", "Ev12")).status == 503);
}

BOOST_AUTO_TEST_CASE(parsing_matches_slacks_published_envelope) {
    auto e = bot::parse_slack_event(home_opened("T123ABC456", "U123ABC456", "Ev0PV52K25"));
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->type == "event_callback");
    BOOST_TEST(e->team_id == "T123ABC456");
    BOOST_TEST(e->event_id == "Ev0PV52K25");
    BOOST_TEST(e->event_type == "app_home_opened");
    BOOST_TEST(e->user == "U123ABC456");
    BOOST_TEST(e->tab == "home");
    BOOST_TEST(bot::loggable("app_home_opened") == "app_home_opened");
    BOOST_TEST(bot::loggable("hello world") == "unrecognised");
}

BOOST_AUTO_TEST_SUITE_END()
