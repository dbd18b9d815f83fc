#include <boost/test/unit_test.hpp>

#include "core/commands/grammar.hpp"
#include "core/text.hpp"

using namespace goalpost::core;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(straight_and_typographic_quotes_group_words) {
    auto t = tokenize("kr add O-1 \u201cGrow the beta\u201d from=1 \"two words\"");
    BOOST_REQUIRE(t.has_value());
    BOOST_REQUIRE_EQUAL(t->size(), 6u);
    BOOST_TEST((*t)[3].text == "Grow the beta");
    BOOST_TEST((*t)[3].quoted);
    BOOST_TEST((*t)[5].text == "two words");
    BOOST_TEST(!(*t)[4].quoted);
}

BOOST_AUTO_TEST_CASE(quotes_inside_an_option_value) {
    auto t = tokenize("title=\u201cship it now\u201d x");
    BOOST_REQUIRE(t.has_value());
    BOOST_REQUIRE_EQUAL(t->size(), 2u);
    BOOST_TEST((*t)[0].text == "title=ship it now");
}

BOOST_AUTO_TEST_CASE(an_open_quote_is_an_error) {
    BOOST_TEST(!tokenize("checkin KR-1 4 \"blocked").has_value());
    BOOST_TEST(!tokenize("\u201cnever closed").has_value());
}

BOOST_AUTO_TEST_CASE(non_breaking_spaces_separate_words) {
    auto t = tokenize("list\u00a0mine");
    BOOST_REQUIRE(t.has_value());
    BOOST_TEST(t->size() == 2u);
}

BOOST_AUTO_TEST_CASE(mentions_and_channels) {
    BOOST_TEST(*user_ref("<@U1|ana>") == "U1");
    BOOST_TEST(*user_ref("<@U2>") == "U2");
    BOOST_TEST(*user_ref("@ana") == "ana");
    BOOST_TEST(!user_ref("ana").has_value());
    BOOST_TEST(!user_ref("<@|x>").has_value());
    BOOST_TEST(*channel_ref("<#C123|growth>") == "C123");
    BOOST_TEST(*channel_ref("#growth") == "#growth");
    BOOST_TEST(!channel_ref("growth").has_value());
}

BOOST_AUTO_TEST_CASE(escaping_defuses_slack_controls) {
    BOOST_TEST(escape_text("<!channel> & <http://x|y>") == "&lt;!channel&gt; &amp; &lt;http://x|y&gt;");
}

BOOST_AUTO_TEST_CASE(truncation_never_cuts_an_escaped_character_in_half) {
    // "R&amp;D" cut at 6 bytes would leave "R&a…" (an entity Slack cannot read): "R…" instead.
    BOOST_TEST(truncate_utf8("R&amp;D", 6) == "R\u2026");
    BOOST_TEST(truncate_utf8("ab&lt;cd", 8) == "ab&lt;cd");
    BOOST_TEST(truncate_utf8("ab&lt;cdef", 9) == "ab&lt;\u2026");
    BOOST_TEST(truncate_utf8("&gt;&gt;&gt;", 7) == "&gt;\u2026");
    BOOST_TEST(truncate_utf8("&gt;&gt;&gt;", 6) == "\u2026");
    // A bare '&' is no entity: cut where the bytes allow.
    BOOST_TEST(truncate_utf8("ab&cdefgh", 6) == "ab&\u2026");
}

BOOST_AUTO_TEST_CASE(truncation_keeps_utf8_whole) {
    std::string s = "ab\u00e9\u00e9\u00e9";  // 2 + 3*2 bytes
    auto cut = truncate_utf8(s, 6);
    BOOST_TEST(cut == "ab\u2026");  // the first é would be split at byte 6, so it goes whole
    BOOST_TEST(truncate_utf8("short", 10) == "short");
    BOOST_TEST(utf8_length("\u00e9t\u00e9 \U0001F680") == 5u);
    // What the renderers emit is well-formed even when the text was not.
    BOOST_TEST(truncate_utf8("a\xff", 10) == "a\uFFFD");
    BOOST_TEST(truncate_utf8("abc\xff\xff\xff\xff", 6) == "abc\u2026");
}

BOOST_AUTO_TEST_CASE(ill_formed_utf8_becomes_replacement_characters) {
    const std::string fffd = "\uFFFD";
    // Valid text, including 4-byte emoji and non-Latin scripts, passes unchanged.
    for (std::string ok : {std::string("plain"), std::string("\u00e9t\u00e9 \U0001F680 \u4e2d\u6587"), std::string()}) {
        BOOST_TEST(valid_utf8(ok));
        BOOST_TEST(sanitize_utf8(ok) == ok);
    }
    struct Case { std::string in, out; };
    const Case cases[] = {
        {"a\xff" "b", "a" + fffd + "b"},                  // never a UTF-8 byte
        {"a\x80\x80" "b", "a" + fffd + "b"},              // stray continuation bytes
        {"\xc3", fffd},                                   // truncated at the end
        {"\xc3(", fffd + "("},                            // lead byte without continuation
        {"\xc0\xaf", fffd},                               // overlong '/'
        {"\xe0\x80\xaf", fffd},                           // overlong, 3 bytes
        {"\xed\xa0\x80", fffd},                           // UTF-16 surrogate
        {"\xf4\x90\x80\x80", fffd},                       // above U+10FFFF
        {"ok \xe2\x82" " \xe2\x82\xac", "ok " + fffd + " \u20ac"},  // cut € then a whole one
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.out) {
            BOOST_TEST(!valid_utf8(c.in));
            BOOST_TEST(sanitize_utf8(c.in) == c.out);
            BOOST_TEST(valid_utf8(sanitize_utf8(c.in)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
