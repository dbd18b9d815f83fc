#pragma once
// What export and import share about a SQLite file given by its path (transfer_snapshot.cpp).
#include <memory>
#include <string>

#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

// Never creates the file; waits for a writer as a repository would.
std::unique_ptr<SqliteDatabase> open_read_only(const std::string& path);
// Whether the database has the table. Only a SQLite file can be at an older schema: on
// PostgreSQL (always at the latest) every table is there.
bool has_table(Database& db, const std::string& table);

}  // namespace goalpost::storage
