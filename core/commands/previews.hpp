#pragma once
// `/okr digest` and `/okr summary`: previews, for the asker only, of the scheduled weekly
// digest and monthly stakeholder summary.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct DigestCmd {
    std::optional<std::string> team;
};
struct SummaryCmd {
    std::optional<std::string> team;
    std::optional<std::string> month;  // "2027-01"
};

// After the verbs `digest` and `summary`.
ParseResult parse_digest(Cursor& in);
ParseResult parse_summary(Cursor& in);
std::span<const HelpLine> previews_help();

Outcome handle(const DigestCmd& c, Context& cx);
Outcome handle(const SummaryCmd& c, Context& cx);

}  // namespace goalpost::core
