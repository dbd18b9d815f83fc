#include "storage/objectives.hpp"

#include <fmt/format.h>

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {

namespace {

using core::RowId;
using core::WorkspaceKey;

std::string objective_sql(std::string_view rest) { return select_sql(objective_fields, "objectives o", rest); }

}  // namespace

core::Objective ObjectiveStore::add_objective(const WorkspaceKey& ws, const core::NewObjective& objective) {
    return connections_.write([&](Database& db) {
        Transaction transaction(db);
        const RowId workspace_id = ensure_workspace_id(db, ws);
        if (objective.team_id != 0) require_row(db, "teams", workspace_id, objective.team_id, ws);
        if (objective.parent_number &&
            !exists(query(db, "SELECT 1 FROM objectives WHERE workspace_id = ? AND number = ?", workspace_id,
                          *objective.parent_number))) {
            throw StorageError(fmt::format("parent objective O-{} not in workspace {}", *objective.parent_number, ws));
        }
        const int number = next_number(db, "objectives", workspace_id);
        query(db,
              "INSERT INTO objectives(workspace_id, number, team_id, title, parent_number, cycle, visibility, kind, "
              "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              workspace_id, number, nullable(objective.team_id), objective.title, objective.parent_number,
              objective.cycle, visibility_text(objective.visibility), kind_text(objective.kind), objective.created_by,
              to_unix(objective.at))
            .run();
        static const std::string sql = objective_sql("WHERE o.id = ?");
        auto created = first_row(query(db, sql, db.last_insert_id()), read_objective);
        transaction.commit();
        return *created;
    });
}

std::optional<core::Objective> ObjectiveStore::find_objective(const WorkspaceKey& ws, int number) {
    return connections_.read([&](Database& db) {
        static const std::string sql =
            objective_sql("JOIN workspaces w ON w.id = o.workspace_id WHERE w.key = ? AND o.number = ?");
        return first_row(query(db, sql, ws, number), read_objective);
    });
}

std::vector<core::Objective> ObjectiveStore::objectives_of_team(const WorkspaceKey& ws, RowId team_id) {
    return connections_.read([&](Database& db) {
        // team_id 0 lists the workspace's objectives that belong to no team.
        static const std::string sql = objective_sql(
            "JOIN workspaces w ON w.id = o.workspace_id "
            "WHERE w.key = ? AND o.team_id IS NOT DISTINCT FROM ? AND o.archived = 0 ORDER BY o.number");
        return all_rows(query(db, sql, ws, nullable(team_id)), read_objective);
    });
}

core::KeyResult ObjectiveStore::add_key_result(const WorkspaceKey& ws, const core::NewKeyResult& kr) {
    return connections_.write([&](Database& db) {
        Transaction transaction(db);
        const RowId workspace_id = existing_workspace_id(db, ws, "objective", kr.objective_id);
        if (!exists(query(db, "SELECT 1 FROM objectives WHERE workspace_id = ? AND id = ?", workspace_id,
                          kr.objective_id))) {
            not_in_workspace("objective", kr.objective_id, ws);
        }
        const int number = next_number(db, "key_results", workspace_id);
        query(db,
              "INSERT INTO key_results(workspace_id, number, objective_id, title, \"binary\", start_value, "
              "target_value, current_value, unit, due, owner, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              workspace_id, number, kr.objective_id, kr.title, kr.binary ? 1 : 0, kr.start, kr.target, kr.start,
              kr.unit, kr.due, kr.owner, to_unix(kr.at))
            .run();
        auto created = load_key_result(db, workspace_id, db.last_insert_id());
        transaction.commit();
        return created;
    });
}

std::optional<core::KeyResult> ObjectiveStore::find_key_result(const WorkspaceKey& ws, int number) {
    return connections_.read([&](Database& db) {
        static const std::string sql =
            key_result_sql("JOIN workspaces w ON w.id = k.workspace_id WHERE w.key = ? AND k.number = ?");
        return first_row(query(db, sql, ws, number), read_key_result);
    });
}

std::vector<core::KeyResult> ObjectiveStore::key_results_of(const WorkspaceKey& ws, RowId objective_id) {
    return connections_.read([&](Database& db) {
        static const std::string sql = key_result_sql(
            "JOIN workspaces w ON w.id = k.workspace_id WHERE w.key = ? AND k.objective_id = ? ORDER BY k.number");
        return all_rows(query(db, sql, ws, objective_id), read_key_result);
    });
}

std::vector<core::KeyResult> ObjectiveStore::key_results_of_team(const WorkspaceKey& ws, RowId team_id) {
    return connections_.read([&](Database& db) {
        // Through objectives_by_team, then key_results_by_objective: the team's rows only.
        static const std::string sql = key_result_sql(
            "JOIN workspaces w ON w.id = k.workspace_id "
            "WHERE w.key = ? AND o.workspace_id = w.id AND o.team_id IS NOT DISTINCT FROM ? AND o.archived = 0 "
            "ORDER BY o.number, k.number");
        return all_rows(query(db, sql, ws, nullable(team_id)), read_key_result);
    });
}

std::vector<core::KeyResult> ObjectiveStore::key_results_owned_by(const WorkspaceKey& ws,
                                                                 const std::string& user_id) {
    return connections_.read([&](Database& db) {
        // KRs of archived objectives are history, not work in progress.
        static const std::string sql = key_result_sql(
            "JOIN workspaces w ON w.id = k.workspace_id "
            "WHERE w.key = ? AND k.owner = ? AND o.archived = 0 ORDER BY k.number");
        return all_rows(query(db, sql, ws, user_id), read_key_result);
    });
}

}  // namespace goalpost::storage
