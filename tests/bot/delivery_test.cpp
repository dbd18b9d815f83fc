// Outbox delivery against a fake Slack on loopback, through the real HTTP client, with an
// injected clock: backoff, Retry-After, pacing, dead rows, DMs, Teams webhooks, restarts.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <random>

#include "bot/outbox/delivery.hpp"
#include "bot/service/metrics.hpp"
#include "bot/http/client.hpp"
#include "storage/ports.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"

using namespace goalpost;
using namespace std::chrono_literals;
using testing::FakeSlack;
using testing::t0;

namespace {

const core::WorkspaceKey ws = "slack:T1";
const std::string token = "xoxb-1234-5678-FAKEfakeFAKEfake";

storage::NewOutboxItem to_channel(const std::string& channel, const std::string& text) {
    storage::NewOutboxItem item;
    item.platform = core::Platform::slack;
    item.destination_kind = storage::DestinationKind::channel;
    item.destination = channel;
    item.payload = boost::json::serialize(boost::json::object{
        {"text", text}, {"blocks", boost::json::array{{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}}}}});
    return item;
}

storage::NewOutboxItem to_user(const std::string& user, const std::string& text) {
    auto item = to_channel(user, text);
    item.destination_kind = storage::DestinationKind::user;
    return item;
}

storage::NewOutboxItem to_teams(const std::string& team_id, const std::string& text) {
    storage::NewOutboxItem item;
    item.platform = core::Platform::teams;
    item.destination_kind = storage::DestinationKind::teams_webhook;
    item.destination = team_id;
    item.payload = boost::json::serialize(boost::json::object{{"type", "message"}, {"text", text}});
    return item;
}

std::vector<core::Time> times_of(const std::vector<FakeSlack::Request>& requests) {
    std::vector<core::Time> times;
    for (const auto& r : requests) times.push_back(r.at);
    return times;
}

struct Fixture {
    FakeSlack fake;
    std::unique_ptr<testing::Store> store = std::make_unique<testing::Store>(":memory:");
    storage::Outbox* outbox = &store->outbox();
    std::unique_ptr<bot::OutboundHttp> http = bot::make_outbound_http(1s);
    bot::Metrics metrics;
    bot::DeliveryOptions options;
    double jitter = 0;
    std::unique_ptr<bot::Delivery> delivery;

    Fixture() {
        options.slack_api_base_url = fake.base_url();
        options.slack_bot_token = token;
    }

    bot::Delivery& worker() {
        if (!delivery) {
            delivery = std::make_unique<bot::Delivery>(
                *outbox, *http, options, [this] { return jitter; },
                [this](const storage::OutboxItem& item) -> std::optional<std::string> {
                    if (item.destination == "no-webhook") return std::nullopt;
                    return fake.webhook_url(item.destination);
                },
                &metrics);
        }
        return *delivery;
    }

    void enqueue(const std::vector<storage::NewOutboxItem>& items, core::Time at = t0) {
        outbox->enqueue(ws, items, at);
    }

    bot::Delivery::Pass pass_at(core::Time now) {
        fake.set_now(now);
        return worker().run_once(now);
    }

    // Passes at each next due instant until nothing is pending; returns the pass times.
    std::vector<core::Time> drain(core::Time from, int max_passes = 40) {
        std::vector<core::Time> times;
        std::optional<core::Time> next = from;
        while (next && max_passes-- > 0) {
            times.push_back(*next);
            next = pass_at(*next).next_due;
        }
        BOOST_TEST_REQUIRE(!next.has_value());
        return times;
    }

    std::string last_error(std::int64_t id) {
        return store->with_connection([&](storage::Database& db) {
            auto& statement = db.cached("SELECT last_error FROM outbox WHERE id = ?");
            storage::ResetOnExit reset_statement(statement);
            statement.bind(1, id);
            return statement.step() ? statement.text(0) : std::string();
        });
    }

