#pragma once
// Numbered schema migrations, tracked in PRAGMA user_version.
#include "storage/sqlite.hpp"

namespace goalpost::storage {

// The version stored in the file (0 for a new, empty database).
int schema_version_of(Database& db);

// Applies every migration after the file's version up to `up_to` (negative: the latest),
// each in its own transaction together with the new user_version. Never goes down.
// Throws StorageError for a file written by a newer goalpost, or an unknown `up_to`.
void migrate(Database& db, int up_to = -1);

}  // namespace goalpost::storage
