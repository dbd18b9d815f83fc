// PostgreSQL's own behaviour: SQL text as PostgreSQL receives it, URLs without passwords,
// migrations under the lock, several instances writing one database, a lost connection.
// The repository suites run on PostgreSQL too (ctest storage_tests_postgresql).
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "storage/open.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_storage.hpp"
#include "storage/postgres/schema.hpp"
#include "storage/sql/query.hpp"
#include "storage/transfer_store.hpp"
#include "tests/storage/builders.hpp"
#include "tests/support/transfer_document.hpp"
#include "transfer/json.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

bool has_server() { return !testing::test_database_url().empty(); }

// The version stored in a schema, read beside goalpost.
int stored_version(const testing::PgSchema& schema) {
    PgDatabase db(schema.url());
    return postgres_schema_version(db);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(postgres_sql)

BOOST_AUTO_TEST_CASE(parameters_are_numbered_as_sqlite_numbers_them) {
    BOOST_TEST(postgres_parameters("SELECT ? + ?").first == "SELECT $1 + $2");
    BOOST_TEST(postgres_parameters("SELECT ?2, ?1, ?").first == "SELECT $2, $1, $3");
    BOOST_TEST(postgres_parameters("WHERE id = ?1 AND kr = ?1").second == 1);
    // A question mark inside quotes is text, not a parameter.
    const auto quoted = postgres_parameters("SELECT '?', \"a?b\", ? FROM t WHERE x = 'it''s ?'");
    BOOST_TEST(quoted.first == "SELECT '?', \"a?b\", $1 FROM t WHERE x = 'it''s ?'");
    BOOST_TEST(quoted.second == 1);
    BOOST_TEST(postgres_parameters("SELECT 1").second == 0);
}

BOOST_AUTO_TEST_CASE(urls_lose_their_password) {
    BOOST_TEST(redacted_url("postgresql://goalpost:s3cret@db.internal:5432/goalpost?sslmode=verify-full") ==
               "postgresql://goalpost:***@db.internal:5432/goalpost?sslmode=verify-full");
    BOOST_TEST(redacted_url("postgresql://db.internal/goalpost?user=g&password=s3cret&sslmode=require") ==
               "postgresql://db.internal/goalpost?user=g&password=***&sslmode=require");
    BOOST_TEST(redacted_url("host=db password=s3cret dbname=goalpost") == "host=db password=*** dbname=goalpost");
    BOOST_TEST(redacted_url("postgresql://goalpost@db/goalpost") == "postgresql://goalpost@db/goalpost");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(postgres, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return has_server();  // runs in storage_tests_postgresql, where the test server is up
}))

BOOST_AUTO_TEST_CASE(instances_starting_together_migrate_once) {
    // Setup: an empty schema, three instances opening it at the same moment.
    testing::PgSchema schema;
    std::vector<std::thread> starting;
    std::atomic<int> opened{0}, failed{0};

    // Act
    for (int i = 0; i < 3; ++i) {
        starting.emplace_back([&] {
            try {
                PgStorage store(schema.url(), 2);
                if (store.schema_version() == current_schema_version()) ++opened;
            } catch (const std::exception& e) {
                BOOST_TEST_MESSAGE("open failed: " << e.what());
                ++failed;
            }
        });
    }
    for (auto& t : starting) t.join();

    // Check: each found the schema complete, none failed, and it is at the latest version.
    BOOST_TEST(opened == 3);
    BOOST_TEST(failed == 0);
    BOOST_TEST(stored_version(schema) == current_schema_version());
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_goalpost_is_refused_unchanged) {
    // Setup
    testing::PgSchema schema;
    { PgStorage first(schema.url(), 1); }
    {
        PgDatabase db(schema.url());
        db.exec("UPDATE goalpost_schema SET version = 99");
    }

    // Act / Check
    try {
        PgStorage again(schema.url(), 1);
        BOOST_FAIL("a newer schema was opened");
    } catch (const StorageError& e) {
        BOOST_TEST(std::string(e.what()).find("newer than this goalpost knows") != std::string::npos, e.what());
    }
    BOOST_TEST(stored_version(schema) == 99);
}

