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
    core::Team team;
    team.id = row.int64(0);
    team.name = row.text(1);
    team.channel = row.text(2);
    team.timezone = row.text(3);
    team.parent_team_id = row.optional_int64(4);
    team.created_at = from_unix(row.int64(5));
    return team;
}

core::Objective read_objective(Statement& row) {
    core::Objective objective;
    objective.id = row.int64(0);
    objective.number = row.integer(1);
    objective.team_id = row.optional_int64(2).value_or(0);
    objective.title = row.text(3);
    objective.parent_number = row.optional_integer(4);
    objective.cycle = row.text(5);
    objective.visibility = row.text(6) == "internal" ? core::Visibility::internal : core::Visibility::public_;
    objective.kind = row.text(7) == "committed" ? core::ObjectiveKind::committed : core::ObjectiveKind::aspirational;
    objective.created_by = row.text(8);
    objective.created_at = from_unix(row.int64(9));
    return objective;
}

core::KeyResult read_key_result(Statement& row) {
    core::KeyResult kr;
    kr.id = row.int64(0);
    kr.number = row.integer(1);
    kr.objective_id = row.int64(2);
    kr.objective_number = row.integer(3);
    kr.title = row.text(4);
    kr.binary = row.integer(5) != 0;
    kr.start = row.real(6);
    kr.target = row.real(7);
    kr.current = row.real(8);
    kr.unit = row.text(9);
    kr.due = row.optional_text(10);
    kr.owner = row.text(11);
    kr.created_at = from_unix(row.int64(12));
    if (auto at = row.optional_int64(13)) kr.last_checkin_at = from_unix(*at);
    kr.last_confidence = row.optional_integer(14);
    return kr;
}

core::Checkin read_checkin(Statement& row) {
    core::Checkin checkin;
    checkin.id = row.int64(0);
    checkin.kr_id = row.int64(1);
    checkin.user_id = row.text(2);
    checkin.value = row.real(3);
    checkin.confidence = row.optional_integer(4);
    checkin.note = row.text(5);
    checkin.at = from_unix(row.int64(6));
    return checkin;
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
