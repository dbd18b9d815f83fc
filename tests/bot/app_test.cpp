// The request handler as a plain function: no socket needed.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/service/app.hpp"
#include "bot/service/log.hpp"
#include "core/text.hpp"
#include "tests/support/store.hpp"
#include "tests/support/slack_request.hpp"

using namespace goalpost;
using goalpost::testing::SlashCommand;
using goalpost::testing::signed_request;

namespace {

constexpr long long now_s = 1795000000;
const core::Time now{std::chrono::seconds{now_s}};

struct Fixture {
    config::Settings settings;
    testing::Store store{":memory:"};
    std::unique_ptr<bot::App> app;
    Fixture() {
        settings.slack.signing_secret = testing::sample_secret;
        app = std::make_unique<bot::App>(settings, store);
    }
    bot::HttpResponse command(const std::string& text, const std::string& user = "U1") {
        SlashCommand c;
        c.user_id = user;
        c.text = text;
        return app->handle(signed_request(c.body(), now_s), now);
    }
    bot::HttpResponse get(const std::string& path, const std::string& method = "GET") {
        bot::HttpRequest r;
        r.method = method;
        r.target = path;
        return app->handle(r, now);
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(app_routes, Fixture)

BOOST_AUTO_TEST_CASE(health_metrics_unknown_paths_and_methods) {
    auto h = get("/healthz");
    BOOST_TEST(h.status == 200);
    BOOST_TEST(h.body == fmt::format(R"({{"status":"ok","database":"{}","schema":{}}})", store.kind(),
                                     storage::current_schema_version()));
    BOOST_TEST(get("/healthz", "POST").status == 405);
    BOOST_TEST(get("/metrics", "DELETE").status == 405);
    BOOST_TEST(get("/slack/commands", "GET").status == 405);
    BOOST_TEST(get("/nope").status == 404);
    BOOST_TEST(get("/healthz?probe=1").status == 200);
    auto m = get("/metrics");
    BOOST_TEST(m.status == 200);
    BOOST_TEST(m.content_type.starts_with("text/plain"));
    BOOST_TEST(m.body.find("goalpost_http_requests_total{path=\"/healthz\",status=\"200\"} 2") != std::string::npos);
    BOOST_TEST(m.body.find("goalpost_http_requests_total{path=\"other\",status=\"404\"} 1") != std::string::npos);
    BOOST_TEST(m.body.find("goalpost_http_request_duration_seconds_bucket{le=\"+Inf\"}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(what_may_block_is_left_to_the_worker_pool) {
    // Setup
    SlashCommand c;
    c.text = "team create growth";
    bot::HttpRequest metrics;
    metrics.method = "GET";
    metrics.target = "/metrics";
    bot::HttpRequest health = metrics;
    health.target = "/healthz";

    // Act
    auto command = app->route(signed_request(c.body(), now_s), now);
    auto metrics_answer = app->route(metrics, now);
    auto health_answer = app->route(health, now);

    // Check: the database is only reached from the work handed back, never on the I/O thread.
    BOOST_TEST(std::holds_alternative<bot::BlockingWork>(command));
    BOOST_TEST(std::holds_alternative<bot::BlockingWork>(health_answer));
    BOOST_TEST(std::holds_alternative<bot::HttpResponse>(metrics_answer));
    BOOST_TEST(store.repositories().teams.teams("slack:T1").empty());
    const auto reply = bot::finish(std::move(command));
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(store.repositories().teams.teams("slack:T1").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_slow_response_is_logged_and_counted) {
    // Setup
    std::vector<std::string> lines;
    bot::log::set_sink([&](std::string_view line) { lines.emplace_back(line); });

    // Act
    app->record_response("/slack/commands", 200, std::chrono::milliseconds(1999));
    app->record_response("/slack/commands", 200, std::chrono::milliseconds(3200));
    bot::log::set_sink({});

    // Check
    BOOST_REQUIRE_EQUAL(lines.size(), 1u);
    BOOST_TEST(lines[0].find("request to /slack/commands took 3200 ms (answered 200)") != std::string::npos);
    const auto m = get("/metrics").body;
    BOOST_TEST(m.find("goalpost_http_request_duration_seconds_bucket{le=\"2.5\"} 1") != std::string::npos);
    BOOST_TEST(m.find("goalpost_http_request_duration_seconds_count 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(signed_command_is_answered_with_block_kit) {
    command("team create growth");
    command("objective add \"Grow\"");
    command("kr add O-1 Leads from=0 to=1,200");
    auto r = command("checkin KR-1 600");
    BOOST_TEST(r.status == 200);
    auto v = boost::json::parse(r.body);
    BOOST_TEST(v.at("response_type").as_string() == "in_channel");
    BOOST_TEST(std::string(v.at("text").as_string()).find("50%") != std::string::npos);
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 600);
    BOOST_TEST(get("/metrics").body.find("goalpost_checkins_recorded_total 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(user_mistake_is_200_and_ephemeral) {
    auto r = command("checkin KR-1 lots");
    BOOST_TEST(r.status == 200);
    auto v = boost::json::parse(r.body);
    BOOST_TEST(v.at("response_type").as_string() == "ephemeral");
    BOOST_TEST(std::string(v.at("text").as_string()).find("isn't a number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_signatures_are_401_without_the_reason_and_change_nothing) {
    SlashCommand c;
    c.text = "team create growth";
    auto body = c.body();
    std::vector<bot::HttpRequest> bad;
    bot::HttpRequest unsigned_request;
    unsigned_request.method = "POST";
    unsigned_request.target = "/slack/commands";
    unsigned_request.body = body;
    bad.push_back(unsigned_request);
    bad.push_back(signed_request(body, now_s, "wrong-secret"));
    bad.push_back(signed_request(body, now_s - 301));
    bad.push_back(signed_request(body, now_s + 301));
    auto tampered = signed_request(body, now_s);
    tampered.body += "x";
    bad.push_back(tampered);
    auto truncated = signed_request(body, now_s);
    truncated.body.resize(truncated.body.size() / 2);
    bad.push_back(truncated);
    for (const auto& r : bad) {
        auto resp = app->handle(r, now);
        BOOST_TEST(resp.status == 401);
        BOOST_TEST(resp.body == R"({"error":"unauthorized"})");
    }
    BOOST_TEST(store.teams("slack:T1").empty());
    BOOST_TEST(get("/metrics").body.find("goalpost_requests_refused_total") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(signed_but_malformed_bodies_are_400) {
    BOOST_TEST(app->handle(signed_request("text=%ZZ&team_id=T1&user_id=U1", now_s), now).status == 400);
    BOOST_TEST(app->handle(signed_request("text=help", now_s), now).status == 400);  // no team or user
}

BOOST_AUTO_TEST_CASE(slack_not_configured_is_503) {
    config::Settings bare;
    bot::App unconfigured(bare, store);
    SlashCommand c;
    c.text = "help";
    BOOST_TEST(unconfigured.handle(signed_request(c.body(), now_s), now).status == 503);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(hostile_bytes, Fixture)

BOOST_AUTO_TEST_CASE(ill_formed_utf8_in_a_command_never_reaches_the_json_reply_or_the_database) {
    // Setup
    command("team create growth");

    // Act: a title with a stray 0xFF, a cut-off 2-byte sequence and an overlong slash.
    auto r = command("objective add \"Grow\xff th\xc3 \xc0\xaf\"");

    // Check: the reply is valid JSON (Boost.JSON refuses ill-formed UTF-8) and the stored
    // title carries U+FFFD where the bad bytes were.
    BOOST_TEST(r.status == 200);
    boost::json::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    BOOST_TEST(!ec);
    auto o = store.find_objective("slack:T1", 1);
    BOOST_REQUIRE(o.has_value());
    BOOST_TEST(o->title == "Grow\uFFFD th\uFFFD \uFFFD");
    BOOST_TEST(core::valid_utf8(r.body));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(command_rate_limits)

BOOST_AUTO_TEST_CASE(a_noisy_user_is_told_to_wait_and_nothing_changes) {
    // Setup: 5 commands a minute per user.
    config::Settings settings;
    settings.slack.signing_secret = testing::sample_secret;
    settings.limits.commands_per_user_per_minute = 5;
    testing::Store store{":memory:"};
    bot::App app(settings, store);
    auto command = [&](const std::string& text, const std::string& user, long long at) {
        SlashCommand c;
        c.user_id = user;
        c.text = text;
        return app.handle(signed_request(c.body(), at), core::Time{std::chrono::seconds{at}});
    };
    command("team create growth", "U1", now_s);
    command("objective add \"Grow\"", "U1", now_s);
    command("kr add O-1 Leads from=0 to=100", "U1", now_s);
    command("checkin KR-1 10", "U1", now_s);
    command("checkin KR-1 20", "U1", now_s);

    // Act: the sixth command in the same minute.
    auto held = command("checkin KR-1 30", "U1", now_s);

    // Check: a friendly ephemeral 200, the check-in not recorded, counted in /metrics.
    BOOST_TEST(held.status == 200);
    auto v = boost::json::parse(held.body);
    BOOST_TEST(v.at("response_type").as_string() == "ephemeral");
    std::string text(v.at("text").as_string());
    BOOST_TEST(text.find("more than 5 commands a minute from you") != std::string::npos);
    BOOST_TEST(text.find("Try again in 12 seconds") != std::string::npos);
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 20);
    bot::HttpRequest metrics;
    metrics.method = "GET";
    metrics.target = "/metrics";
    BOOST_TEST(app.handle(metrics, now).body.find("goalpost_commands_rate_limited_total{scope=\"user\"} 1") !=
               std::string::npos);
    // Someone else in the workspace is not held back; the same user is again 12 s later.
    auto other = command("list all", "U2", now_s);
    BOOST_TEST(other.body.find("Grow") != std::string::npos);
    BOOST_TEST(other.body.find("commands a minute") == std::string::npos);
    command("checkin KR-1 30", "U1", now_s + 12);
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 30);
}

BOOST_AUTO_TEST_SUITE_END()
