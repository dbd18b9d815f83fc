#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

std::int64_t index_count(const std::string& path) {
    return query_int(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migrations)

BOOST_AUTO_TEST_CASE(fresh_file_ends_at_the_current_version) {
    // Setup
    TempDir dir;

    // Act
    Store store(dir.file());

    // Check
    BOOST_TEST(current_schema_version() >= 2);
    BOOST_TEST(store.schema_version() == current_schema_version());
    BOOST_TEST(query_int(dir.file(), "PRAGMA user_version") == current_schema_version());
}

BOOST_AUTO_TEST_CASE(older_file_with_rows_is_upgraded_and_keeps_them) {
    // Setup: a file left at schema 1 by an older goalpost, holding data
    TempDir dir;
    Seeded seeded;
    {
        Store old_store(dir.file(), 1);
        BOOST_TEST_REQUIRE(old_store.schema_version() == 1);
        seeded = seed(old_store, ws_a);
        old_store.add_member(ws_a, seeded.team.id, "U_ANA", at(1));
        old_store.record_checkin(ws_a, a_checkin(seeded.kr.id, 300, at(4), 8));
    }
    BOOST_TEST_REQUIRE(index_count(dir.file()) == 0);

    // Act
    Store store(dir.file());

    // Check
    BOOST_TEST(store.schema_version() == current_schema_version());
    BOOST_TEST(index_count(dir.file()) >= 4);
    const auto team = store.find_team(ws_a, "growth");
    BOOST_TEST_REQUIRE(team.has_value());
    BOOST_TEST(team->id == seeded.team.id);
    BOOST_TEST(store.members(ws_a, team->id) == std::vector<std::string>{"U_ANA"});
    BOOST_TEST(store.find_objective(ws_a, 1)->title == seeded.objective.title);
    const auto kr = store.find_key_result(ws_a, 1);
    BOOST_TEST_REQUIRE(kr.has_value());
    BOOST_TEST(kr->current == 300);
    BOOST_TEST((kr->last_confidence == std::optional<int>{8}));
    BOOST_TEST(store.checkins_of(ws_a, kr->id, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_version_5_file_gains_cycles_and_leads_and_keeps_its_rows) {
    // Setup: a file at schema 5 (the playbook, before custom cycles and team leads)
    TempDir dir;
    Seeded seeded;
    {
        Store old_store(dir.file(), 5);
        BOOST_TEST_REQUIRE(old_store.schema_version() == 5);
        BOOST_TEST(old_store.repositories().cycles == nullptr);
        seeded = seed(old_store, ws_a);
        old_store.add_member(ws_a, seeded.team.id, "U_ANA", at(1));
    }
    BOOST_TEST(query_int(dir.file(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cycles'") == 0);

    // Act
    Store store(dir.file());

    // Check
    BOOST_TEST(store.schema_version() == current_schema_version());
    BOOST_TEST(query_int(dir.file(), "PRAGMA user_version") == current_schema_version());
    BOOST_TEST(query_int(dir.file(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'cycles'") == 1);
    BOOST_TEST(store.members(ws_a, seeded.team.id) == std::vector<std::string>{"U_ANA"});
    BOOST_TEST(store.leads(ws_a, seeded.team.id).empty());
    BOOST_TEST(store.find_objective(ws_a, 1)->cycle == "2027-Q1");
    auto* cycles = store.repositories().cycles;
    BOOST_TEST_REQUIRE(cycles != nullptr);
    BOOST_TEST(cycles->add_cycle(ws_a, core::NewCycle{"2027-H1", "2027-01-01", "2027-06-30", "U_ANA", at(5)})
                   .has_value());
    BOOST_TEST(store.set_lead(ws_a, seeded.team.id, "U_ANA", true, at(5)));
    BOOST_TEST(query_int(dir.file(), "SELECT lead FROM team_members WHERE user_id = 'U_ANA'") == 1);
}

BOOST_AUTO_TEST_CASE(file_from_a_newer_goalpost_is_refused) {
    // Setup
    TempDir dir;
    { Store store(dir.file()); }
    {
        SqliteDatabase raw(dir.file());
        raw.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
    }

    // Act / Check
    BOOST_CHECK_EXCEPTION(Store{dir.file()}, StorageError, [](const StorageError& e) {
        return std::string(e.what()).find("newer") != std::string::npos;
    });
    BOOST_TEST(query_int(dir.file(), "PRAGMA user_version") == current_schema_version() + 1);
}

BOOST_AUTO_TEST_CASE(a_version_6_outbox_keeps_its_rows_and_takes_home_tabs) {
    // Setup: a file at schema 6 with a pending, a sent and a dead message
    TempDir dir;
    {
        Store old_store(dir.file(), 6);
        Outbox& outbox = old_store.outbox();
        BOOST_TEST_REQUIRE(outbox.enqueue(ws_a, {{core::Platform::slack, DestinationKind::channel, "C1", R"({"text":"a"})", "celebrate:kr:1:70"},
                                                 {core::Platform::slack, DestinationKind::user, "U1", R"({"text":"b"})", std::nullopt},
                                                 {core::Platform::teams, DestinationKind::teams_webhook, "3", R"({"type":"message"})", std::nullopt}},
                                          at(1)) == 3);
        // Written as goalpost of schema 6 marked them (today's outbox knows claims, a column
        // version 6 lacks).
        old_store.with_connection([](Database& db) {
            db.exec("UPDATE outbox SET status = 'sent', attempts = 1, sent_at = 1798794000 WHERE id = 2;"
                    "UPDATE outbox SET status = 'dead', attempts = 8, last_error = 'gave up' WHERE id = 3");
        });
        BOOST_CHECK_THROW(outbox.enqueue(ws_a, {{core::Platform::slack, DestinationKind::home, "U1", R"({"view":{}})", std::nullopt}}, at(1)),
                          std::exception);
    }

    // Act
    Store store(dir.file());
    Outbox& outbox = store.outbox();

    // Check
    BOOST_TEST(store.schema_version() == current_schema_version());
    const auto counts = outbox.counts();
    BOOST_TEST(counts.pending == 1);
    BOOST_TEST(counts.sent == 1);
    BOOST_TEST(counts.dead == 1);
    const auto due = outbox.due(at(2), 10);
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].id == 1);
    BOOST_TEST(due[0].destination == "C1");
    // The dedupe key still holds; a Home tab now fits.
    BOOST_TEST(outbox.enqueue(ws_a, {{core::Platform::slack, DestinationKind::channel, "C1", R"({"text":"a"})", "celebrate:kr:1:70"}}, at(2)) == 0);
    BOOST_TEST(outbox.enqueue(ws_a, {{core::Platform::slack, DestinationKind::home, "U1", R"({"view":{}})", std::nullopt}}, at(2)) == 1);
    BOOST_TEST(query_int(dir.file(), "SELECT COUNT(*) FROM sqlite_master WHERE name = 'outbox_pending'") == 1);
}

BOOST_AUTO_TEST_CASE(never_migrates_down_and_refuses_unknown_targets) {
    // Setup
    TempDir dir;
    { Store store(dir.file()); }

    // Act
    Store store(dir.file(), 1);

    // Check
    BOOST_TEST(store.schema_version() == current_schema_version());
    BOOST_CHECK_THROW(Store(":memory:", current_schema_version() + 1), StorageError);
}

BOOST_AUTO_TEST_CASE(each_step_commits_its_version_with_its_schema) {
    // Setup
    SqliteDatabase db(":memory:");

    // Act
    migrate(db, 1);
    const int after_first = schema_version_of(db);
    migrate(db);

    // Check
    BOOST_TEST(after_first == 1);
    BOOST_TEST(schema_version_of(db) == current_schema_version());
    BOOST_TEST(!db.in_transaction());
}

BOOST_AUTO_TEST_SUITE_END()
