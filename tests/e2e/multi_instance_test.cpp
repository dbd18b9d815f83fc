// Several goalpost instances on one PostgreSQL database keep the single binary's promises:
// an acknowledged check-in is stored whichever instance took it, even when one is killed
// with SIGKILL under load; each (team, schedule, period) fires once however many instances
// run the cadence at the same instant; each outbox message is sent by one instance at a
// time, by another when its claimer died, and the per-channel pacing holds across them.
// Runs with the test server of ctest (tests/postgres/server.sh): multi_instance_tests.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "bot/outbox/delivery.hpp"
#include "bot/service/cadence_service.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_storage.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite_storage.hpp"
#include "tests/e2e/server_process.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/store.hpp"

using namespace goalpost;
using namespace goalpost::testing;
using core::Time;

namespace {

std::set<std::string> notes_in(const PgSchema& schema) {
    storage::PgDatabase db(schema.url());
    auto rows = storage::all_rows(db.cached("SELECT note FROM checkins"),
                                  [](storage::Statement& row) { return row.text(0); });
    return {rows.begin(), rows.end()};
}

// A team with two members, a stakeholder channel and two KRs, as the cadence tests seed it.
void seed(storage::Storage& store, const std::string& ws, const std::string& name) {
    auto repos = store.repositories();
    const Time created = utc(2026, 10, 1);
    auto t = *repos.teams.create_team(ws, core::NewTeam{name, "C-" + name, "Europe/Berlin", {}, "U1", created});
    repos.teams.add_member(ws, t.id, "U1", created);
    repos.teams.add_member(ws, t.id, "U2", created);
    core::TeamSettingsChange change;
    change.stakeholder_channel = "S-" + name;
    repos.cadence->update_settings(ws, t.id, change);
    auto o = repos.objectives.add_objective(ws, core::NewObjective{t.id, "Grow " + name, {}, "2026-Q4",
                                                                   core::Visibility::public_,
                                                                   core::ObjectiveKind::aspirational, "U1", created});
    repos.objectives.add_key_result(ws, core::NewKeyResult{o.id, "Leads", false, 0, 100, "", {}, "U1", created});
}

// Every outbox row as "kind destination payload", sorted: what the instances sent out.
std::vector<std::string> outbox_rows(storage::Database& db) {
    auto rows = storage::all_rows(
        db.cached("SELECT destination_kind, destination, payload, dedupe_key FROM outbox"),
        [](storage::Statement& row) {
            return row.text(0) + " " + row.text(1) + " " + row.text(2) + " " + row.optional_text(3).value_or("");
        });
    std::sort(rows.begin(), rows.end());
    return rows;
}

std::int64_t count(storage::Database& db, const std::string& sql) {
    return storage::first_row(db.cached(sql), [](storage::Statement& row) { return row.int64(0); }).value_or(-1);
}

bot::DeliveryOptions slack_options(const FakeSlack& fake) {
    bot::DeliveryOptions o;
    o.slack_api_base_url = fake.base_url();
    o.slack_bot_token = "xoxb-test";
    return o;
}

storage::NewOutboxItem post(const std::string& channel, const std::string& text) {
    return {core::Platform::slack, storage::DestinationKind::channel, channel, R"({"text":")" + text + R"("})",
            std::nullopt};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(multi_instance)

BOOST_AUTO_TEST_CASE(acknowledged_checkins_survive_an_instance_killed_under_load) {
    // Setup: three `goalpost serve` on one database, a team with four KRs.
    TempDir dir;
    PgSchema schema;
    const auto config = dir.path / "goalpost.json";
    {
        std::ofstream out(config);
        out << R"({"server": {"bind": "127.0.0.1", "port": 0, "threads": 2},)"
            << R"("storage": {"url": ")" << schema.url() << R"(", "pool_size": 4},)"
            << R"("slack": {"signing_secret": ")" << sample_secret << R"("}})";
    }
    std::vector<std::unique_ptr<ServerProcess>> servers;
    std::vector<unsigned short> ports;
    for (int i = 0; i < 3; ++i) {
        servers.push_back(std::make_unique<ServerProcess>(config, dir.path / ("instance" + std::to_string(i) + ".log")));
        ports.push_back(servers.back()->wait_for_port(std::chrono::seconds(20)));
    }
    constexpr int writers = 9, krs = 4;
    {
        HttpClient client(ports[0]);
        BOOST_REQUIRE(okr(client, "U1", "team create spread").first == 200);
        std::string add = "team add spread";
        for (int w = 2; w <= writers; ++w) add += " <@U" + std::to_string(w) + "|u" + std::to_string(w) + ">";
        BOOST_REQUIRE(okr(client, "U1", add).first == 200);
        BOOST_REQUIRE(okr(client, "U1", "objective add \"Run anywhere\" team=spread").second == "in_channel");
        for (int k = 1; k <= krs; ++k) {  // through every instance
            HttpClient other(ports[static_cast<std::size_t>(k % 3)]);
            BOOST_REQUIRE(okr(other, "U1", "kr add O-1 \"Metric " + std::to_string(k) + "\" from=0 to=100000").second ==
                          "in_channel");
        }
    }

    // Act: writers on all three instances; instance 1 is killed once 150 are acknowledged,
    // the others go on to 300.
    CheckinWriters load(writers, krs, [&](int w) { return ports[static_cast<std::size_t>(w % 3)]; });
    BOOST_CHECK_MESSAGE(load.wait_for(150, std::chrono::seconds(60)), "only " << load.acknowledged().size() << " check-ins acknowledged");
    servers[1]->kill_hard();
    BOOST_CHECK_MESSAGE(load.wait_for(300, std::chrono::seconds(60)), "only " << load.acknowledged().size() << " check-ins acknowledged");
    load.stop();
    const auto acknowledged = load.acknowledged();

    // Check: every acknowledged check-in is stored; the survivors still serve.
    const auto stored = notes_in(schema);
    std::size_t missing = 0;
    for (const auto& note : acknowledged) {
        if (!stored.count(note) && ++missing <= 5) BOOST_ERROR("acknowledged check-in " << note << " is missing");
    }
    BOOST_TEST(missing == 0u);
    BOOST_TEST(stored.size() >= acknowledged.size());
    for (int i : {0, 2}) {
        HttpClient client(ports[static_cast<std::size_t>(i)]);
        const auto health = client.get("/healthz");
        BOOST_TEST(health.status == 200);
        BOOST_TEST(health.body.find(R"("database":"postgresql")") != std::string::npos, health.body);
        BOOST_TEST(servers[static_cast<std::size_t>(i)]->stop() == 0);
    }
}

BOOST_AUTO_TEST_CASE(every_schedule_fires_once_however_many_instances_run_it) {
    // Setup: three instances on one database, and one SQLite goalpost as the reference, both
    // seeded alike.
    PgSchema schema;
    std::vector<std::unique_ptr<storage::PgStorage>> instances;
    for (int i = 0; i < 3; ++i) instances.push_back(storage::open_postgres(schema.url(), 2));
    auto reference = storage::open_sqlite(":memory:");
    for (storage::Storage* store : {static_cast<storage::Storage*>(instances[0].get()),
                                    static_cast<storage::Storage*>(reference.get())}) {
        seed(*store, "slack:T1", "growth");
        seed(*store, "slack:T1", "platform");
        seed(*store, "slack:T2", "sales");
    }
    std::vector<std::unique_ptr<bot::CadenceService>> services;
    for (auto& i : instances) services.push_back(std::make_unique<bot::CadenceService>(*i, std::chrono::hours(12), "/okr"));
    bot::CadenceService alone(*reference, std::chrono::hours(12), "/okr");

    // Act: eight weeks, every three hours; the three instances at each instant at once.
    int fired = 0;
    for (Time at = utc(2026, 11, 2); at < utc(2026, 12, 28); at += std::chrono::hours(3)) {
        std::vector<std::thread> together;
        std::atomic<int> fired_now{0};
        for (auto& service : services) {
            together.emplace_back([&, s = service.get()] { fired_now += s->run_due(at).fired; });
        }
        for (auto& t : together) t.join();
        const int expected = alone.run_due(at).fired;
        BOOST_TEST(fired_now.load() == expected, "at " << at.time_since_epoch().count());
        fired += fired_now;
    }

    // Check: the same runs and the same messages as one goalpost alone, and plenty of them
    // (reminders and digests of eight weeks, two monthly summaries, for three teams).
    BOOST_TEST(fired >= 3 * (8 + 8 + 1));
    const auto runs = instances[0]->with_reader([](storage::Database& db) { return count(db, "SELECT count(*) FROM schedule_runs"); });
    const auto runs_alone = reference->with_reader([](storage::Database& db) { return count(db, "SELECT count(*) FROM schedule_runs"); });
    BOOST_TEST(runs == runs_alone);
    const auto messages = instances[1]->with_reader([](storage::Database& db) { return outbox_rows(db); });
    const auto messages_alone = reference->with_reader([](storage::Database& db) { return outbox_rows(db); });
    BOOST_TEST(messages.size() == messages_alone.size());
    BOOST_TEST(messages == messages_alone);
}

BOOST_AUTO_TEST_CASE(messages_claimed_by_an_instance_that_died_are_sent_once_by_another) {
    // Setup: instance A queues five messages and claims them, then dies before sending.
    PgSchema schema;
    FakeSlack fake;
    auto a = storage::open_postgres(schema.url(), 1);
    auto b = storage::open_postgres(schema.url(), 1);
    const Time t0 = utc(2027, 1, 4, 9);
    std::vector<storage::NewOutboxItem> items;
    for (int i = 0; i < 5; ++i) items.push_back(post("C" + std::to_string(i), "message " + std::to_string(i)));
    BOOST_REQUIRE(a->outbox().enqueue("slack:T1", items, t0) == 5);
    const auto lease = bot::DeliveryOptions{}.claim_lease;
    BOOST_REQUIRE(a->outbox().claim(t0, 50, {core::Platform::slack}, lease).size() == 5u);
    auto http = bot::make_outbound_http(std::chrono::seconds(2));
    bot::Delivery delivery_b(b->outbox(), *http, slack_options(fake), [] { return 0.0; },
                             [](const storage::OutboxItem&) { return std::nullopt; });

    // Act / Check: while A's claim lasts, B sends nothing; after it, everything once.
    fake.set_now(t0 + std::chrono::seconds(1));
    const auto during = delivery_b.run_once(t0 + std::chrono::seconds(1));
    BOOST_TEST(during.sent == 0);
    BOOST_TEST(fake.requests_to("chat.postMessage").empty());
    BOOST_TEST_REQUIRE(during.next_due.has_value());
    BOOST_TEST((*during.next_due == t0 + lease));
    fake.set_now(t0 + lease);
    const auto after = delivery_b.run_once(t0 + lease);
    BOOST_TEST(after.sent == 5);
    BOOST_TEST(fake.requests_to("chat.postMessage").size() == 5u);
    BOOST_TEST(delivery_b.run_once(t0 + lease + std::chrono::seconds(5)).sent == 0);
    BOOST_TEST(fake.requests_to("chat.postMessage").size() == 5u);
    BOOST_TEST(a->outbox().counts().sent == 5);
}

BOOST_AUTO_TEST_CASE(one_message_per_second_per_channel_across_instances) {
    // Setup: two instances, two messages for one channel.
    PgSchema schema;
    FakeSlack fake;
    auto a = storage::open_postgres(schema.url(), 1);
    auto b = storage::open_postgres(schema.url(), 1);
    const Time t0 = utc(2027, 1, 4, 9);
    BOOST_REQUIRE(a->outbox().enqueue("slack:T1", {post("C1", "first"), post("C1", "second")}, t0) == 2);
    auto http = bot::make_outbound_http(std::chrono::seconds(2));
    auto one_at_a_time = slack_options(fake);
    one_at_a_time.batch = 1;
    auto no_url = [](const storage::OutboxItem&) -> std::optional<std::string> { return std::nullopt; };
    bot::Delivery delivery_a(a->outbox(), *http, one_at_a_time, [] { return 0.0; }, no_url);
    bot::Delivery delivery_b(b->outbox(), *http, one_at_a_time, [] { return 0.0; }, no_url);
    fake.set_now(t0);

    // Act: A sends the first; B, in the same second, finds the channel held.
    const auto by_a = delivery_a.run_once(t0);
    const auto by_b = delivery_b.run_once(t0);
    const auto later = delivery_b.run_once(t0 + std::chrono::seconds(1));

    // Check
    BOOST_TEST(by_a.sent == 1);
    BOOST_TEST(by_b.sent == 0);
    BOOST_TEST(by_b.postponed == 1);
    BOOST_TEST(later.sent == 1);
    BOOST_TEST(fake.delivered().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
