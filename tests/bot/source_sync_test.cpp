// Key-result sources as the service runs them (bot/sources/sync.hpp): a round reads what is
// due from a fake Jira on loopback, records a check-in only when the value changed, posts it
// like a typed one, backs off on failures, tells the owner once after 3 failed reads and once
// when it works again, and never reads one source twice in an interval, across instances and
// restarts. Credentials appear in no reply, message, log line or export.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/http/client.hpp"
#include "bot/outbox/writer.hpp"
#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"
#include "bot/sources/sync.hpp"
#include "core/commands/dispatch.hpp"
#include "core/time.hpp"
#include "storage/sql/query.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/bot/slack_app_fixture.hpp"
#include "tests/support/store.hpp"

using namespace goalpost;
using namespace std::chrono_literals;
using testing::FakeSlack;
using testing::t0;

namespace {

const std::string api_token = "ATATT3xFfGF0-jira-SECRET-token";
const std::string email = "okr-bot@example.com";
const std::string ws = "slack:T1";

std::string count_body(int n) { return R"({"count":)" + std::to_string(n) + "}"; }

// Every line goalpost logs while it lives.
struct LogLines {
    std::vector<std::string> lines;
    std::mutex mutex;
    LogLines() {
        bot::log::set_sink([this](std::string_view line) {
            std::lock_guard lock(mutex);
            lines.emplace_back(line);
        });
    }
    ~LogLines() { bot::log::set_sink({}); }
    std::string all() {
        std::lock_guard lock(mutex);
        std::string s;
        for (const auto& l : lines) s += l;
        return s;
    }
};

struct Fixture {
    LogLines logs;
    FakeSlack jira;  // a Jira Cloud on loopback: POST /rest/api/3/search/approximate-count
    testing::Store store;
    config::Settings settings;
    bot::Metrics metrics;
    std::unique_ptr<bot::OutboundHttp> http = bot::make_outbound_http(1s);
    bot::OutboxWriter writer{store.outbox(), *store.repositories().cadence, metrics};
    std::unique_ptr<bot::SourceSync> sync;

    Fixture() {
        settings.sources.jira.base_url = jira.base_url();
        settings.sources.jira.email = email;
        settings.sources.jira.api_token = api_token;
        settings.sources.interval_minutes = 60;
        sync = std::make_unique<bot::SourceSync>(store, settings, *http, writer, metrics);
        say("U1", "team create growth channel=<#C42|growth>");
        say("U1", "objective add \"Grow the pipeline\"");
        say("U1", "kr add O-1 Leads from=0 to=100 owner=<@U1>");
        say("U1", "kr add O-1 Deals from=0 to=10 owner=<@U1>");
    }