    bool metric(const std::string& line) { return metrics.render().find(line + "\n") != std::string::npos; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(delivery, Fixture)

BOOST_AUTO_TEST_CASE(every_message_arrives_once_through_500_429_ratelimited_and_dropped_connections) {
    // Setup
    enqueue({to_channel("C1", "m1"), to_channel("C2", "m2"), to_channel("C3", "m3"), to_channel("C4", "m4"),
             to_channel("C5", "m5")});
    fake.script({testing::http_status(500),             // m1 at t0: retry in 2 s
                 testing::hang_before_accepting(),      // m2 at t0: lost before Slack took it
                 testing::hang_after_accepting(),       // m3 at t0: Slack took it, the answer never came
                 testing::too_many_requests(7),         // m4 at t0: the workspace waits until t0+7
                 testing::slack_error("ratelimited")}); // m1 at t0+7: and again, 30 s by default

    // Act
    const auto first = pass_at(t0);
    const auto passes = drain(*first.next_due);

    // Check
    BOOST_TEST(first.retried == 4);
    BOOST_TEST(first.postponed == 1);  // m5: behind the 429
    BOOST_TEST((first.next_due == t0 + 2s));
    BOOST_TEST((passes == std::vector<core::Time>{t0 + 2s, t0 + 7s, t0 + 37s}));
    BOOST_TEST(fake.count_delivered("m1") == 1);
    BOOST_TEST(fake.count_delivered("m2") == 1);
    BOOST_TEST(fake.count_delivered("m3") == 2);  // the only duplicate: taken, then the connection dropped
    BOOST_TEST(fake.count_delivered("m4") == 1);
    BOOST_TEST(fake.count_delivered("m5") == 1);
    // Nothing between a rate limit and its end: four at t0, one at t0+7, five at t0+37.
    const auto times = times_of(fake.requests());
    BOOST_TEST(std::count(times.begin(), times.end(), t0) == 4);
    BOOST_TEST(std::count(times.begin(), times.end(), t0 + 7s) == 1);
    BOOST_TEST(std::count(times.begin(), times.end(), t0 + 37s) == 5);
    BOOST_TEST(times.size() == 10u);
    const auto counts = outbox->counts();
    BOOST_TEST(counts.sent == 5);
    BOOST_TEST(counts.pending == 0);
    BOOST_TEST(counts.dead == 0);
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="slack",result="sent"} 5)"));
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="slack",result="retry"} 5)"));
    BOOST_TEST(metric("goalpost_outbox_depth 0"));
}

BOOST_AUTO_TEST_CASE(the_retry_after_wait_is_honoured_to_the_second) {
    // Setup
    enqueue({to_channel("C1", "later")});
    fake.script({testing::too_many_requests(20)});

    // Act
    const auto limited = pass_at(t0);
    const auto early = pass_at(t0 + 19s);
    const auto on_time = pass_at(t0 + 20s);

    // Check
    BOOST_TEST(limited.retried == 1);
    BOOST_TEST((limited.next_due == t0 + 20s));
    BOOST_TEST(early.sent + early.retried + early.postponed == 0);
    BOOST_TEST(on_time.sent == 1);
    BOOST_TEST((times_of(fake.requests()) == std::vector<core::Time>{t0, t0 + 20s}));
    BOOST_TEST(metric("goalpost_outbox_depth 0"));
}

BOOST_AUTO_TEST_CASE(a_direct_message_opens_the_conversation_then_posts_to_it) {
    // Setup
    enqueue({to_user("U42", "please check in")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.sent == 1);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 2u);
    BOOST_TEST(requests[0].path == "/api/conversations.open");
    BOOST_TEST(requests[0].field("users") == "U42");
    BOOST_TEST(requests[1].path == "/api/chat.postMessage");
    BOOST_TEST(requests[1].field("channel") == "DU42");
    BOOST_TEST(requests[1].field("text") == "please check in");
    for (const auto& r : requests) {
        BOOST_TEST(r.header("Authorization") == "Bearer " + token);
        BOOST_TEST(r.header("Content-Type") == "application/json; charset=utf-8");
    }
}

BOOST_AUTO_TEST_CASE(a_channel_message_carries_the_payload_plus_the_channel) {
    // Setup
    enqueue({to_channel("C0123", "digest")});

    // Act
    pass_at(t0);

    // Check
    const auto posts = fake.requests_to("chat.postMessage");
    BOOST_TEST_REQUIRE(posts.size() == 1u);
    const auto body = boost::json::parse(posts[0].body).as_object();
    BOOST_TEST(body.at("channel").as_string() == "C0123");
    BOOST_TEST(body.at("text").as_string() == "digest");
    BOOST_TEST(body.at("blocks").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_permanent_slack_error_parks_the_message_as_dead_at_once) {
    // Setup
    enqueue({to_channel("C404", "lost")});
    fake.script({testing::slack_error("channel_not_found")});

    // Act
    const auto pass = pass_at(t0);
    const auto later = pass_at(t0 + 3600s);

    // Check
    BOOST_TEST(pass.dead == 1);
    BOOST_TEST(!pass.next_due.has_value());
    BOOST_TEST(later.sent + later.retried + later.dead == 0);
    BOOST_TEST(fake.requests().size() == 1u);
    BOOST_TEST(outbox->counts().dead == 1);
    const auto error = last_error(1);
    BOOST_TEST(error.find("channel_not_found") != std::string::npos);
    BOOST_TEST(error.find(token) == std::string::npos);
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="slack",result="dead"} 1)"));
    BOOST_TEST(metric("goalpost_outbox_dead 1"));
}

