#include "storage/sqlite/checkpointer.hpp"

#include <sqlite3.h>

#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

Checkpointer::Checkpointer(SqliteDatabase& writer, const std::string& path, int wal_pages)
    : writer_(writer), db_(std::make_unique<SqliteDatabase>(path)), wal_pages_(wal_pages) {
    db_->busy_timeout(5000);
    // The checkpoint syncs the database file before the WAL can be reused.
    db_->exec("PRAGMA synchronous = FULL");
    thread_ = std::thread([this] { loop(); });
    sqlite3_wal_hook(writer_.handle(), &Checkpointer::on_commit, this);
}

Checkpointer::~Checkpointer() {
    sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

// Called by SQLite on the committing thread, after the commit: only a flag and a wake-up.
int Checkpointer::on_commit(void* self, sqlite3*, const char*, int pages) {
    auto* c = static_cast<Checkpointer*>(self);
    if (pages < c->wal_pages_) return SQLITE_OK;
    {
        std::lock_guard lock(c->mutex_);
        if (c->due_) return SQLITE_OK;
        c->due_ = true;
    }
    c->wake_.notify_one();
    return SQLITE_OK;
}

void Checkpointer::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return due_ || stopping_; });
        if (stopping_) return;
        due_ = false;
        lock.unlock();
        // PASSIVE: copies what no reader still needs, never blocks readers or the writer. A
        // failure (busy, I/O) leaves the WAL as it is; the next commit asks again.
        sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lock.lock();
    }
}

}  // namespace goalpost::storage
