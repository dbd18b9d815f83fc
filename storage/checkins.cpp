#include "storage/checkins.hpp"

#include "storage/rows.hpp"
#include "storage/sqlite/connections.hpp"

namespace goalpost::storage {

core::KeyResult CheckinStore::record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) {
    // Runs in a transaction shared with the check-ins of other requests waiting at the same
    // time, in its own savepoint; returns once that transaction committed.
    core::KeyResult updated;
    connections_.write_grouped([&](Database& db) {
        const core::RowId workspace_id = existing_workspace_id(db, ws, "key result", checkin.kr_id);
        if (!exists(query(db, "SELECT 1 FROM key_results WHERE workspace_id = ? AND id = ?", workspace_id,
                          checkin.kr_id))) {
            not_in_workspace("key result", checkin.kr_id, ws);
        }
        query(db,
              "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              workspace_id, checkin.kr_id, checkin.user_id, checkin.value, checkin.confidence, checkin.note,
              to_unix(checkin.at))
            .run();
        // The current value is the newest check-in's, so a back-dated (imported) check-in
        // lands in the history without rewinding the KR.
        query(db,
              "UPDATE key_results SET current_value = (SELECT value FROM checkins WHERE kr_id = ?1 "
              "ORDER BY created_at DESC, id DESC LIMIT 1) WHERE id = ?1",
              checkin.kr_id)
            .run();
        updated = load_key_result(db, workspace_id, checkin.kr_id);
    });
    return updated;
}

std::vector<core::Checkin> CheckinStore::checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) {
    return connections_.read([&](Database& db) {
        // A negative limit means no limit (SQLite's LIMIT -1).
        static const std::string sql = select_sql(checkin_fields, "checkins c",
                                                  "JOIN workspaces w ON w.id = c.workspace_id "
                                                  "WHERE w.key = ? AND c.kr_id = ? "
                                                  "ORDER BY c.created_at DESC, c.id DESC LIMIT ?");
        return all_rows(query(db, sql, ws, kr_id, limit), read_checkin);
    });
}

}  // namespace goalpost::storage
