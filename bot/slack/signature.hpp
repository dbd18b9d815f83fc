#pragma once
// Slack request signatures (v0).
#include <chrono>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace goalpost::bot {

enum class SignatureCheck { ok, missing, malformed, stale, mismatch };
const char* describe(SignatureCheck c);

// Slack v0: HMAC-SHA256 of "v0:{timestamp}:{body}" keyed with the signing secret,
// lowercase hex, compared in constant time; the timestamp must be within `tolerance`
// of `now` either way. https://api.slack.com/authentication/verifying-requests-from-slack
SignatureCheck verify_slack_signature(std::string_view secret, std::string_view timestamp,
                                      std::string_view signature, std::string_view body, core::Time now,
                                      std::chrono::seconds tolerance = std::chrono::seconds(300));

// "v0=<hex>" for the given inputs (for tests and the README's try-it script).
std::string slack_signature(std::string_view secret, std::string_view timestamp, std::string_view body);

}  // namespace goalpost::bot
