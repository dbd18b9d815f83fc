#pragma once
// Numbers as people type them in chat: 1200, 1,200, 12.5, 5%, $1,200, -3.
#include <optional>
#include <string>
#include <string_view>

namespace goalpost::core {

struct ParsedNumber {
    double value = 0;
    std::string unit;  // "%" or a currency sign when the user typed one, else empty
};

std::optional<ParsedNumber> parse_number(std::string_view text);

// Shortest readable form: 1200 -> "1,200", 12.5 -> "12.5", 0.3333 -> "0.33".
std::string format_number(double value);
// With the unit where it belongs: "$1,200", "5%", "30 pts".
std::string format_value(double value, const std::string& unit);

}  // namespace goalpost::core
