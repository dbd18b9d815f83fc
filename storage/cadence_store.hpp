#pragma once
// Team cadence settings, schedule runs and the history digests read. Shares the
// SqliteStore's connection; each (team, kind, period) fires at most once, recorded in
// the same transaction that puts its messages into the outbox.
#include <optional>
#include <string>
#include <vector>

#include "core/ports.hpp"
#include "storage/outbox.hpp"

namespace goalpost::storage {

class SqliteStore;

struct ScheduledTeam {
    core::WorkspaceKey workspace;
    core::Team team;
    core::TeamSettings settings;
};

class CadenceStore final : public core::CadenceRepository, public core::ReportRepository {
public:
    explicit CadenceStore(SqliteStore& store) : store_(store) {}

    // CadenceRepository
    std::optional<core::TeamSettings> settings_of(const core::WorkspaceKey& ws, core::RowId team_id) override;
    void update_settings(const core::WorkspaceKey& ws, core::RowId team_id,
                         const core::TeamSettingsChange& change) override;

    // ReportRepository
    std::vector<core::Checkin> checkins_of_team(const core::WorkspaceKey& ws, core::RowId team_id, core::Time from,
                                                core::Time to) override;
    std::optional<double> value_before(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time t) override;

    // Every team of every workspace with its settings, for the scheduler.
    std::vector<ScheduledTeam> all_teams();
    bool has_run(core::RowId team_id, const std::string& kind, const std::string& period);
    // Records the run and enqueues its messages in one transaction; false (and nothing
    // written) when that (team, kind, period) already ran. outcome: "fired" | "skipped".
    bool record_run(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& kind,
                    const std::string& period, core::Time due, const std::string& outcome,
                    const std::vector<NewOutboxItem>& messages, core::Time now);
    // The team's Teams Workflows webhook URL (a secret: callers never log it).
    std::optional<std::string> teams_webhook_url(core::RowId team_id);

private:
    SqliteStore& store_;
};

}  // namespace goalpost::storage