    core::Outcome run(const std::string& user, const std::string& text, core::Time at = t0) {
        core::HandlerContext ctx{store.repositories(), core::Actor{ws, user, user, "C42"}, at, {}, "/okr"};
        ctx.sources = &sync->hooks();
        return core::handle_text(text, ctx);
    }
    std::string say(const std::string& user, const std::string& text, core::Time at = t0) {
        auto out = run(user, text, at);
        std::string s = out.message.text;
        for (const auto& b : out.message.blocks) s += "\n" + b.text;
        return s;
    }
    core::KeyResult kr(int n) { return *store.find_key_result(ws, n); }
    std::vector<core::Checkin> checkins(int n) { return store.checkins_of(ws, kr(n).id, 100); }
    std::vector<storage::OutboxItem> outbox() { return store.outbox().due(t0 + 24h * 365, 1000); }
};

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(source_sync, Fixture)

BOOST_AUTO_TEST_CASE(a_changed_value_is_one_checkin_posted_like_a_typed_one) {
    // Setup
    say("U1", R"(kr source KR-1 jira "project = OPS AND statusCategory = Done")");
    jira.script({testing::http_status(200, count_body(42)), testing::http_status(200, count_body(42)),
                 testing::http_status(200, count_body(70))});

    // Act: the first round, one before the interval is over, one after it, one more.
    const auto first = sync->run_round(t0);
    const auto early = sync->run_round(t0 + 59min);
    const auto same = sync->run_round(t0 + 60min);
    const auto moved = sync->run_round(t0 + 120min);

    // Check: Jira was asked as its API documents, once per interval.
    const auto requests = jira.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 3u);
    BOOST_TEST(requests[0].path == "/api/rest/api/3/search/approximate-count");
    BOOST_TEST(requests[0].header("Authorization") ==
               "Basic " + std::string("b2tyLWJvdEBleGFtcGxlLmNvbTpBVEFUVDN4RmZHRjAtamlyYS1TRUNSRVQtdG9rZW4="));
    BOOST_TEST(boost::json::parse(requests[0].body) ==
               boost::json::parse(R"({"jql":"project = OPS AND statusCategory = Done"})"));
    BOOST_TEST(first.read == 1);
    BOOST_TEST(first.changed == 1);
    BOOST_TEST(early.read == 0);
    BOOST_TEST(same.read == 1);
    BOOST_TEST(same.changed == 0);
    BOOST_TEST(moved.changed == 1);
    // Two check-ins (42, then 70), by the source; the unchanged read recorded nothing.
    const auto history = checkins(1);
    BOOST_REQUIRE_EQUAL(history.size(), 2u);
    BOOST_TEST(history[0].value == 70);
    BOOST_TEST(history[1].value == 42);
    BOOST_TEST(history[1].user_id == "source:jira");
    BOOST_TEST(kr(1).current == 70);
    // Each posted to the team's channel as after /okr checkin, and 70% celebrated.
    const auto posts = outbox();
    std::string payloads;
    for (const auto& p : posts) payloads += p.payload;
    BOOST_TEST(has(payloads, "goalpost (source: jira) checked in KR-1"));
    BOOST_TEST(has(payloads, "42%"));
    BOOST_TEST(has(payloads, "70%"));
    BOOST_TEST(posts.front().destination == "C42");
    // `show` says where the value comes from and what was read last.
    auto shown = say("U1", "show KR-1", t0 + 121min);
    BOOST_TEST(has(shown, "Reads Jira issues matching `project = OPS AND statusCategory = Done`"));
    BOOST_TEST(has(shown, "last read " + core::iso_minute(t0 + 120min) + " UTC: 70"));
    BOOST_TEST(has(shown, "goalpost (source: jira)"));
    // Counted per kind.
    const auto rendered = metrics.render();
    BOOST_TEST(has(rendered, R"(goalpost_source_reads_total{kind="jira",result="changed"} 2)"));
    BOOST_TEST(has(rendered, R"(goalpost_source_reads_total{kind="jira",result="unchanged"} 1)"));
}

