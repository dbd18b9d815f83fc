#pragma once
// What every SQLite repository of storage/ shares: workspace ids (every row hangs off a
// workspace, and ids never cross one) and the readers that turn rows back into core's values.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "storage/sql/query.hpp"

namespace goalpost::storage {

// Reads never create a workspace: an unknown one simply has no rows.
std::optional<core::RowId> find_workspace_id(Database& db, const core::WorkspaceKey& ws);
// Writes create the workspace on first use.
core::RowId ensure_workspace_id(Database& db, const core::WorkspaceKey& ws);
// For writes that refer to an existing row: no workspace means no such row (StorageError).
core::RowId existing_workspace_id(Database& db, const core::WorkspaceKey& ws, std::string_view what,
                                  std::int64_t id);
[[noreturn]] void not_in_workspace(std::string_view what, std::int64_t id, const core::WorkspaceKey& ws);
// Throws StorageError unless row `id` of `table` belongs to the workspace.
void require_row(Database& db, std::string_view table, core::RowId workspace_id, core::RowId id,
                 const core::WorkspaceKey& ws);

// Row id 0 means "none" in core's structs; NULL in the database.
std::optional<core::RowId> nullable(core::RowId id);
std::string_view visibility_text(core::Visibility visibility);
std::string_view kind_text(core::ObjectiveKind kind);

// The columns each reader expects, in order, from the table aliases t, o, k and c.
inline constexpr std::string_view team_fields = "t.id, t.name, t.channel, t.timezone, t.parent_team_id, t.created_at";
inline constexpr std::string_view objective_fields =
    "o.id, o.number, o.team_id, o.title, o.parent_number, o.cycle, o.visibility, o.kind, o.created_by, o.created_at";
inline constexpr std::string_view checkin_fields =
    "c.id, c.kr_id, c.user_id, c.value, c.confidence, c.note, c.created_at";
// With the latest check-in (by time, then insertion order) for last_checkin_at and
// last_confidence: two seeks into checkins_by_kr_time_value, which holds both, so the
// check-ins table is not read.
inline constexpr std::string_view key_result_select =
    "SELECT k.id, k.number, k.objective_id, o.number, k.title, k.binary, k.start_value, "
    "k.target_value, k.current_value, k.unit, k.due, k.owner, k.created_at, "
    "(SELECT l.created_at FROM checkins l WHERE l.kr_id = k.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1), "
    "(SELECT l.confidence FROM checkins l WHERE l.kr_id = k.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1) "
    "FROM key_results k "
    "JOIN objectives o ON o.id = k.objective_id ";

core::Team read_team(Statement& row);
core::Objective read_objective(Statement& row);
core::KeyResult read_key_result(Statement& row);
core::Checkin read_checkin(Statement& row);

std::string key_result_sql(std::string_view rest);  // key_result_select, then `rest`

// The next free number of a workspace's objectives or key results ("objectives" |
// "key_results"); called inside the write transaction that inserts the row, so two
// concurrent adds cannot take the same number.
int next_number(Database& db, std::string_view table, core::RowId workspace_id);
// The key result as it is now, inside the caller's transaction; StorageError if it is gone.
core::KeyResult load_key_result(Database& db, core::RowId workspace_id, core::RowId kr_id);

// "SELECT <fields> FROM <table> <alias> <rest>", built once per call site (keep it static).
std::string select_sql(std::string_view fields, std::string_view from, std::string_view rest);

}  // namespace goalpost::storage
