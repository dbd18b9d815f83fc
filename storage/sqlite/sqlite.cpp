#include "storage/sqlite/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "storage/sql/work.hpp"

namespace goalpost::storage {

namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, std::string_view what) {
    const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw StorageError(fmt::format("sqlite: {}: {} (code {})", what, message, rc));
}

// First line of a statement, enough to recognise it in a log.
std::string_view short_sql(std::string_view sql) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
    return sql.substr(0, std::min(sql.find('\n'), std::string_view::size_type{80}));
}

}  // namespace

// ---- Statement ------------------------------------------------------------------

SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db), sql_(sql) {
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) throw StorageError("sqlite: statement too long");
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        throw_error(db_, rc, fmt::format("prepare '{}'", short_sql(sql)));
    }
    if (stmt_ == nullptr) throw StorageError(fmt::format("sqlite: prepare '{}': empty statement", short_sql(sql)));
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), sql_(std::move(other.sql_)), stepped_(other.stepped_) {
    other.stmt_ = nullptr;
    other.stepped_ = false;
}

void SqliteStatement::fail(int rc, std::string_view what) const {
    throw_error(db_, rc, fmt::format("{} '{}'", what, short_sql(sql_)));
}

void SqliteStatement::check_bind(int rc, int index) {
    if (rc != SQLITE_OK) fail(rc, fmt::format("bind ?{}", index));
}

Statement& SqliteStatement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}


Statement& SqliteStatement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

Statement& SqliteStatement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
    check_bind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
               index);
    return *this;
}

Statement& SqliteStatement::bind(int index, std::nullptr_t) {
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

bool SqliteStatement::step() {
    stepped_ = true;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    count_run();
    if (rc == SQLITE_DONE) return false;
    // Reset now so the failed statement does not hold locks until its next use.
    sqlite3_reset(stmt_);
    fail(rc, "step");
}

void SqliteStatement::count_run() {
    if (!stepped_) return;
    stepped_ = false;
    // resetFlg 1: the next run counts from zero.
    const auto vm = sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_VM_STEP, 1);
    const auto fullscan = sqlite3_stmt_status(stmt_, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
    detail::count_statement(static_cast<std::uint64_t>(vm), static_cast<std::uint64_t>(fullscan), sql_);
}

int SqliteStatement::run() {
    while (step()) {
    }
    return sqlite3_changes(db_);
}

void SqliteStatement::reset() {
    count_run();  // a query read only in part (first_row) ends here
    // The return code repeats the last step's error, which was already reported.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }


double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqliteStatement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (data == nullptr) return {};
    return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

// ---- Database -------------------------------------------------------------------

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) : path_(path) {
    // NOMUTEX: the owner (storage/sqlite/connections.hpp) serialises access with its own mutex.
    const int flags = (mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw StorageError(fmt::format("sqlite: open '{}': {} (code {})", path, message, rc));
    }
    sqlite3_extended_result_codes(db_, 1);
}

SqliteDatabase::~SqliteDatabase() {
    cache_.clear();  // finalize cached statements before closing
    // close_v2 defers the close if a caller-owned statement is still alive.
    sqlite3_close_v2(db_);
}

void SqliteDatabase::exec(std::string_view sql) {
    const std::string text(sql);  // sqlite3_exec needs a terminated string
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        const std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StorageError(fmt::format("sqlite: exec '{}': {} (code {})", short_sql(sql), message, rc));
    }
}

Statement& SqliteDatabase::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, sql)).first;
    } else {
        it->second->reset();
    }
    return *it->second;
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) { return SqliteStatement(db_, sql); }

std::int64_t SqliteDatabase::last_insert_id() { return sqlite3_last_insert_rowid(db_); }

int SqliteDatabase::changes() const { return sqlite3_changes(db_); }

bool SqliteDatabase::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteDatabase::busy_timeout(int milliseconds) {
    const int rc = sqlite3_busy_timeout(db_, milliseconds);
    if (rc != SQLITE_OK) throw_error(db_, rc, "busy_timeout");
}

void SqliteDatabase::begin_write() { cached("BEGIN IMMEDIATE").run(); }

SqliteDatabase& sqlite_of(Database& db) {
    auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
    if (sqlite == nullptr) throw StorageError("sqlite: this needs a SQLite database");
    return *sqlite;
}

}  // namespace goalpost::storage
