#pragma once
// The way into the commands: text to a Command (the verb picks the family that parses the
// rest), and a Command to its family's handler, answered with a platform-neutral Message
// that the adapters turn into Block Kit or an Adaptive Card.
#include <string_view>

#include "core/commands/command.hpp"
#include "core/commands/context.hpp"

namespace goalpost::core {

// `text` is what followed the slash command (Slack's `text` field).
ParseResult parse_command(std::string_view text, std::string_view command_name = "/okr");

Outcome handle(const Command& command, const HandlerContext& ctx);
// Parses and handles; a parse mistake becomes an ephemeral error message.
Outcome handle_text(std::string_view text, const HandlerContext& ctx);

// The actor's App Home tab: their key results in the current cycle with a "Check in" button
// each (action `checkin_open`, value `KR-n`), or a short getting-started text (views.cpp).
Message home_tab(const HandlerContext& ctx);

}  // namespace goalpost::core
