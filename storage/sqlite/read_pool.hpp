#pragma once
// Read-only connections to one SQLite file, leased one per reading thread, so reads run in
// parallel and never wait for a commit's fsync (WAL lets readers see the last committed
// state while a writer works).
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace goalpost::storage {

class SqliteDatabase;  // storage/sqlite/sqlite.hpp

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
        Lease(ReadPool& pool, std::unique_ptr<SqliteDatabase> db);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        SqliteDatabase& db();

    private:
        ReadPool& pool_;
        std::unique_ptr<SqliteDatabase> db_;
    };
    Lease lease();

private:
    std::unique_ptr<SqliteDatabase> open();

    std::string path_;
    std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<SqliteDatabase>> idle_;
};

}  // namespace goalpost::storage
