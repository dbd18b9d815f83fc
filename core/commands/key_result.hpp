#pragma once
// `/okr kr add`: a key result of an objective, measurable (from -> to, increasing or
// decreasing) or binary, with SMART hints and last cycle's baseline in the reply.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct KrAddCmd {
    int objective = 0;  // O-<n>
    std::string title;
    bool binary = false;
    std::optional<double> from;
    std::optional<double> to;
    std::string unit;
    std::optional<std::string> due;
    std::optional<std::string> owner;
};

// After the verb `kr`.
ParseResult parse_key_result(Cursor& in);
std::span<const HelpLine> key_result_help();

Outcome handle(const KrAddCmd& c, Context& cx);

}  // namespace goalpost::core
