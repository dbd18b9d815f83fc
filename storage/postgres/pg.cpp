#include "storage/postgres/pg.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "storage/sql/work.hpp"

namespace goalpost::storage {
namespace {

// Type Oids of the values goalpost binds (pg_type.h); text and NULL are left to the server.
constexpr Oid int8_oid = 20;
constexpr Oid float8_oid = 701;

// First line of a statement, enough to recognise it in a log.
std::string_view short_sql(std::string_view sql) {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
    return sql.substr(0, std::min(sql.find('\n'), std::string_view::size_type{80}));
}

std::string trimmed(const char* message) {
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

void ignore_notice(void*, const char*) {}

}  // namespace

std::pair<std::string, int> postgres_parameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    int highest = 0;
    char quote = 0;  // inside '...' or "..."
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote != 0) {
            out += c;
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out += c;
            continue;
        }
        if (c != '?') {
            out += c;
            continue;
        }
        std::size_t end = i + 1;
        while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
        int number = highest + 1;
        if (end > i + 1) std::from_chars(sql.data() + i + 1, sql.data() + end, number);
        highest = std::max(highest, number);
        out += '$';
        out += std::to_string(number);
        i = end - 1;
    }
    return {std::move(out), highest};
}

std::string redacted_url(const std::string& url) {
    std::string text = url;
    // postgresql://user:password@host/...: the password goes.
    if (const auto scheme = text.find("://"); scheme != std::string::npos) {
        const auto at = text.find('@', scheme + 3);
        const auto slash = text.find('/', scheme + 3);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            const auto colon = text.find(':', scheme + 3);
            if (colon != std::string::npos && colon < at) text.replace(colon, at - colon, ":***");
        }
    }
    // password=... in the query string or a key=value string.
    for (std::size_t at = text.find("password="); at != std::string::npos; at = text.find("password=", at + 1)) {
        const auto start = at + 9;
        auto end = text.find_first_of("& ", start);
        if (end == std::string::npos) end = text.size();
        text.replace(start, end - start, "***");
    }
    return text;
}

// ---- PgStatement --------------------------------------------------------------------

PgStatement::PgStatement(PgDatabase& db, std::string_view sql, std::string name)
    : db_(db), sql_(sql), name_(std::move(name)) {
    auto [text, parameters] = postgres_parameters(sql);
    server_sql_ = std::move(text);
    parameters_ = parameters;
    values_.resize(static_cast<std::size_t>(parameters_));
    types_.assign(static_cast<std::size_t>(parameters_), 0);
}

PgStatement::~PgStatement() { PQclear(result_); }

void PgStatement::set(int index, std::optional<std::string> value, unsigned type) {
    if (index < 1 || index > parameters_) {
        throw StorageError(fmt::format("postgresql: bind ${} of '{}': no such parameter", index, short_sql(sql_)));
    }
    values_[static_cast<std::size_t>(index - 1)] = std::move(value);
    // The first execution prepares the statement with the types bound then.
    if (!prepared_ && type != 0) types_[static_cast<std::size_t>(index - 1)] = type;
}

Statement& PgStatement::bind(int index, std::int64_t value) {
    set(index, std::to_string(value), int8_oid);
    return *this;
}

Statement& PgStatement::bind(int index, double value) {
    // Shortest text that reads back as the same double.
    set(index, fmt::format("{}", value), float8_oid);
    return *this;
}

Statement& PgStatement::bind(int index, std::string_view value) {
    set(index, std::string(value), 0);
    return *this;
}

Statement& PgStatement::bind(int index, std::nullptr_t) {
    set(index, std::nullopt, 0);
    return *this;
}

void PgStatement::execute() {
    if (!prepared_) {
        PGresult* prepared =
            PQprepare(db_.conn_, name_.c_str(), server_sql_.c_str(), parameters_, types_.data());
        db_.check(prepared, fmt::format("prepare '{}'", short_sql(sql_)));
        PQclear(prepared);
        prepared_ = true;
    }
    std::vector<const char*> values(static_cast<std::size_t>(parameters_), nullptr);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values_[i]) values[i] = values_[i]->c_str();
    }
    PGresult* result = PQexecPrepared(db_.conn_, name_.c_str(), parameters_, values.data(), nullptr, nullptr, 0);
    db_.check(result, fmt::format("run '{}'", short_sql(sql_)));
    result_ = result;
    rows_ = PQntuples(result_);
    row_ = -1;
    detail::count_statement(0, 0, sql_);
}

