#pragma once
// Group commit for the one write connection of a database (SQLite or PostgreSQL). A durable
// commit waits for an fsync (milliseconds on most disks), so one commit per request
// caps a writer at a few hundred to a few thousand writes a second. Concurrent writes queue
// instead; the first caller that finds no commit in progress becomes the leader and runs
// everything queued in ONE transaction, each write in its own SAVEPOINT (a failing one rolls
// back alone), commits once, then wakes every caller of the batch. A caller returns only
// after the transaction holding its write committed, so a reply sent afterwards still means
// "on disk".
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <type_traits>
#include <vector>

namespace goalpost::storage {

class Database;  // storage/sql/sql.hpp

class GroupCommit {
public:
    // `db` is the store's write connection, guarded by `connection_mutex` (held by the leader
    // for the whole batch). At most `max_batch` writes share a transaction.
    GroupCommit(Database& db, std::mutex& connection_mutex, std::size_t max_batch = 1024);
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    // Runs `work(Database&)` inside a batch's transaction and returns once that transaction
    // committed. If `work` throws, its savepoint is rolled back, the rest of the batch goes on,
    // and the exception is rethrown here. If the batch cannot commit, every caller in it gets a
    // StorageError. No allocation per call: `work` is called through a plain function pointer.
    template <class Work>
    void run(Work&& work) {
        submit(&work, [](void* w, Database& db) { (*static_cast<std::remove_reference_t<Work>*>(w))(db); });
    }

    struct Stats {
        std::uint64_t batches = 0;
        std::uint64_t writes = 0;
        std::uint64_t largest_batch = 0;
    };
    Stats stats() const;

    // `run` without the template: `call(work, db)` is the write.
    void submit(void* work, void (*call)(void*, Database&));

private:
    struct Waiter;
    void commit_batch(const std::vector<Waiter*>& batch);

    Database& db_;
    std::mutex& connection_mutex_;
    const std::size_t max_batch_;

    mutable std::mutex queue_mutex_;
    std::condition_variable done_;
    std::vector<Waiter*> queue_;
    std::vector<Waiter*> batch_;  // the leader's, reused so a batch allocates nothing
    bool leading_ = false;
    Stats stats_;
};

}  // namespace goalpost::storage
