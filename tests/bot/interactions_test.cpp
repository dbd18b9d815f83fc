// The reminder's "Check in" button: views.open on a fake Slack, then the modal's submission.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/service/app.hpp"
#include "tests/bot/slack_app_fixture.hpp"
#include "bot/http/client.hpp"
#include "bot/slack/interactions.hpp"
#include "storage/ports.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/slack_request.hpp"

using namespace goalpost;
using goalpost::testing::signed_request;

namespace {

constexpr long long now_s = 1795000000;
const core::Time now{std::chrono::seconds{now_s}};

std::string block_action(const std::string& value) {
    return boost::json::serialize(boost::json::object{
        {"type", "block_actions"},
        {"team", {{"id", "T1"}}},
        {"user", {{"id", "U1"}, {"username", "ana"}}},
        {"trigger_id", "123.456.abc"},
        {"actions", boost::json::array{{{"action_id", "checkin_open"}, {"value", value}, {"type", "button"}}}}});
}

std::string submission(const std::string& kr, const std::string& value, const std::string& confidence = "",
                       const std::string& user = "U1", const std::string& note = "from the modal") {
    boost::json::object values{{"value", {{"value", {{"type", "plain_text_input"}, {"value", value}}}}},
                               {"note", {{"note", {{"type", "plain_text_input"}, {"value", note}}}}}};
    if (!confidence.empty()) {
        values["confidence"] = {{"confidence", {{"type", "static_select"}, {"selected_option", {{"value", confidence}}}}}};
    }
    return boost::json::serialize(boost::json::object{
        {"type", "view_submission"},
        {"team", {{"id", "T1"}}},
        {"user", {{"id", user}, {"username", "ana"}}},
        {"view", {{"callback_id", "checkin"}, {"private_metadata", kr}, {"state", {{"values", values}}}}}});
}

using Fixture = testing::SlackAppFixture;

}  // namespace

BOOST_FIXTURE_TEST_SUITE(slack_interactions, Fixture)

BOOST_AUTO_TEST_CASE(the_button_opens_a_modal_for_that_kr) {
    auto r = interact(block_action("KR-1"));
    BOOST_TEST(r.status == 200);
    auto opened = slack.requests_to("views.open");
    BOOST_REQUIRE_EQUAL(opened.size(), 1u);
    BOOST_TEST(opened[0].header("Authorization") == "Bearer xoxb-test-token");
    BOOST_TEST(opened[0].field("trigger_id") == "123.456.abc");
    auto view = boost::json::parse(opened[0].body).at("view");
    BOOST_TEST(view.at("callback_id").as_string() == "checkin");
    BOOST_TEST(view.at("private_metadata").as_string() == "KR-1");
    BOOST_TEST(boost::json::serialize(view).find("Leads") != std::string::npos);
    // An unknown KR opens nothing.
    interact(block_action("KR-99"));
    BOOST_TEST(slack.requests_to("views.open").size() == 1u);
}

BOOST_AUTO_TEST_CASE(submitting_the_modal_records_the_checkin_like_the_slash_command) {
    auto r = interact(submission("KR-1", "$600", "5"));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.empty());  // an empty 200 closes the modal
    auto kr = store.find_key_result("slack:T1", 1);
    BOOST_TEST(kr->current == 600);
    BOOST_TEST(*kr->last_confidence == 5);
    auto history = store.checkins_of("slack:T1", kr->id, 5);
    BOOST_TEST(history.front().note == "from the modal");
    // The team channel gets the new progress through the outbox.
    storage::Outbox& outbox = store.outbox();
    auto due = outbox.due(now, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 1u);
    BOOST_TEST(due[0].destination == "C42");
    BOOST_TEST(due[0].payload.find("50%") != std::string::npos);
    BOOST_TEST(woken == 1);
}

BOOST_AUTO_TEST_CASE(the_modal_reads_the_value_words_the_command_reads) {
    command("kr add O-1 \"Launch the beta\" binary");
    BOOST_TEST(interact(submission("KR-2", "true")).body.empty());
    BOOST_TEST(store.find_key_result("slack:T1", 2)->current == 1);
    BOOST_TEST(interact(submission("KR-2", "Not Done")).body.empty());
    BOOST_TEST(store.find_key_result("slack:T1", 2)->current == 0);
    BOOST_TEST(interact(submission("KR-2", "done")).body.empty());
    BOOST_TEST(interact(submission("KR-2", "false")).body.empty());
    BOOST_TEST(store.find_key_result("slack:T1", 2)->current == 0);
}

