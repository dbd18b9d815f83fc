// The factory's storage: every port, complete, one instance each, and every port's reads
// served while the write connection is busy.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "core/playbook.hpp"
#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

BOOST_AUTO_TEST_SUITE(sqlite_storage)

BOOST_AUTO_TEST_CASE(open_sqlite_gives_every_port_complete_and_always_the_same_one) {
    // Setup / Act
    std::unique_ptr<Storage> storage = open_sqlite(":memory:");
    const auto first = storage->repositories();
    const auto again = storage->repositories();

    // Check
    BOOST_TEST(storage->kind() == "sqlite");
    BOOST_TEST(storage->schema_version() == current_schema_version());
    BOOST_TEST(storage->healthy());
    BOOST_TEST(first.cadence != nullptr);
    BOOST_TEST(first.reports != nullptr);
    BOOST_TEST(first.playbook != nullptr);
    BOOST_TEST(first.cycles != nullptr);
    BOOST_TEST(&first.teams == &again.teams);
    BOOST_TEST(&first.objectives == &again.objectives);
    BOOST_TEST(&first.checkins == &again.checkins);
    BOOST_TEST(first.cadence == again.cadence);
    BOOST_TEST(first.playbook == again.playbook);
    BOOST_TEST(&storage->outbox() == &storage->outbox());
    BOOST_TEST(&storage->schedule_runs() == &storage->schedule_runs());
    BOOST_TEST(&storage->handled_events() == &storage->handled_events());
}

BOOST_AUTO_TEST_CASE(every_port_reads_a_file_while_the_write_connection_is_taken) {
    // Setup: a file with a team, and a writer that holds the write connection until released
    TempDir dir;
    Store store(dir.file());
    const auto seeded = seed(store, ws_a);
    std::promise<void> release;
    std::promise<void> holding;
    std::thread writer([&] {
        store.with_connection([&](Database&) {
            holding.set_value();
            release.get_future().wait();
        });
    });
    holding.get_future().wait();

    // Act: one read through each port, on another thread
    auto reads = std::async(std::launch::async, [&] {
        auto repos = store.repositories();
        int found = 0;
        found += repos.teams.find_team(ws_a, "growth").has_value();
        found += repos.objectives.find_key_result(ws_a, 1).has_value();
        found += repos.checkins.checkins_of(ws_a, seeded.kr.id, 5).empty();
        found += repos.cadence->settings_of(ws_a, seeded.team.id).has_value();
        found += !repos.reports->value_before(ws_a, seeded.kr.id, at(9)).has_value();
        found += repos.playbook->all_objectives(ws_a).size() == 1u;
        found += repos.cycles->cycles(ws_a).empty();
        found += store.outbox().counts().pending == 0;
        found += store.schedule_runs().all_teams().size() == 1u;
        found += store.handled_events().remembered_count() == 0;
        return found;
    });
    // A read that waited for the writer would still be waiting: it is given ample time.
    const bool read_while_held = reads.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
    release.set_value();
    writer.join();

    // Check
    BOOST_TEST(read_while_held);
    BOOST_TEST(reads.get() == 10);
}

BOOST_AUTO_TEST_SUITE_END()