BOOST_AUTO_TEST_CASE(failures_back_off_and_the_owner_hears_once_and_once_more_when_it_works) {
    // Setup: 429 with Retry-After, a 500, a timeout, a body that is not JSON, then 42.
    say("U1", R"(kr source KR-1 jira "project = OPS")");
    jira.script({testing::http_status(429, R"({"errorMessages":["Rate limit exceeded."]})", 120),
                 testing::http_status(500, "{}"), testing::hang_before_accepting(),
                 testing::http_status(200, "<html>Atlassian maintenance</html>"),
                 testing::http_status(200, count_body(42))});

    // Act and check, read by read.
    BOOST_TEST(sync->run_round(t0).failed == 1);
    BOOST_TEST(sync->run_round(t0 + 119s).read == 0);  // Retry-After: 120
    BOOST_TEST(sync->run_round(t0 + 120s).failed == 1);  // the 500; the next in 2 minutes
    BOOST_TEST(sync->run_round(t0 + 120s + 119s).read == 0);
    BOOST_TEST(sync->run_round(t0 + 240s).failed == 1);  // the timeout: the third failure
    auto after_three = outbox();
    BOOST_REQUIRE_EQUAL(after_three.size(), 1u);
    BOOST_TEST((after_three[0].destination_kind == storage::DestinationKind::user));
    BOOST_TEST(after_three[0].destination == "U1");
    BOOST_TEST(has(after_three[0].payload, "couldn't read its value from Jira issues matching"));
    BOOST_TEST(has(after_three[0].payload, "3 times in a row"));
    auto shown = say("U1", "show KR-1", t0 + 241s);
    BOOST_TEST(has(shown, "the last 3 reads failed"));
    // A fourth failure (not retried soon: a body that is not JSON) tells nobody again.
    BOOST_TEST(sync->run_round(t0 + 240s + 4min).failed == 1);
    BOOST_TEST(outbox().size() == 1u);
    BOOST_TEST(sync->run_round(t0 + 240s + 4min + 59min).read == 0);
    // It works again: recorded, and the owner hears it once.
    BOOST_TEST(sync->run_round(t0 + 240s + 4min + 60min).changed == 1);
    auto after = outbox();
    BOOST_REQUIRE_EQUAL(after.size(), 3u);  // the alert, the progress post, the all-clear
    int all_clear = 0;
    for (const auto& item : after) all_clear += has(item.payload, "reads its value from Jira issues matching `project = OPS` again: 42");
    BOOST_TEST(all_clear == 1);
    BOOST_TEST(kr(1).current == 42);
    BOOST_TEST(has(metrics.render(), R"(goalpost_source_reads_total{kind="jira",result="failed"} 4)"));
}

BOOST_AUTO_TEST_CASE(a_claimed_source_is_not_read_twice_across_instances_and_restarts) {
    // Setup: two sources; an instance claimed KR-1's and died before reading it.
    say("U1", R"(kr source KR-1 jira "project = A")");
    say("U1", R"(kr source KR-2 jira "project = B")");
    auto claimed = store.source_jobs().claim_due(t0, bot::SourceSync::lease, 1);
    BOOST_REQUIRE_EQUAL(claimed.size(), 1u);
    jira.script({testing::http_status(200, count_body(5)), testing::http_status(200, count_body(6))});

    // Act: another instance's round, a second round at the same instant, and one after the lease.
    bot::SourceSync other(store, settings, *http, writer, metrics);
    const auto mine = other.run_round(t0);
    const auto again = sync->run_round(t0 + 1s);
    const auto after_lease = sync->run_round(t0 + bot::SourceSync::lease);

    // Check: each source read once.
    BOOST_TEST(mine.read == 1);
    BOOST_TEST(again.read == 0);
    BOOST_TEST(after_lease.read == 1);
    BOOST_TEST(jira.requests().size() == 2u);
    BOOST_TEST(checkins(1).size() == 1u);
    BOOST_TEST(checkins(2).size() == 1u);
    // A read whose outcome was lost after its check-in (a crash between the two) records nothing
    // twice: the value equals the KR's now.
    storage::DueSource lost = store.source_jobs().claim_one(ws, kr(1).id, t0 + 2h, bot::SourceSync::lease).value();
    (void)lost;  // the instance holding it dies; after the lease the next round reads it again
    BOOST_TEST_REQUIRE(kr(2).current == 5);  // read first by the other instance
    BOOST_TEST_REQUIRE(kr(1).current == 6);
    // Due by then: KR-2 (next read at t0 + 1 h), then KR-1 (its lost claim lapsed).
    jira.script({testing::http_status(200, count_body(5)), testing::http_status(200, count_body(6))});
    const auto retried = sync->run_round(t0 + 2h + bot::SourceSync::lease);
    BOOST_TEST(retried.read == 2);
    BOOST_TEST(retried.changed == 0);
    BOOST_TEST(checkins(1).size() == 1u);
    BOOST_TEST(checkins(2).size() == 1u);
}

