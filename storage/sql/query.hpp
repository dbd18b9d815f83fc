#pragma once
// Small helpers over storage/sqlite/sqlite.hpp: cached statements with their parameters
// bound in order, row readers that always reset, unix-second times.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/sql/sql.hpp"

namespace goalpost::storage {

// Times are stored as unix seconds.
inline std::int64_t to_unix(std::chrono::sys_seconds at) { return at.time_since_epoch().count(); }
inline std::chrono::sys_seconds from_unix(std::int64_t seconds) {
    return std::chrono::sys_seconds{std::chrono::seconds{seconds}};
}

// A cached statement with its parameters bound in order (?1, ?2, ...).
template <class... Args>
Statement& query(Database& db, std::string_view sql, const Args&... args) {
    auto& statement = db.cached(sql);
    int index = 0;
    (statement.bind(++index, args), ...);
    return statement;
}

// Column `index` of the current row into `out`, read as its type asks (NULL into an optional
// is nullopt; a time is unix seconds).
inline void read_column(Statement& row, int index, std::int64_t& out) { out = row.int64(index); }
inline void read_column(Statement& row, int index, int& out) { out = row.integer(index); }
inline void read_column(Statement& row, int index, double& out) { out = row.real(index); }
inline void read_column(Statement& row, int index, bool& out) { out = row.integer(index) != 0; }
inline void read_column(Statement& row, int index, std::string& out) { out = row.text(index); }
inline void read_column(Statement& row, int index, std::chrono::sys_seconds& out) { out = from_unix(row.int64(index)); }
template <class T>
void read_column(Statement& row, int index, std::optional<T>& out) {
    if (row.is_null(index)) {
        out.reset();
        return;
    }
    T value{};
    read_column(row, index, value);
    out = std::move(value);
}

// Columns `first`, `first + 1`, ... of the current row into `out...`, in order.
template <class... T>
void read_columns(Statement& row, int first, T&... out) {
    int index = first;
    (read_column(row, index++, out), ...);
}

template <class Read>
auto first_row(Statement& statement, Read read) -> std::optional<decltype(read(statement))> {
    ResetOnExit reset(statement);
    if (!statement.step()) return std::nullopt;
    return read(statement);
}

template <class Read>
auto all_rows(Statement& statement, Read read) -> std::vector<decltype(read(statement))> {
    ResetOnExit reset(statement);
    std::vector<decltype(read(statement))> rows;
    while (statement.step()) rows.push_back(read(statement));
    return rows;
}

inline bool exists(Statement& statement) {
    ResetOnExit reset(statement);
    return statement.step();
}

}  // namespace goalpost::storage
