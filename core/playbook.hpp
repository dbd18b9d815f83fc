#pragma once
// The OKR playbook around the numbers: quick wins, edits with an audit trail, archiving,
// grading with owner overrides, retros and carry-over. Plain values plus the port that
// storage/playbook implements.
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

// A binary, dated achievement ("/okr win"), optionally linked to a KR.
// A key result's numbers, without the rest of it (core::progress reads these).
struct KrValues {
    RowId objective_id = 0;
    bool binary = false;
    double start = 0, target = 1, current = 0;
};

struct Win {
    RowId id = 0;
    RowId team_id = 0;
    std::optional<int> kr_number;
    std::string title;
    std::string user_id;
    Time at{};
};

struct NewWin {
    RowId team_id = 0;
    std::optional<RowId> kr_id;
    std::string title;
    std::string user_id;
    Time at{};
};

enum class EditTarget { objective, key_result };

// One changed field of an objective or KR: the audit trail of "/okr edit".
struct FieldChange {
    std::string field;  // "title", "target", "due", "owner", "visibility", "kind", "archived"
    std::string old_value;
    std::string new_value;
};

struct EditRecord {
    std::string user_id;
    Time at{};
    FieldChange change;
    std::string reason;
};

// What "/okr edit" may change; unset fields stay as they are.
struct ObjectiveEdit {
    std::optional<std::string> title;
    std::optional<Visibility> visibility;
    std::optional<ObjectiveKind> kind;
};
struct KeyResultEdit {
    std::optional<std::string> title;
    std::optional<double> target;
    std::optional<std::string> due;  // "" clears it
    std::optional<std::string> owner;
};

// An owner's score for a KR at grading time, replacing the computed progress.
struct GradeOverride {
    RowId kr_id = 0;
    double score = 0;
    std::string reason;
    std::string user_id;
    Time at{};
};

struct Retro {
    std::string user_id;
    std::string text;
    Time at{};
};

// Written once when an objective is graded (graded again: replaced).
struct ObjectiveGrade {
    double score = 0;
    std::string user_id;
    Time at{};
};

class PlaybookRepository {
public:
    virtual ~PlaybookRepository() = default;

    virtual Win add_win(const WorkspaceKey& ws, const NewWin& win) = 0;
    // Wins of the team with from <= at < to, oldest first.
    virtual std::vector<Win> wins_of_team(const WorkspaceKey& ws, RowId team_id, Time from, Time to) = 0;

    // Applies the changes and writes one audit row per changed field, in one transaction.
    virtual void edit_objective(const WorkspaceKey& ws, RowId objective_id, const ObjectiveEdit& edit,
                                const std::vector<FieldChange>& audit, const std::string& user_id,
                                const std::string& reason, Time at) = 0;
    virtual void edit_key_result(const WorkspaceKey& ws, RowId kr_id, const KeyResultEdit& edit,
                                 const std::vector<FieldChange>& audit, const std::string& user_id,
                                 const std::string& reason, Time at) = 0;
    // Oldest first.
    virtual std::vector<EditRecord> history_of(const WorkspaceKey& ws, EditTarget target, RowId id) = 0;

    virtual void archive_objective(const WorkspaceKey& ws, RowId objective_id, const std::string& user_id,
                                   const std::string& reason, Time at) = 0;
    virtual bool is_archived(const WorkspaceKey& ws, RowId objective_id) = 0;

    // Stores the overrides (replacing earlier ones for the same KRs) and the objective's
    // grade in one transaction.
    virtual void grade_objective(const WorkspaceKey& ws, RowId objective_id, const ObjectiveGrade& grade,
                                 const std::vector<GradeOverride>& overrides) = 0;
    virtual std::optional<ObjectiveGrade> grade_of_objective(const WorkspaceKey& ws, RowId objective_id) = 0;
    virtual std::vector<GradeOverride> overrides_of(const WorkspaceKey& ws, RowId objective_id) = 0;

    virtual void add_retro(const WorkspaceKey& ws, RowId objective_id, const Retro& retro) = 0;
    virtual std::vector<Retro> retros_of(const WorkspaceKey& ws, RowId objective_id) = 0;

    // Carry-over, in one transaction: a copy of the objective in `cycle` (created by `user_id`
    // at `at`) with a copy of each listed KR of it, linked to the original (carried_from), its
    // current value carried as a first check-in when it moved. Returns the new objective's number.
    virtual int carry_objective(const WorkspaceKey& ws, RowId objective_id, const std::string& cycle,
                                const std::vector<RowId>& kr_ids, const std::string& user_id, Time at) = 0;
    // The number of the KR it was copied from (KR-<number>), if any.
    virtual std::optional<int> carried_from(const WorkspaceKey& ws, RowId kr_id) = 0;
    // Every objective of the workspace that is not archived (for the alignment tree).
    virtual std::vector<Objective> all_objectives(const WorkspaceKey& ws) = 0;
    // What progress needs of every key result of those objectives, in one read (the tree of a
    // large workspace would otherwise ask once per objective).
    virtual std::vector<KrValues> all_kr_values(const WorkspaceKey& ws) = 0;
};

}  // namespace goalpost::core
