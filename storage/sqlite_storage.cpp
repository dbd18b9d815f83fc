#include "storage/sqlite_storage.hpp"

#include "storage/cadence.hpp"
#include "storage/checkin_weeks.hpp"
#include "storage/checkins.hpp"
#include "storage/cycles.hpp"
#include "storage/handled_events.hpp"
#include "storage/objectives.hpp"
#include "storage/outbox.hpp"
#include "storage/playbook.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/teams.hpp"

namespace goalpost::storage {

namespace {

bool keeps_checkin_weeks(Connections& connections) {
    return connections.write([](Database& db) { return schema_version_of(db); }) >= checkin_weeks_since_version;
}

}  // namespace

SqliteStorage::SqliteStorage(const std::string& path, const SqliteOptions& options)
    : connections_(path,
                   [&](Database& db) {
                       register_sql_functions(db);
                       migrate(db, options.migrate_up_to);
                       if (!is_memory_path(path)) refresh_planner_statistics(db);
                   }),
      teams_(std::make_unique<TeamStore>(connections_)),
      objectives_(std::make_unique<ObjectiveStore>(connections_)),
      checkins_(std::make_unique<CheckinStore>(connections_, keeps_checkin_weeks(connections_))),
      cadence_(std::make_unique<CadenceStore>(connections_, keeps_checkin_weeks(connections_))),
      playbook_(std::make_unique<PlaybookStore>(connections_)),
      cycles_(std::make_unique<CycleStore>(connections_)),
      outbox_(std::make_unique<OutboxStore>(connections_)),
      handled_events_(std::make_unique<HandledEventStore>(connections_)),
      opened_at_version_(schema_version()) {}

SqliteStorage::~SqliteStorage() = default;

core::Repositories SqliteStorage::repositories() {
    // A file left at an older schema (migration tests only) lacks the playbook's tables
    // (version 5) or the cycles' (version 6): those repositories are absent then.
    return core::Repositories{*teams_,
                              *objectives_,
                              *checkins_,
                              cadence_.get(),
                              cadence_.get(),
                              opened_at_version_ >= 5 ? playbook_.get() : nullptr,
                              opened_at_version_ >= 6 ? cycles_.get() : nullptr};
}

Outbox& SqliteStorage::outbox() { return *outbox_; }

ScheduleRuns& SqliteStorage::schedule_runs() { return *cadence_; }

EventLog& SqliteStorage::handled_events() { return *handled_events_; }

int SqliteStorage::schema_version() {
    return connections_.write([](Database& db) { return schema_version_of(db); });
}

bool SqliteStorage::healthy() { return connections_.healthy(); }

std::unique_ptr<SqliteStorage> open_sqlite(const std::string& path, const SqliteOptions& options) {
    return std::make_unique<SqliteStorage>(path, options);
}

}  // namespace goalpost::storage
