// The durability promise, tested against the real binary: a check-in that goalpost
// acknowledged (200, in_channel) is in the database after `kill -9` of the server in the
// middle of a burst, the file passes `PRAGMA integrity_check`, and the server starts again
// on it and serves. And a message in the outbox when the server is killed is delivered, once,
// after it starts again.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/service/app.hpp"
#include "bot/cli/cadence.hpp"
#include "config/settings.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/slack_request.hpp"
#include "tests/e2e/server_process.hpp"

#ifndef GOALPOST_BINARY
#error "GOALPOST_BINARY (the goalpost executable) must be defined by the build"
#endif

extern char** environ;

using namespace goalpost::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::string sql_text(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

// The first column of the first row, on a read-write connection of its own.
std::string ask(const std::filesystem::path& path, const std::string& sql) {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    auto value = sql_text(db, sql);
    sqlite3_close(db);
    return value;
}

std::set<std::string> notes_in(sqlite3* db) {
    std::set<std::string> notes;
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db, "SELECT note FROM checkins", -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) notes.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    return notes;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(durability)

BOOST_AUTO_TEST_CASE(acknowledged_checkins_survive_kill_9) {
    // Setup: a config on port 0 with the sample secret and a fresh database file.
    TempDir dir;
    const auto db_path = dir.path / "goalpost.db";
    const auto config = dir.path / "goalpost.json";
    {
        std::ofstream out(config);
        out << R"({"server": {"bind": "127.0.0.1", "port": 0, "threads": 2},)"
            << R"("storage": {"path": ")" << db_path.string() << R"("},)"
            << R"("slack": {"signing_secret": ")" << sample_secret << R"("}})";
    }
    constexpr int writers = 8;
    constexpr int krs = 4;
    std::vector<std::string> acknowledged;
    {
        ServerProcess server(config, dir.path / "first.log");
        const unsigned short port = server.wait_for_port(std::chrono::seconds(10));
        {
            HttpClient client(port);
            BOOST_REQUIRE(okr(client, "U1", "team create durable").first == 200);
            std::string add = "team add durable";
            for (int w = 2; w <= writers; ++w) add += " <@U" + std::to_string(w) + "|u" + std::to_string(w) + ">";
            BOOST_REQUIRE(okr(client, "U1", add).first == 200);
            BOOST_REQUIRE(okr(client, "U1", "objective add \"Survive a crash\" team=durable").second == "in_channel");
            for (int k = 1; k <= krs; ++k) {
                BOOST_REQUIRE(okr(client, "U1", "kr add O-1 \"Metric " + std::to_string(k) + "\" from=0 to=100000").second ==
                              "in_channel");
            }
        }

        // Act: writers check in as fast as they can, each note unique; kill -9 after enough
        // acknowledgements, while requests are still in flight.
        CheckinWriters load(writers, krs, [port](int) { return port; });
        BOOST_CHECK_MESSAGE(load.wait_for(200, std::chrono::seconds(20)),
                            "only " << load.acknowledged().size() << " check-ins acknowledged in 20 s");
        server.kill_hard();
        load.stop();
        acknowledged = load.acknowledged();
    }
    BOOST_TEST_MESSAGE(acknowledged.size() << " check-ins acknowledged before kill -9");
    BOOST_REQUIRE(!acknowledged.empty());

    // Check: every acknowledged check-in is in the file, and the file is sound. Opening it
    // read-write lets SQLite recover the WAL as goalpost itself would.
    {
        sqlite3* db = nullptr;
        BOOST_REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
        BOOST_TEST(sql_text(db, "PRAGMA integrity_check") == "ok");
        const auto stored = notes_in(db);
        std::size_t missing = 0;
        for (const auto& note : acknowledged) {
            if (!stored.count(note)) {
                if (++missing <= 5) BOOST_ERROR("acknowledged check-in " << note << " is not in the database");
            }
        }
        BOOST_TEST(missing == 0u);
        BOOST_TEST(stored.size() >= acknowledged.size());
        sqlite3_close(db);
    }

    // And the server starts again on the same file and serves.
    ServerProcess again(config, dir.path / "second.log");
    const unsigned short port = again.wait_for_port(std::chrono::seconds(10));
    {
        HttpClient client(port);
        BOOST_TEST(client.get("/healthz").status == 200);
        BOOST_TEST(okr(client, "U1", "checkin KR-1 42 after the crash").second == "in_channel");
        BOOST_TEST(okr(client, "U1", "show KR-1").first == 200);
    }
    BOOST_TEST(again.stop() == 0);
}

// Group commit: check-ins of concurrent requests share a transaction, each in its own
// savepoint. One that fails (a KR of another workspace) must not take the others with it.
BOOST_AUTO_TEST_CASE(a_failing_checkin_does_not_sink_its_batch) {
    // Setup: a KR in workspace A, another in workspace B.
    TempDir dir;
    goalpost::testing::Store store((dir.path / "group.db").string());
    const std::string a = "slack:TA", b = "slack:TB";
    const goalpost::core::Time at{std::chrono::seconds{1795000000}};
    auto kr_in = [&](const std::string& ws) {
        auto team = store.create_team(ws, {"growth", "", "UTC", std::nullopt, "U1", at});
        BOOST_REQUIRE(team);
        auto objective = store.add_objective(ws, {team->id, "Grow", std::nullopt, "2026-Q4",
                                                  goalpost::core::Visibility::public_,
                                                  goalpost::core::ObjectiveKind::aspirational, "U1", at});
        return store.add_key_result(ws, {objective.id, "Leads", false, 0, 100, "", std::nullopt, "U1", at}).id;
    };
    const auto kr_a = kr_in(a);
    const auto kr_b = kr_in(b);

    // Act: many threads at once; every third check-in names B's KR in workspace A.
    constexpr int threads = 12, each = 20;
    std::atomic<int> recorded{0}, refused{0}, wrong{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = 0; i < each; ++i) {
                const bool bad = (t * each + i) % 3 == 0;
                try {
                    auto kr = store.record_checkin(a, {bad ? kr_b : kr_a, "U1", double(i), std::nullopt,
                                                       "t" + std::to_string(t) + "-" + std::to_string(i), at});
                    (bad || kr.id != kr_a ? wrong : recorded)++;
                } catch (const goalpost::storage::StorageError&) {
                    (bad ? refused : wrong)++;
                }
            }
        });
    }
    for (auto& w : workers) w.join();

    // Check: every good check-in is stored, every bad one refused, nothing else happened.
    BOOST_TEST(wrong.load() == 0);
    BOOST_TEST(recorded.load() + refused.load() == threads * each);
    BOOST_TEST(refused.load() == threads * each / 3);
    BOOST_TEST(static_cast<int>(store.checkins_of(a, kr_a, -1).size()) == recorded.load());
    BOOST_TEST(store.checkins_of(b, kr_b, -1).empty());
}

