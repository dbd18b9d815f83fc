#pragma once
// Concurrency for the one SQLite file of a SqliteStore.
//
// GroupCommit: with synchronous=FULL every commit waits for an fsync (milliseconds on most
// disks), so one commit per request caps a writer at a few hundred to a few thousand
// writes a second. Concurrent writes queue instead; the first caller that finds no commit in
// progress becomes the leader and runs everything queued in ONE transaction, each write in its
// own SAVEPOINT (a failing one rolls back alone), commits once, then wakes every caller of the
// batch. A caller returns only after the transaction holding its write committed, so a reply
// sent afterwards still means "on disk".
//
// Checkpointer: WAL checkpoints off the commit path.
//
// ReadPool: read-only connections to the same file, leased one per reading thread, so reads
// run in parallel and never wait for a commit's fsync (WAL lets readers see the last
// committed state while a writer works).
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

struct sqlite3;  // sqlite3.h

namespace goalpost::storage {

class Database;  // storage/sqlite.hpp

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

private:
    struct Waiter;
    void submit(void* work, void (*call)(void*, Database&));
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

// Checkpoints the WAL on a thread of its own, so that no commit waits for one. SQLite's
// automatic checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages: it copies
// them into the database file and syncs it while the whole batch, and every check-in queued
// behind it, waits. Here that commit only wakes this thread, which runs a PASSIVE checkpoint
// on its own connection (writers and readers go on meanwhile; the database file is synced,
// as synchronous=FULL wants, before the WAL is reused).
class Checkpointer {
public:
    // Takes over `writer`'s WAL hook (and so its automatic checkpoints).
    Checkpointer(Database& writer, const std::string& path, int wal_pages = 1000);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    static int on_commit(void* self, sqlite3* db, const char* name, int pages);
    void loop();

    Database& writer_;
    std::unique_ptr<Database> db_;
    const int wal_pages_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

class ReadPool {
public:
    // Read-only connections to `path` (a file in WAL mode), opened on demand and kept for
    // reuse; at most `max_idle` are kept open between leases.
    explicit ReadPool(std::string path, std::size_t max_idle = 64);
    ~ReadPool();
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    // One connection for the lease's lifetime; back to the pool when it ends.
    class Lease {
    public:
        Lease(ReadPool& pool, std::unique_ptr<Database> db);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Database& db() { return *db_; }

    private:
        ReadPool& pool_;
        std::unique_ptr<Database> db_;
    };
    Lease lease();

private:
    std::unique_ptr<Database> open();

    std::string path_;
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace goalpost::storage
