// core::parse_number on arbitrary text: never crashes, never yields NaN or infinity, and
// what format_number prints for a parsed value (below 10^12, where doubles hold cents) reads back as the same value
// to the cent.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/numbers.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace goalpost::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = parse_number(text);
    if (!parsed) return 0;
    FUZZ_CHECK(std::isfinite(parsed->value), "a parsed number is finite");
    const std::string shown = format_number(parsed->value);
    (void)format_value(parsed->value, parsed->unit);
    (void)format_value(parsed->value, "pts");
    if (std::fabs(parsed->value) < 1e12) {
        const auto back = parse_number(shown);
        FUZZ_CHECK(back.has_value(), "format_number's output parses");
        FUZZ_CHECK(std::fabs(back->value - std::round(parsed->value * 100) / 100) < 0.006,
                   "format_number's output reads back as the value, to the cent");
    }
    return 0;
}
