#pragma once
// goalpost's schema on SQLite: the numbered migrations that build and upgrade it.
#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

// The schema version a fresh or migrated database ends at.
int current_schema_version();

// Applies every migration after the file's version up to `up_to` (negative: the latest),
// each in its own transaction together with the new user_version. Never goes down.
// Throws StorageError for a file written by a newer goalpost, or an unknown `up_to`.
void migrate(Database& db, int up_to = -1);

// The SQL functions migrations and the write connection's maintenance call:
// goalpost_slack_text (core::decode_slack_text) and goalpost_week (core::week_key).
void register_sql_functions(Database& db);

// Statistics for the query planner, gathered when missing or outgrown. Without them SQLite
// may take the workspace index over an objective's or a team's own and visit every KR or
// check-in of the workspace (seconds per digest at 30,000 KRs). A busy database just keeps
// its old statistics.
void refresh_planner_statistics(Database& db);

}  // namespace goalpost::storage
