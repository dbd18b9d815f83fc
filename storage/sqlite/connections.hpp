#pragma once
// The connections to one SQLite database, and the one way they are used: every write on the
// single write connection under a mutex (one transaction each; check-ins of concurrent
// requests share one, group_commit.hpp), reads of a file on pooled read-only connections
// that never wait for a commit's fsync (read_pool.hpp), WAL checkpoints on a thread of
// their own (checkpointer.hpp). ":memory:" has one connection only: reads use it under the
// same mutex.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "storage/sqlite/group_commit.hpp"
#include "storage/sqlite/read_pool.hpp"

namespace goalpost::storage {

class Checkpointer;  // storage/sqlite/checkpointer.hpp

// ":memory:" (or no path at all) is a private in-memory database.
bool is_memory_path(const std::string& path);

// How the write connection is set up, as SQLite reports it (for startup logs and tests).
struct ConnectionInfo {
    std::string journal_mode;  // "wal" for a file, "memory" for ":memory:"
    bool foreign_keys = false;
    int synchronous = 0;  // 2 = FULL
    int busy_timeout_ms = 0;
};

class Connections {
public:
    // Opens or creates the file, turns on WAL, foreign keys, synchronous=FULL and a busy
    // timeout, then runs `setup` on the write connection (the schema's migrations) before
    // any reader or the checkpointer starts.
    Connections(const std::string& path, const std::function<void(Database&)>& setup);
    ~Connections();
    Connections(const Connections&) = delete;
    Connections& operator=(const Connections&) = delete;

    // `f(Database&)` on a reading connection; it must not write.
    template <class F>
    decltype(auto) read(F&& f) {
        if (readers_) {
            auto lease = readers_->lease();
            return f(lease.db());
        }
        std::lock_guard lock(mutex_);
        return f(*writer_);
    }
    // `f(Database&)` on the write connection, alone; `f` opens its own Transaction.
    template <class F>
    decltype(auto) write(F&& f) {
        std::lock_guard lock(mutex_);
        return f(*writer_);
    }
    // `f(Database&)` inside a transaction shared with the writes of other threads waiting at
    // the same time; returns once that transaction committed (group_commit.hpp).
    template <class F>
    void write_grouped(F&& f) {
        group_commit_->run(std::forward<F>(f));
    }

    // SELECT 1 on the write connection; false if it fails.
    bool healthy();
    ConnectionInfo info();

private:
    std::mutex mutex_;
    std::unique_ptr<Database> writer_;
    std::unique_ptr<GroupCommit> group_commit_;
    std::unique_ptr<ReadPool> readers_;            // a file only
    std::unique_ptr<Checkpointer> checkpointer_;  // a file only
};

}  // namespace goalpost::storage
