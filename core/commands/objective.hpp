#pragma once
// `/okr objective add`: a team's objective in a cycle, public or internal, committed or
// aspirational, optionally aligned to a parent objective.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct ObjectiveAddCmd {
    std::string title;
    std::optional<std::string> team;
    std::optional<int> parent;  // O-<n>
    std::optional<std::string> cycle;
    std::optional<Visibility> visibility;
    std::optional<ObjectiveKind> kind;
};

// After the verb `objective`.
ParseResult parse_objective(Cursor& in);
std::span<const HelpLine> objective_help();

Outcome handle(const ObjectiveAddCmd& c, Context& cx);

}  // namespace goalpost::core
