// Announcements of a command that was carried out are never lost to a failed outbox write
// while the process runs: they are kept and written again, before the next announcement and
// on the scheduler's passes.
#include <boost/test/unit_test.hpp>

#include "bot/cli/cadence.hpp"
#include "bot/outbox/writer.hpp"
#include "bot/service/metrics.hpp"
#include "bot/service/scheduler.hpp"
#include "config/settings.hpp"
#include "storage/ports.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/store.hpp"
#include "tests/support/clock.hpp"

using namespace goalpost;

namespace {

const core::WorkspaceKey ws = "slack:T1";
const core::Time t0 = testing::utc(2027, 1, 4, 9);

struct Fixture {
    testing::Store store;
    bot::Metrics metrics;
    bot::OutboxWriter writer{store.outbox(), *store.repositories().cadence, metrics};
    core::RowId team_id = 0;
    int changed = 0;

    Fixture() {
        auto team = store.create_team(ws, {"growth", "C9", "UTC", std::nullopt, "U1", t0});
        team_id = team->id;
        writer.set_changed([this] { ++changed; });
    }
    core::Announcement post(const std::string& key) { return {team_id, key, core::Message{}.section("well done")}; }
    long long rows() { return store.outbox().counts().pending; }
    // A write that fails the way a full disk does: the outbox table cannot take rows.
    void break_outbox() { store.with_connection([](storage::Database& db) { db.exec("DROP TABLE outbox"); }); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(outbox_writer, Fixture)

BOOST_AUTO_TEST_CASE(an_announcement_goes_to_the_team_channel_once_per_key) {
    writer.announce(ws, {post("celebrate:kr:1:70"), post("celebrate:kr:1:70"), post("")}, t0);
    writer.announce(ws, {post("celebrate:kr:1:70")}, t0);

    const auto due = store.outbox().due(t0, 10);
    BOOST_REQUIRE_EQUAL(due.size(), 2u);  // the key once, the unkeyed post once
    BOOST_TEST((due[0].platform == core::Platform::slack));
    BOOST_TEST((due[0].destination_kind == storage::DestinationKind::channel));
    BOOST_TEST(due[0].destination == "C9");
    BOOST_TEST(changed == 1);
    BOOST_TEST(writer.pending() == 0u);
}

BOOST_AUTO_TEST_CASE(a_failed_write_is_kept_logged_and_not_thrown) {
    // Setup
    break_outbox();

    // Act
    BOOST_CHECK_NO_THROW(writer.announce(ws, {post("celebrate:kr:1:70")}, t0));

    // Check
    BOOST_TEST(writer.pending() == 1u);
    BOOST_TEST(metrics.render().find("goalpost_storage_failures_total 1") != std::string::npos);
    BOOST_TEST((writer.retry_pending(t0) == std::optional<core::Time>(t0 + std::chrono::seconds(30))));
    BOOST_TEST(writer.pending() == 1u);
    BOOST_CHECK_THROW(writer.write(ws, {{core::Platform::slack, storage::DestinationKind::channel, "C9", "{}", std::nullopt}}, t0), std::exception);
}

BOOST_AUTO_TEST_CASE(kept_rows_are_written_by_the_next_announcement_or_retry) {
    // Setup: the outbox refuses rows while `refusing` has one (a trigger stands in for a full
    // disk); the first announcement is refused, then the disk is back.
    store.with_connection([&](storage::Database& db) {
        db.exec("CREATE TABLE refusing(n INTEGER); INSERT INTO refusing VALUES (1);");
        if (store.on_postgres()) {
            db.exec("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "IF (SELECT count(*) FROM refusing) > 0 THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;"
                    "CREATE TRIGGER refuse BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse();");
        } else {
            db.exec("CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN (SELECT count(*) FROM refusing) > 0 "
                    "BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        }
    });
    writer.announce(ws, {post("celebrate:kr:1:70")}, t0);
    BOOST_REQUIRE_EQUAL(writer.pending(), 1u);
    BOOST_REQUIRE_EQUAL(rows(), 0);
    store.with_connection([](storage::Database& db) { db.exec("DELETE FROM refusing"); });

    // Act: the next announcement writes the kept one first.
    writer.announce(ws, {post("celebrate:kr:2:70")}, t0);

    // Check
    BOOST_TEST(writer.pending() == 0u);
    BOOST_TEST(rows() == 2);
    BOOST_TEST(!writer.retry_pending(t0).has_value());
}

BOOST_AUTO_TEST_CASE(the_scheduler_retries_kept_rows_on_each_pass) {
    // Setup
    config::Settings settings;
    bot::CadenceWiring wiring(settings, store, &metrics);
    bot::Scheduler scheduler(wiring.service, wiring.delivery, [] { return t0; });
    std::vector<core::Time> seen;
    scheduler.before_each_pass([&](core::Time now) -> std::optional<core::Time> {
        seen.push_back(now);
        return now + std::chrono::seconds(30);
    });

    // Act
    const auto next = scheduler.tick(t0);

    // Check: the task ran with the pass's instant, and its wish for the next pass counts.
    BOOST_REQUIRE_EQUAL(seen.size(), 1u);
    BOOST_TEST((seen[0] == t0));
    BOOST_TEST((next == t0 + std::chrono::seconds(30)));
}

BOOST_AUTO_TEST_SUITE_END()
