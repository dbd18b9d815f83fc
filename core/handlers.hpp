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

// A post for a team's channel besides the reply (a celebration). `key` names it for good:
// a post with the same key is never made twice ("celebrate:kr:7:70").
struct Announcement {
    RowId team_id = 0;
    std::string key;
    Message message;
};

struct Outcome {
    Outcome() = default;
    Outcome(Message m, bool recorded = false) : message(std::move(m)), checkin_recorded(recorded) {}  // NOLINT: implicit on purpose
    Message message;
    bool checkin_recorded = false;
    std::vector<Announcement> announcements;
};

Outcome handle(const Command& command, const HandlerContext& ctx);
// Parses and handles; a parse mistake becomes an ephemeral error message.
Outcome handle_text(std::string_view text, const HandlerContext& ctx);

// The actor's App Home tab: their key results in the current cycle with a "Check in" button
// each (action `checkin_open`, value `KR-n`), or a short getting-started text.
Message home_tab(const HandlerContext& ctx);

// "⚠️ what" plus "Try: `hint`", ephemeral.
Message error_message(const UserError& error);

// True when `name` is an IANA time zone this machine knows.
bool known_timezone(const std::string& name);

}  // namespace goalpost::core
