#pragma once
// Storage on one SQLite file (or ":memory:" for tests): every port, one instance each, over
// one set of connections (storage/sqlite/connections.hpp).
#include <memory>
#include <string>

#include "storage/sqlite/connections.hpp"
#include "storage/storage.hpp"

namespace goalpost::storage {

class TeamStore;
class ObjectiveStore;
class CheckinStore;
class CadenceStore;
class PlaybookStore;
class CycleStore;
class OutboxStore;
class HandledEventStore;

struct SqliteOptions {
    // Stops at an older schema version (for migration tests only); negative: the latest.
    int migrate_up_to = -1;
};

class SqliteStorage : public Storage {
public:
    // Opens or creates the file, sets up its connections and applies pending migrations.
    explicit SqliteStorage(const std::string& path, const SqliteOptions& options = {});
    ~SqliteStorage() override;
    SqliteStorage(const SqliteStorage&) = delete;
    SqliteStorage& operator=(const SqliteStorage&) = delete;

    core::Repositories repositories() override;
    Outbox& outbox() override;
    ScheduleRuns& schedule_runs() override;
    EventLog& handled_events() override;
    std::string_view kind() const override { return "sqlite"; }
    int schema_version() override;
    bool healthy() override;

    // SQLite only: the write connection, alone, for what must write through it directly (an
    // import in one transaction, tests); `f` opens its own Transaction.
    template <typename F>
    decltype(auto) with_connection(F&& f) {
        return connections_.write(std::forward<F>(f));
    }
    ConnectionInfo connection_info() { return connections_.info(); }

private:
    Connections connections_;
    std::unique_ptr<TeamStore> teams_;
    std::unique_ptr<ObjectiveStore> objectives_;
    std::unique_ptr<CheckinStore> checkins_;
    std::unique_ptr<CadenceStore> cadence_;
    std::unique_ptr<PlaybookStore> playbook_;
    std::unique_ptr<CycleStore> cycles_;
    std::unique_ptr<OutboxStore> outbox_;
    std::unique_ptr<HandledEventStore> handled_events_;
    int opened_at_version_ = 0;
};

// The factory: the storage of the SQLite file at `path`.
std::unique_ptr<SqliteStorage> open_sqlite(const std::string& path, const SqliteOptions& options = {});

}  // namespace goalpost::storage
