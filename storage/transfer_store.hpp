#pragma once
// The database side of `goalpost export` and `goalpost import`: a workspace's rows read into
// the export document (transfer/document.hpp), and a checked document written back.
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "transfer/csv.hpp"  // CheckinRow
#include "transfer/document.hpp"
#include "transfer/validate.hpp"

namespace goalpost::storage {

class SqlStorage;  // storage/sql_storage.hpp

// Reads every workspace (or only `only`) from the database file at `path` through a
// read-only connection in one read transaction: a consistent snapshot that neither blocks
// nor is blocked by a running server (WAL). Never creates or migrates the file. Tables and
// columns an older schema lacks read as empty or as their defaults. Throws StorageError.
transfer::Document read_snapshot(const std::string& path, const std::optional<core::WorkspaceKey>& only);

// Checks `chosen` against what the database at `path` already holds (names and numbers
// taken) and, unless `dry_run`, writes them in one transaction keeping every O- and KR-
// number: all or nothing, nothing written when a problem is found. Opening creates and
// migrates the file, except in a dry run, which reads it only when it exists. Returns the
// problems (transfer::check's, with the target); throws StorageError when the database fails.
transfer::Problems import_workspaces(const std::string& path, const std::vector<transfer::Placed>& chosen,
                                     bool dry_run);

// The same, for an open storage of either engine (PostgreSQL: storage.url): the snapshot is
// one REPEATABLE READ transaction on a reading connection; the import one write transaction.
transfer::Document read_snapshot(SqlStorage& store, const std::optional<core::WorkspaceKey>& only);
transfer::Problems import_workspaces(SqlStorage& store, const std::vector<transfer::Placed>& chosen, bool dry_run);

// What a backfill of check-ins did, or would do (dry run), or why it did nothing.
struct Backfilled {
    transfer::Problems problems;  // none: written (unless a dry run)
    int added = 0;                // check-ins recorded
    int already = 0;              // rows the workspace already had (same KR, person, value and time): skipped
};

// Adds the check-ins of `rows` (transfer::read_checkins_csv) to the key results of workspace
// `ws`, in one transaction, all or nothing: every row names a KR the workspace has, a binary
// KR gets 0 or 1. A row the workspace already has is skipped, so that importing the same
// sheet twice records its rows once. Each KR's current value becomes its newest check-in's,
// and the check-in weeks that reminders and celebrations read count the new rows. `path`:
// the SQLite file (a dry run only reads it, and only when it exists).
Backfilled backfill_checkins(SqlStorage& store, const core::WorkspaceKey& ws,
                             const std::vector<transfer::CheckinRow>& rows, bool dry_run);
Backfilled backfill_checkins(const std::string& path, const core::WorkspaceKey& ws,
                             const std::vector<transfer::CheckinRow>& rows, bool dry_run);

}  // namespace goalpost::storage
