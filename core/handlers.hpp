#pragma once
// Runs a parsed /okr command against the repositories and answers with a Message.
// Platform-neutral: the adapters turn the Message into Block Kit or an Adaptive Card.
#include <string>
#include <string_view>
#include <vector>

#include "core/command.hpp"
#include "core/message.hpp"
#include "core/ports.hpp"

namespace goalpost::core {

struct HandlerContext {
    Repositories repos;
    Actor actor;
    Time now{};
    std::vector<std::string> admins;  // empty: anyone may manage teams
    std::string command_name = "/okr";
};

struct Outcome {
    Message message;
    bool checkin_recorded = false;
};

Outcome handle(const Command& command, const HandlerContext& ctx);
// Parses and handles; a parse mistake becomes an ephemeral error message.
Outcome handle_text(std::string_view text, const HandlerContext& ctx);

// "⚠️ what" plus "Try: `hint`", ephemeral.
Message error_message(const UserError& error);

// True when `name` is an IANA time zone this machine knows.
bool known_timezone(const std::string& name);

}  // namespace goalpost::core
