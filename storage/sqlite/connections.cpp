#include "storage/sqlite/connections.hpp"

#include <string_view>

#include <fmt/format.h>

#include "storage/sqlite/checkpointer.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

namespace {

std::string pragma_text(Database& db, std::string_view pragma) {
    return first_row(db.cached(pragma), [](Statement& row) { return row.text(0); }).value_or("");
}

int pragma_number(Database& db, std::string_view pragma) {
    return first_row(db.cached(pragma), [](Statement& row) { return row.integer(0); }).value_or(0);
}

void configure_writer(SqliteDatabase& db, const std::string& path) {
    db.busy_timeout(5000);
    // Per connection, and a no-op inside a transaction: set before anything else runs.
    db.exec("PRAGMA foreign_keys = ON");
    if (pragma_text(db, "PRAGMA foreign_keys") != "1") {
        throw StorageError("sqlite: this SQLite build cannot enforce foreign keys");
    }
    if (!is_memory_path(path)) {
        // WAL lets readers run during a write; it is stored in the file, so set it once here.
        const std::string mode = pragma_text(db, "PRAGMA journal_mode = WAL");
        if (mode != "wal") {
            throw StorageError(fmt::format("sqlite: '{}' cannot use WAL (journal_mode is '{}')", path, mode));
        }
    }
    // A check-in is acknowledged only once it is on disk, even across a power cut.
    db.exec("PRAGMA synchronous = FULL");
}

}  // namespace

bool is_memory_path(const std::string& path) { return path == ":memory:" || path.empty(); }

SqliteConnections::SqliteConnections(const std::string& path, const std::function<void(Database&)>& setup)
    : writer_(std::make_unique<SqliteDatabase>(path)) {
    configure_writer(*writer_, path);
    setup(*writer_);
    group_commit_ = std::make_unique<GroupCommit>(*writer_, mutex_);
    if (!is_memory_path(path)) {
        readers_ = std::make_unique<ReadPool>(path);
        checkpointer_ = std::make_unique<Checkpointer>(*writer_, path);
    }
}

SqliteConnections::~SqliteConnections() = default;

void SqliteConnections::run_read(void* work, Work call) {
    if (readers_) {
        auto lease = readers_->lease();
        call(work, lease.db());
        return;
    }
    std::lock_guard lock(mutex_);
    call(work, *writer_);
}

void SqliteConnections::run_write(void* work, Work call) {
    std::lock_guard lock(mutex_);
    call(work, *writer_);
}

void SqliteConnections::run_grouped(void* work, Work call) { group_commit_->submit(work, call); }

bool SqliteConnections::healthy() {
    std::lock_guard lock(mutex_);
    try {
        return first_row(writer_->cached("SELECT 1"), [](Statement& row) { return row.integer(0); }) == 1;
    } catch (const StorageError&) {
        return false;
    }
}

ConnectionInfo SqliteConnections::info() {
    std::lock_guard lock(mutex_);
    ConnectionInfo info;
    info.journal_mode = pragma_text(*writer_, "PRAGMA journal_mode");
    info.foreign_keys = pragma_number(*writer_, "PRAGMA foreign_keys") == 1;
    info.synchronous = pragma_number(*writer_, "PRAGMA synchronous");
    info.busy_timeout_ms = pragma_number(*writer_, "PRAGMA busy_timeout");
    return info;
}

}  // namespace goalpost::storage
