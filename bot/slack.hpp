#pragma once
// Slack's side of the edge: request signatures, form bodies, Block Kit.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/message.hpp"
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

// application/x-www-form-urlencoded: '+' is a space, %2B a plus. nullopt when malformed.
// A repeated key keeps its first value.
std::optional<std::map<std::string, std::string>> parse_form(std::string_view body);

// Limits of Block Kit messages (https://api.slack.com/reference/block-kit/blocks).
inline constexpr std::size_t slack_max_blocks = 50;
inline constexpr std::size_t slack_max_section_text = 3000;
inline constexpr std::size_t slack_max_header_text = 150;

// Text follows Slack's escaping rules
// (https://api.slack.com/reference/surfaces/formatting#escaping): `&` `<` `>` are control
// characters in every text object, mrkdwn and plain_text alike, so each is sent as
// `&amp;` `&lt;` `&gt;` unless it is markup. A core::Message's section, context and fallback
// text is markup already (user text went through core::escape_text once); header text and
// button labels are plain and are escaped here, once.
//
// The reply to a slash command: {"response_type", "text", "blocks"}.
std::string render_slash_reply(const core::Message& message);
// A chat.postMessage body without its channel: {"text", "blocks"}.
std::string render_slack_message(const core::Message& message);
// A views.publish body without its user_id: {"view": {"type": "home", "blocks": [...]}}.
// https://api.slack.com/methods/views.publish
std::string render_slack_home_view(const core::Message& message);

}  // namespace goalpost::bot
