#pragma once
// Teams and their members and leads on SQLite (core::TeamRepository).
#include "core/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class TeamStore final : public core::TeamRepository {
public:
    explicit TeamStore(Connections& connections) : connections_(connections) {}

    std::optional<core::Team> create_team(const core::WorkspaceKey& ws, const core::NewTeam& team) override;
    std::optional<core::Team> find_team(const core::WorkspaceKey& ws, const std::string& name) override;
    std::optional<core::Team> find_team_by_id(const core::WorkspaceKey& ws, core::RowId id) override;
    std::vector<core::Team> teams(const core::WorkspaceKey& ws) override;
    std::vector<core::Team> teams_of_member(const core::WorkspaceKey& ws, const std::string& user_id) override;
    bool add_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id, core::Time at) override;
    bool remove_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id) override;
    std::vector<std::string> members(const core::WorkspaceKey& ws, core::RowId team_id) override;
    bool set_lead(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id, bool lead,
                  core::Time at) override;
    std::vector<std::string> leads(const core::WorkspaceKey& ws, core::RowId team_id) override;
    std::vector<core::Team> teams_led_by(const core::WorkspaceKey& ws, const std::string& user_id) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
