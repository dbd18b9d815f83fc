#pragma once
// Block Kit: core::Message rendered as Slack's JSON.
#include <cstddef>
#include <string>

#include "core/message.hpp"

namespace goalpost::bot {

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
