#pragma once
// Numbered schema migrations, tracked in PRAGMA user_version: step N takes a database from
// version N-1 to N. What the steps say is the caller's (storage/schema.hpp).
#include <functional>
#include <span>
#include <string_view>

#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

// The version stored in the file (0 for a new, empty database).
int schema_version_of(Database& db);

// Applies every step after the file's version up to `up_to` (negative: the last one), each
// in its own transaction together with the new user_version. Never goes down. `prepare`
// runs once before the first pending step (to register SQL functions the steps call).
// Throws StorageError for a file at a version past the last step, or an unknown `up_to`.
void apply_migrations(Database& db, std::span<const std::string_view> steps, int up_to,
                      const std::function<void(Database&)>& prepare = {});

}  // namespace goalpost::storage
