// The /okr parser on arbitrary text: core::tokenize, core::parse_command and the token-level
// readers (numbers, check-in values, refs, mentions) never crash; a number is read the same
// as a check-in value; a parse gives a command or an error, never
// both or neither, also for the text as the Slack edge decodes it; escaped text never carries
// a raw '<' or '>'; decoding Slack's escaping never grows the text and gives back exactly
// what escape_text escaped.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/commands/checkin.hpp"
#include "core/commands/dispatch.hpp"
#include "core/commands/grammar.hpp"
#include "core/numbers.hpp"
#include "core/slack_text.hpp"
#include "core/text.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace goalpost::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const ParseResult parsed = parse_command(text);
    FUZZ_CHECK(parsed.command.has_value() != parsed.error.has_value(), "a command or an error");
    if (parsed.error) {
        FUZZ_CHECK(!parsed.error->what.empty(), "an error says what was wrong");
    }

    if (const auto tokens = tokenize(text)) {
        for (const Token& t : *tokens) {
            if (const auto n = parse_number(t.text)) {
                FUZZ_CHECK(parse_checkin_value(t.text) == n->value, "a number is a check-in value");
            }
            (void)parse_ref(t.text, "O-");
            (void)parse_ref(t.text, "KR-");
            (void)user_ref(t.text);
            (void)channel_ref(t.text);
        }
    }

    const std::string escaped = escape_text(text);
    FUZZ_CHECK(escaped.find_first_of("<>") == std::string::npos, "escaped text has no < or >");
    FUZZ_CHECK(decode_slack_text(escaped) == text, "Slack's escaping decodes back to what was typed, once");
    const std::string typed = decode_slack_text(text);
    FUZZ_CHECK(typed.size() <= text.size(), "decoding never grows the text");
    const ParseResult from_slack = parse_command(typed);
    FUZZ_CHECK(from_slack.command.has_value() != from_slack.error.has_value(), "a command or an error");
    const std::string cut = truncate_utf8(text, size / 2);
    FUZZ_CHECK(cut.size() <= size / 2, "truncate_utf8 respects its byte limit");
    (void)utf8_length(text);
    return 0;
}
