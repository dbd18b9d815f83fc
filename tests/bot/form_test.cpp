#include <boost/test/unit_test.hpp>

#include "bot/slack/form.hpp"

using goalpost::bot::parse_form;

BOOST_AUTO_TEST_SUITE(form_decoding)

BOOST_AUTO_TEST_CASE(plus_is_a_space_and_percent_2b_a_plus) {
    auto f = parse_form("text=checkin+KR-7+%2B5+%E2%80%9Cok%E2%80%9D&command=%2Fokr");
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->at("text") == "checkin KR-7 +5 \u201cok\u201d");
    BOOST_TEST(f->at("command") == "/okr");
}

BOOST_AUTO_TEST_CASE(empty_and_valueless_fields) {
    auto f = parse_form("text=&flag&user_id=U1");
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(f->at("text").empty());
    BOOST_TEST(f->at("flag").empty());
    BOOST_TEST(f->at("user_id") == "U1");
    BOOST_TEST(parse_form("")->empty());
}

BOOST_AUTO_TEST_CASE(the_first_of_repeated_keys_wins) {
    auto f = parse_form("user_id=U1&user_id=U2");
    BOOST_TEST(f->at("user_id") == "U1");
}

BOOST_AUTO_TEST_CASE(broken_percent_escapes_are_refused) {
    BOOST_TEST(!parse_form("text=%ZZ").has_value());
    BOOST_TEST(!parse_form("text=%4").has_value());
}

BOOST_AUTO_TEST_CASE(ill_formed_utf8_is_replaced_not_passed_on) {
    auto form = parse_form("text=objective+add+%22Gr%FFow%C3%22&user_name=an%E0%80a");
    BOOST_REQUIRE(form.has_value());
    BOOST_TEST(form->at("text") == "objective add \"Gr\uFFFDow\uFFFD\"");
    BOOST_TEST(form->at("user_name") == "an\uFFFDa");
}

BOOST_AUTO_TEST_SUITE_END()
