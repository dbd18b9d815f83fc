#pragma once
// Pure rules of the playbook (README "OKR rules"): roll-up through the alignment tree,
// grading with overrides, SMART checks, templates.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/playbook.hpp"

namespace goalpost::core {

// ---- roll-up ----
// An objective's progress = the mean over its own KRs' progress and its child objectives'
// rolled-up progress (each KR and each child counts once); 0 when it has neither.
struct AlignmentNode {
    Objective objective;
    std::vector<double> kr_progress;
};
// Children are found by parent_number. Cycles and depths beyond `max_depth` are cut off.
double rolled_up_progress(const std::map<int, AlignmentNode>& by_number, int number, int max_depth = 10);
std::vector<int> children_of(const std::map<int, AlignmentNode>& by_number, int number);

// ---- the alignment tree ----
// Keeps the objectives of `cycle` and the parents they align to, up to 20 levels up and
// whatever cycle those are in; drops the rest.
void keep_cycle_and_parents(std::map<int, AlignmentNode>& by_number, std::string_view cycle);
// Where the tree starts: the objectives whose parent is not in it; for one team, the team's
// objectives whose parent is not the team's own.
std::vector<int> alignment_roots(const std::map<int, AlignmentNode>& by_number, std::optional<RowId> team_id);
// One line of the drawn tree: an objective and how far it is indented.
struct TreeRow {
    int number = 0;
    int depth = 0;
};
inline constexpr std::size_t max_tree_rows = 200;
inline constexpr int max_tree_depth = 8;
// The tree depth first from `roots`: each objective once, children down to max_tree_depth,
// at most max_tree_rows rows.
std::vector<TreeRow> alignment_rows(const std::map<int, AlignmentNode>& by_number, const std::vector<int>& roots);

// ---- grading ----
inline constexpr double retro_prompt_below = 0.7;

struct KrScore {
    KeyResult kr;
    double computed = 0;  // progress at grading time
    std::optional<double> override_score;
    std::string reason;
    double score() const { return override_score.value_or(computed); }
};
struct Scorecard {
    std::vector<KrScore> krs;
    double score = 0;       // mean of the KR scores
    double threshold = 0.7; // 1.0 committed, 0.7 aspirational
    bool succeeded() const { return score >= threshold - 1e-9; }
};
Scorecard score_objective(const Objective& o, const std::vector<KeyResult>& krs,
                          const std::vector<GradeOverride>& overrides);
// A KR that closes below 0.7 (or red) asks its owner for a retro line.
bool needs_retro(const KrScore& s);

// ---- SMART ----
inline constexpr size_t min_krs = 3;
inline constexpr size_t max_krs = 5;
inline constexpr size_t max_objectives_per_cycle = 5;
// True when the KR's title is the objective's title again (case and punctuation aside),
// or contains it whole.
bool repeats_title(std::string_view kr_title, std::string_view objective_title);
// The earlier cycle, "2027-Q1" -> "2026-Q4"; the next, "2026-Q4" -> "2027-Q1".
std::string previous_cycle(std::string_view cycle);
std::string next_cycle(std::string_view cycle);

// ---- templates ----
struct TemplateKr {
    std::string title;
    std::string options;  // "from=0 to=120 unit=k$"
};
struct OkrTemplate {
    std::string name;
    std::string objective;
    std::vector<TemplateKr> krs;
};
std::optional<OkrTemplate> template_named(std::string_view name);
std::vector<std::string> template_names();

}  // namespace goalpost::core
