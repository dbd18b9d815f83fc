// storage::backup_database: a consistent online copy while another connection writes.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "storage/sqlite/backup.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/store.hpp"
#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

std::string query_text(const std::string& path, const std::string& sql) {
    SqliteDatabase db(path);
    auto statement = db.prepare(sql);
    return statement.step() ? statement.text(0) : std::string();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(backup_while_another_connection_writes_is_consistent) {
    // Setup: a database with a key result, and a writer recording check-ins non-stop.
    TempDir dir;
    const std::string live = dir.file("goalpost.db");
    const std::string copy = dir.file("backup.db");
    Store store(live);
    const Seeded seeded = seed(store, ws_a);
    for (int i = 0; i < 50; ++i) store.record_checkin(ws_a, a_checkin(seeded.kr.id, i));
    std::atomic<bool> stop{false};
    std::atomic<int> written{50};
    std::thread writer([&] {
        while (!stop) {
            store.record_checkin(ws_a, a_checkin(seeded.kr.id, written.load()));
            ++written;
        }
    });
    while (written < 100) std::this_thread::yield();

    // Act: back up three times while the writer goes on.
    const int before = written.load();
    backup_database(live, copy);
    backup_database(live, copy + "2");
    backup_database(live, copy);  // replaces the first copy
    const int after = written.load();
    stop = true;
    writer.join();

    // Check: the copy opens, is whole, and holds a snapshot between `before` and `after`.
    BOOST_TEST(query_text(copy, "PRAGMA integrity_check") == "ok");
    BOOST_TEST(query_text(copy, "PRAGMA journal_mode") == "delete");
    const auto checkins = count_rows(copy, "checkins");
    BOOST_TEST(checkins >= before);
    BOOST_TEST(checkins <= after);
    BOOST_TEST(count_rows(copy, "teams") == 1);
    BOOST_TEST(count_rows(copy + "2", "checkins") >= before);
    // The key result's current value is the last check-in in the copy: one transaction each.
    BOOST_TEST(query_int(copy, "SELECT CAST(current_value AS INTEGER) FROM key_results") ==
               query_int(copy, "SELECT CAST(value AS INTEGER) FROM checkins ORDER BY id DESC LIMIT 1"));
    BOOST_TEST(!std::filesystem::exists(copy + ".partial"));
    BOOST_TEST(!std::filesystem::exists(copy + "-wal"));
    BOOST_TEST_MESSAGE("backup: " << checkins << " check-ins in the copy; the writer committed " << before
                                  << ".." << after << " meanwhile");

    // A restored copy opens as a goalpost database at the current schema.
    Store restored(copy);
    BOOST_TEST(restored.schema_version() == current_schema_version());
    BOOST_TEST(restored.checkins_of(ws_a, seeded.kr.id, 1000).size() == static_cast<std::size_t>(checkins));
}

BOOST_AUTO_TEST_CASE(backup_of_a_closed_database) {
    // Setup
    TempDir dir;
    const std::string live = dir.file("goalpost.db");
    { seed(*std::make_unique<Store>(live), ws_a); }

    // Act
    backup_database(live, dir.file("copy.db"));

    // Check
    BOOST_TEST(count_rows(dir.file("copy.db"), "key_results") == 1);
}

BOOST_AUTO_TEST_CASE(failures_name_the_file_and_leave_nothing_behind) {
    // Setup
    TempDir dir;
    const std::string live = dir.file("goalpost.db");
    { Store store(live); }
    std::ofstream(dir.file("not-a-db")) << "this is not a database, just some text that is long enough........."
                                           "..................................................................";

    // Act, Check
    BOOST_CHECK_EXCEPTION(backup_database(dir.file("missing.db"), dir.file("copy.db")), StorageError,
                          [](const StorageError& e) { return std::string(e.what()).find("missing.db") != std::string::npos; });
    BOOST_TEST(!std::filesystem::exists(dir.file("missing.db")));  // not created by the attempt
    BOOST_CHECK_THROW(backup_database(live, live), StorageError);
    BOOST_CHECK_THROW(backup_database(dir.file("not-a-db"), dir.file("copy.db")), StorageError);
    BOOST_CHECK_THROW(backup_database(live, dir.file("no-such-dir/copy.db")), StorageError);
    BOOST_CHECK_THROW(backup_database(live, dir.path().string()), StorageError);
    BOOST_TEST(!std::filesystem::exists(dir.file("copy.db")));
    BOOST_TEST(!std::filesystem::exists(dir.file("copy.db.partial")));
}

BOOST_AUTO_TEST_SUITE_END()
