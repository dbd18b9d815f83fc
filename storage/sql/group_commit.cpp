#include "storage/sql/group_commit.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include "storage/sql/sql.hpp"

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

}  // namespace goalpost::storage
