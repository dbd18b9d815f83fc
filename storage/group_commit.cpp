#include "storage/group_commit.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "storage/sqlite.hpp"

namespace goalpost::storage {

// One queued write; lives on its caller's stack until the caller returns.
struct GroupCommit::Waiter {
    void* work;
    void (*call)(void*, Database&);
    std::exception_ptr error;
    bool done = false;
};

GroupCommit::GroupCommit(Database& db, std::mutex& connection_mutex, std::size_t max_batch)
    : db_(db), connection_mutex_(connection_mutex), max_batch_(std::max<std::size_t>(1, max_batch)) {
    queue_.reserve(max_batch_);
    batch_.reserve(max_batch_);
}

GroupCommit::Stats GroupCommit::stats() const {
    std::lock_guard lock(queue_mutex_);
    return stats_;
}

void GroupCommit::submit(void* work, void (*call)(void*, Database&)) {
    Waiter me{work, call, nullptr, false};
    std::unique_lock lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
        if (leading_) {
            done_.wait(lock);
            continue;
        }
        // Lead: take what is queued (oldest first, at most max_batch_), commit it unlocked, so
        // that the next batch gathers while this one waits for the disk.
        leading_ = true;
        const std::size_t take = std::min(queue_.size(), max_batch_);
        batch_.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
        lock.unlock();
        commit_batch(batch_);
        lock.lock();
        for (Waiter* w : batch_) w->done = true;
        ++stats_.batches;
        stats_.writes += batch_.size();
        stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, batch_.size());
        batch_.clear();
        leading_ = false;
        done_.notify_all();
    }
    lock.unlock();
    if (me.error) std::rethrow_exception(me.error);
}

void GroupCommit::commit_batch(const std::vector<Waiter*>& batch) {
    std::lock_guard connection(connection_mutex_);
    try {
        Transaction transaction(db_);
        for (Waiter* w : batch) {
            db_.cached("SAVEPOINT write").run();
            try {
                w->call(w->work, db_);
                db_.cached("RELEASE write").run();
            } catch (...) {
                w->error = std::current_exception();
                // Some errors (disk full, I/O) make SQLite roll the whole transaction back;
                // then the writes before this one are gone too and the batch has failed.
                if (!db_.in_transaction()) throw;
                db_.cached("ROLLBACK TO write").run();
                db_.cached("RELEASE write").run();
            }
        }
        transaction.commit();
    } catch (const std::exception& e) {
        // Nothing of this batch is on disk: every caller fails, each with its own error.
        for (Waiter* w : batch) {
            if (!w->error) w->error = std::make_exception_ptr(StorageError(e.what()));
        }
        // A write that failed on its own may have been rolled back with the batch: its own
        // error still describes it, so it is kept.
    }
}

// ---- Checkpointer ---------------------------------------------------------------------

Checkpointer::Checkpointer(Database& writer, const std::string& path, int wal_pages)
    : writer_(writer), db_(std::make_unique<Database>(path)), wal_pages_(wal_pages) {
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

// ---- ReadPool -------------------------------------------------------------------------

ReadPool::ReadPool(std::string path, std::size_t max_idle) : path_(std::move(path)), max_idle_(max_idle) {}

ReadPool::~ReadPool() = default;

std::unique_ptr<Database> ReadPool::open() {
    auto db = std::make_unique<Database>(path_);
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

ReadPool::Lease::Lease(ReadPool& pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}

ReadPool::Lease::~Lease() {
    if (!db_) return;
    // A statement left mid-way would pin an old snapshot of the WAL: never keep one.
    if (db_->in_transaction()) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    std::lock_guard lock(pool_.mutex_);
    if (pool_.idle_.size() < pool_.max_idle_) pool_.idle_.push_back(std::move(db_));
}

}  // namespace goalpost::storage
