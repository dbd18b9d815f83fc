#include "bot/slack/block_kit.hpp"

#include <boost/json.hpp>

#include "core/text.hpp"

namespace goalpost::bot {
namespace {

boost::json::object text_object(const char* type, std::string text) {
    boost::json::object o;
    o["type"] = type;
    o["text"] = std::move(text);
    return o;
}

boost::json::object section_block(const core::Block& b) {
    boost::json::object block;
    block["type"] = "section";
    block["text"] = text_object("mrkdwn", core::truncate_utf8(b.text, slack_max_section_text));
    if (b.button) {
        boost::json::object button;
        button["type"] = "button";
        auto label = text_object("plain_text", core::truncate_utf8(core::escape_text(b.button->label), 75));
        label["emoji"] = true;
        button["text"] = std::move(label);
        button["action_id"] = b.button->action;
        button["value"] = b.button->value;
        if (!b.button->url.empty()) button["url"] = b.button->url;
        block["accessory"] = std::move(button);
    }
    return block;
}

boost::json::object context_block(std::string text) {
    boost::json::object block;
    block["type"] = "context";
    boost::json::array elements;
    elements.push_back(text_object("mrkdwn", core::truncate_utf8(text, slack_max_section_text)));
    block["elements"] = std::move(elements);
    return block;
}

// {"text", "blocks"}: what both a slash-command reply and chat.postMessage carry.
boost::json::object message_object(const core::Message& message) {
    boost::json::array blocks;
    size_t total = message.blocks.size();
    size_t keep = total > slack_max_blocks ? slack_max_blocks - 1 : total;
    for (size_t i = 0; i < keep; ++i) {
        const auto& b = message.blocks[i];
        switch (b.kind) {
            case core::Block::Kind::header: {
                boost::json::object block;
                block["type"] = "header";
                // A header holds text as typed; & < > are control characters in plain_text
                // too (see slack.hpp), escaped here once.
                auto t = text_object("plain_text",
                                     core::truncate_utf8(core::escape_text(b.text), slack_max_header_text));
                t["emoji"] = true;
                block["text"] = std::move(t);
                blocks.push_back(std::move(block));
                break;
            }
            case core::Block::Kind::section: blocks.push_back(section_block(b)); break;
            case core::Block::Kind::context: blocks.push_back(context_block(b.text)); break;
            case core::Block::Kind::divider: blocks.push_back(boost::json::object{{"type", "divider"}}); break;
        }
    }
    if (keep < total) blocks.push_back(context_block("…" + std::to_string(total - keep) + " more not shown."));
    boost::json::object out;
    out["text"] = core::truncate_utf8(message.text, slack_max_section_text);
    out["blocks"] = std::move(blocks);
    return out;
}

}  // namespace

std::string render_slash_reply(const core::Message& message) {
    auto reply = message_object(message);
    reply["response_type"] = message.audience == core::Audience::channel ? "in_channel" : "ephemeral";
    // Every string in the JSON went through truncate_utf8 or is ours, but a button value or an
    // id from an old row might not be UTF-8: ill-formed bytes can only sit inside strings, so
    // replacing them in the serialized text keeps the structure and makes it valid JSON.
    return core::sanitize_utf8(boost::json::serialize(reply));
}

std::string render_slack_message(const core::Message& message) {
    return core::sanitize_utf8(boost::json::serialize(message_object(message)));
}

std::string render_slack_home_view(const core::Message& message) {
    auto rendered = message_object(message);
    boost::json::object view;
    view["type"] = "home";
    view["blocks"] = std::move(rendered["blocks"]);
    boost::json::object out;
    out["view"] = std::move(view);
    return boost::json::serialize(out);
}

}  // namespace goalpost::bot
