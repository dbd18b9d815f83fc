#pragma once
// The one factory bot uses: PostgreSQL when a database URL is configured (storage.url,
// GOALPOST_DATABASE_URL), the SQLite file at storage.path otherwise.
#include <cstddef>
#include <memory>
#include <string>

#include "storage/sql_storage.hpp"

namespace goalpost::storage {

struct StorageOptions {
    std::string path = "goalpost.db";  // SQLite, when url is empty
    std::string url;                   // a libpq URI: postgresql://user@host/db?sslmode=...
    std::size_t pool_size = 8;         // PostgreSQL reading connections
};

std::unique_ptr<SqlStorage> open_storage(const StorageOptions& options);

// What `goalpost check-config` reports: the database the options name, looked at without
// creating or migrating anything. StorageError when it cannot be reached or read.
struct DatabaseStatus {
    std::string kind;      // "sqlite" | "postgresql"
    std::string location;  // the file, or host:port/database (never a password)
    bool exists = false;   // SQLite: the file is there
    int schema_version = 0;
};
DatabaseStatus inspect_database(const StorageOptions& options);

}  // namespace goalpost::storage
