#include "storage/postgres/pg_storage.hpp"

#include "storage/postgres/schema.hpp"

namespace goalpost::storage {

PgStorage::PgStorage(const std::string& url, std::size_t pool_size)
    : connections_(url, pool_size, [this](Database& db) {
          location_ = db.path();
          migrate_postgres(db);
      }) {
    attach(connections_, schema_version());
}

PgStorage::~PgStorage() = default;

int PgStorage::schema_version() {
    return connections_.read([](Database& db) { return postgres_schema_version(db); });
}

std::unique_ptr<PgStorage> open_postgres(const std::string& url, std::size_t pool_size) {
    return std::make_unique<PgStorage>(url, pool_size);
}

}  // namespace goalpost::storage
