#include "storage/sqlite/read_pool.hpp"

#include <sqlite3.h>

#include <utility>

#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

ReadPool::ReadPool(std::string path, std::size_t max_idle) : path_(std::move(path)), max_idle_(max_idle) {}

ReadPool::~ReadPool() = default;

std::unique_ptr<SqliteDatabase> ReadPool::open() {
    auto db = std::make_unique<SqliteDatabase>(path_);
    db->busy_timeout(5000);
    // A reader never writes: SQLite refuses any write on this connection.
    db->exec("PRAGMA query_only = ON");
    // Each connection has its own page cache; keep it small, the OS caches the file anyway.
    db->exec("PRAGMA cache_size = -1024");
    return db;
}

ReadPool::Lease ReadPool::lease() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(db));
        }
    }
    return Lease(*this, open());
}

ReadPool::Lease::Lease(ReadPool& pool, std::unique_ptr<SqliteDatabase> db) : pool_(pool), db_(std::move(db)) {}

SqliteDatabase& ReadPool::Lease::db() { return *db_; }

ReadPool::Lease::~Lease() {
    if (!db_) return;
    // A statement left mid-way would pin an old snapshot of the WAL: never keep one.
    if (db_->in_transaction()) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    std::lock_guard lock(pool_.mutex_);
    if (pool_.idle_.size() < pool_.max_idle_) pool_.idle_.push_back(std::move(db_));
}

}  // namespace goalpost::storage
