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

#include "storage/sql/connections.hpp"
#include "storage/sql/group_commit.hpp"
#include "storage/sqlite/read_pool.hpp"
#include "storage/sqlite/sqlite.hpp"

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

class SqliteConnections final : public Connections {
public:
    // Opens or creates the file, turns on WAL, foreign keys, synchronous=FULL and a busy
    // timeout, then runs `setup` on the write connection (the schema's migrations) before
    // any reader or the checkpointer starts.
    SqliteConnections(const std::string& path, const std::function<void(Database&)>& setup);
    ~SqliteConnections() override;
    SqliteConnections(const SqliteConnections&) = delete;
    SqliteConnections& operator=(const SqliteConnections&) = delete;

    // SELECT 1 on the write connection; false if it fails.
    bool healthy() override;
    ConnectionInfo info();

protected:
    void run_read(void* work, Work call) override;
    void run_write(void* work, Work call) override;
    void run_grouped(void* work, Work call) override;

private:
    std::mutex mutex_;
    std::unique_ptr<SqliteDatabase> writer_;
    std::unique_ptr<GroupCommit> group_commit_;
    std::unique_ptr<ReadPool> readers_;            // a file only
    std::unique_ptr<Checkpointer> checkpointer_;  // a file only
};

}  // namespace goalpost::storage