BOOST_AUTO_TEST_CASE(a_client_error_other_than_408_and_429_is_dead_and_a_transient_slack_error_is_retried) {
    // Setup
    enqueue({to_channel("C1", "bad"), to_channel("C2", "flaky")});
    fake.script({testing::http_status(400, "invalid"), testing::slack_error("internal_error")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.dead == 1);
    BOOST_TEST(pass.retried == 1);
    BOOST_TEST(last_error(1).find("HTTP 400") != std::string::npos);
    BOOST_TEST(last_error(2).find("internal_error") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(after_max_attempts_a_failing_message_is_dead) {
    // Setup
    options.max_attempts = 3;
    enqueue({to_channel("C1", "doomed")});
    fake.script({testing::http_status(500), testing::http_status(503), testing::http_status(408),
                 testing::http_status(500)});

    // Act
    const auto passes = drain(t0);

    // Check
    BOOST_TEST((passes == std::vector<core::Time>{t0, t0 + 2s, t0 + 6s}));  // 2 s, then 4 s
    BOOST_TEST(fake.requests().size() == 3u);
    BOOST_TEST(outbox->counts().dead == 1);
    BOOST_TEST(last_error(1).find("gave up after 3 attempts") != std::string::npos);
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="slack",result="retry"} 2)"));
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="slack",result="dead"} 1)"));
}

BOOST_AUTO_TEST_CASE(backoff_doubles_up_to_the_cap_and_jitter_stretches_it_by_up_to_half) {
    // Setup
    options.max_backoff = 5s;
    jitter = 0.5;  // x1.25
    enqueue({to_channel("C1", "slow")});
    fake.script({testing::http_status(500), testing::http_status(500), testing::http_status(500)});

    // Act
    const auto passes = drain(t0);

    // Check: 2*1.25 = 2.5 -> 3 s; 4*1.25 = 5 s; min(8, 5)*1.25 = 6.25 -> 7 s
    BOOST_TEST((passes == std::vector<core::Time>{t0, t0 + 3s, t0 + 8s, t0 + 15s}));
}

BOOST_AUTO_TEST_CASE(one_message_per_second_per_channel) {
    // Setup
    enqueue({to_channel("C1", "a"), to_channel("C1", "b"), to_channel("C1", "c"), to_channel("C2", "other")});

    // Act
    const auto first = pass_at(t0);
    const auto second = pass_at(t0 + 1s);
    const auto third = pass_at(t0 + 2s);

    // Check
    BOOST_TEST(first.sent == 2);  // "a" and the other channel's message
    BOOST_TEST(first.postponed == 2);
    BOOST_TEST((first.next_due == t0 + 1s));
    BOOST_TEST(second.sent == 1);
    BOOST_TEST(second.postponed == 1);
    BOOST_TEST(third.sent == 1);
    BOOST_TEST(!third.next_due.has_value());
    BOOST_TEST((fake.delivered() == std::vector<std::string>{"a", "other", "b", "c"}));
    std::vector<core::Time> c1_times;
    for (const auto& r : fake.requests()) {
        if (r.field("channel") == "C1") c1_times.push_back(r.at);
    }
    BOOST_TEST((c1_times == std::vector<core::Time>{t0, t0 + 1s, t0 + 2s}));
}

BOOST_AUTO_TEST_CASE(without_a_bot_token_slack_messages_wait_untouched) {
    // Setup
    options.slack_bot_token.reset();
    enqueue({to_channel("C1", "waits"), to_teams("7", "goes")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.sent == 1);
    BOOST_TEST(!pass.next_due.has_value());  // the Slack row would otherwise keep the worker spinning
    BOOST_TEST(fake.requests_to("chat.postMessage").empty());
    const auto pending = outbox->due(t0, 10);
    BOOST_TEST_REQUIRE(pending.size() == 1u);
    BOOST_TEST((pending[0].platform == core::Platform::slack));
    BOOST_TEST(pending[0].attempts == 0);
    BOOST_TEST(metric("goalpost_outbox_depth 1"));
}

BOOST_AUTO_TEST_CASE(a_teams_message_is_posted_as_is_to_the_teams_webhook) {
    // Setup
    enqueue({to_teams("7", "digest")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.sent == 1);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].path == "/webhook/7");
    BOOST_TEST(requests[0].body == R"({"type":"message","text":"digest"})");
    BOOST_TEST(requests[0].header("Authorization").empty());
    BOOST_TEST(metric(R"(goalpost_deliveries_total{platform="teams",result="sent"} 1)"));
}

