// bot::verify_slack_signature on arbitrary header values and bodies. Input lines:
// signing secret, X-Slack-Request-Timestamp, X-Slack-Signature, then the raw body.
// Never crashes; says ok only for the right HMAC; a correct signature with a fresh
// timestamp is accepted and any one-character change to it is refused.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/slack/signature.hpp"
#include "core/text.hpp"
#include "fuzz/fuzz_check.hpp"

using goalpost::bot::SignatureCheck;
using goalpost::bot::slack_signature;
using goalpost::bot::verify_slack_signature;

namespace {

// The timestamp of Slack's documented example (tests/fixtures/slack-signing-example.txt).
const goalpost::core::Time now{std::chrono::seconds{1531420618}};

std::string_view next_line(std::string_view& rest) {
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view secret = next_line(rest);
    const std::string_view timestamp = next_line(rest);
    const std::string_view signature = next_line(rest);
    const std::string_view body = rest;

    const SignatureCheck given = verify_slack_signature(secret, timestamp, signature, body, now);
    (void)goalpost::bot::describe(given);
    const std::string expected = slack_signature(secret, timestamp, body);
    if (given == SignatureCheck::ok) {
        FUZZ_CHECK(goalpost::core::ascii_lower(signature) == expected, "ok only for the right HMAC");
    }

    const SignatureCheck right = verify_slack_signature(secret, timestamp, expected, body, now);
    FUZZ_CHECK(right != SignatureCheck::mismatch, "the right HMAC never mismatches");
    if (right == SignatureCheck::ok) {
        // Flip one hex digit, chosen by the input, after the "v0=" prefix.
        std::string wrong = expected;
        const std::size_t at = 3 + (size % (wrong.size() - 3));
        wrong[at] = wrong[at] == '0' ? '1' : '0';
        FUZZ_CHECK(verify_slack_signature(secret, timestamp, wrong, body, now) == SignatureCheck::mismatch,
                   "a changed signature is refused");
        FUZZ_CHECK(verify_slack_signature(secret, timestamp, expected, std::string(body) + " ", now) ==
                       SignatureCheck::mismatch,
                   "a changed body is refused");
    }
    return 0;
}
