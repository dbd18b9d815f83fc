#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/slack/block_kit.hpp"

using namespace goalpost;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(block_kit)

BOOST_AUTO_TEST_CASE(renders_each_block_kind_and_audience) {
    core::Message m;
    m.audience = core::Audience::channel;
    m.text = "fallback";
    m.header("Header").section("*bold* text").context("small").divider();
    auto v = json::parse(bot::render_slash_reply(m)).as_object();
    BOOST_TEST(v.at("response_type").as_string() == "in_channel");
    BOOST_TEST(v.at("text").as_string() == "fallback");
    auto& blocks = v.at("blocks").as_array();
    BOOST_REQUIRE_EQUAL(blocks.size(), 4u);
    BOOST_TEST(blocks[0].at("type").as_string() == "header");
    BOOST_TEST(blocks[0].at("text").at("type").as_string() == "plain_text");
    BOOST_TEST(blocks[1].at("text").at("type").as_string() == "mrkdwn");
    BOOST_TEST(blocks[1].at("text").at("text").as_string() == "*bold* text");
    BOOST_TEST(blocks[2].at("elements").at(0).at("text").as_string() == "small");
    BOOST_TEST(blocks[3].at("type").as_string() == "divider");
    core::Message e;
    BOOST_TEST(json::parse(bot::render_slash_reply(e)).at("response_type").as_string() == "ephemeral");
}

BOOST_AUTO_TEST_CASE(never_more_than_50_blocks) {
    core::Message m;
    for (int i = 0; i < 80; ++i) m.section("line " + std::to_string(i));
    auto v = json::parse(bot::render_slash_reply(m));
    auto& blocks = v.at("blocks").as_array();
    BOOST_TEST(blocks.size() == 50u);
    BOOST_TEST(blocks.back().at("elements").at(0).at("text").as_string() == "\u202631 more not shown.");
}

BOOST_AUTO_TEST_CASE(section_text_is_cut_at_3000_characters) {
    core::Message m;
    m.section(std::string(5000, 'x'));
    m.header(std::string(400, 'h'));
    auto v = json::parse(bot::render_slash_reply(m));
    BOOST_TEST(v.at("blocks").at(0).at("text").at("text").as_string().size() <= 3000u);
    BOOST_TEST(v.at("blocks").at(1).at("text").at("text").as_string().size() <= 150u);
}

BOOST_AUTO_TEST_CASE(plain_text_is_escaped_once_as_slack_documents_and_never_cut_inside_an_entity) {
    // Setup: header text and button labels are plain (as typed); sections are markup already.
    core::Message m;
    m.header("R&D < 200 ms &amp;");
    m.section("*O-1* R&amp;D", core::Button{"Q&A <now>", "checkin_open", "KR-1"});
    m.header(std::string(145, 'h') + "&&");

    // Act
    auto v = json::parse(bot::render_slash_reply(m));

    // Check
    const auto& blocks = v.at("blocks").as_array();
    BOOST_TEST(blocks[0].at("text").at("text").as_string() == "R&amp;D &lt; 200 ms &amp;amp;");
    BOOST_TEST(blocks[1].at("text").at("text").as_string() == "*O-1* R&amp;D");
    BOOST_TEST(blocks[1].at("accessory").at("text").at("text").as_string() == "Q&amp;A &lt;now&gt;");
    BOOST_TEST(blocks[1].at("accessory").at("value").as_string() == "KR-1");
    // 145 + "&amp;&amp;" is over 150 bytes: the cut goes before an entity, not through one.
    BOOST_TEST(blocks[2].at("text").at("text").as_string() == std::string(145, 'h') + "\u2026");
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_never_make_the_json_invalid_even_in_a_button_value) {
    // Found by the block_kit fuzzer: a button's value went out unchanged.
    core::Message m;
    m.text = "KR-1 \xff updated";
    core::Block b;
    b.kind = core::Block::Kind::section;
    b.text = "section \xc3";
    b.button = core::Button{"Check in \xe0\x80", "checkin_open", "KR-1\xff\xfe"};
    m.blocks.push_back(b);
    for (const std::string& out : {bot::render_slash_reply(m), bot::render_slack_message(m)}) {
        boost::json::error_code ec;
        auto v = json::parse(out, ec);  // Boost.JSON, like Slack, refuses ill-formed UTF-8
        BOOST_TEST(!ec);
        BOOST_TEST(v.at("blocks").at(0).at("accessory").at("value").as_string() == "KR-1\uFFFD\uFFFD");
        BOOST_TEST(v.at("text").as_string() == "KR-1 \uFFFD updated");
    }
}

BOOST_AUTO_TEST_SUITE_END()