// The outbox promise across a crash: messages queued while Slack fails (celebrations from
// check-ins, reminders from a run of the cadence) are still pending after `kill -9`, and the
// restarted server delivers each of them exactly once when Slack answers again.
BOOST_AUTO_TEST_CASE(pending_outbox_survives_kill_9_and_each_message_is_delivered_once) {
    using goalpost::core::Time;
    TempDir dir;
    const auto db_path = dir.path / "goalpost.db";
    const auto config = dir.path / "goalpost.json";
    FakeSlack slack;
    slack.script(std::vector<FakeStep>(100000, http_status(500, R"({"ok":false,"error":"internal_error"})")));
    {
        std::ofstream out(config);
        out << R"({"server": {"bind": "127.0.0.1", "port": 0, "threads": 2},)"
            << R"("storage": {"path": ")" << db_path.string() << R"("},)"
            << R"("slack": {"signing_secret": ")" << sample_secret << R"(", "bot_token": "xoxb-durable",)"
            << R"("api_base_url": ")" << slack.base_url() << R"("}})";
    }

    // Setup, at injected instants two weeks back (serve runs on the wall clock, so what is
    // queued must be due by then): Sunday the teams, goals and check-ins that celebrate;
    // Monday 09:00 the reminders. Through the App and the cadence service, as serve runs them.
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    const std::chrono::sys_days two_weeks_ago{today - std::chrono::days(14)};
    const auto monday = two_weeks_ago - (std::chrono::weekday{two_weeks_ago} - std::chrono::Monday);
    // 10:30, so that a summary due on the 1st at 10:00 never falls after the teams exist.
    const Time sunday = Time{monday - std::chrono::days(1)} + std::chrono::hours(10) + std::chrono::minutes(30);
    const Time reminders = Time{monday} + std::chrono::hours(9);
    {
        goalpost::config::Settings settings;
        settings.storage.path = db_path.string();
        settings.slack.signing_secret = sample_secret;
        goalpost::testing::Store store(settings.storage.path);
        goalpost::bot::App app(settings, store);
        auto okr = [&](const std::string& user, const std::string& text) {
            SlashCommand c;
            c.user_id = user;
            c.user_name = user;
            c.text = text;
            const auto at = sunday.time_since_epoch().count();
            auto reply = app.handle(signed_request(c.body(), at), sunday);
            BOOST_REQUIRE_EQUAL(reply.status, 200);
            BOOST_CHECK_MESSAGE(reply.body.find(":warning:") == std::string::npos, text << " -> " << reply.body);
        };
        const char* teams[] = {"alpha", "beta", "gamma"};
        for (int t = 0; t < 3; ++t) {
            const std::string first = "U" + std::to_string(2 * t + 1), second = "U" + std::to_string(2 * t + 2);
            const std::string o = "O-" + std::to_string(t + 1);
            okr(first, std::string("team create ") + teams[t] + " channel=<#C" + std::to_string(t + 1) + "|" + teams[t] + ">");
            okr(first, std::string("team add ") + teams[t] + " <@" + second + "|" + second + ">");
            okr(first, std::string("objective add \"Durable ") + teams[t] + "\" team=" + teams[t]);
            okr(first, "kr add " + o + " \"First of " + teams[t] + "\" from=0 to=100");
            okr(first, "kr add " + o + " \"Second of " + teams[t] + "\" from=0 to=100 owner=<@" + second + "|" + second + ">");
        }
        okr("U1", "checkin KR-1 75");   // alpha: 70%
        okr("U3", "checkin KR-3 100");  // beta: 100%
        okr("U5", "checkin KR-5 80");   // gamma: 70%
        goalpost::bot::CadenceWiring wiring(settings, store, nullptr);
        const auto fired = wiring.service.run_due(reminders);
        BOOST_TEST(fired.messages == 6);  // each owner: nobody has checked in since Monday 00:00
    }
    BOOST_TEST(ask(db_path, "SELECT count(*) FROM outbox WHERE status = 'pending'") == "9");

    // Act 1: serve while Slack answers 500; more celebrations arrive over HTTP; kill -9 once
    // the server has tried (and failed) a few deliveries.
    {
        ServerProcess server(config, dir.path / "failing.log");
        const unsigned short port = server.wait_for_port(std::chrono::seconds(10));
        HttpClient client(port);
        BOOST_TEST(okr(client, "U2", "checkin KR-2 100").second == "in_channel");  // alpha: 100%
        BOOST_TEST(okr(client, "U3", "win \"Durable win\" team=beta").first == 200);
        const auto until = Clock::now() + std::chrono::seconds(20);
        while (slack.requests().size() < 12 && Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // bounded polling on delivery
        }
        BOOST_TEST_REQUIRE(slack.requests().size() >= 12u);
        server.kill_hard();
    }
    BOOST_TEST(slack.delivered().empty());
    // Opened read-write, so that SQLite recovers the WAL as goalpost itself would.
    BOOST_TEST(ask(db_path, "PRAGMA integrity_check") == "ok");
    const long pending_count = std::stol(ask(db_path, "SELECT count(*) FROM outbox WHERE status = 'pending'"));
    BOOST_TEST(pending_count >= 11);  // 9 seeded, 2 over HTTP (and today's reminders if due now)
    BOOST_TEST(ask(db_path, "SELECT count(*) FROM outbox WHERE status <> 'pending'") == "0");
    BOOST_TEST(ask(db_path, "SELECT count(*) > 0 FROM outbox WHERE attempts > 0") == "1");

    // Act 2: Slack answers again; start the server on the same file and wait (bounded) for
    // the outbox to drain.
    slack.script({});
    {
        ServerProcess server(config, dir.path / "restarted.log");
        server.wait_for_port(std::chrono::seconds(10));
        const auto until = Clock::now() + std::chrono::seconds(90);
        while (ask(db_path, "SELECT count(*) FROM outbox WHERE status = 'pending'") != "0" &&
               Clock::now() < until) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));  // bounded polling on delivery
        }
        BOOST_TEST(server.stop() == 0);
    }

    // Check: every message (those pending at the kill, and any the restarted server queued)
    // was sent, and Slack took each exactly once: for a channel message, its text in its
    // channel; for a reminder, its text in the person's DM.
    BOOST_TEST(ask(db_path, "PRAGMA integrity_check") == "ok");
    BOOST_TEST(ask(db_path, "SELECT count(*) FROM outbox WHERE status <> 'sent'") == "0");
    std::multiset<std::pair<std::string, std::string>> taken;
    for (const auto& r : slack.requests_to("chat.postMessage")) {
        if (r.accepted) taken.insert({r.field("channel"), r.field("text")});
    }
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db,
                                     "SELECT id, coalesce(dedupe_key, ''), destination_kind, destination, payload "
                                     "FROM outbox ORDER BY id",
                                     -1, &st, nullptr) == SQLITE_OK);
    struct Row {
        std::string id, key;
        std::pair<std::string, std::string> message;  // (channel, text) as Slack gets it
    };
    std::vector<Row> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
        auto column = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i))); };
        const auto payload = boost::json::parse(column(4));
        const std::string text(payload.as_object().at("text").as_string());
        rows.push_back({column(0), column(1), {column(2) == "user" ? "D" + column(3) : column(3), text}});
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    std::multiset<std::pair<std::string, std::string>> expected;
    for (const auto& row : rows) expected.insert(row.message);
    std::set<std::string> keys;
    for (const auto& row : rows) {
        BOOST_TEST(taken.count(row.message) == expected.count(row.message),
                   "outbox " << row.id << " (" << row.key << ") was taken " << taken.count(row.message) << " times");
        BOOST_TEST(!row.key.empty(), "outbox " << row.id << " has no key");
        BOOST_TEST(keys.insert(row.key).second, "key " << row.key << " twice");
    }
    BOOST_TEST(rows.size() >= static_cast<std::size_t>(pending_count));
    BOOST_TEST((taken == expected));
    BOOST_TEST_MESSAGE(pending_count << " messages pending at kill -9; " << rows.size() << " outbox rows, "
                                     << taken.size() << " messages taken by Slack after the restart");
}

BOOST_AUTO_TEST_SUITE_END()
