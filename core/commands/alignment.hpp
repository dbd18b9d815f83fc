#pragma once
// `/okr tree [team NAME] [cycle=...]`: the alignment tree, objectives under the parents
// they align to, with rolled-up progress (the pruning is okr/playbook_view's).
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct TreeCmd {
    std::optional<std::string> team;
    std::optional<std::string> cycle;  // default: the current cycle
};

// After the verb `tree`.
ParseResult parse_tree(Cursor& in);
std::span<const HelpLine> alignment_help();

Outcome handle(const TreeCmd& c, Context& cx);

// The tree as values, for chat and the dashboard alike: the rows drawn, each objective with
// its team, rolled-up progress and whether it should align to a parent and does not.
struct TreeRowView {
    Objective objective;
    int depth = 0;
    std::string team;  // "no team" for an objective of none
    double progress = 0;
    bool unaligned = false;
};
struct TreeView {
    std::optional<Team> only;  // `team NAME`
    std::string cycle;
    std::vector<TreeRowView> rows;
    std::size_t unaligned = 0;
};
UserResult<TreeView> tree_view(const TreeCmd& c, Context& cx);

}  // namespace goalpost::core
