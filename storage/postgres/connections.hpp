#pragma once
// The connections of one goalpost instance to its PostgreSQL database, used as SQLite's are:
// one write connection (writes one at a time, check-ins of concurrent requests sharing a
// transaction, storage/sql/group_commit.hpp) and a pool of reading connections. Every write
// transaction also takes the database's advisory write lock (PgDatabase::begin_write), so
// the writes of several instances run one at a time too: each instance keeps the promises
// a single SQLite writer keeps (numbers handed out once, checks and inserts together).
// A connection the server dropped is replaced on its next use.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/postgres/pg.hpp"
#include "storage/sql/connections.hpp"
#include "storage/sql/group_commit.hpp"

namespace goalpost::storage {

class PgConnections final : public Connections {
public:
    // Connects the writer, runs `setup` on it (the migrations) and allows up to `readers`
    // reading connections, opened on demand.
    PgConnections(std::string url, std::size_t readers, const std::function<void(Database&)>& setup);
    ~PgConnections() override;
    PgConnections(const PgConnections&) = delete;
    PgConnections& operator=(const PgConnections&) = delete;

    bool healthy() override;

protected:
    void run_read(void* work, Work call) override;
    void run_write(void* work, Work call) override;
    void run_grouped(void* work, Work call) override;

private:
    std::unique_ptr<PgDatabase> take_reader();
    void give_back(std::unique_ptr<PgDatabase> db);

    const std::string url_;
    const std::size_t max_readers_;
    std::mutex mutex_;  // the writer
    std::unique_ptr<PgDatabase> writer_;
    std::unique_ptr<GroupCommit> group_commit_;

    std::mutex readers_mutex_;
    std::condition_variable reader_free_;
    std::vector<std::unique_ptr<PgDatabase>> idle_;
    std::size_t open_readers_ = 0;
};

}  // namespace goalpost::storage
