#pragma once
// Wins, the edit audit trail, grades, retros and carry-over links (core/playbook.hpp).
// On SQLite; every method is one transaction scoped to a workspace.
#include "core/playbook.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class PlaybookStore final : public core::PlaybookRepository {
public:
    explicit PlaybookStore(Connections& connections) : connections_(connections) {}

    core::Win add_win(const core::WorkspaceKey& ws, const core::NewWin& win) override;
    std::vector<core::Win> wins_of_team(const core::WorkspaceKey& ws, core::RowId team_id, core::Time from,
                                        core::Time to) override;
    void edit_objective(const core::WorkspaceKey& ws, core::RowId objective_id, const core::ObjectiveEdit& edit,
                        const std::vector<core::FieldChange>& audit, const std::string& user_id,
                        const std::string& reason, core::Time at) override;
    void edit_key_result(const core::WorkspaceKey& ws, core::RowId kr_id, const core::KeyResultEdit& edit,
                         const std::vector<core::FieldChange>& audit, const std::string& user_id,
                         const std::string& reason, core::Time at) override;
    std::vector<core::EditRecord> history_of(const core::WorkspaceKey& ws, core::EditTarget target,
                                             core::RowId id) override;
    void archive_objective(const core::WorkspaceKey& ws, core::RowId objective_id, const std::string& user_id,
                           const std::string& reason, core::Time at) override;
    bool is_archived(const core::WorkspaceKey& ws, core::RowId objective_id) override;
    void grade_objective(const core::WorkspaceKey& ws, core::RowId objective_id, const core::ObjectiveGrade& grade,
                         const std::vector<core::GradeOverride>& overrides) override;
    std::optional<core::ObjectiveGrade> grade_of_objective(const core::WorkspaceKey& ws,
                                                           core::RowId objective_id) override;
    std::vector<core::GradeOverride> overrides_of(const core::WorkspaceKey& ws, core::RowId objective_id) override;
    void add_retro(const core::WorkspaceKey& ws, core::RowId objective_id, const core::Retro& retro) override;
    std::vector<core::Retro> retros_of(const core::WorkspaceKey& ws, core::RowId objective_id) override;
    int carry_objective(const core::WorkspaceKey& ws, core::RowId objective_id, const std::string& cycle,
                        const std::vector<core::RowId>& kr_ids, const std::string& user_id, core::Time at) override;
    std::optional<int> carried_from(const core::WorkspaceKey& ws, core::RowId kr_id) override;
    std::vector<core::Objective> all_objectives(const core::WorkspaceKey& ws) override;
    std::vector<core::KrValues> all_kr_values(const core::WorkspaceKey& ws) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
