#pragma once
// `/okr checkin KR-7 42 [confidence] [note]`, and the Slack modal that asks the same: where a
// key result is now, how confident its owner is, why.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct CheckinCmd {
    int kr = 0;  // KR-<n>
    double value = 0;
    std::optional<int> confidence;  // 1..10
    std::string note;
};

// A check-in's value as people type it, in the command or the modal: a number in any form
// parse_number reads (1,200, 5%, $1,200, -3), or a word for a binary key result: done, yes,
// true (1); not-done, "not done", no, false (0). ASCII case is ignored. nullopt otherwise.
std::optional<double> parse_checkin_value(std::string_view text);

// A confidence written on its own (the API, the modal, a CSV cell): a whole number from 1 to 10,
// or on-track (8), at-risk (5), off-track (2), ASCII case ignored. nullopt otherwise.
std::optional<int> parse_confidence(std::string_view text);

// After the verb `checkin`.
ParseResult parse_checkin(Cursor& in);
std::span<const HelpLine> checkin_help();

Outcome handle(const CheckinCmd& c, Context& cx);

}  // namespace goalpost::core
