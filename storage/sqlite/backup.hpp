#pragma once
// Online backup of the database file (`goalpost backup FILE`), safe while the server runs.
#include <string>

namespace goalpost::storage {

// Copies the SQLite database at `from_path` to `to_path` with SQLite's online backup API,
// as one consistent snapshot: other connections (the running server) go on reading and
// writing meanwhile (WAL), and what they commit after the snapshot is simply not in it.
// The copy is a self-contained file (rollback journal, no -wal beside it) that has passed
// PRAGMA integrity_check; it is written next to `to_path` and renamed into place, so
// `to_path` is never left half written. An existing `to_path` is replaced.
// Throws StorageError (naming the file and SQLite's reason) on failure.
void backup_database(const std::string& from_path, const std::string& to_path);

}  // namespace goalpost::storage