bool PgStatement::step() {
    if (result_ == nullptr) execute();
    if (row_ + 1 >= rows_) return false;
    ++row_;
    return true;
}

int PgStatement::run() {
    if (result_ == nullptr) execute();
    return std::atoi(PQcmdTuples(result_));
}

void PgStatement::reset() {
    PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
    for (auto& v : values_) v.reset();
}

const char* PgStatement::value(int column) const {
    if (result_ == nullptr || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_)) {
        throw StorageError(fmt::format("postgresql: no column {} in the current row of '{}'", column, short_sql(sql_)));
    }
    return PQgetvalue(result_, row_, column);
}

bool PgStatement::is_null(int column) const {
    value(column);  // checks the position
    return PQgetisnull(result_, row_, column) != 0;
}

std::int64_t PgStatement::int64(int column) const {
    const char* text = value(column);
    const std::string_view v(text);
    // A boolean column reads as 0 or 1, as SQLite's comparisons do.
    if (v == "t") return 1;
    if (v == "f" || v.empty()) return 0;
    std::int64_t out = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec == std::errc() && end == v.data() + v.size()) return out;
    return static_cast<std::int64_t>(real(column));  // numeric (sum, avg): truncated as SQLite would
}

double PgStatement::real(int column) const {
    const std::string_view v(value(column));
    double out = 0;
    std::from_chars(v.data(), v.data() + v.size(), out);
    return out;
}

std::string PgStatement::text(int column) const {
    const char* data = value(column);
    return std::string(data, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

// ---- PgDatabase ---------------------------------------------------------------------

PgDatabase::PgDatabase(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (conn_ == nullptr) throw StorageError("postgresql: out of memory opening a connection");
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = trimmed(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        throw StorageError(fmt::format("postgresql: cannot connect to {}: {}", redacted_url(url), message));
    }
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    const char* host = PQhost(conn_);
    where_ = fmt::format("{}:{}/{}", host != nullptr ? host : "", PQport(conn_), PQdb(conn_));
    // Every time is a unix second goalpost computes itself; text compares byte-wise unless a
    // query asks for the nocase collation.
    exec("SET TIME ZONE 'UTC'");
}

PgDatabase::~PgDatabase() {
    cache_.clear();
    if (conn_ != nullptr) PQfinish(conn_);
}

void PgDatabase::fail(PGresult* result, std::string_view what) const {
    std::string message = trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string text = fmt::format("postgresql: {}: {}{}", what, message,
                                         state != nullptr ? fmt::format(" (SQLSTATE {})", state) : "");
    PQclear(result);
    throw StorageError(text);
}

void PgDatabase::check(PGresult* result, std::string_view what) const {
    const auto status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
    fail(result, what);
}

void PgDatabase::exec(std::string_view sql) {
    const std::string text(sql);
    PGresult* result = PQexec(conn_, text.c_str());
    check(result, fmt::format("exec '{}'", short_sql(sql)));
    PQclear(result);
}

Statement& PgDatabase::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        auto statement = std::make_unique<PgStatement>(*this, sql, fmt::format("goalpost_{}", next_name_++));
        it = cache_.emplace(std::string(sql), std::move(statement)).first;
    } else {
        it->second->reset();
    }
    return *it->second;
}

std::int64_t PgDatabase::last_insert_id() {
    auto& statement = cached("SELECT lastval()");
    ResetOnExit reset(statement);
    if (!statement.step()) throw StorageError("postgresql: lastval() returned no row");
    return statement.int64(0);
}

bool PgDatabase::in_transaction() const {
    const auto status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void PgDatabase::begin_write() {
    cached("BEGIN").run();
    try {
        cached("SELECT pg_advisory_xact_lock(hashtext('goalpost write ' || current_schema()))").run();
    } catch (...) {
        exec("ROLLBACK");
        throw;
    }
}

bool PgDatabase::usable() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

void PgDatabase::reconnect_if_lost() {
    if (usable()) return;
    cache_.clear();  // the server forgot the prepared statements with the session
    PQreset(conn_);
    if (!usable()) throw StorageError(fmt::format("postgresql: cannot reconnect to {}: {}", where_, trimmed(PQerrorMessage(conn_))));
    PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
    exec("SET TIME ZONE 'UTC'");
}

int PgDatabase::server_version() const { return PQserverVersion(conn_); }

}  // namespace goalpost::storage
