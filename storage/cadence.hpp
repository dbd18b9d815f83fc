#pragma once
// A team's cadence on SQLite: its channel and schedule settings (core::CadenceRepository),
// the history digests and summaries read (core::ReportRepository), and the runs of its
// schedule (storage::ScheduleRuns).
#include "core/ports.hpp"
#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class CadenceStore final : public core::CadenceRepository, public core::ReportRepository, public ScheduleRuns {
public:
    // `keeps_weeks`: as CheckinStore's (a time zone change recounts the team's check-in weeks).
    CadenceStore(Connections& connections, bool keeps_weeks) : connections_(connections), keeps_weeks_(keeps_weeks) {}

    // CadenceRepository
    std::optional<core::TeamSettings> settings_of(const core::WorkspaceKey& ws, core::RowId team_id) override;
    void update_settings(const core::WorkspaceKey& ws, core::RowId team_id,
                         const core::TeamSettingsChange& change) override;

    // ReportRepository
    std::vector<core::Checkin> checkins_of_team(const core::WorkspaceKey& ws, core::RowId team_id, core::Time from,
                                                core::Time to) override;
    std::optional<double> value_before(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time t) override;
    std::map<core::RowId, double> values_before(const core::WorkspaceKey& ws, core::RowId team_id,
                                                core::Time t) override;
    std::map<core::RowId, std::vector<core::Checkin>> recent_checkins_of_team(const core::WorkspaceKey& ws,
                                                                              core::RowId team_id,
                                                                              int per_kr) override;

    // ScheduleRuns
    std::vector<ScheduledTeam> all_teams() override;
    bool has_run(core::RowId team_id, const std::string& kind, const std::string& period) override;
    bool record_run(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& kind,
                    const std::string& period, core::Time due, const std::string& outcome,
                    const std::vector<NewOutboxItem>& messages, core::Time now) override;

private:
    Connections& connections_;
    bool keeps_weeks_;
};

}  // namespace goalpost::storage
