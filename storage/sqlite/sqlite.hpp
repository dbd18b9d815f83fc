#pragma once
// SQLite behind storage/sql/sql.hpp: a connection, prepared statements and transactions over
// the sqlite3 C API. Every SQLite error becomes a StorageError carrying SQLite's message.
// Not thread-safe: one owner at a time.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "storage/sql/sql.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace goalpost::storage {

class SqliteStatement final : public Statement {
public:
    // Prepares `sql` (one statement) on `db`; throws StorageError if it does not compile.
    SqliteStatement(sqlite3* db, std::string_view sql);
    ~SqliteStatement() override;
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    using Statement::bind;
    Statement& bind(int index, std::int64_t value) override;
    Statement& bind(int index, double value) override;
    Statement& bind(int index, std::string_view value) override;
    Statement& bind(int index, std::nullptr_t) override;

    bool step() override;
    int run() override;
    void reset() override;

    bool is_null(int column) const override;
    std::int64_t int64(int column) const override;
    double real(int column) const override;
    std::string text(int column) const override;

    const std::string& sql() const override { return sql_; }

private:
    [[noreturn]] void fail(int rc, std::string_view what) const;
    void check_bind(int rc, int index);
    // Adds what the run that just ended cost to this thread's SqlWork (storage/sql/work.hpp).
    void count_run();

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
    bool stepped_ = false;  // stepped since the last count_run
};

class SqliteDatabase final : public Database {
public:
    enum class Mode { read_write, read_only };
    // Opens (creating if needed) the file; ":memory:" gives a private in-memory database.
    explicit SqliteDatabase(const std::string& path) : SqliteDatabase(path, Mode::read_write) {}
    // Mode::read_only opens an existing file only (never creates it) and refuses every write.
    SqliteDatabase(const std::string& path, Mode mode);
    ~SqliteDatabase() override;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    void exec(std::string_view sql) override;
    Statement& cached(std::string_view sql) override;
    // A fresh statement owned by the caller; it must not outlive the database.
    SqliteStatement prepare(std::string_view sql);

    std::int64_t last_insert_id() override;
    bool in_transaction() const override;
    // BEGIN IMMEDIATE: takes the write lock up front, so a busy database fails or waits here
    // rather than half-way through.
    void begin_write() override;
    const std::string& path() const override { return path_; }
    std::string_view engine() const override { return "sqlite"; }

    int changes() const;
    void busy_timeout(int milliseconds);
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> cache_;
};

// The SQLite connection behind a Database& (SQLite-only code: functions, backups, pragmas);
// StorageError if it is another engine's.
SqliteDatabase& sqlite_of(Database& db);

}  // namespace goalpost::storage
