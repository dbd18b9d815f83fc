#include "storage/cycles.hpp"

#include <fmt/format.h>

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {
namespace {

using core::RowId;
using core::WorkspaceKey;

constexpr std::string_view cycle_columns =
    "SELECT c.id, c.name, c.start_date, c.end_date, c.created_by, c.created_at FROM cycles c "
    "JOIN workspaces w ON w.id = c.workspace_id ";

core::Cycle read_cycle(Statement& row) {
    core::Cycle c;
    read_columns(row, 0, c.id, c.name, c.start, c.end, c.created_by, c.created_at);
    return c;
}

int count_in_cycle(Database& db, const WorkspaceKey& ws, const std::string& name) {
    return *first_row(query(db,
                            "SELECT COUNT(*) FROM objectives o JOIN workspaces w ON w.id = o.workspace_id "
                            "WHERE w.key = ? AND o.cycle = ? COLLATE NOCASE",
                            ws, name),
                      [](Statement& s) { return s.integer(0); });
}

}  // namespace

std::optional<core::Cycle> CycleStore::add_cycle(const WorkspaceKey& ws, const core::NewCycle& cycle) {
    return connections_.write([&](Database& db) -> std::optional<core::Cycle> {
        Transaction tx(db);
        const RowId workspace_id = ensure_workspace_id(db, ws);
        // Checked under the write lock, so a UNIQUE violation always means a bug.
        if (exists(query(db, "SELECT 1 FROM cycles WHERE workspace_id = ? AND name = ? COLLATE NOCASE", workspace_id,
                         cycle.name))) {
            return std::nullopt;
        }
        query(db,
              "INSERT INTO cycles(workspace_id, name, start_date, end_date, created_by, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              workspace_id, cycle.name, cycle.start, cycle.end, cycle.created_by, to_unix(cycle.at))
            .run();
        static const std::string sql = fmt::format("{}WHERE c.id = ?", cycle_columns);
        auto created = first_row(query(db, sql, db.last_insert_id()), read_cycle);
        tx.commit();
        return created;
    });
}

std::optional<core::Cycle> CycleStore::find_cycle(const WorkspaceKey& ws, const std::string& name) {
    return connections_.read([&](Database& db) {
        static const std::string sql = fmt::format("{}WHERE w.key = ? AND c.name = ? COLLATE NOCASE", cycle_columns);
        return first_row(query(db, sql, ws, name), read_cycle);
    });
}

std::vector<core::Cycle> CycleStore::cycles(const WorkspaceKey& ws) {
    return connections_.read([&](Database& db) {
        static const std::string sql =
            fmt::format("{}WHERE w.key = ? ORDER BY c.start_date, c.name COLLATE NOCASE, c.name", cycle_columns);
        return all_rows(query(db, sql, ws), read_cycle);
    });
}

core::CycleRepository::Removal CycleStore::remove_cycle(const WorkspaceKey& ws, const std::string& name) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        auto workspace_id = find_workspace_id(db, ws);
        if (!workspace_id) return Removal::not_found;
        if (!exists(query(db, "SELECT 1 FROM cycles WHERE workspace_id = ? AND name = ? COLLATE NOCASE",
                          *workspace_id, name))) {
            return Removal::not_found;
        }
        if (count_in_cycle(db, ws, name) > 0) return Removal::in_use;
        query(db, "DELETE FROM cycles WHERE workspace_id = ? AND name = ? COLLATE NOCASE", *workspace_id, name).run();
        tx.commit();
        return Removal::removed;
    });
}

int CycleStore::objectives_in_cycle(const WorkspaceKey& ws, const std::string& name) {
    return connections_.read([&](Database& db) { return count_in_cycle(db, ws, name); });
}

}  // namespace goalpost::storage