BOOST_AUTO_TEST_CASE(a_bad_value_is_shown_under_the_field_and_changes_nothing) {
    auto r = interact(submission("KR-1", "lots"));
    auto v = boost::json::parse(r.body);
    BOOST_TEST(v.at("response_action").as_string() == "errors");
    BOOST_TEST(std::string(v.at("errors").at("value").as_string()).find("isn't a number") != std::string::npos);
    auto other = interact(submission("KR-1", "5", "", "U-stranger"));
    BOOST_TEST(std::string(boost::json::parse(other.body).at("errors").at("value").as_string()).find("belongs to team") !=
               std::string::npos);
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 0);
    BOOST_TEST(store.outbox().counts().pending == 0);
}

BOOST_AUTO_TEST_CASE(a_confidence_the_modal_does_not_offer_is_refused_and_changes_nothing) {
    // The select offers 1..10; a payload with anything else was not made by that modal.
    for (const std::string forged : {"abc", "11", "0", "7.5", "99999999999999999999"}) {
        BOOST_TEST_INFO(forged);
        auto r = interact(submission("KR-1", "600", forged));
        BOOST_TEST(r.status == 200);
        auto v = boost::json::parse(r.body);
        BOOST_TEST(v.at("response_action").as_string() == "errors");
        BOOST_TEST(v.at("errors").at("confidence").as_string() == "Pick a confidence from 1 to 10.");
    }
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 0);
    BOOST_TEST(store.outbox().counts().pending == 0);
    // The words the command reads are fine here too.
    BOOST_TEST(interact(submission("KR-1", "600", "at-risk")).body.empty());
    BOOST_TEST(*store.find_key_result("slack:T1", 1)->last_confidence == 5);
}

BOOST_AUTO_TEST_CASE(modal_text_is_stored_as_typed_and_the_modal_shows_titles_escaped_once) {
    // Setup: a KR whose title has & and <, typed in Slack (so it arrived escaped).
    command("kr add O-1 \"R&amp;D &lt; 5 days\" from=0 to=10");

    // Act: open its modal, then submit a note as Slack sends it.
    interact(block_action("KR-2"));
    auto r = interact(submission("KR-2", "5", "", "U1", "Q&amp;A done; next: cache &gt; db &amp;amp;"));

    // Check
    BOOST_TEST(r.status == 200);
    auto opened = slack.requests_to("views.open");
    BOOST_REQUIRE_EQUAL(opened.size(), 1u);
    const auto view = boost::json::serialize(boost::json::parse(opened[0].body).at("view"));
    BOOST_TEST(view.find("R&amp;D &lt; 5 days") != std::string::npos);
    BOOST_TEST(view.find("&amp;amp;") == std::string::npos);
    auto kr = store.find_key_result("slack:T1", 2);
    BOOST_TEST(kr->current == 5);
    BOOST_TEST(store.checkins_of("slack:T1", kr->id, 1).at(0).note == "Q&A done; next: cache > db &amp;");
}

BOOST_AUTO_TEST_CASE(a_value_that_is_no_number_is_quoted_back_escaped_once) {
    // Act: Slack sends "<b>&" escaped.
    auto r = interact(submission("KR-1", "&lt;b&gt;&amp;"));

    // Check
    auto v = boost::json::parse(r.body);
    BOOST_TEST(std::string(v.at("errors").at("value").as_string()) ==
               "\"&lt;b&gt;&amp;\" isn't a number. Try 1,200, 5% or $1,200.");
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 0);
}

BOOST_AUTO_TEST_CASE(interactions_are_verified_like_commands) {
    BOOST_TEST(interact(block_action("KR-1"), now_s - 301).status == 401);
    auto tampered = signed_request("payload=" + testing::form_encode(block_action("KR-1")), now_s,
                                   "wrong-secret", "/slack/interactions");
    BOOST_TEST(app->handle(tampered, now).status == 401);
    BOOST_TEST(interact("not json").status == 400);
    BOOST_TEST(slack.requests_to("views.open").empty());
}

BOOST_AUTO_TEST_CASE(payload_parsing_matches_slacks_published_examples) {
    auto parsed = bot::parse_interaction(R"({"type":"block_actions","team":{"id":"T9TK3CUKW"},"user":{"id":"UA8RXUSPL",
        "username":"jtorrance"},"trigger_id":"1.2.3","actions":[{"action_id":"WaXA","value":"click_me_123"}]})");
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->action_id == "WaXA");
    BOOST_TEST(parsed->action_value == "click_me_123");
    BOOST_TEST(!bot::parse_interaction("[]").has_value());
    BOOST_TEST(!bot::parse_interaction(R"({"type":"block_actions"})").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
