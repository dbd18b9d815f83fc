#pragma once
// PostgreSQL behind storage/sql/sql.hpp, over libpq: a connection, prepared statements and
// transactions. Repositories' SQL (?N parameters) becomes PostgreSQL's ($N) once, when a
// statement is first prepared on a connection; values travel as text, results are read as
// text. Every error becomes a StorageError with the server's message and SQLSTATE, and never
// the password. Not thread-safe: one owner at a time.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sql/sql.hpp"

struct pg_conn;
struct pg_result;

namespace goalpost::storage {

class PgDatabase;

class PgStatement final : public Statement {
public:
    PgStatement(PgDatabase& db, std::string_view sql, std::string name);
    ~PgStatement() override;
    PgStatement(const PgStatement&) = delete;
    PgStatement& operator=(const PgStatement&) = delete;

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
    // The statement as sent to PostgreSQL ($N parameters).
    const std::string& server_sql() const { return server_sql_; }

private:
    void set(int index, std::optional<std::string> value, unsigned type);
    void execute();
    const char* value(int column) const;

    PgDatabase& db_;
    std::string sql_;
    std::string server_sql_;
    std::string name_;
    int parameters_ = 0;
    bool prepared_ = false;
    std::vector<std::optional<std::string>> values_;
    std::vector<unsigned> types_;  // Oids; 0 lets the server infer the type from the SQL
    pg_result* result_ = nullptr;
    int rows_ = 0;
    int row_ = -1;
};

class PgDatabase final : public Database {
public:
    // Connects to a libpq URI or key=value string; StorageError (without the password) if it
    // cannot.
    explicit PgDatabase(const std::string& url);
    ~PgDatabase() override;
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    void exec(std::string_view sql) override;
    Statement& cached(std::string_view sql) override;
    std::int64_t last_insert_id() override;
    bool in_transaction() const override;
    // BEGIN, then the write lock of this goalpost database (its schema), held until the
    // transaction ends: every instance's writes run one at a time.
    void begin_write() override;
    const std::string& path() const override { return where_; }
    std::string_view engine() const override { return "postgresql"; }

    // false once the connection to the server is lost.
    bool usable() const;
    // Connects again (same parameters, statements prepared anew) if the connection is lost;
    // StorageError if the server cannot be reached.
    void reconnect_if_lost();
    pg_conn* handle() const { return conn_; }

    // The server's version number (150000 and up for PostgreSQL 15).
    int server_version() const;

private:
    friend class PgStatement;
    [[noreturn]] void fail(pg_result* result, std::string_view what) const;
    // Checks a finished result; throws (and clears it) on an error.
    void check(pg_result* result, std::string_view what) const;

    pg_conn* conn_ = nullptr;
    std::string where_;  // host and database, for messages
    std::map<std::string, std::unique_ptr<PgStatement>, std::less<>> cache_;
    int next_name_ = 0;
};

// "?1 ... ?" as SQLite numbers them, as "$1 ... $2"; quoted text and identifiers are left
// alone. Returns the text and the number of parameters.
std::pair<std::string, int> postgres_parameters(std::string_view sql);

// A libpq URI without its password (for logs and messages).
std::string redacted_url(const std::string& url);

}  // namespace goalpost::storage