BOOST_AUTO_TEST_CASE(two_instances_hand_out_each_number_once) {
    // Setup: two instances on one database, one team.
    testing::PgSchema schema;
    PgStorage a(schema.url(), 2);
    PgStorage b(schema.url(), 2);
    const auto team = a.repositories().teams.create_team(ws_a, a_team("growth"));
    BOOST_TEST_REQUIRE(team.has_value());

    // Act: both add objectives at the same time.
    std::vector<int> numbers_a, numbers_b;
    std::thread ta([&] {
        for (int i = 0; i < 20; ++i) numbers_a.push_back(a.repositories().objectives.add_objective(ws_a, an_objective(team->id)).number);
    });
    std::thread tb([&] {
        for (int i = 0; i < 20; ++i) numbers_b.push_back(b.repositories().objectives.add_objective(ws_a, an_objective(team->id)).number);
    });
    ta.join();
    tb.join();

    // Check: 40 objectives, 40 different numbers, both instances see all of them.
    std::set<int> all(numbers_a.begin(), numbers_a.end());
    all.insert(numbers_b.begin(), numbers_b.end());
    BOOST_TEST(all.size() == 40u);
    BOOST_TEST(b.repositories().objectives.objectives_of_team(ws_a, team->id).size() == 40u);
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_is_replaced_on_its_next_use) {
    // Setup: an instance that has written and read once.
    testing::PgSchema schema;
    PgStorage store(schema.url(), 1);
    auto& teams = store.repositories().teams;
    BOOST_TEST_REQUIRE(teams.create_team(ws_a, a_team("growth")).has_value());
    BOOST_TEST(teams.teams(ws_a).size() == 1u);

    // Act: the server ends every session of this schema's instance (a failover, a restart).
    {
        PgDatabase admin(testing::test_database_url());
        admin.exec(fmt::format("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}'",
                               schema.name()));
    }

    // Check: the first use after may fail (its connection was cut), the next ones work.
    try {
        teams.teams(ws_a);
    } catch (const StorageError&) {
    }
    try {
        teams.create_team(ws_a, a_team("ops"));
    } catch (const StorageError&) {
    }
    BOOST_TEST(teams.create_team(ws_a, a_team("sales")).has_value());
    BOOST_TEST(teams.teams(ws_a).size() >= 2u);
    BOOST_TEST(store.healthy());
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_reported_without_it) {
    // Setup: the test server trusts local users, so ask for a database that does not exist.
    const std::string url = testing::test_database_url();
    const std::string bad = "postgresql://goalpost:s3cr3t-pw@/no_such_database?host=" +
                            url.substr(url.find("host=") + 5);

    // Act / Check
    try {
        StorageOptions options;
        options.url = bad;
        open_storage(options);
        BOOST_FAIL("opened a database that does not exist");
    } catch (const StorageError& e) {
        const std::string message = e.what();
        BOOST_TEST(message.find("no_such_database") != std::string::npos, message);
        BOOST_TEST(message.find("s3cr3t-pw") == std::string::npos, message);
    }
}

BOOST_AUTO_TEST_CASE(an_installation_moves_from_sqlite_to_postgresql_unchanged) {
    // Setup: a SQLite file holding two workspaces with a row of every kind and awkward text.
    TempDir dir;
    std::vector<transfer::Placed> seed;
    seed.push_back({"workspaces[0]", testing::a_transfer_workspace("slack:T1")});
    seed.push_back({"workspaces[1]", testing::a_transfer_workspace("teams:x")});
    BOOST_REQUIRE(import_workspaces(dir.file(), seed, false).empty());
    const auto from_sqlite = read_snapshot(dir.file(), std::nullopt);
    testing::PgSchema schema;
    PgStorage target(schema.url(), 2);

    // Act: what `goalpost export` read, into PostgreSQL (a dry run first), and back out.
    std::vector<transfer::Placed> chosen;
    for (const auto& ws : from_sqlite.workspaces) chosen.push_back({"workspaces[" + ws.key + "]", ws});
    const auto dry = import_workspaces(target, chosen, true);
    const bool empty_after_dry_run = target.repositories().teams.teams("slack:T1").empty();
    const auto problems = import_workspaces(target, chosen, false);
    const auto from_postgresql = read_snapshot(target, std::nullopt);
    const auto again = import_workspaces(target, chosen, false);

    // Check: the same document, byte for byte as export writes it; numbering goes on after the
    // imported numbers; importing it twice is refused and changes nothing.
    BOOST_TEST(dry.empty());
    BOOST_TEST(empty_after_dry_run);
    BOOST_TEST(problems.empty());
    BOOST_TEST(transfer::to_json(from_postgresql, at(31)) == transfer::to_json(from_sqlite, at(31)));
    BOOST_TEST(!again.empty());
    BOOST_TEST(transfer::to_json(read_snapshot(target, std::nullopt), at(31)) == transfer::to_json(from_sqlite, at(31)));
    auto growth = target.repositories().teams.find_team("slack:T1", "growth");
    BOOST_TEST_REQUIRE(growth.has_value());
    BOOST_TEST(target.repositories().objectives.add_objective("slack:T1", an_objective(growth->id)).number == 3);
}

BOOST_AUTO_TEST_CASE(check_config_looks_without_migrating) {
    // Setup
    testing::PgSchema schema;
    StorageOptions options;
    options.url = schema.url();

    // Act
    const auto before = inspect_database(options);
    { auto store = open_storage(options); }
    const auto after = inspect_database(options);

    // Check
    BOOST_TEST(before.kind == "postgresql");
    BOOST_TEST(before.schema_version == 0);
    BOOST_TEST(after.schema_version == current_schema_version());
    BOOST_TEST(after.location.find("goalpost") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
