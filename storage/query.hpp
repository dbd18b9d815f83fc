#pragma once
// Small helpers shared by the repositories of storage/: cached statements with their
// parameters bound in order, row readers that always reset, unix-second times.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "storage/sqlite.hpp"

namespace goalpost::storage {

inline std::int64_t to_unix(core::Time at) { return at.time_since_epoch().count(); }
inline core::Time from_unix(std::int64_t seconds) { return core::Time{std::chrono::seconds{seconds}}; }

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

// Reads never create a workspace: an unknown one simply has no rows.
inline std::optional<core::RowId> find_workspace_id(Database& db, const core::WorkspaceKey& ws) {
    return first_row(query(db, "SELECT id FROM workspaces WHERE key = ?", ws),
                     [](Statement& s) { return s.int64(0); });
}

// Writes create the workspace on first use.
inline core::RowId ensure_workspace_id(Database& db, const core::WorkspaceKey& ws) {
    query(db, "INSERT INTO workspaces(key) VALUES (?) ON CONFLICT(key) DO NOTHING", ws).run();
    return *find_workspace_id(db, ws);
}

}  // namespace goalpost::storage
