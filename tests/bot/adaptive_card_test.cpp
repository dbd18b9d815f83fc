// core::Message -> Adaptive Card for Microsoft Teams.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "bot/teams/adaptive_card.hpp"
#include "core/message.hpp"
#include "core/text.hpp"

using namespace goalpost;
using bot::render_card;

namespace {

std::string text_at(const boost::json::object& card, std::size_t i) {
    return std::string(card.at("body").as_array().at(i).as_object().at("text").as_string());
}
const boost::json::object& block_at(const boost::json::object& card, std::size_t i) {
    return card.at("body").as_array().at(i).as_object();
}
bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

const boost::json::array& entities_of(const boost::json::object& card) {
    static const boost::json::array none;
    const auto* msteams = card.if_contains("msteams");
    if (!msteams) return none;
    const auto* e = msteams->as_object().if_contains("entities");
    return e ? e->as_array() : none;
}

// 30 objectives with 5 key results each, one block per objective and per key result (as
// "show" and "list mine" lay them out), titles as long as people write them.
core::Message large_team() {
    core::Message m;
    m.header("Team growth: weekly digest");
    for (int o = 1; o <= 30; ++o) {
        m.section(fmt::format("*O-{}* {}\n{}", o,
                              core::escape_text("Become the default choice for mid-market teams in EMEA & the "
                                                "Nordics <with> a \"sticky\" onboarding"),
                              core::progress_bar(o / 30.0)));
        for (int k = 1; k <= 5; ++k) {
            m.section(fmt::format("*KR-{}* {}\n{}  600 of 1,200 (from 0) \u00b7 <@U{}> \u00b7 confidence 7/10",
                                  o * 5 + k,
                                  core::escape_text("Qualified pipeline from partner-sourced leads, measured weekly"),
                                  core::progress_bar(k / 5.0), k));
        }
        m.divider();
    }
    m.context("Scores run from 0.0 to 1.0.");
    m.text = "Team growth: weekly digest";
    return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(adaptive_card)

BOOST_AUTO_TEST_CASE(every_block_kind_renders) {
    core::Message m;
    m.header("O-1 Grow the pipeline");
    m.section("*KR-1* Qualified leads\n_at risk_ since Monday");
    m.context("Check in with `/okr checkin KR-1 VALUE`");
    m.divider();
    m.section("after the line");

    auto card = render_card(m);

    BOOST_TEST(card.at("type").as_string() == "AdaptiveCard");
    BOOST_TEST(card.at("version").as_string() == "1.5");
    BOOST_TEST(card.at("$schema").as_string() == "http://adaptivecards.io/schemas/adaptive-card.json");
    BOOST_TEST(card.at("body").as_array().size() == 4u);  // the divider is a separator, not an element
    const auto& header = block_at(card, 0);
    BOOST_TEST(header.at("type").as_string() == "TextBlock");
    BOOST_TEST(header.at("text").as_string() == "O-1 Grow the pipeline");
    BOOST_TEST(header.at("size").as_string() == "Large");
    BOOST_TEST(header.at("weight").as_string() == "Bolder");
    BOOST_TEST(header.at("wrap").as_bool());
    // Slack's *bold* is Teams' **bold**; _italic_ is the same; a line break needs a blank line.
    BOOST_TEST(text_at(card, 1) == "**KR-1** Qualified leads\n\n_at risk_ since Monday");
    BOOST_TEST(!block_at(card, 1).contains("isSubtle"));
    const auto& context = block_at(card, 2);
    BOOST_TEST(context.at("isSubtle").as_bool());
    BOOST_TEST(context.at("size").as_string() == "Small");
    BOOST_TEST(context.at("text").as_string() == "Check in with `/okr checkin KR-1 VALUE`");
    BOOST_TEST(!context.contains("separator"));
    BOOST_TEST(block_at(card, 3).at("separator").as_bool());
    BOOST_TEST(text_at(card, 3) == "after the line");
}

BOOST_AUTO_TEST_CASE(known_users_become_mentions_with_entities) {
    core::Message m;
    m.section("<@aad-ana> checked in *KR-1*; <@aad-ana> again");
    m.section("owner <@U2> and <@U3|ben>");
    bot::TeamsNames names;
    names.users["aad-ana"] = "Ana Lima";

    auto card = render_card(m, names);

    BOOST_TEST(text_at(card, 0) == "<at>Ana Lima</at> checked in **KR-1**; <at>Ana Lima</at> again");
    // Unknown id: shown, not mentioned. A name given with the id: mentioned.
    BOOST_TEST(text_at(card, 1) == "owner @U2 and <at>ben</at>");
    const auto& entities = entities_of(card);
    BOOST_TEST_REQUIRE(entities.size() == 2u);
    BOOST_TEST(boost::json::serialize(entities.at(0)) ==
               R"({"type":"mention","text":"<at>Ana Lima</at>","mentioned":{"id":"aad-ana","name":"Ana Lima"}})");
    BOOST_TEST(entities.at(1).at("mentioned").at("id").as_string() == "U3");
}

BOOST_AUTO_TEST_CASE(two_people_with_one_name_get_distinct_mentions) {
    core::Message m;
    m.section("<@a1> and <@a2>");
    bot::TeamsNames names;
    names.users = {{"a1", "Sam"}, {"a2", "Sam"}};
    auto card = render_card(m, names);
    BOOST_TEST(text_at(card, 0) == "<at>Sam</at> and <at>Sam (a2)</at>");
    BOOST_TEST(entities_of(card).size() == 2u);
}

BOOST_AUTO_TEST_CASE(channels_show_their_names) {
    core::Message m;
    m.section("posting to <#19:abc@thread.skype>, <#C9|growth> and <#C7>");
    bot::TeamsNames names;
    names.channels["19:abc@thread.skype"] = "this channel";
    BOOST_TEST(text_at(render_card(m, names), 0) == "posting to this channel, #growth and #C7");
}

BOOST_AUTO_TEST_CASE(text_a_user_typed_stays_inert) {
    // What core makes of a title typed as: <!channel> [link](http://x) <at>x</at> & <b>
    std::string typed = "<!channel> [link](http://x) <at>x</at> & <b>";
    core::Message m;
    m.header("O-1 " + typed);  // header text is plain, not escaped
    m.section("*O-1* " + core::escape_text(typed));
    m.text = core::escape_text("O-1 " + typed);
    bot::TeamsNames names;
    names.users["x"] = "x";  // even a matching mention entity elsewhere must not be triggered

    auto card = render_card(m, names);
    auto reply = boost::json::parse(bot::render_teams_reply(m, names)).as_object();

    for (const std::string& text : {text_at(card, 0), text_at(card, 1), std::string(reply.at("text").as_string()),
                                    std::string(card.at("fallbackText").as_string())}) {
        BOOST_TEST_CONTEXT(text) {
            BOOST_TEST(!has(text, "<at>"));
            BOOST_TEST(!has(text, "<!"));
            BOOST_TEST(!has(text, "<b>"));
            BOOST_TEST(!has(text, "](http"));
            BOOST_TEST(has(text, "link"));  // still readable
            BOOST_TEST(has(text, "&"));     // decoded, not "&amp;"
            BOOST_TEST(!has(text, "&amp;"));
        }
    }
    BOOST_TEST(entities_of(card).empty());
}

BOOST_AUTO_TEST_CASE(shortcodes_become_emoji_and_code_stays_code) {
    core::Message m;
    m.section(":warning: KR-9 doesn't exist :not_a_code: 09:00-10:00");
    m.context("Try: `/okr kr add O-3 \"*title*\" from=30 to=50` for team_id_x");
    auto card = render_card(m);
    BOOST_TEST(text_at(card, 0) == "\u26A0\uFE0F KR-9 doesn't exist :not_a_code: 09:00-10:00");
    BOOST_TEST(text_at(card, 1) == "Try: `/okr kr add O-3 \"*title*\" from=30 to=50` for team_id_x");
}

BOOST_AUTO_TEST_CASE(grade_colours_follow_the_dot) {
    core::Message m;
    m.section(core::progress_bar(0.8) + "\nTeam *growth*");
    m.section(core::progress_bar(0.5));
    m.section(core::progress_bar(0.1));
    m.section("no dot " + core::progress_bar(0.8));
    m.header(core::progress_bar(1.0) + " done");
    auto card = render_card(m);
    BOOST_TEST(block_at(card, 0).at("color").as_string() == "Good");
    BOOST_TEST(block_at(card, 1).at("color").as_string() == "Warning");
    BOOST_TEST(block_at(card, 2).at("color").as_string() == "Attention");
    BOOST_TEST(!block_at(card, 3).contains("color"));
    BOOST_TEST(block_at(card, 4).at("color").as_string() == "Good");
    // The bar itself stays text.
    BOOST_TEST(has(text_at(card, 0), "\u25B0\u25B0\u25B0\u25B0\u25B0\u25B0\u25B0\u25B0\u25B1\u25B1 80%"));
}

BOOST_AUTO_TEST_CASE(a_large_team_stays_under_28_kb) {
    auto m = large_team();

    auto card = render_card(m);
    auto payload = bot::render_teams_webhook_payload(m);
    auto reply = bot::render_teams_reply(m);

    BOOST_TEST(boost::json::serialize(card).size() <= bot::teams_max_card_bytes);
    BOOST_TEST(payload.size() < 28u * 1024u);
    BOOST_TEST(reply.size() < 28u * 1024u);
    const auto& body = card.at("body").as_array();
    BOOST_TEST(body.size() > 5u);  // as much as fits is kept
    std::size_t kept = body.size() - 1;  // the note is last
    std::size_t dropped = 182 - kept;    // header, 30 objectives, 150 key results, context
    BOOST_TEST(body.back().at("text").as_string() == fmt::format("\u2026{} more not shown.", dropped));
    BOOST_TEST(text_at(card, 0) == "Team growth: weekly digest");
}

BOOST_AUTO_TEST_CASE(one_enormous_block_is_cut_not_rejected) {
    core::Message m;
    m.header("Big");
    m.section(std::string(200000, 'x'));
    m.section(std::string(50000, '<'));
    auto card = render_card(m);
    BOOST_TEST(boost::json::serialize(card).size() <= bot::teams_max_card_bytes);
    BOOST_TEST(text_at(card, 0) == "Big");
}

BOOST_AUTO_TEST_CASE(a_small_card_keeps_everything) {
    core::Message m;
    m.section("one");
    auto card = render_card(m);
    BOOST_TEST(card.at("body").as_array().size() == 1u);
    BOOST_TEST(!has(boost::json::serialize(card), "more not shown"));
}

BOOST_AUTO_TEST_CASE(reply_and_webhook_envelopes) {
    core::Message m;
    m.text = "<@aad-ana> checked in *KR-1*: 600 (50%)";
    m.section("<@aad-ana> checked in *KR-1*");
    bot::TeamsNames names;
    names.users["aad-ana"] = "Ana Lima";

    auto reply = boost::json::parse(bot::render_teams_reply(m, names)).as_object();
    auto payload = boost::json::parse(bot::render_teams_webhook_payload(m, names)).as_object();

    BOOST_TEST(reply.at("type").as_string() == "message");
    BOOST_TEST(reply.at("text").as_string() == "@Ana Lima checked in KR-1: 600 (50%)");
    BOOST_TEST(reply.at("attachments").as_array().size() == 1u);
    const auto& attachment = reply.at("attachments").at(0).as_object();
    BOOST_TEST(attachment.at("contentType").as_string() == "application/vnd.microsoft.card.adaptive");
    BOOST_TEST(attachment.at("content").at("type").as_string() == "AdaptiveCard");
    BOOST_TEST(attachment.at("content").at("fallbackText").as_string() == "@Ana Lima checked in KR-1: 600 (50%)");

    BOOST_TEST(payload.at("type").as_string() == "message");
    BOOST_TEST(!payload.contains("text"));
    BOOST_TEST(payload.at("attachments").as_array().size() == 1u);
    BOOST_TEST(payload.at("attachments").at(0).at("content") == attachment.at("content"));

    // The same envelope shape as Microsoft's documented webhook example.
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/teams-workflows-webhook-adaptive-card.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto documented = boost::json::parse(ss.str()).as_object();
    BOOST_TEST(documented.at("type") == payload.at("type"));
    const auto& doc_attachment = documented.at("attachments").at(0).as_object();
    for (const auto& [key, value] : doc_attachment) {
        BOOST_TEST_CONTEXT(key) { BOOST_TEST(payload.at("attachments").at(0).as_object().contains(key)); }
    }
    BOOST_TEST(doc_attachment.at("contentType") == payload.at("attachments").at(0).at("contentType"));
}

BOOST_AUTO_TEST_CASE(the_summary_falls_back_to_the_first_block) {
    core::Message m;
    m.header("Team growth & co");
    m.section("*O-1* Grow");
    BOOST_TEST(bot::render_teams_text(m) == "Team growth & co");
}

BOOST_AUTO_TEST_SUITE_END()
