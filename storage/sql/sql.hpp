#pragma once
// The SQL connection and statement every repository of storage/ is written against, whatever
// the database: SQLite (storage/sqlite/sqlite.hpp) or PostgreSQL (storage/postgres/pg.hpp)
// implement it. Repositories write one SQL text that both engines accept: parameters as ?N
// (or ?), upserts as ON CONFLICT, NULL-safe comparison as IS NOT DISTINCT FROM, "binary"
// quoted, ids read back with last_insert_id(). Not thread-safe: one owner at a time. Every
// database error becomes a StorageError carrying the engine's message (for the logs, never
// for a chat user).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/errors.hpp"

namespace goalpost::storage {

class Statement {
public:
    virtual ~Statement() = default;

    // Parameters are numbered from 1.
    virtual Statement& bind(int index, std::int64_t value) = 0;
    virtual Statement& bind(int index, double value) = 0;
    virtual Statement& bind(int index, std::string_view value) = 0;
    virtual Statement& bind(int index, std::nullptr_t) = 0;
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view{value}); }
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, nullptr);
    }

    // true when a row is available, false when the statement ran to completion.
    virtual bool step() = 0;
    // Steps to completion (for writes); returns the number of rows changed.
    virtual int run() = 0;
    // Back to the start with every parameter unbound (NULL).
    virtual void reset() = 0;

    // Columns of the current row are numbered from 0. A boolean column reads as 0 or 1.
    virtual bool is_null(int column) const = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string text(int column) const = 0;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    std::optional<std::int64_t> optional_int64(int column) const {
        if (is_null(column)) return std::nullopt;
        return int64(column);
    }
    std::optional<int> optional_integer(int column) const {
        if (is_null(column)) return std::nullopt;
        return integer(column);
    }
    std::optional<std::string> optional_text(int column) const {
        if (is_null(column)) return std::nullopt;
        return text(column);
    }

    virtual const std::string& sql() const = 0;
};

// Resets a statement when the scope ends, so a half-read query holds no snapshot or result.
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
    virtual ~Database() = default;

    // Runs one or more statements without parameters (schema, settings).
    virtual void exec(std::string_view sql) = 0;
    // A statement prepared once per connection and reused; returned reset, parameters unbound.
    // The reference stays valid for the life of the Database.
    virtual Statement& cached(std::string_view sql) = 0;

    // The id the last INSERT on this connection gave its row.
    virtual std::int64_t last_insert_id() = 0;
    virtual bool in_transaction() const = 0;
    // Starts a write transaction: SQLite takes its write lock up front (BEGIN IMMEDIATE);
    // PostgreSQL takes the database's write lock (an advisory lock), so that writes of every
    // instance run one at a time, as they do on SQLite's single writer.
    virtual void begin_write() = 0;
    // For error messages: the file, or the server without its password.
    virtual const std::string& path() const = 0;
    // "sqlite" | "postgresql", for the rare statement only one of them has (row locks).
    virtual std::string_view engine() const = 0;
};

// begin_write() in the constructor; ROLLBACK in the destructor unless commit() succeeded.
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
