// bot::render_slash_reply on arbitrary Message text: the reply is always valid JSON (parsed
// back here; abort if not) within Block Kit's limits, and plain_text (headers, button labels)
// comes out escaped. Input: records separated by 0x1E; the
// first is the fallback text, each further record is a block whose first byte picks its
// kind (header, section, context, divider; a section with bit 2 set gets a button labelled
// with its text) and whose rest is its text. The input's last byte picks the audience.
// Text that is not UTF-8 comes out with U+FFFD in its place, so the reply parses strictly
// (Boost.JSON, like Slack, refuses ill-formed UTF-8).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "bot/slack/block_kit.hpp"
#include "core/message.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace goalpost;

namespace {

std::size_t text_size(const boost::json::value& text_object) {
    return text_object.as_object().at("text").as_string().size();
}

bool no_angle_brackets(const boost::json::value& text_object) {
    const auto& text = text_object.as_object().at("text").as_string();
    return std::string_view(text.data(), text.size()).find_first_of("<>") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    core::Message message;
    message.audience = size > 0 && (data[size - 1] & 1) ? core::Audience::channel : core::Audience::ephemeral;
    bool first = true;
    while (true) {
        const auto sep = rest.find('\x1e');
        std::string_view record = rest.substr(0, sep);
        if (first) {
            message.text = std::string(record);
            first = false;
        } else if (!record.empty()) {
            const auto selector = static_cast<unsigned char>(record[0]);
            core::Block block;
            block.kind = static_cast<core::Block::Kind>(selector % 4);
            block.text = std::string(record.substr(1));
            if (block.kind == core::Block::Kind::section && (selector & 4))
                block.button = core::Button{block.text, "checkin_open", block.text};
            message.blocks.push_back(std::move(block));
        }
        if (sep == std::string_view::npos) break;
        rest.remove_prefix(sep + 1);
    }

    const std::string reply = bot::render_slash_reply(message);
    boost::json::error_code ec;
    const boost::json::value parsed = boost::json::parse(reply, ec);
    if (ec) {
        std::fprintf(stderr, "invalid JSON (%s): %s\n", ec.message().c_str(), reply.c_str());
        FUZZ_CHECK(false, "render_slash_reply produces valid JSON");
    }
    const auto& object = parsed.as_object();
    const auto& type = object.at("response_type").as_string();
    FUZZ_CHECK(type == "in_channel" || type == "ephemeral", "a known response_type");
    FUZZ_CHECK(object.at("text").as_string().size() <= bot::slack_max_section_text, "fallback text limit");
    const auto& blocks = object.at("blocks").as_array();
    FUZZ_CHECK(blocks.size() <= bot::slack_max_blocks, "at most 50 blocks");
    for (const auto& b : blocks) {
        const auto& block = b.as_object();
        const auto& kind = block.at("type").as_string();
        if (kind == "header") {
            FUZZ_CHECK(text_size(block.at("text")) <= bot::slack_max_header_text, "header text limit");
            FUZZ_CHECK(no_angle_brackets(block.at("text")), "a header's plain text is escaped: no < or >");
        } else if (kind == "section") {
            FUZZ_CHECK(text_size(block.at("text")) <= bot::slack_max_section_text, "section text limit");
            if (const auto* accessory = block.if_contains("accessory")) {
                FUZZ_CHECK(text_size(accessory->as_object().at("text")) <= 75, "button label limit");
                FUZZ_CHECK(no_angle_brackets(accessory->as_object().at("text")), "a button label is escaped");
            }
        } else if (kind == "context") {
            for (const auto& e : block.at("elements").as_array())
                FUZZ_CHECK(text_size(e) <= bot::slack_max_section_text, "context text limit");
        } else {
            FUZZ_CHECK(kind == "divider", "a known block type");
        }
    }
    return 0;
}
