#pragma once
// A platform-neutral chat message. Text uses a small markup both renderers
// understand: *bold*, _italic_, `code`, <@USERID> mentions, and &amp; &lt; &gt;
// for literal characters (user text goes through escape_text()).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

enum class Audience {
    ephemeral,  // only the person who asked sees it
    channel,    // everyone in the channel sees it
};

// A button beside a section (Slack: an accessory). `action` names what it does
// ("checkin_open"), `value` what it applies to ("KR-7").
struct Button {
    std::string label;
    std::string action;
    std::string value;
    std::string url{};  // set: the button opens this page in the browser (Slack url, Teams Action.OpenUrl)
};

struct Block {
    enum class Kind { header, section, context, divider };
    Kind kind = Kind::section;
    std::string text;
    std::optional<Button> button;
};

struct Message {
    Audience audience = Audience::ephemeral;
    std::string text;  // plain fallback for notifications and clients without blocks
    std::vector<Block> blocks;

    Message& header(std::string t) { blocks.push_back({Block::Kind::header, std::move(t), {}}); return *this; }
    Message& section(std::string t) { blocks.push_back({Block::Kind::section, std::move(t), {}}); return *this; }
    Message& section(std::string t, Button b) {
        blocks.push_back({Block::Kind::section, std::move(t), std::move(b)});
        return *this;
    }
    Message& context(std::string t) { blocks.push_back({Block::Kind::context, std::move(t), {}}); return *this; }
    Message& divider() { blocks.push_back({Block::Kind::divider, {}, {}}); return *this; }
};

// A post for a team's channel besides the reply (a celebration, a scorecard). `key` names it
// for good: a post with the same key is never made twice ("celebrate:kr:7:70").
struct Announcement {
    RowId team_id = 0;
    std::string key;
    Message message;
};

// "<@U123>": the markup that mentions a user; "via API: NAME" for a REST API token ("api:NAME").
std::string mention(std::string_view user_id);

// "🟢 ▰▰▰▰▰▰▰▱▱▱ 70%": grade colour, ten cells, percentage.
std::string progress_bar(double progress);
std::string percent(double progress);  // "70%"

// The message as plain text for a terminal: markup removed, entities decoded,
// mentions shown as @USERID.
std::string plain_text(const Message& message);

}  // namespace goalpost::core
