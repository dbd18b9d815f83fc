#pragma once
// The Activity a Microsoft Teams channel message arrives as (outgoing webhook).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace goalpost::bot {

// An Activity's instant: ISO-8601 with optional fractional seconds (truncated) and `Z` or
// an offset (`-07:00`, `+0130`); no zone means UTC. nullopt when malformed.
std::optional<core::Time> parse_activity_time(std::string_view text);

// What goalpost needs from a channel message Activity.
struct TeamsActivity {
    std::string id;
    core::Time timestamp{};
    std::string tenant;           // channelData.tenant.id: the workspace is "teams:<tenant>"
    std::string conversation_id;  // as sent, part of the replay key
    std::string channel_id;       // the channel itself (conversation id without ";messageid=...")
    std::string channel_name;     // channelData.channel.name when Teams sent it
    std::string user_id;          // from.id ("29:..."), the id mentions carry; else from.aadObjectId
    std::string aad_object_id;    // from.aadObjectId (Azure AD), which `admins` may list instead
    std::string user_name;        // from.name
    std::string bot_name;         // the webhook's own mention, e.g. "goalpost"
    std::string text;             // the /okr words: mention of the webhook, tags, entities and "/okr" removed
    // Display names of the sender and of everyone mentioned, by user id.
    std::map<std::string, std::string> names;
};

struct ParsedActivity {
    std::optional<TeamsActivity> activity;
    std::string problem;  // why not, for the log (never for a chat user)
};

// Parses the Activity JSON. Refuses (problem set) a body that is not a JSON object or that
// lacks the id, the timestamp, the tenant or the sender.
ParsedActivity parse_teams_activity(std::string_view body);

// The command words of a message text as Teams sends it: the first <at>...</at> (the webhook,
// which is always mentioned) is removed and its name stored in `bot_name`; every other
// <at>X</at> becomes <@ID> using the mention entity whose text matches (else "@X"); HTML tags
// are dropped (<br>, <p>, <div> become a space), entities decoded, and a leading "/okr" or
// "okr" word removed. `mentions` maps an entity's text ("<at>X</at>") to the user id.
std::string clean_teams_text(std::string_view text, const std::map<std::string, std::string>& mentions,
                             std::string* bot_name = nullptr);

}  // namespace goalpost::bot
