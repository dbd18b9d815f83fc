#include "storage/rows.hpp"

#include <fmt/format.h>

#include "storage/errors.hpp"

namespace goalpost::storage {

using core::RowId;

std::optional<RowId> find_workspace_id(Database& db, const core::WorkspaceKey& ws) {
    return first_row(query(db, "SELECT id FROM workspaces WHERE key = ?", ws),
                     [](Statement& s) { return s.int64(0); });
}

RowId ensure_workspace_id(Database& db, const core::WorkspaceKey& ws) {
    query(db, "INSERT INTO workspaces(key) VALUES (?) ON CONFLICT(key) DO NOTHING", ws).run();
    return *find_workspace_id(db, ws);
}

RowId existing_workspace_id(Database& db, const core::WorkspaceKey& ws, std::string_view what, std::int64_t id) {
    auto workspace_id = find_workspace_id(db, ws);
    if (!workspace_id) not_in_workspace(what, id, ws);
    return *workspace_id;
}

void not_in_workspace(std::string_view what, std::int64_t id, const core::WorkspaceKey& ws) {
    throw StorageError(fmt::format("{} {} not in workspace {}", what, id, ws));
}

void require_row(Database& db, std::string_view table, RowId workspace_id, RowId id, const core::WorkspaceKey& ws) {
    const std::string sql = fmt::format("SELECT 1 FROM {} WHERE workspace_id = ? AND id = ?", table);
    if (!exists(query(db, sql, workspace_id, id))) not_in_workspace(table, id, ws);
}

std::optional<RowId> nullable(RowId id) {
    if (id == 0) return std::nullopt;
    return id;
}

std::string_view visibility_text(core::Visibility visibility) {
    return visibility == core::Visibility::internal ? "internal" : "public";
}

std::string_view kind_text(core::ObjectiveKind kind) {
    return kind == core::ObjectiveKind::committed ? "committed" : "aspirational";
}

core::Team read_team(Statement& row) {
    core::Team t;
    read_columns(row, 0, t.id, t.name, t.channel, t.timezone, t.parent_team_id, t.created_at);
    return t;
}

core::Objective read_objective(Statement& row) {
    core::Objective o;
    // A NULL team_id (no team) reads as 0, core's "none".
    read_columns(row, 0, o.id, o.number, o.team_id, o.title, o.parent_number, o.cycle);
    o.visibility = row.text(6) == "internal" ? core::Visibility::internal : core::Visibility::public_;
    o.kind = row.text(7) == "committed" ? core::ObjectiveKind::committed : core::ObjectiveKind::aspirational;
    read_columns(row, 8, o.created_by, o.created_at);
    return o;
}

core::KeyResult read_key_result(Statement& row) {
    core::KeyResult k;
    read_columns(row, 0, k.id, k.number, k.objective_id, k.objective_number, k.title, k.binary, k.start, k.target,
                 k.current, k.unit, k.due, k.owner, k.created_at, k.last_checkin_at, k.last_confidence);
    return k;
}

core::Checkin read_checkin(Statement& row) {
    core::Checkin c;
    read_columns(row, 0, c.id, c.kr_id, c.user_id, c.value, c.confidence, c.note, c.at);
    return c;
}

std::string key_result_sql(std::string_view rest) { return fmt::format("{}{}", key_result_select, rest); }

int next_number(Database& db, std::string_view table, RowId workspace_id) {
    const std::string sql = fmt::format("SELECT COALESCE(MAX(number), 0) + 1 FROM {} WHERE workspace_id = ?", table);
    return *first_row(query(db, sql, workspace_id), [](Statement& row) { return row.integer(0); });
}

core::KeyResult load_key_result(Database& db, RowId workspace_id, RowId kr_id) {
    static const std::string sql = key_result_sql("WHERE k.workspace_id = ? AND k.id = ?");
    auto kr = first_row(query(db, sql, workspace_id, kr_id), read_key_result);
    if (!kr) throw StorageError(fmt::format("key result {} vanished inside its transaction", kr_id));
    return *kr;
}

std::string select_sql(std::string_view fields, std::string_view from, std::string_view rest) {
    return fmt::format("SELECT {} FROM {} {}", fields, from, rest);
}

}  // namespace goalpost::storage
