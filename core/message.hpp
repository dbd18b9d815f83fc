#pragma once
// A platform-neutral chat message. Text uses a small markup both renderers
// understand: *bold*, _italic_, `code`, <@USERID> mentions, and &amp; &lt; &gt;
// for literal characters (user text goes through escape_text()).
#include <string>
#include <vector>

namespace goalpost::core {

enum class Audience {
    ephemeral,  // only the person who asked sees it
    channel,    // everyone in the channel sees it
};

struct Block {
    enum class Kind { header, section, context, divider };
    Kind kind = Kind::section;
    std::string text;
};

struct Message {
    Audience audience = Audience::ephemeral;
    std::string text;  // plain fallback for notifications and clients without blocks
    std::vector<Block> blocks;

    Message& header(std::string t) { blocks.push_back({Block::Kind::header, std::move(t)}); return *this; }
    Message& section(std::string t) { blocks.push_back({Block::Kind::section, std::move(t)}); return *this; }
    Message& context(std::string t) { blocks.push_back({Block::Kind::context, std::move(t)}); return *this; }
    Message& divider() { blocks.push_back({Block::Kind::divider, {}}); return *this; }
};

// "🟢 ▰▰▰▰▰▰▰▱▱▱ 70%": grade colour, ten cells, percentage.
std::string progress_bar(double progress);
std::string percent(double progress);  // "70%"

}  // namespace goalpost::core
