#include "storage/teams.hpp"

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {

namespace {

using core::RowId;
using core::Time;
using core::WorkspaceKey;

std::string team_sql(std::string_view rest) { return select_sql(team_fields, "teams t", rest); }

std::optional<core::Team> load_team(Database& db, RowId workspace_id, RowId team_id) {
    static const std::string sql = team_sql("WHERE t.workspace_id = ? AND t.id = ?");
    return first_row(query(db, sql, workspace_id, team_id), read_team);
}

// A membership change on an existing team, in one transaction; true when a row changed.
template <class Change>
bool change_membership(Connections& connections, const WorkspaceKey& ws, RowId team_id, Change change) {
    return connections.write([&](Database& db) {
        Transaction transaction(db);
        const RowId workspace_id = existing_workspace_id(db, ws, "team", team_id);
        require_row(db, "teams", workspace_id, team_id, ws);
        const int changed = change(db);
        transaction.commit();
        return changed > 0;
    });
}

std::vector<std::string> member_ids(Connections& connections, const WorkspaceKey& ws, RowId team_id,
                                    bool leads_only) {
    return connections.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT m.user_id FROM team_members m "
                              "JOIN teams t ON t.id = m.team_id "
                              "JOIN workspaces w ON w.id = t.workspace_id "
                              "WHERE w.key = ? AND m.team_id = ? AND (m.lead = 1 OR ? = 0) ORDER BY m.user_id",
                              ws, team_id, leads_only ? 1 : 0),
                        [](Statement& row) { return row.text(0); });
    });
}

}  // namespace

std::optional<core::Team> TeamStore::create_team(const WorkspaceKey& ws, const core::NewTeam& team) {
    return connections_.write([&](Database& db) -> std::optional<core::Team> {
        Transaction transaction(db);
        const RowId workspace_id = ensure_workspace_id(db, ws);
        // Checked first (under the write lock) rather than by catching the UNIQUE violation,
        // so a constraint failure always means a bug, never a duplicate name.
        if (exists(query(db, "SELECT 1 FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE",
                         workspace_id, team.name))) {
            return std::nullopt;
        }
        if (team.parent_team_id) require_row(db, "teams", workspace_id, *team.parent_team_id, ws);
        query(db,
              "INSERT INTO teams(workspace_id, name, channel, timezone, parent_team_id, created_by, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              workspace_id, team.name, team.channel, team.timezone, team.parent_team_id, team.created_by,
              to_unix(team.at))
            .run();
        auto created = load_team(db, workspace_id, db.last_insert_id());
        transaction.commit();
        return created;
    });
}

std::optional<core::Team> TeamStore::find_team(const WorkspaceKey& ws, const std::string& name) {
    return connections_.read([&](Database& db) {
        static const std::string sql =
            team_sql("JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? AND t.name = ? COLLATE NOCASE");
        return first_row(query(db, sql, ws, name), read_team);
    });
}

std::optional<core::Team> TeamStore::find_team_by_id(const WorkspaceKey& ws, RowId id) {
    return connections_.read([&](Database& db) {
        static const std::string sql =
            team_sql("JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? AND t.id = ?");
        return first_row(query(db, sql, ws, id), read_team);
    });
}

std::vector<core::Team> TeamStore::teams(const WorkspaceKey& ws) {
    return connections_.read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws), read_team);
    });
}

std::vector<core::Team> TeamStore::teams_of_member(const WorkspaceKey& ws, const std::string& user_id) {
    return connections_.read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id "
            "JOIN team_members m ON m.team_id = t.id "
            "WHERE w.key = ? AND m.user_id = ? ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws, user_id), read_team);
    });
}

bool TeamStore::add_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, Time at) {
    return change_membership(connections_, ws, team_id, [&](Database& db) {
        return query(db,
                     "INSERT INTO team_members(team_id, user_id, added_at) VALUES (?, ?, ?) "
                     "ON CONFLICT(team_id, user_id) DO NOTHING",
                     team_id, user_id, to_unix(at))
            .run();
    });
}

bool TeamStore::remove_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id) {
    return change_membership(connections_, ws, team_id, [&](Database& db) {
        return query(db, "DELETE FROM team_members WHERE team_id = ? AND user_id = ?", team_id, user_id).run();
    });
}

std::vector<std::string> TeamStore::members(const WorkspaceKey& ws, RowId team_id) {
    return member_ids(connections_, ws, team_id, false);
}

bool TeamStore::set_lead(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, bool lead, Time at) {
    return change_membership(connections_, ws, team_id, [&](Database& db) {
        if (lead) {
            return query(db,
                         "INSERT INTO team_members(team_id, user_id, added_at, lead) VALUES (?, ?, ?, 1) "
                         "ON CONFLICT(team_id, user_id) DO UPDATE SET lead = 1 WHERE team_members.lead = 0",
                         team_id, user_id, to_unix(at))
                .run();
        }
        return query(db, "UPDATE team_members SET lead = 0 WHERE team_id = ? AND user_id = ? AND lead = 1", team_id,
                     user_id)
            .run();
    });
}

std::vector<std::string> TeamStore::leads(const WorkspaceKey& ws, RowId team_id) {
    return member_ids(connections_, ws, team_id, true);
}

std::vector<core::Team> TeamStore::teams_led_by(const WorkspaceKey& ws, const std::string& user_id) {
    return connections_.read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id "
            "JOIN team_members m ON m.team_id = t.id "
            "WHERE w.key = ? AND m.user_id = ? AND m.lead = 1 ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws, user_id), read_team);
    });
}

}  // namespace goalpost::storage
