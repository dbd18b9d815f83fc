#include "storage/sql_storage.hpp"

#include "storage/cadence.hpp"
#include "storage/checkin_weeks.hpp"
#include "storage/checkins.hpp"
#include "storage/cycles.hpp"
#include "storage/handled_events.hpp"
#include "storage/api_tokens.hpp"
#include "storage/objectives.hpp"
#include "storage/outbox.hpp"
#include "storage/playbook.hpp"
#include "storage/sources.hpp"
#include "storage/dashboard.hpp"
#include "storage/teams.hpp"

namespace goalpost::storage {

SqlStorage::SqlStorage() = default;
SqlStorage::~SqlStorage() = default;

void SqlStorage::attach(Connections& connections, int opened_at_version) {
    connections_ = &connections;
    opened_at_version_ = opened_at_version;
    const bool keeps_weeks = opened_at_version >= checkin_weeks_since_version;
    teams_ = std::make_unique<TeamStore>(connections);
    objectives_ = std::make_unique<ObjectiveStore>(connections);
    checkins_ = std::make_unique<CheckinStore>(connections, keeps_weeks);
    cadence_ = std::make_unique<CadenceStore>(connections, keeps_weeks);
    playbook_ = std::make_unique<PlaybookStore>(connections);
    cycles_ = std::make_unique<CycleStore>(connections);
    outbox_ = std::make_unique<OutboxStore>(connections);
    handled_events_ = std::make_unique<HandledEventStore>(connections);
    api_tokens_ = std::make_unique<ApiTokenStore>(connections);
    sources_ = std::make_unique<SourceStore>(connections);
    dashboard_ = std::make_unique<DashboardStore>(connections);
}

core::Repositories SqlStorage::repositories() {
    return core::Repositories{*teams_,
                              *objectives_,
                              *checkins_,
                              cadence_.get(),
                              cadence_.get(),
                              opened_at_version_ >= 5 ? playbook_.get() : nullptr,
                              opened_at_version_ >= 6 ? cycles_.get() : nullptr,
                              opened_at_version_ >= api_tokens_since_version ? api_tokens_.get() : nullptr,
                              opened_at_version_ >= sources_since_version ? sources_.get() : nullptr};
}

Outbox& SqlStorage::outbox() { return *outbox_; }
ScheduleRuns& SqlStorage::schedule_runs() { return *cadence_; }
EventLog& SqlStorage::handled_events() { return *handled_events_; }
ApiAccess& SqlStorage::api_access() { return *api_tokens_; }
SourceJobs& SqlStorage::source_jobs() { return *sources_; }
DashboardAccess& SqlStorage::dashboard_access() { return *dashboard_; }
bool SqlStorage::healthy() { return connections_->healthy(); }

}  // namespace goalpost::storage
