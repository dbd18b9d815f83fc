#include "storage/dashboard.hpp"

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"
#include "storage/sql/query.hpp"

namespace goalpost::storage {
namespace {

DashboardGrant read_grant(Statement& row) {
    DashboardGrant g;
    g.workspace = row.text(0);
    g.user_id = row.text(1);
    g.team_id = row.optional_int64(2);
    g.shared = row.integer(3) != 0;
    return g;
}

}  // namespace

void DashboardStore::create_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                                 core::Time now) {
    insert_link(hash, grant, expires_at, now, "login");
}

void DashboardStore::create_summary_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                                         core::Time now) {
    insert_link(hash, grant, expires_at, now, "summary");
}

std::optional<DashboardGrant> DashboardStore::find_summary_link(const std::string& hash, core::Time now) {
    return connections_.read([&](Database& db) {
        return first_row(query(db,
                               "SELECT w.key, l.user_id, l.team_id, l.shared FROM dashboard_links l "
                               "JOIN workspaces w ON w.id = l.workspace_id "
                               "WHERE l.token_hash = ? AND l.kind = 'summary' AND l.expires_at > ?",
                               hash, to_unix(now)),
                         read_grant);
    });
}

void DashboardStore::insert_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                                 core::Time now, const char* kind) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        const core::RowId workspace_id = ensure_workspace_id(db, grant.workspace);
        const auto day_ago = to_unix(now) - 24 * 3600;
        query(db, "DELETE FROM dashboard_links WHERE expires_at < ?", day_ago).run();
        query(db, "DELETE FROM dashboard_sessions WHERE expires_at < ?", day_ago).run();
        query(db,
              "INSERT INTO dashboard_links(token_hash, workspace_id, user_id, team_id, shared, expires_at, kind) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              hash, workspace_id, grant.user_id, grant.team_id, grant.shared ? 1 : 0, to_unix(expires_at), kind)
            .run();
        tx.commit();
    });
}

std::optional<DashboardGrant> DashboardStore::redeem_link(const std::string& hash, core::Time now) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        auto grant = first_row(query(db,
                                     "SELECT w.key, l.user_id, l.team_id, l.shared FROM dashboard_links l "
                                     "JOIN workspaces w ON w.id = l.workspace_id "
                                     "WHERE l.token_hash = ? AND l.kind = 'login' AND l.expires_at > ? "
                                     "AND (l.shared = 1 OR l.used_at IS NULL)",
                                     hash, to_unix(now)),
                               read_grant);
        if (grant && !grant->shared) {
            query(db, "UPDATE dashboard_links SET used_at = ? WHERE token_hash = ?", to_unix(now), hash).run();
        }
        tx.commit();
        return grant;
    });
}

void DashboardStore::create_session(const std::string& hash, const DashboardGrant& grant, core::Time expires_at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        const core::RowId workspace_id = ensure_workspace_id(db, grant.workspace);
        query(db,
              "INSERT INTO dashboard_sessions(session_hash, workspace_id, user_id, team_id, shared, expires_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              hash, workspace_id, grant.user_id, grant.team_id, grant.shared ? 1 : 0, to_unix(expires_at))
            .run();
        tx.commit();
    });
}

std::optional<DashboardGrant> DashboardStore::find_session(const std::string& hash, core::Time now) {
    return connections_.read([&](Database& db) {
        return first_row(query(db,
                               "SELECT w.key, s.user_id, s.team_id, s.shared FROM dashboard_sessions s "
                               "JOIN workspaces w ON w.id = s.workspace_id "
                               "WHERE s.session_hash = ? AND s.expires_at > ?",
                               hash, to_unix(now)),
                         read_grant);
    });
}

}  // namespace goalpost::storage
