#pragma once
// `/okr cycle add | list | remove`: a workspace's custom cycles beside the calendar quarters.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

// Custom cycles: /okr cycle add NAME start=YYYY-MM-DD end=YYYY-MM-DD | cycle list | cycle remove NAME
struct CycleAddCmd {
    std::string name;
    std::string start;  // YYYY-MM-DD
    std::string end;    // YYYY-MM-DD, inclusive
};
struct CycleListCmd {};
struct CycleRemoveCmd {
    std::string name;
};

// After the verb `cycle`.
ParseResult parse_cycle(Cursor& in);
std::span<const HelpLine> cycle_help();

Outcome handle(const CycleAddCmd& c, Context& cx);
Outcome handle(const CycleListCmd& c, Context& cx);
Outcome handle(const CycleRemoveCmd& c, Context& cx);

}  // namespace goalpost::core
