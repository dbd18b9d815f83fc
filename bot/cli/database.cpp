#include "bot/cli/database.hpp"


namespace goalpost::bot {

namespace {

storage::StorageOptions options_of(const config::Settings& settings) {
    storage::StorageOptions options;
    options.path = settings.storage.path;
    options.url = settings.storage.url.value_or("");
    options.pool_size = settings.storage.pool_size;
    return options;
}

}  // namespace

std::unique_ptr<storage::SqlStorage> open_database(const config::Settings& settings) {
    return storage::open_storage(options_of(settings));
}

storage::DatabaseStatus inspect_database(const config::Settings& settings) {
    return storage::inspect_database(options_of(settings));
}

}  // namespace goalpost::bot
