#pragma once
// Renders a platform-neutral core::Message as a Microsoft Teams Adaptive Card (version 1.5),
// the Teams counterpart of the Block Kit renderer in bot/slack.hpp.
#include <boost/json/object.hpp>
#include <cstddef>
#include <map>
#include <string>

#include "core/message.hpp"

namespace goalpost::bot {

// Teams refuses messages over 28 KB; the card stays at or under this many bytes serialized,
// leaving room for the envelope and the text summary.
inline constexpr std::size_t teams_max_card_bytes = 28000;

// Names the renderer may show. A user id found here becomes a real Teams mention
// (<at>name</at> plus an msteams mention entity); other ids are shown as "@id". A channel id
// found here is shown as the given text ("#growth", "this channel"); others as "#id".
struct TeamsNames {
    std::map<std::string, std::string> users;
    std::map<std::string, std::string> channels;
};

// header -> TextBlock (Large, Bolder); section -> TextBlock with the markup turned into
// Teams markdown; context -> subtle small TextBlock; divider -> a separator on the next
// element. A block starting with the green/yellow/red progress dot gets that colour.
// Text a user typed cannot form a link, a mention or HTML. A card that would exceed
// teams_max_card_bytes loses trailing blocks and says how many are not shown.
boost::json::object render_card(const core::Message& message, const TeamsNames& names = {});

// The message as plain text: markup removed, mentions as "@name", literal characters decoded.
std::string render_teams_text(const core::Message& message, const TeamsNames& names = {});

// The reply to an outgoing webhook: {"type":"message","text":summary,"attachments":[card]}.
std::string render_teams_reply(const core::Message& message, const TeamsNames& names = {});

// What a Teams Workflows (or incoming) webhook takes: {"type":"message","attachments":[card]}.
std::string render_teams_webhook_payload(const core::Message& message, const TeamsNames& names = {});

}  // namespace goalpost::bot
