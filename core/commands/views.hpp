#pragma once
// What there is to look at: `/okr list [mine | team NAME | all]`, `/okr show O-3 | KR-7
// [history]`, and the asker's App Home tab (home_tab, declared in dispatch.hpp).
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct ListCmd {
    enum class Scope { mine, team, all };
    Scope scope = Scope::mine;
    std::optional<std::string> team;
    std::optional<std::string> cycle;  // "2027-Q1" or a custom cycle's name; default: the current cycle
};
struct ShowCmd {
    bool objective = true;  // false: key result
    int number = 0;
    bool history = false;   // "show KR-7 history": the edit audit trail
};

// After the verbs `list` and `show`.
ParseResult parse_list(Cursor& in);
ParseResult parse_show(Cursor& in);
std::span<const HelpLine> views_help();

Outcome handle(const ListCmd& c, Context& cx);
Outcome handle(const ShowCmd& c, Context& cx);

}  // namespace goalpost::core
