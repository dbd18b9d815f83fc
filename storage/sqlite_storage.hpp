#pragma once
// Storage on one SQLite file (or ":memory:" for tests): every port (sql_storage.hpp) over one
// set of SQLite connections (storage/sqlite/connections.hpp).
#include <memory>
#include <string>

#include "storage/sql_storage.hpp"
#include "storage/sqlite/connections.hpp"

namespace goalpost::storage {

struct SqliteOptions {
    // Stops at an older schema version (for migration tests only); negative: the latest.
    int migrate_up_to = -1;
};

class SqliteStorage : public SqlStorage {
public:
    // Opens or creates the file, sets up its connections and applies pending migrations.
    explicit SqliteStorage(const std::string& path, const SqliteOptions& options = {});
    ~SqliteStorage() override;

    std::string_view kind() const override { return "sqlite"; }
    std::string location() const override { return path_; }
    int schema_version() override;
    ConnectionInfo connection_info() { return connections_.info(); }

private:
    std::string path_;
    SqliteConnections connections_;
};

// The factory: the storage of the SQLite file at `path`.
std::unique_ptr<SqliteStorage> open_sqlite(const std::string& path, const SqliteOptions& options = {});

}  // namespace goalpost::storage
