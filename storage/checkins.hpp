#pragma once
// Check-ins on SQLite (core::CheckinRepository). A check-in commits together with the
// check-ins of other requests arriving at the same time (storage/sqlite/group_commit.hpp)
// and returns only after that transaction committed.
#include "core/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sqlite/connections.hpp

class CheckinStore final : public core::CheckinRepository {
public:
    explicit CheckinStore(Connections& connections) : connections_(connections) {}

    core::KeyResult record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) override;
    std::vector<core::Checkin> checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
