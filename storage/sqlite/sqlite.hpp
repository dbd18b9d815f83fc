#pragma once
// A thin RAII layer over the sqlite3 C API: a connection, prepared statements and
// transactions. Every SQLite error becomes a StorageError carrying SQLite's message
// (for the logs, never for a chat user). Not thread-safe: one owner at a time.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/errors.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace goalpost::storage {

class Statement {
public:
    // Prepares `sql` (one statement) on `db`; throws StorageError if it does not compile.
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are numbered from 1, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
    Statement& bind(int index, std::nullptr_t);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    // true when a row is available, false when the statement ran to completion.
    bool step();
    // Steps to completion (for writes); returns the number of rows changed.
    int run();
    // Back to the start with every parameter unbound (NULL).
    void reset();

    // Columns are numbered from 0, as in SQLite.
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::optional<int> optional_integer(int column) const;
    std::optional<std::string> optional_text(int column) const;

    const std::string& sql() const { return sql_; }

private:
    [[noreturn]] void fail(int rc, std::string_view what) const;
    void check_bind(int rc, int index);
    // Adds what the run that just ended cost to this thread's SqlWork (storage/sqlite/work.hpp).
    void count_run();

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
    bool stepped_ = false;  // stepped since the last count_run
};

// Resets a statement when the scope ends, so a half-read query does not keep
// a read transaction (and its WAL snapshot) open.
class ResetOnExit {
public:
    explicit ResetOnExit(Statement& statement) : statement_(statement) {}
    ~ResetOnExit() { statement_.reset(); }
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;

private:
    Statement& statement_;
};

class Database {
public:
    enum class Mode { read_write, read_only };
    // Opens (creating if needed) the file; ":memory:" gives a private in-memory database.
    explicit Database(const std::string& path) : Database(path, Mode::read_write) {}
    // Mode::read_only opens an existing file only (never creates it) and refuses every write.
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs one or more statements without parameters (schema, PRAGMAs).
    void exec(std::string_view sql);
    // A statement prepared once per connection and reused; returned reset, parameters unbound.
    // The reference stays valid for the life of the Database.
    Statement& cached(std::string_view sql);
    // A fresh statement owned by the caller; it must not outlive the Database.
    Statement prepare(std::string_view sql);

    std::int64_t last_insert_id() const;
    int changes() const;
    bool in_transaction() const;
    void busy_timeout(int milliseconds);
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

// BEGIN IMMEDIATE in the constructor (takes the write lock up front, so a busy database
// fails or waits here rather than half-way through); ROLLBACK in the destructor unless
// commit() succeeded.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace goalpost::storage