BOOST_AUTO_TEST_CASE(teams_throttling_reported_in_a_200_body_waits_like_a_429) {
    // Setup
    enqueue({to_teams("7", "throttled")});
    fake.script({testing::http_status(200, "Microsoft Teams endpoint returned HTTP error 429")});

    // Act
    const auto limited = pass_at(t0);
    const auto early = pass_at(t0 + 29s);
    const auto on_time = pass_at(t0 + 30s);

    // Check
    BOOST_TEST(limited.retried == 1);
    BOOST_TEST((limited.next_due == t0 + 30s));
    BOOST_TEST(early.sent == 0);
    BOOST_TEST(on_time.sent == 1);
    BOOST_TEST(fake.count_delivered("throttled") == 1);
}

BOOST_AUTO_TEST_CASE(a_team_without_a_teams_webhook_is_dead_without_a_request) {
    // Setup
    enqueue({to_teams("no-webhook", "nowhere")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.dead == 1);
    BOOST_TEST(fake.requests().empty());
    BOOST_TEST(last_error(1) == "team has no Teams webhook");
}

BOOST_AUTO_TEST_CASE(a_teams_failure_is_logged_and_stored_without_the_webhook_url) {
    // Setup
    enqueue({to_teams("7", "oops")});
    fake.script({testing::http_status(404, "webhook gone")});

    // Act
    const auto pass = pass_at(t0);

    // Check
    BOOST_TEST(pass.dead == 1);
    BOOST_TEST(last_error(1) == "HTTP 404");
    BOOST_TEST(last_error(1).find("secret-signature") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_restart_loses_and_repeats_nothing) {
    // Setup: a file database, five messages, and a Slack that fails the first pass.
    std::random_device random;
    const auto dir = std::filesystem::temp_directory_path() / ("goalpost-delivery-" + std::to_string(random()));
    std::filesystem::create_directories(dir);
    const auto path = (dir / "goalpost.db").string();
    delivery.reset();
    outbox = nullptr;
    store = std::make_unique<testing::Store>(path);
    outbox = &store->outbox();
    enqueue({to_channel("C1", "r1"), to_channel("C2", "r2"), to_channel("C3", "r3"), to_user("U4", "r4"),
             to_channel("C5", "r5")});
    fake.script({testing::http_status(500), testing::http_status(502), testing::http_status(503),
                 testing::http_status(500), testing::http_status(504)});
    const auto failed = pass_at(t0);

    // Act: everything goes away, as when the process stops, and comes back.
    delivery.reset();
    outbox = nullptr;
    store.reset();
    store = std::make_unique<testing::Store>(path);
    outbox = &store->outbox();
    const auto passes = drain(t0 + 1s);

    // Check
    BOOST_TEST(failed.retried == 5);
    BOOST_TEST(fake.delivered().size() == 5u);
    for (const auto* text : {"r1", "r2", "r3", "r4", "r5"}) BOOST_TEST(fake.count_delivered(text) == 1);
    BOOST_TEST(outbox->counts().sent == 5);
    BOOST_TEST(outbox->counts().pending == 0);
    delivery.reset();
    outbox = nullptr;
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

BOOST_AUTO_TEST_CASE(sent_messages_past_retention_are_compacted_at_most_hourly) {
    // Setup: a 2-day retention; one message sent at t0.
    options.sent_retention = std::chrono::hours(48);
    enqueue({to_channel("C1", "m1")});
    BOOST_TEST(pass_at(t0).sent == 1);

    // Act / Check: not yet past retention; then past it, but within the hour of the last sweep
    // nothing runs; an hour later the row goes.
    BOOST_TEST(pass_at(t0 + std::chrono::hours(47)).compacted == 0);
    BOOST_TEST(pass_at(t0 + std::chrono::hours(47) + std::chrono::minutes(59)).compacted == 0);
    BOOST_TEST(pass_at(t0 + std::chrono::hours(48) + std::chrono::minutes(1)).compacted == 1);
    BOOST_TEST(outbox->counts().sent == 0);
}

BOOST_AUTO_TEST_SUITE_END()
