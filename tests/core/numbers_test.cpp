#include <boost/test/unit_test.hpp>

#include "core/numbers.hpp"

using goalpost::core::format_number;
using goalpost::core::format_value;
using goalpost::core::parse_number;

BOOST_AUTO_TEST_SUITE(numbers)

BOOST_AUTO_TEST_CASE(plain_and_grouped_numbers) {
    BOOST_TEST(parse_number("1200")->value == 1200);
    BOOST_TEST(parse_number("1,200")->value == 1200);
    BOOST_TEST(parse_number("1,234,567")->value == 1234567);
    BOOST_TEST(parse_number("12.5")->value == 12.5);
    BOOST_TEST(parse_number(".5")->value == 0.5);
    BOOST_TEST(parse_number("-3")->value == -3);
    BOOST_TEST(parse_number("+4")->value == 4);
}

BOOST_AUTO_TEST_CASE(units_typed_with_the_number) {
    auto pct = parse_number("5%");
    BOOST_TEST(pct->value == 5);
    BOOST_TEST(pct->unit == "%");
    auto dollars = parse_number("$1,200");
    BOOST_TEST(dollars->value == 1200);
    BOOST_TEST(dollars->unit == "$");
    auto euros = parse_number("€2.50");
    BOOST_TEST(euros->value == 2.5);
    BOOST_TEST(euros->unit == "€");
    BOOST_TEST(parse_number("-$3")->value == -3);
    BOOST_TEST(parse_number("$-3")->value == -3);
}

BOOST_AUTO_TEST_CASE(not_numbers) {
    for (const char* bad : {"", "abc", "12abc", "1,2", "12,34", "1,2345", ",100", "1.", "1.2.3", "%", "$", "5%%",
                            "$5%", "--3", "1e5", "nan", "inf", "١٢"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_number(bad).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(formatting) {
    BOOST_TEST(format_number(1200) == "1,200");
    BOOST_TEST(format_number(12.5) == "12.5");
    BOOST_TEST(format_number(-3) == "-3");
    BOOST_TEST(format_number(0) == "0");
    BOOST_TEST(format_number(1.0 / 3.0) == "0.33");
    BOOST_TEST(format_value(1200, "$") == "$1,200");
    BOOST_TEST(format_value(5, "%") == "5%");
    BOOST_TEST(format_value(30, "pts") == "30 pts");
}

BOOST_AUTO_TEST_SUITE_END()
