#pragma once
// WAL checkpoints off the commit path.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;  // sqlite3.h

namespace goalpost::storage {

class SqliteDatabase;  // storage/sqlite/sqlite.hpp

// Checkpoints the WAL on a thread of its own, so that no commit waits for one. SQLite's
// automatic checkpoint runs inside the COMMIT that takes the WAL past 1,000 pages: it copies
// them into the database file and syncs it while the whole batch, and every check-in queued
// behind it, waits. Here that commit only wakes this thread, which runs a PASSIVE checkpoint
// on its own connection (writers and readers go on meanwhile; the database file is synced,
// as synchronous=FULL wants, before the WAL is reused).
class Checkpointer {
public:
    // Takes over `writer`'s WAL hook (and so its automatic checkpoints).
    Checkpointer(SqliteDatabase& writer, const std::string& path, int wal_pages = 1000);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    static int on_commit(void* self, sqlite3* db, const char* name, int pages);
    void loop();

    SqliteDatabase& writer_;
    std::unique_ptr<SqliteDatabase> db_;
    const int wal_pages_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace goalpost::storage