BOOST_AUTO_TEST_CASE(in_teams_the_owner_hears_in_the_teams_channel) {
    // Setup: a Teams tenant's team with its Workflows webhook; Teams has no direct messages.
    auto in_teams = [&](const std::string& text) {
        core::HandlerContext ctx{store.repositories(), core::Actor{"teams:tenant-1", "29:ana", "ana", "19:c@thread"}, t0,
                                 {}, "/okr"};
        ctx.sources = &sync->hooks();
        return core::handle_text(text, ctx);
    };
    in_teams("team create squad");
    in_teams("team set squad teams_webhook=https://example.webhook.office.com/workflows/abc");
    in_teams("objective add \"Squad goal\"");
    in_teams("kr add O-1 Tickets from=0 to=10");
    BOOST_TEST_REQUIRE(in_teams(R"(kr source KR-1 jira "project = SQ")").message.text == "KR-1 reads its value from jira");
    jira.script({testing::http_status(500, ""), testing::http_status(500, ""), testing::http_status(500, "")});

    // Act: three failed reads.
    sync->run_round(t0);
    sync->run_round(t0 + 1min);
    sync->run_round(t0 + 3min);

    // Check: one post to the team's webhook, naming the owner.
    auto posts = store.outbox().due(t0 + 24h, 100);
    BOOST_REQUIRE_EQUAL(posts.size(), 1u);
    BOOST_TEST((posts[0].destination_kind == storage::DestinationKind::teams_webhook));
    BOOST_TEST(has(posts[0].payload, "3 times in a row"));
    BOOST_TEST(has(posts[0].payload, "who owns it"));
}

BOOST_AUTO_TEST_CASE(an_archived_objective_is_not_read) {
    say("U1", R"(kr source KR-1 jira "project = OPS")");
    say("U1", "archive O-1");
    jira.script({testing::http_status(200, count_body(9))});
    sync->run_round(t0);
    BOOST_TEST(jira.requests().empty());
    BOOST_TEST(checkins(1).empty());
    BOOST_TEST(has(say("U1", "show KR-1", t0 + 1min), "its objective is archived"));
}

BOOST_AUTO_TEST_CASE(a_slow_kr_sync_answers_at_once_and_its_result_follows_once) {
    // Setup: Jira hangs past the client's 1 s timeout; the command waits 50 ms.
    say("U1", R"(kr source KR-2 jira "project = OPS")");
    sync->set_answer_within(50ms);
    jira.script({testing::hang_before_accepting(), testing::http_status(200, count_body(4))});
    std::vector<core::SyncReport> later;
    std::mutex m;
    auto collect = [&](const core::SyncReport& r) {
        std::lock_guard lock(m);
        later.push_back(r);
    };

    // Act: a slow read, then a quick one.
    const auto slow = sync->sync_now(ws, kr(2), t0, collect);
    sync->wait_for_background();
    sync->set_answer_within(5s);
    const auto quick = sync->sync_now(ws, kr(2), t0 + 1min, collect);
    sync->wait_for_background();

    // Check: the slow one answered "pending" and its failure came later, once; the quick one
    // answered itself and nothing came later.
    BOOST_TEST(slow.pending);
    BOOST_REQUIRE_EQUAL(later.size(), 1u);
    BOOST_TEST(!later[0].value.has_value());
    BOOST_TEST(has(later[0].error, "Jira"));
    BOOST_TEST(!quick.pending);
    BOOST_TEST(quick.changed);
    BOOST_TEST(kr(2).current == 4);
}

BOOST_AUTO_TEST_CASE(kr_sync_reads_now_and_answers) {
    say("U1", R"(kr source KR-2 jira "project = OPS")");
    jira.script({testing::http_status(200, count_body(7)), testing::http_status(401, "")});
    auto reply = say("U1", "kr sync KR-2", t0 + 5min);
    BOOST_TEST(has(reply, "Read *7* from Jira issues matching `project = OPS`: checked in on KR-2"));
    BOOST_TEST(kr(2).current == 7);
    auto refused = say("U1", "kr sync KR-2", t0 + 6min);
    BOOST_TEST(has(refused, "Couldn't read KR-2's value from Jira"));
    BOOST_TEST(has(refused, "sources.jira"));
    BOOST_TEST(kr(2).current == 7);
}

