#pragma once
// Check-ins on SQLite (core::CheckinRepository). A check-in commits together with the
// check-ins of other requests arriving at the same time (storage/sql/group_commit.hpp)
// and returns only after that transaction committed.
#include "core/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class CheckinStore final : public core::CheckinRepository {
public:
    // `keeps_weeks`: the file has the checkin_weeks aggregate (schema version 9); a file left
    // at an older version (migration tests only) records check-ins without it.
    CheckinStore(Connections& connections, bool keeps_weeks) : connections_(connections), keeps_weeks_(keeps_weeks) {}

    core::KeyResult record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) override;
    std::vector<core::Checkin> checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) override;
    std::vector<core::Checkin> checkins_before(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time before,
                                               int limit) override;
    std::optional<core::ValueRange> values_before_latest(const core::WorkspaceKey& ws, core::RowId kr_id) override;
    std::vector<core::CheckinWeek> checkin_weeks(const core::WorkspaceKey& ws, core::RowId team_id,
                                                 const std::string& first_week,
                                                 const std::string& last_week) override;

private:
    Connections& connections_;
    bool keeps_weeks_;
};

}  // namespace goalpost::storage
