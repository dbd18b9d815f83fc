#include "storage/api_tokens.hpp"

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"
#include "storage/sql/query.hpp"

namespace goalpost::storage {
namespace {

constexpr std::string_view token_columns =
    "SELECT t.id, t.name, t.scope_team_id, t.created_by, t.created_at, t.last_used_at FROM api_tokens t ";

core::ApiToken read_token(Statement& row) {
    core::ApiToken t;
    read_columns(row, 0, t.id, t.name, t.scope_team_id, t.created_by, t.created_at, t.last_used_at);
    return t;
}

}  // namespace

std::optional<core::ApiToken> ApiTokenStore::create_token(const core::WorkspaceKey& ws, const core::NewApiToken& token) {
    return connections_.write([&](Database& db) -> std::optional<core::ApiToken> {
        Transaction tx(db);
        const core::RowId workspace_id = ensure_workspace_id(db, ws);
        // Checked under the write lock, so the unique index is only a safety net.
        if (exists(query(db, "SELECT 1 FROM api_tokens WHERE workspace_id = ? AND name = ? AND revoked_at IS NULL",
                         workspace_id, token.name))) {
            return std::nullopt;
        }
        if (token.scope_team_id) require_row(db, "teams", workspace_id, *token.scope_team_id, ws);
        query(db,
              "INSERT INTO api_tokens(workspace_id, name, token_hash, scope_team_id, created_by, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              workspace_id, token.name, token.hash, token.scope_team_id, token.created_by, to_unix(token.at))
            .run();
        static const std::string sql = std::string(token_columns) + "WHERE t.id = ?";
        auto created = first_row(query(db, sql, db.last_insert_id()), read_token);
        tx.commit();
        return created;
    });
}

std::vector<core::ApiToken> ApiTokenStore::tokens(const core::WorkspaceKey& ws) {
    return connections_.read([&](Database& db) {
        static const std::string sql = std::string(token_columns) +
                                       "JOIN workspaces w ON w.id = t.workspace_id "
                                       "WHERE w.key = ? AND t.revoked_at IS NULL ORDER BY t.name";
        return all_rows(query(db, sql, ws), read_token);
    });
}

bool ApiTokenStore::revoke_token(const core::WorkspaceKey& ws, const std::string& name, core::Time at) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        const auto workspace_id = find_workspace_id(db, ws);
        if (!workspace_id) return false;
        const bool revoked = query(db,
                                   "UPDATE api_tokens SET revoked_at = ? "
                                   "WHERE workspace_id = ? AND name = ? AND revoked_at IS NULL",
                                   to_unix(at), *workspace_id, name)
                                 .run() > 0;
        // Its kept answers go with it.
        query(db,
              "DELETE FROM api_idempotency WHERE token_id IN "
              "(SELECT id FROM api_tokens WHERE workspace_id = ? AND revoked_at IS NOT NULL)",
              *workspace_id)
            .run();
        tx.commit();
        return revoked;
    });
}

std::optional<ApiCaller> ApiTokenStore::find_token(const std::string& hash) {
    return connections_.read([&](Database& db) {
        return first_row(query(db,
                               "SELECT w.key, t.id, t.name, t.scope_team_id, t.last_used_at FROM api_tokens t "
                               "JOIN workspaces w ON w.id = t.workspace_id "
                               "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                               hash),
                         [](Statement& row) {
                             ApiCaller c;
                             read_columns(row, 0, c.workspace, c.token_id, c.name, c.scope_team_id, c.last_used_at);
                             return c;
                         });
    });
}

void ApiTokenStore::touch_token(core::RowId token_id, core::Time at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", to_unix(at), token_id).run();
        tx.commit();
    });
}

IdempotencyClaim ApiTokenStore::claim_idempotency_key(core::RowId token_id, const std::string& key,
                                                      const std::string& body_hash, core::Time now,
                                                      std::chrono::seconds keep) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM api_idempotency WHERE token_id = ? AND created_at < ?", token_id,
              to_unix(now) - keep.count())
            .run();
        using State = IdempotencyClaim::State;
        auto kept = first_row(
            query(db, "SELECT body_hash, status, body FROM api_idempotency WHERE token_id = ? AND key = ?", token_id,
                  key),
            [&](Statement& row) {
                if (row.text(0) != body_hash) return IdempotencyClaim{State::reused, 0, {}};
                if (row.integer(1) == 0) return IdempotencyClaim{State::in_use, 0, {}};
                return IdempotencyClaim{State::answered, row.integer(1), row.text(2)};
            });
        IdempotencyClaim claim;
        if (kept) {
            claim = *kept;
        } else {
            query(db,
                  "INSERT INTO api_idempotency(token_id, key, body_hash, status, body, created_at) "
                  "VALUES (?, ?, ?, 0, '', ?)",
                  token_id, key, body_hash, to_unix(now))
                .run();
        }
        tx.commit();
        return claim;
    });
}

void ApiTokenStore::answer_idempotency_key(core::RowId token_id, const std::string& key, int status,
                                           const std::string& body) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "UPDATE api_idempotency SET status = ?, body = ? WHERE token_id = ? AND key = ?", status, body,
              token_id, key)
            .run();
        tx.commit();
    });
}

void ApiTokenStore::release_idempotency_key(core::RowId token_id, const std::string& key) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM api_idempotency WHERE token_id = ? AND key = ?", token_id, key).run();
        tx.commit();
    });
}

}  // namespace goalpost::storage
