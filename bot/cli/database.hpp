#pragma once
// The database a subcommand works on, as the settings name it: PostgreSQL at storage.url
// (GOALPOST_DATABASE_URL) when set, otherwise the SQLite file at storage.path.
#include <memory>

#include "config/settings.hpp"
#include "storage/open.hpp"
#include "storage/sql_storage.hpp"

namespace goalpost::bot {

// Opens (SQLite: creating) and migrates it; throws StorageError when it cannot.
std::unique_ptr<storage::SqlStorage> open_database(const config::Settings& settings);
// The same database, looked at only (storage/open.hpp).
storage::DatabaseStatus inspect_database(const config::Settings& settings);

}  // namespace goalpost::bot
