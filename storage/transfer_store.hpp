#pragma once
// The database side of `goalpost export` and `goalpost import`: a workspace's rows read into
// the export document (transfer/document.hpp), and a checked document written back.
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
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

}  // namespace goalpost::storage
