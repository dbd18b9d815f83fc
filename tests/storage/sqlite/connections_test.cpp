#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

BOOST_AUTO_TEST_SUITE(sqlite_file)

BOOST_AUTO_TEST_CASE(file_database_runs_wal_with_foreign_keys_and_full_sync) {
    // Setup
    TempDir dir;

    // Act
    Store store(dir.file());
    const auto info = store.connection_info();

    // Check
    BOOST_TEST(info.journal_mode == "wal");
    BOOST_TEST(info.foreign_keys);
    BOOST_TEST(info.synchronous == 2);  // FULL
    BOOST_TEST(info.busy_timeout_ms == 5000);
    BOOST_TEST(store.healthy());
    // WAL is a property of the file: another connection sees it too.
    SqliteDatabase other(dir.file());
    auto mode = other.prepare("PRAGMA journal_mode");
    BOOST_TEST_REQUIRE(mode.step());
    BOOST_TEST(mode.text(0) == "wal");
}

BOOST_AUTO_TEST_CASE(memory_database_has_foreign_keys_on) {
    // Setup / Act
    Store store(":memory:");

    // Check
    const auto info = store.connection_info();
    BOOST_TEST(info.journal_mode == "memory");
    BOOST_TEST(info.foreign_keys);
    BOOST_TEST(store.schema_version() == current_schema_version());
}

BOOST_AUTO_TEST_CASE(data_persists_across_reopening) {
    // Setup
    TempDir dir;
    Seeded seeded;
    {
        Store store(dir.file());
        seeded = seed(store, ws_a);
        store.record_checkin(ws_a, a_checkin(seeded.kr.id, 600, at(5), 7));
    }

    // Act
    Store reopened(dir.file());

    // Check
    const auto kr = reopened.find_key_result(ws_a, seeded.kr.number);
    BOOST_TEST_REQUIRE(kr.has_value());
    BOOST_TEST(kr->current == 600);
    BOOST_TEST((kr->last_checkin_at == std::optional<core::Time>{at(5)}));
    BOOST_TEST(reopened.teams(ws_a).size() == 1u);
    // Numbering continues where it stopped.
    BOOST_TEST(reopened.add_objective(ws_a, an_objective(seeded.team.id)).number == 2);
}

BOOST_AUTO_TEST_CASE(checkin_for_a_missing_key_result_changes_nothing) {
    // Setup
    TempDir dir;
    Store store(dir.file());
    const auto seeded = seed(store, ws_a);

    // Act / Check
    BOOST_CHECK_THROW(store.record_checkin(ws_a, a_checkin(seeded.kr.id + 1000, 5)), StorageError);
    BOOST_TEST(count_rows(dir.file(), "checkins") == 0);
    BOOST_TEST(store.find_key_result(ws_a, seeded.kr.number)->current == seeded.kr.current);
}

BOOST_AUTO_TEST_CASE(failed_write_rolls_back_its_earlier_steps) {
    // Setup: add_objective creates the workspace row before it finds the parent missing
    TempDir dir;
    Store store(dir.file());
    auto objective = an_objective(0);
    objective.parent_number = 42;

    // Act
    BOOST_CHECK_THROW(store.add_objective("slack:TNEW", objective), StorageError);

    // Check
    BOOST_TEST(count_rows(dir.file(), "workspaces") == 0);
    BOOST_TEST(count_rows(dir.file(), "objectives") == 0);
    BOOST_TEST(store.healthy());
}

BOOST_AUTO_TEST_CASE(reads_of_an_unknown_workspace_do_not_create_it) {
    // Setup
    TempDir dir;
    Store store(dir.file());

    // Act
    const auto teams = store.teams("slack:TNOBODY");
    const auto team = store.find_team("slack:TNOBODY", "growth");
    const auto kr = store.find_key_result("slack:TNOBODY", 1);
    const auto mine = store.key_results_owned_by("slack:TNOBODY", "U_ANA");

    // Check
    BOOST_TEST(teams.empty());
    BOOST_TEST(!team.has_value());
    BOOST_TEST(!kr.has_value());
    BOOST_TEST(mine.empty());
    BOOST_TEST(count_rows(dir.file(), "workspaces") == 0);
}

BOOST_AUTO_TEST_CASE(unopenable_path_throws_storage_error) {
    // Setup
    TempDir dir;

    // Act / Check
    BOOST_CHECK_THROW(Store((dir.path() / "missing" / "goalpost.db").string()), StorageError);
}

BOOST_AUTO_TEST_SUITE_END()
