#include "storage/sqlite/backup.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "storage/errors.hpp"

namespace goalpost::storage {
namespace {

namespace fs = std::filesystem;

constexpr int busy_timeout_ms = 5000;

// One sqlite3 connection, closed on scope exit.
class Connection {
public:
    Connection(const std::string& path, int flags) {
        const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
        if (rc != SQLITE_OK) {
            std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
            sqlite3_close(db_);
            db_ = nullptr;
            throw StorageError(fmt::format("cannot open {}: {}", path, why));
        }
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        sqlite3_extended_result_codes(db_, 1);
    }
    ~Connection() { sqlite3_close(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* get() const { return db_; }
    std::string error() const { return sqlite3_errmsg(db_); }

    // Runs one statement and returns the first column of its first row ("" without rows).
    std::string single(const char* sql, const std::string& what) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK)
            throw StorageError(fmt::format("{}: {}", what, error()));
        std::string out;
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            if (const unsigned char* t = sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(t);
            while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            }
        }
        const bool failed = rc != SQLITE_DONE;
        const std::string why = failed ? error() : std::string();
        sqlite3_finalize(st);
        if (failed) throw StorageError(fmt::format("{}: {}", what, why));
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// The rename into place survives a power cut only once the directory is synced too.
void sync_directory(const fs::path& file) {
    fs::path dir = file.parent_path();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

void copy_snapshot(const std::string& from_path, const std::string& partial) {
    // Read-only and never created: a mistyped source path is an error, not a new empty file.
    Connection source(from_path, SQLITE_OPEN_READONLY);
    // Touch the schema so that a file that is not a database fails here, by name.
    source.single("SELECT COUNT(*) FROM sqlite_schema", fmt::format("cannot read {}", from_path));

    Connection target(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", source.get(), "main");
    if (!backup) throw StorageError(fmt::format("cannot start the backup: {}", target.error()));
    // All pages in one step: one read transaction, so one consistent snapshot. In WAL mode
    // that does not block the server's writers; copying in slices instead would restart
    // whenever the server commits in between, and might never finish on a busy server.
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(50);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        throw StorageError(fmt::format("backup of {} failed: {}", from_path,
                                       sqlite3_errcode(target.get()) != SQLITE_OK ? target.error()
                                                                                  : sqlite3_errstr(rc)));
    }

    // The copy carries the source's WAL flag; make it one self-contained file.
    target.single("PRAGMA journal_mode=DELETE", "cannot finish the backup");
    const std::string check = target.single("PRAGMA integrity_check", "cannot check the backup");
    if (check != "ok") throw StorageError(fmt::format("the backup failed its integrity check: {}", check));
}

}  // namespace

void backup_database(const std::string& from_path, const std::string& to_path) {
    std::error_code ec;
    if (!fs::exists(from_path, ec)) throw StorageError(fmt::format("cannot back up {}: no such file", from_path));
    if (fs::exists(to_path, ec) && fs::equivalent(from_path, to_path, ec))
        throw StorageError(fmt::format("cannot back up {} onto itself", from_path));
    if (fs::is_directory(to_path, ec)) throw StorageError(fmt::format("{} is a directory", to_path));

    const std::string partial = to_path + ".partial";
    const auto remove_partial = [&partial] {
        std::error_code ignored;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(partial + suffix, ignored);
    };
    remove_partial();
    try {
        copy_snapshot(from_path, partial);
    } catch (...) {
        remove_partial();
        throw;
    }
    fs::rename(partial, to_path, ec);
    if (ec) {
        remove_partial();
        throw StorageError(fmt::format("cannot move the backup into place as {}: {}", to_path, ec.message()));
    }
    sync_directory(to_path);
}

}  // namespace goalpost::storage
