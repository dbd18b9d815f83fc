#include "storage/sqlite_storage.hpp"

#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"

namespace goalpost::storage {

SqliteStorage::SqliteStorage(const std::string& path, const SqliteOptions& options)
    : path_(path), connections_(path, [&](Database& db) {
          register_sql_functions(db);
          migrate(db, options.migrate_up_to);
          if (!is_memory_path(path)) refresh_planner_statistics(db);
      }) {
    attach(connections_, schema_version());
}

SqliteStorage::~SqliteStorage() = default;

int SqliteStorage::schema_version() {
    return connections_.write([](Database& db) { return schema_version_of(db); });
}

std::unique_ptr<SqliteStorage> open_sqlite(const std::string& path, const SqliteOptions& options) {
    return std::make_unique<SqliteStorage>(path, options);
}

}  // namespace goalpost::storage
