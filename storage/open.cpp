#include "storage/open.hpp"

#include <filesystem>

#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_storage.hpp"
#include "storage/postgres/schema.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "storage/sqlite_storage.hpp"

namespace goalpost::storage {

std::unique_ptr<SqlStorage> open_storage(const StorageOptions& options) {
    if (!options.url.empty()) return open_postgres(options.url, options.pool_size);
    return open_sqlite(options.path);
}

DatabaseStatus inspect_database(const StorageOptions& options) {
    DatabaseStatus status;
    if (!options.url.empty()) {
        PgDatabase db(options.url);
        status.kind = "postgresql";
        status.location = db.path();
        status.exists = true;
        status.schema_version = postgres_schema_version(db);
        return status;
    }
    status.kind = "sqlite";
    status.location = options.path;
    std::error_code ec;
    status.exists = !is_memory_path(options.path) && std::filesystem::exists(options.path, ec);
    if (status.exists) {
        SqliteDatabase db(options.path, SqliteDatabase::Mode::read_only);
        db.busy_timeout(5000);
        status.schema_version = schema_version_of(db);
    }
    return status;
}

}  // namespace goalpost::storage
