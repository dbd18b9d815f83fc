#include "storage/sqlite/migrations.hpp"

#include <fmt/format.h>

namespace goalpost::storage {

int schema_version_of(Database& db) {
    auto& statement = db.cached("PRAGMA user_version");
    ResetOnExit reset(statement);
    return statement.step() ? statement.integer(0) : 0;
}

void apply_migrations(Database& db, std::span<const std::string_view> steps, int up_to,
                      const std::function<void(Database&)>& prepare) {
    const int latest = static_cast<int>(steps.size());
    if (up_to < 0) up_to = latest;
    if (up_to > latest) {
        throw StorageError(fmt::format("migrate: no schema version {} (latest is {})", up_to, latest));
    }
    const int found = schema_version_of(db);
    if (found > latest) {
        throw StorageError(fmt::format(
            "database '{}' has schema version {}, newer than this goalpost knows ({}); "
            "use a newer goalpost or restore a backup",
            db.path(), found, latest));
    }
    if (found < up_to && prepare) prepare(db);
    for (int version = found + 1; version <= up_to; ++version) {
        Transaction transaction(db);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (schema_version_of(db) >= version) continue;
        db.exec(steps[static_cast<std::size_t>(version - 1)]);
        // PRAGMA takes no bound parameters; `version` is our own integer.
        db.exec(fmt::format("PRAGMA user_version = {}", version));
        transaction.commit();
    }
}

}  // namespace goalpost::storage