BOOST_AUTO_TEST_CASE(credentials_are_in_no_reply_message_log_or_export) {
    // Setup: every path that shows text: set, sync, failures, show, the owner's alert.
    std::string replies = say("U1", R"(kr source KR-1 jira "project = OPS")");
    jira.script({testing::http_status(401, R"({"errorMessages":["Client must be authenticated"]})"),
                 testing::http_status(403, ""), testing::http_status(500, ""),
                 testing::http_status(200, count_body(3))});
    replies += say("U1", "kr sync KR-1", t0);
    sync->run_round(t0 + 61min);
    sync->run_round(t0 + 122min);
    replies += say("U1", "show KR-1", t0 + 123min);
    sync->run_round(t0 + 183min);

    // Check
    std::string messages;
    for (const auto& item : outbox()) messages += item.payload;
    BOOST_TEST(has(messages, "3 times in a row"));
    // The database never holds them (they live in the config), so no export can carry them.
    const std::string stored = store.with_connection([](storage::Database& d) {
        std::string all;
        for (const auto& row : storage::all_rows(storage::query(d, "SELECT kind, args, last_error, set_by FROM kr_sources"),
                                                 [](storage::Statement& r) {
                                                     return r.text(0) + r.text(1) + r.text(2) + r.text(3);
                                                 })) {
            all += row;
        }
        return all;
    });
    BOOST_TEST(has(stored, "project = OPS"));
    std::string logged = logs.all();
    BOOST_TEST(has(logged, "source jira of KR-1"));
    for (const std::string& secret : {api_token, email}) {
        BOOST_TEST_INFO(secret);
        BOOST_TEST(!has(replies, secret));
        BOOST_TEST(!has(messages, secret));
        BOOST_TEST(!has(logged, secret));
        BOOST_TEST(!has(stored, secret));
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(source_sync_slack)

BOOST_AUTO_TEST_CASE(a_slow_kr_sync_in_slack_is_answered_again_at_the_response_url) {
    // Setup: the app as serve wires it; the fake Slack is also the Jira that hangs (the client
    // gives up after 2 s) and the response_url's host.
    testing::SlackAppFixture f;
    config::Settings settings = f.settings;
    settings.sources.jira.base_url = f.slack.base_url();
    settings.sources.jira.email = email;
    settings.sources.jira.api_token = api_token;
    bot::SourceSync sync(f.store, settings, *f.http, f.app->outbox(), f.app->metrics());
    sync.set_answer_within(50ms);
    f.app->set_sources(&sync.hooks());
    BOOST_TEST_REQUIRE(f.command(R"(kr source KR-1 jira "project = OPS")").body.find("now reads its value") !=
                       std::string::npos);
    f.slack.script({testing::hang_before_accepting()});
    testing::SlashCommand c;
    c.text = "kr sync KR-1";
    c.response_url = f.slack.base_url() + "/commands/T1/1/later";

    // Act
    const auto answer = f.app->handle(testing::signed_request(c.body(), f.now_s), f.now);
    sync.wait_for_background();

    // Check: at once "reading", then the result at the response_url, ephemeral, once.
    BOOST_TEST(answer.status == 200);
    BOOST_TEST(has(answer.body, "the answer follows here"));
    const auto later = f.slack.requests_to("later");
    BOOST_REQUIRE_EQUAL(later.size(), 1u);
    BOOST_TEST(later[0].field("response_type") == "ephemeral");
    BOOST_TEST(has(later[0].body, "Couldn't read KR-1's value from Jira issues matching"));
    BOOST_TEST(!has(later[0].body, api_token));
    f.slack.release();
}

BOOST_AUTO_TEST_SUITE_END()
