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

}  // namespace goalpost::core
