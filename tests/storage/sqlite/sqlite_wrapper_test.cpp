#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include "storage/sqlite/sqlite.hpp"

using goalpost::storage::Database;
using goalpost::storage::SqliteDatabase;
using goalpost::storage::Statement;
using goalpost::storage::StorageError;
using goalpost::storage::Transaction;

namespace {

void create_table(SqliteDatabase& db) {
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT UNIQUE)");
}

std::int64_t count(SqliteDatabase& db) {
    auto& statement = db.cached("SELECT COUNT(*) FROM t");
    statement.step();
    const auto n = statement.int64(0);
    statement.reset();
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sqlite_wrapper)

BOOST_AUTO_TEST_CASE(binds_and_reads_every_type) {
    // Setup
    SqliteDatabase db(":memory:");
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, n TEXT, o INTEGER)");
    const std::string text = "it's \"quoted\"; DROP TABLE t; -- ünïcødé";

    // Act
    db.cached("INSERT INTO t(i, r, s, n, o) VALUES (?, ?, ?, ?, ?)")
        .bind(1, std::int64_t{1} << 40)
        .bind(2, 12.5)
        .bind(3, text)
        .bind(4, nullptr)
        .bind(5, std::optional<int>{7})
        .run();
    auto& select = db.cached("SELECT i, r, s, n, o FROM t");

    // Check
    BOOST_TEST_REQUIRE(select.step());
    BOOST_TEST(select.int64(0) == std::int64_t{1} << 40);
    BOOST_TEST(select.real(1) == 12.5);
    BOOST_TEST(select.text(2) == text);
    BOOST_TEST(select.is_null(3));
    BOOST_TEST(!select.optional_text(3).has_value());
    BOOST_TEST(select.optional_integer(4).value_or(0) == 7);
    BOOST_TEST(!select.step());
}

BOOST_AUTO_TEST_CASE(cached_statement_is_reused_and_comes_back_reset) {
    // Setup
    SqliteDatabase db(":memory:");
    create_table(db);
    auto& first = db.cached("SELECT ?1 IS NULL");
    first.bind(1, 5);
    BOOST_TEST_REQUIRE(first.step());

    // Act
    auto& again = db.cached("SELECT ?1 IS NULL");

    // Check: same prepared statement, rewound and with its parameter unbound
    BOOST_TEST(&first == &again);
    BOOST_TEST_REQUIRE(again.step());
    BOOST_TEST(again.integer(0) == 1);
}

BOOST_AUTO_TEST_CASE(errors_throw_storage_error_with_sqlite_message) {
    // Setup
    SqliteDatabase db(":memory:");
    create_table(db);
    db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "same").run();

    // Act / Check
    BOOST_CHECK_EXCEPTION(db.cached("SELEKT 1"), StorageError, [](const StorageError& e) {
        return std::string(e.what()).find("syntax error") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION(db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "same").run(), StorageError,
                          [](const StorageError& e) {
                              return std::string(e.what()).find("UNIQUE constraint failed") != std::string::npos;
                          });
    BOOST_CHECK_THROW(db.exec("INSERT INTO nowhere VALUES (1)"), StorageError);
    BOOST_CHECK_THROW(SqliteDatabase("/nonexistent-dir-goalpost/x/y.db"), StorageError);
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_unless_committed) {
    // Setup
    SqliteDatabase db(":memory:");
    create_table(db);

    // Act
    try {
        Transaction transaction(db);
        db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "a").run();
        db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "a").run();  // throws: UNIQUE
        transaction.commit();
    } catch (const StorageError&) {
    }

    // Check
    BOOST_TEST(count(db) == 0);
    BOOST_TEST(!db.in_transaction());
}

BOOST_AUTO_TEST_CASE(committed_transaction_keeps_its_writes) {
    // Setup
    SqliteDatabase db(":memory:");
    create_table(db);

    // Act
    {
        Transaction transaction(db);
        db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "a").run();
        db.cached("INSERT INTO t(s) VALUES (?)").bind(1, "b").run();
        transaction.commit();
    }

    // Check
    BOOST_TEST(count(db) == 2);
    BOOST_TEST(!db.in_transaction());
}

BOOST_AUTO_TEST_SUITE_END()
