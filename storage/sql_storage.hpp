#pragma once
// Every port on one SQL database, whatever the engine: the repositories of storage/ are
// written once against storage/sql/ (a Connections and its Database), and SQLite
// (sqlite_storage.hpp) and PostgreSQL (postgres/pg_storage.hpp) only bring the connections
// and their schema.
#include <memory>
#include <utility>

#include "storage/sql/connections.hpp"
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
class ApiTokenStore;
class SourceStore;
class DashboardStore;

class SqlStorage : public Storage {
public:
    ~SqlStorage() override;
    SqlStorage(const SqlStorage&) = delete;
    SqlStorage& operator=(const SqlStorage&) = delete;

    core::Repositories repositories() override;
    Outbox& outbox() override;
    ScheduleRuns& schedule_runs() override;
    EventLog& handled_events() override;
    ApiAccess& api_access() override;
    SourceJobs& source_jobs() override;
    DashboardAccess& dashboard_access() override;
    bool healthy() override;

    // The write connection, alone, for what must write through it directly (an import in one
    // transaction, tests); `f(Database&)` opens its own Transaction.
    template <typename F>
    decltype(auto) with_connection(F&& f) {
        return connections_->write(std::forward<F>(f));
    }
    // `f(Database&)` on a reading connection (an export's snapshot).
    template <typename F>
    decltype(auto) with_reader(F&& f) {
        return connections_->read(std::forward<F>(f));
    }

protected:
    SqlStorage();
    // Called once by the engine's constructor, after its connections are open and migrated.
    // `opened_at_version`: a SQLite file left at an older schema (migration tests only)
    // lacks the playbook's tables (version 5) or the cycles' (version 6), and check-in weeks
    // are kept from version 9 on.
    void attach(Connections& connections, int opened_at_version);

private:
    Connections* connections_ = nullptr;
    std::unique_ptr<TeamStore> teams_;
    std::unique_ptr<ObjectiveStore> objectives_;
    std::unique_ptr<CheckinStore> checkins_;
    std::unique_ptr<CadenceStore> cadence_;
    std::unique_ptr<PlaybookStore> playbook_;
    std::unique_ptr<CycleStore> cycles_;
    std::unique_ptr<OutboxStore> outbox_;
    std::unique_ptr<HandledEventStore> handled_events_;
    std::unique_ptr<ApiTokenStore> api_tokens_;
    std::unique_ptr<SourceStore> sources_;
    std::unique_ptr<DashboardStore> dashboard_;
    int opened_at_version_ = 0;
};

}  // namespace goalpost::storage
