#pragma once
// goalpost's schema on PostgreSQL: the same numbered migrations as SQLite's (storage/schema.cpp),
// written for PostgreSQL, tracked in the table goalpost_schema of the connection's schema
// (search_path), and applied under an advisory lock so that instances starting together
// migrate once.
#include "storage/sql/sql.hpp"

namespace goalpost::storage {

// The version the database is at (0: no goalpost tables yet).
int postgres_schema_version(Database& db);
// Applies every migration after the database's version, each in its own transaction with
// the new version. StorageError for a database written by a newer goalpost.
void migrate_postgres(Database& db);

}  // namespace goalpost::storage
