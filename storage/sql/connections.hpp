#pragma once
// The connections to one database, and the one way repositories use them, whatever the
// engine: reads on a connection of their own that never waits for a commit; writes one at a
// time, each in one transaction (write); check-ins of concurrent requests sharing one
// transaction and its commit (write_grouped, group_commit.hpp). SQLite and PostgreSQL each
// implement it (storage/sqlite/connections.hpp, storage/postgres/connections.hpp).
#include <optional>
#include <type_traits>
#include <utility>

#include "storage/sql/sql.hpp"

namespace goalpost::storage {

class Connections {
public:
    virtual ~Connections() = default;

    // `f(Database&)` on a reading connection; it must not write.
    template <class F>
    auto read(F&& f) -> std::invoke_result_t<F&, Database&> {
        return call(&Connections::run_read, std::forward<F>(f));
    }
    // `f(Database&)` on the write connection, alone; `f` opens its own Transaction.
    template <class F>
    auto write(F&& f) -> std::invoke_result_t<F&, Database&> {
        return call(&Connections::run_write, std::forward<F>(f));
    }
    // `f(Database&)` inside a transaction shared with the writes of other threads waiting at
    // the same time; returns once that transaction committed.
    template <class F>
    void write_grouped(F&& f) {
        run_grouped(&f, &call_work<std::remove_reference_t<F>>);
    }

    // A trivial query; false if it fails.
    virtual bool healthy() = 0;

protected:
    // `call(work, db)` runs the caller's function: no allocation per call.
    using Work = void (*)(void* work, Database& db);
    virtual void run_read(void* work, Work call) = 0;
    virtual void run_write(void* work, Work call) = 0;
    virtual void run_grouped(void* work, Work call) = 0;

private:
    template <class F>
    static void call_work(void* work, Database& db) {
        (*static_cast<F*>(work))(db);
    }
    template <class F>
    auto call(void (Connections::*run)(void*, Work), F&& f) -> std::invoke_result_t<F&, Database&> {
        using Result = std::invoke_result_t<F&, Database&>;
        if constexpr (std::is_void_v<Result>) {
            auto work = [&](Database& db) { f(db); };
            (this->*run)(&work, &call_work<decltype(work)>);
        } else {
            std::optional<Result> result;
            auto work = [&](Database& db) { result.emplace(f(db)); };
            (this->*run)(&work, &call_work<decltype(work)>);
            return std::move(*result);
        }
    }
};

}  // namespace goalpost::storage
