#include "storage/postgres/connections.hpp"

#include <utility>

#include "storage/sql/query.hpp"

namespace goalpost::storage {

PgConnections::PgConnections(std::string url, std::size_t readers, const std::function<void(Database&)>& setup)
    : url_(std::move(url)), max_readers_(std::max<std::size_t>(1, readers)), writer_(std::make_unique<PgDatabase>(url_)) {
    setup(*writer_);
    group_commit_ = std::make_unique<GroupCommit>(*writer_, mutex_);
}

PgConnections::~PgConnections() = default;

std::unique_ptr<PgDatabase> PgConnections::take_reader() {
    std::unique_lock lock(readers_mutex_);
    for (;;) {
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return db;
        }
        if (open_readers_ < max_readers_) {
            ++open_readers_;
            lock.unlock();
            try {
                return std::make_unique<PgDatabase>(url_);
            } catch (...) {
                lock.lock();
                --open_readers_;
                reader_free_.notify_one();
                throw;
            }
        }
        reader_free_.wait(lock);
    }
}

void PgConnections::give_back(std::unique_ptr<PgDatabase> db) {
    std::lock_guard lock(readers_mutex_);
    // A connection the server dropped, or left inside a transaction, is not reused.
    if (db && db->usable() && !db->in_transaction()) {
        idle_.push_back(std::move(db));
    } else {
        --open_readers_;
    }
    reader_free_.notify_one();
}

void PgConnections::run_read(void* work, Work call) {
    auto db = take_reader();
    try {
        call(work, *db);
    } catch (...) {
        give_back(std::move(db));
        throw;
    }
    give_back(std::move(db));
}

void PgConnections::run_write(void* work, Work call) {
    std::lock_guard lock(mutex_);
    writer_->reconnect_if_lost();
    call(work, *writer_);
}

void PgConnections::run_grouped(void* work, Work call) {
    {
        std::lock_guard lock(mutex_);
        writer_->reconnect_if_lost();
    }
    group_commit_->submit(work, call);
}

bool PgConnections::healthy() {
    try {
        return read([](Database& db) {
            return first_row(db.cached("SELECT 1"), [](Statement& row) { return row.integer(0); }) == 1;
        });
    } catch (const StorageError&) {
        return false;
    }
}

}  // namespace goalpost::storage
