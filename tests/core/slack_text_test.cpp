#include <boost/test/unit_test.hpp>

#include "core/slack_text.hpp"
#include "core/text.hpp"

using namespace goalpost::core;

namespace {

struct Case {
    const char* sent;   // Slack's `text`, as it arrives
    const char* typed;  // what goalpost keeps
};

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_text)

BOOST_AUTO_TEST_CASE(escaped_characters_are_decoded_once) {
    // Setup
    const Case cases[] = {
        {"R&amp;D: fewer than 5 bugs &amp; &lt;2 outages", "R&D: fewer than 5 bugs & <2 outages"},
        {"Latency p99 &lt; 200 ms", "Latency p99 < 200 ms"},
        {"Q&amp;A done; next: cache &gt; db", "Q&A done; next: cache > db"},
        {"&gt; 5 wins", "> 5 wins"},
        // Typed on purpose: "&amp;" and "&lt;" arrive escaped themselves and stay as typed.
        {"&amp;amp; and &amp;lt; and &amp;gt;", "&amp; and &lt; and &gt;"},
        {"&amp;amp;amp;", "&amp;amp;"},
        // Typed control sequences arrive escaped: they stay text, never a mention or a link.
        {"&lt;!channel&gt; &lt;https://evil.example|docs&gt;", "<!channel> <https://evil.example|docs>"},
        // An ampersand that starts no entity, and other entities, are left alone.
        {"AT&T &copy; &#60; & &am", "AT&T &copy; &#60; & &am"},
        {"", ""},
    };
    for (const auto& c : cases) {
        // Act
        const std::string typed = decode_slack_text(c.sent);

        // Check
        BOOST_TEST(typed == c.typed, "sent: " << c.sent);
    }
}

BOOST_AUTO_TEST_CASE(references_stay_for_the_parser) {
    const Case cases[] = {
        {"<@U123|ana>", "<@U123|ana>"},
        {"<@U123>", "<@U123>"},
        {"<#C123|growth>", "<#C123|growth>"},
        {"team add r&amp;d <@U1|ana> <@W2>", "team add r&d <@U1|ana> <@W2>"},
    };
    for (const auto& c : cases) BOOST_TEST(decode_slack_text(c.sent) == c.typed, "sent: " << c.sent);
}

BOOST_AUTO_TEST_CASE(special_mentions_become_what_was_typed) {
    const Case cases[] = {
        {"<!here>", "@here"},
        {"<!here|here>", "@here"},
        {"<!channel> ship it", "@channel ship it"},
        {"<!everyone>", "@everyone"},
        {"<!subteam^S012|@eng-&amp;-ops>", "@eng-&-ops"},
        {"<!subteam^S012>", "@S012"},
        {"due <!date^1392734382^{date_pretty}|Feb 18, 2014>", "due Feb 18, 2014"},
    };
    for (const auto& c : cases) BOOST_TEST(decode_slack_text(c.sent) == c.typed, "sent: " << c.sent);
}

BOOST_AUTO_TEST_CASE(links_become_their_url) {
    const Case cases[] = {
        {"<https://example.com>", "https://example.com"},
        {"<https://example.com|example.com>", "https://example.com"},
        {"see <http://www.foo.com|www.foo.com> now", "see http://www.foo.com now"},
        {"<https://x.example/?a=1&amp;b=2|x.example/?a=1&amp;b=2>", "https://x.example/?a=1&b=2"},
        // A label never hides where a link goes.
        {"<https://evil.example/login|https://bank.example>", "https://evil.example/login"},
        {"<HTTPS://Example.com/A|Example.com/A>", "HTTPS://Example.com/A"},
        // An e-mail address or a phone number reads as typed.
        {"<mailto:ana@example.com|ana@example.com>", "ana@example.com"},
        {"<tel:+15551234|+1 555 1234>", "+1 555 1234"},
        {"<mailto:ana@example.com>", "mailto:ana@example.com"},
    };
    for (const auto& c : cases) BOOST_TEST(decode_slack_text(c.sent) == c.typed, "sent: " << c.sent);
}

BOOST_AUTO_TEST_CASE(angle_brackets_slack_would_not_send_stay_literal) {
    // Setup: raw '<' never comes from Slack (it escapes them), but curl or a test may send one.
    const Case cases[] = {
        {"a < b", "a < b"},
        {"a <b", "a <b"},
        {"<>", "<>"},
        {"<b>bold</b>", "<b>bold</b>"},
        {"<<@U1>", "<<@U1>"},
        {"<no-scheme|x &amp; y>", "<no-scheme|x & y>"},
        {"<https:>", "<https:>"},
        {"x > y", "x > y"},
    };
    for (const auto& c : cases) BOOST_TEST(decode_slack_text(c.sent) == c.typed, "sent: " << c.sent);
}

BOOST_AUTO_TEST_CASE(what_goalpost_escapes_decodes_back_to_itself) {
    // Setup: text as typed, escaped the way Slack escapes it (core's escape_text).
    const char* typed[] = {"R&D", "< 200 ms", "&amp;", "&lt;!here&gt;", "<!here>", "<@U1>", "a&&b<<>>",
                           "<https://x.example|y>", "日本語 & émoji \U0001F680"};
    for (const char* t : typed) {
        // Act
        const std::string round_trip = decode_slack_text(escape_text(t));

        // Check
        BOOST_TEST(round_trip == t);
    }
}

BOOST_AUTO_TEST_SUITE_END()
