// bot::parse_form on arbitrary bytes: never crashes, and whatever it decodes survives a
// re-encode and a second decode unchanged (no byte is lost or invented by the decoder).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/form_encode.hpp"
#include "bot/slack.hpp"
#include "fuzz/fuzz_check.hpp"

namespace {

std::string encode(const std::string& s) { return goalpost::bot::form_encode(s); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A std::string, as the HTTP body is: Boost.URL 1.81's parse_query (under parse_form)
    // measures its input with strlen, so it reads past a view that is not NUL-terminated.
    const std::string body(reinterpret_cast<const char*>(data), size);
    const auto form = goalpost::bot::parse_form(body);
    if (!form) return 0;
    std::string again;
    for (const auto& [key, value] : *form) {
        if (!again.empty()) again += '&';
        again += encode(key) + "=" + encode(value);
    }
    const auto reparsed = goalpost::bot::parse_form(again);
    FUZZ_CHECK(reparsed.has_value(), "a re-encoded form parses");
    FUZZ_CHECK(*reparsed == *form, "a re-encoded form decodes to the same fields");
    return 0;
}
