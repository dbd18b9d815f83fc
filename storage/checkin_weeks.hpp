#pragma once
// The checkin_weeks aggregate (schema version 9): per team, local ISO week ("2026-W40", in
// the team's time zone, as core::week_key computes it) and person, how many check-ins they
// made on the KRs of the team's objectives. Celebrations read a few of its rows instead of
// the team's check-ins; every path that adds check-ins or changes a team's time zone keeps it
// up to date in the same transaction. These run on the write connection, inside the caller's
// transaction.
#include <string>

#include "core/types.hpp"
#include "storage/sql/sql.hpp"

namespace goalpost::storage {

inline constexpr int checkin_weeks_since_version = 9;

// goalpost_week(timezone, unix_seconds): core::week_key as an SQL function, on `db` (the
// write connection; the migration and the rebuilds below call it).
void register_week_function(Database& db);

// One more check-in by `user_id` at `at` in the team's week.
void count_checkin_week(Database& db, core::RowId team_id, const std::string& timezone, const std::string& user_id,
                        core::Time at);

// The team's rows again from its check-ins, in its time zone as stored now (after a time zone
// change). Reads the team's whole history: an administrative step, not a request's.
void rebuild_checkin_weeks(Database& db, core::RowId team_id);

// Adds the check-ins of the workspace with an id above `after_id` (an import's rows, written
// in bulk) to the aggregate.
void count_checkin_weeks_after(Database& db, core::RowId workspace_id, core::RowId after_id);

}  // namespace goalpost::storage
