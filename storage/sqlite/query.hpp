#pragma once
// Small helpers over storage/sqlite/sqlite.hpp: cached statements with their parameters
// bound in order, row readers that always reset, unix-second times.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/sqlite/sqlite.hpp"

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
