// bot::parse_form on arbitrary bytes: never crashes, and whatever it decodes survives a
// re-encode and a second decode unchanged (no byte is lost or invented by the decoder). The
// `text` field, decoded as the Slack edge does (core::decode_slack_text), never grows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/slack/form_encode.hpp"
#include "bot/slack/form.hpp"
#include "core/slack_text.hpp"
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
    if (const auto text = form->find("text"); text != form->end()) {
        FUZZ_CHECK(goalpost::core::decode_slack_text(text->second).size() <= text->second.size(),
                   "the typed text is never longer than what Slack sent");
    }
    return 0;
}
