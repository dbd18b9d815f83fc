#include "storage/checkins.hpp"

#include <limits>

#include "storage/checkin_weeks.hpp"
#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {

namespace {

// What recording a check-in needs to know about its KR, in one lookup.
struct Target {
    core::RowId workspace_id = 0;
    std::optional<core::RowId> team_id;  // none: an objective of no team
    std::string timezone;
};

std::optional<Target> target_of(Database& db, const core::WorkspaceKey& ws, core::RowId kr_id) {
    return first_row(query(db,
                           "SELECT k.workspace_id, o.team_id, t.timezone FROM key_results k "
                           "JOIN workspaces w ON w.id = k.workspace_id JOIN objectives o ON o.id = k.objective_id "
                           "LEFT JOIN teams t ON t.id = o.team_id WHERE w.key = ? AND k.id = ?",
                           ws, kr_id),
                     [](Statement& row) { return Target{row.int64(0), row.optional_int64(1), row.text(2)}; });
}

}  // namespace

core::KeyResult CheckinStore::record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) {
    // Runs in a transaction shared with the check-ins of other requests waiting at the same
    // time, in its own savepoint; returns once that transaction committed.
    core::KeyResult updated;
    connections_.write_grouped([&](Database& db) {
        const auto target = target_of(db, ws, checkin.kr_id);
        if (!target) not_in_workspace("key result", checkin.kr_id, ws);
        query(db,
              "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              target->workspace_id, checkin.kr_id, checkin.user_id, checkin.value, checkin.confidence, checkin.note,
              to_unix(checkin.at))
            .run();
        // The current value is the newest check-in's, so a back-dated (imported) check-in
        // lands in the history without rewinding the KR.
        query(db,
              "UPDATE key_results SET current_value = (SELECT value FROM checkins WHERE kr_id = ?1 "
              "ORDER BY created_at DESC, id DESC LIMIT 1) WHERE id = ?1",
              checkin.kr_id)
            .run();
        if (keeps_weeks_ && target->team_id) count_checkin_week(db, *target->team_id, target->timezone, checkin.user_id, checkin.at);
        updated = load_key_result(db, target->workspace_id, checkin.kr_id);
    });
    return updated;
}

std::vector<core::Checkin> CheckinStore::checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) {
    return connections_.read([&](Database& db) {
        // A negative limit means no limit.
        static const std::string sql = select_sql(checkin_fields, "checkins c",
                                                  "JOIN workspaces w ON w.id = c.workspace_id "
                                                  "WHERE w.key = ? AND c.kr_id = ? "
                                                  "ORDER BY c.created_at DESC, c.id DESC LIMIT ?");
        const std::int64_t rows = limit < 0 ? std::numeric_limits<std::int64_t>::max() : limit;
        return all_rows(query(db, sql, ws, kr_id, rows), read_checkin);
    });
}

std::vector<core::Checkin> CheckinStore::checkins_before(const core::WorkspaceKey& ws, core::RowId kr_id,
                                                         core::Time before, int limit) {
    return connections_.read([&](Database& db) {
        static const std::string sql = select_sql(checkin_fields, "checkins c",
                                                  "JOIN workspaces w ON w.id = c.workspace_id "
                                                  "WHERE w.key = ? AND c.kr_id = ? AND c.created_at < ? "
                                                  "ORDER BY c.created_at DESC, c.id DESC LIMIT ?");
        return all_rows(query(db, sql, ws, kr_id, to_unix(before), static_cast<std::int64_t>(limit)), read_checkin);
    });
}

std::optional<core::ValueRange> CheckinStore::values_before_latest(const core::WorkspaceKey& ws, core::RowId kr_id) {
    return connections_.read([&](Database& db) -> std::optional<core::ValueRange> {
        // min() and max() each take one step of checkins_by_kr_value (two when the latest
        // check-in holds the extreme); the latest is one step back on checkins_by_kr_time_value.
        auto range = first_row(
            query(db,
                  "SELECT (SELECT min(value) FROM checkins WHERE kr_id = k.id AND id <> l.id), "
                  "(SELECT max(value) FROM checkins WHERE kr_id = k.id AND id <> l.id) "
                  "FROM key_results k JOIN workspaces w ON w.id = k.workspace_id, "
                  "(SELECT id FROM checkins WHERE kr_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 1) l "
                  "WHERE w.key = ?2 AND k.id = ?1",
                  kr_id, ws),
            [](Statement& row) -> std::optional<core::ValueRange> {
                if (row.is_null(0)) return std::nullopt;
                return core::ValueRange{row.real(0), row.real(1)};
            });
        return range ? *range : std::nullopt;
    });
}

std::vector<core::CheckinWeek> CheckinStore::checkin_weeks(const core::WorkspaceKey& ws, core::RowId team_id,
                                                           const std::string& first_week,
                                                           const std::string& last_week) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT cw.user_id, cw.week, cw.checkins FROM checkin_weeks cw "
                              "JOIN teams t ON t.id = cw.team_id JOIN workspaces w ON w.id = t.workspace_id "
                              "WHERE w.key = ? AND cw.team_id = ? AND cw.week BETWEEN ? AND ?",
                              ws, team_id, first_week, last_week),
                        [](Statement& row) { return core::CheckinWeek{row.text(0), row.text(1), row.integer(2)}; });
    });
}

}  // namespace goalpost::storage
