#pragma once
// Storage on PostgreSQL: every port (storage/sql_storage.hpp) over one instance's connections
// to the database at a libpq URI (storage/postgres/connections.hpp). Several instances may
// share the database.
#include <cstddef>
#include <memory>
#include <string>

#include "storage/postgres/connections.hpp"
#include "storage/sql_storage.hpp"

namespace goalpost::storage {

class PgStorage : public SqlStorage {
public:
    // Connects, migrates under the migration lock, and keeps at most `pool_size` reading
    // connections (plus the one writer).
    PgStorage(const std::string& url, std::size_t pool_size);
    ~PgStorage() override;

    std::string_view kind() const override { return "postgresql"; }
    std::string location() const override { return location_; }
    int schema_version() override;

private:
    std::string location_;  // set while connections_ is built: declared first
    PgConnections connections_;
};

std::unique_ptr<PgStorage> open_postgres(const std::string& url, std::size_t pool_size = 8);

}  // namespace goalpost::storage
