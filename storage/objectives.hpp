#pragma once
// Objectives and their key results on SQLite (core::ObjectiveRepository): one aggregate,
// numbered O-n and KR-n per workspace.
#include "core/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class ObjectiveStore final : public core::ObjectiveRepository {
public:
    explicit ObjectiveStore(Connections& connections) : connections_(connections) {}

    core::Objective add_objective(const core::WorkspaceKey& ws, const core::NewObjective& objective) override;
    std::optional<core::Objective> find_objective(const core::WorkspaceKey& ws, int number) override;
    std::vector<core::Objective> objectives_of_team(const core::WorkspaceKey& ws, core::RowId team_id) override;
    core::KeyResult add_key_result(const core::WorkspaceKey& ws, const core::NewKeyResult& kr) override;
    std::optional<core::KeyResult> find_key_result(const core::WorkspaceKey& ws, int number) override;
    std::vector<core::KeyResult> key_results_of(const core::WorkspaceKey& ws, core::RowId objective_id) override;
    std::vector<core::KeyResult> key_results_of_team(const core::WorkspaceKey& ws, core::RowId team_id) override;
    std::vector<core::KeyResult> key_results_owned_by(const core::WorkspaceKey& ws, const std::string& user_id) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
