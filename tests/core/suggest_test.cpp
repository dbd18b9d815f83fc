#include <boost/test/unit_test.hpp>

#include "core/commands/dispatch.hpp"
#include "core/commands/suggest.hpp"

using namespace goalpost::core;

namespace {

UserError refused(std::string_view text) {
    auto r = parse_command(text);
    BOOST_REQUIRE_MESSAGE(r.error.has_value(), "expected an error for: " << text);
    BOOST_TEST(!r.command.has_value());
    return *r.error;
}

struct Slip {
    const char* typed;
    const char* what;  // the whole answer
    const char* hint;  // the command to type instead
};

}  // namespace

BOOST_AUTO_TEST_SUITE(suggest)

BOOST_AUTO_TEST_CASE(edit_distance_counts_slips_of_the_keys) {
    BOOST_TEST(edit_distance("checkin", "checkin") == 0u);
    BOOST_TEST(edit_distance("chekin", "checkin") == 1u);     // a letter left out
    BOOST_TEST(edit_distance("chekcin", "checkin") == 1u);    // two letters swapped
    BOOST_TEST(edit_distance("checkinn", "checkin") == 1u);   // one too many
    BOOST_TEST(edit_distance("chackin", "checkin") == 1u);    // a wrong letter
    BOOST_TEST(edit_distance("CheckIn", "checkin") == 0u);    // case is no slip
    BOOST_TEST(edit_distance("", "add") == 3u);
    BOOST_TEST(edit_distance("team", "") == 4u);
    BOOST_TEST(edit_distance("kitten", "sitting") == 3u);
}

BOOST_AUTO_TEST_CASE(nearest_word_only_when_near_enough) {
    BOOST_TEST(*nearest_word("ad", {"add", "create", "remove"}) == "add");
    BOOST_TEST(*nearest_word("objectiv", {"checkin", "objective"}) == "objective");
    BOOST_TEST(*nearest_word("summaries", {"summary", "show"}) == "summary");
    // Too far for the word's length, an exact match, or a word with a digit: no suggestion.
    BOOST_TEST(!nearest_word("xyz", {"add", "set"}).has_value());
    BOOST_TEST(!nearest_word("status", {"show", "list", "team"}).has_value());
    BOOST_TEST(!nearest_word("add", {"add"}).has_value());
    BOOST_TEST(!nearest_word("KR-7", {"kr", "checkin"}).has_value());
    BOOST_TEST(!nearest_word("", {"kr"}).has_value());
    BOOST_TEST(!nearest_word(std::string(41, 'a'), {"kr"}).has_value());
    // Equally near: the first listed wins.
    BOOST_TEST(*nearest_word("lis", {"list", "lift"}) == "list");
}

BOOST_AUTO_TEST_CASE(a_mistyped_command_word_gets_a_suggestion_and_runs_nothing) {
    // Setup
    const Slip slips[] = {
        {"chekin KR-7 40", "I don't know `chekin`. Did you mean `checkin`?", "/okr checkin KR-7 40"},
        {"  Chekcin KR-7 40 \"R&D done\"", "I don't know `Chekcin`. Did you mean `checkin`?",
         "/okr checkin KR-7 40 \"R&amp;D done\""},
        {"objectiv add \"Grow\"", "I don't know `objectiv`. Did you mean `objective`?", "/okr objective add \"Grow\""},
        {"lsit mine", "I don't know `lsit`. Did you mean `list`?", "/okr list mine"},
        {"team ad growth <@U1|ana>", "I don't know `team ad`. Did you mean `team add`?",
         "/okr team add growth &lt;@U1|ana&gt;"},
        {"team team growth", "I don't know `team team`. Did you mean `team lead`?", "/okr team lead growth"},
        {"objective ad \"Grow\" team=growth", "I don't know `objective ad`. Did you mean `objective add`?",
         "/okr objective add \"Grow\" team=growth"},
        {"kr ads O-1 \"Leads\" from=0 to=10", "I don't know `kr ads`. Did you mean `kr add`?",
         "/okr kr add O-1 \"Leads\" from=0 to=10"},
        {"cycle lst", "I don't know `cycle lst`. Did you mean `cycle list`?", "/okr cycle list"},
        {"list tema growth", "I don't know `list tema`. Did you mean `list team`?", "/okr list team growth"},
        {"show KR-7 histroy", "I don't know `show KR-7 histroy`. Did you mean `show KR-7 history`?",
         "/okr show KR-7 history"},
    };
    for (const auto& slip : slips) {
        // Act
        const UserError e = refused(slip.typed);

        // Check
        BOOST_TEST(e.what == slip.what, "typed: " << slip.typed);
        BOOST_TEST(e.hint == slip.hint, "typed: " << slip.typed);
    }
}

BOOST_AUTO_TEST_CASE(a_word_near_nothing_keeps_the_plain_answer) {
    BOOST_TEST(refused("frobnicate KR-7").what == "I don't know the command `frobnicate`.");
    BOOST_TEST(refused("frobnicate KR-7").hint == "/okr help");
    BOOST_TEST(refused("KR-7 40").what == "I don't know the command `KR-7`.");
    BOOST_TEST(refused("team frobnicate growth").what == "`team frobnicate` isn't a team command.");
    BOOST_TEST(refused("objective \"Grow\"").what == "Which objective command?");
    BOOST_TEST(refused("list everything").what.find("list takes mine, team NAME or all") != std::string::npos);
    BOOST_TEST(refused("show KR-7 everything").what == "I didn't understand `everything` at the end.");
    // A quoted word is text, never a command word to correct.
    BOOST_TEST(refused("\"chekin\" KR-7 40").what == "I don't know the command `chekin`.");
}

BOOST_AUTO_TEST_CASE(typed_text_in_a_suggestion_is_escaped) {
    // Setup: the verb slip next to text a person typed, markup characters included.
    const UserError e = refused("chekin KR-7 40 <!channel> & <https://evil.example|docs>");

    // Check: the hint is message markup, so what was typed cannot ping or link.
    BOOST_TEST(e.hint == "/okr checkin KR-7 40 &lt;!channel&gt; &amp; &lt;https://evil.example|docs&gt;");
    BOOST_TEST(refused("lis&t mine").what == "I don't know `lis&amp;t`. Did you mean `list`?");
}

BOOST_AUTO_TEST_SUITE_END()
