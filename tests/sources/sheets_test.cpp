// Google Sheets by API key: GET /v4/spreadsheets/{id}/values/{range}?key=..., one cell read like
// a check-in value. (The service account is in google_token_test.cpp.)
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

const std::string sheet_id = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";  // Google's sample sheet

std::string one_cell(const std::string& text) {
    return boost::json::serialize(
        boost::json::object{{"range", "Sheet1!B2"},
                            {"majorDimension", "ROWS"},
                            {"values", boost::json::array{boost::json::array{text.c_str()}}}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sheets_source)

BOOST_AUTO_TEST_CASE(reads_the_formatted_cell_as_a_check_in_value) {
    // Setup
    FakePlatform fake;
    fake.script({ok(source_fixture("sheets-values-get.single-cell.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    // Act
    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    // Check: "$20.50", and the key in the query rather than a header
    BOOST_TEST(reading.value.value_or(-1) == 20.5);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "GET");
    BOOST_TEST(requests[0].path() == "/v4/spreadsheets/" + sheet_id + "/values/Sheet1%21B2");
    BOOST_TEST(requests[0].query() == "key=" + sheets_key);
    BOOST_TEST(!requests[0].has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(a_quoted_sheet_name_stays_one_path_segment) {
    FakePlatform fake;
    fake.script({ok(one_cell("1,200"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "'Q4 / Growth'!C7"});

    BOOST_TEST(reading.value.value_or(-1) == 1200);
    BOOST_TEST(fake.requests().at(0).path() == "/v4/spreadsheets/" + sheet_id + "/values/%27Q4%20%2F%20Growth%27%21C7");
}

BOOST_AUTO_TEST_CASE(cells_read_like_check_in_values) {
    const std::vector<std::pair<std::string, double>> cells{{"45%", 45}, {"$3,500", 3500}, {"done", 1}, {" 7 ", 7}};
    for (const auto& [text, value] : cells) {
        BOOST_TEST_CONTEXT(text) {
            FakePlatform fake;
            fake.script({ok(one_cell(text))});
            const auto settings = settings_for(fake);
            auto http = test_http();

            const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

            BOOST_TEST(reading.value.value_or(-1) == value);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_cell_that_is_not_a_number_is_refused_naming_its_text) {
    FakePlatform fake;
    fake.script({ok(one_cell("n/a"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "The cell Sheet1!B2 holds \"n/a\", which is not a number: put one in it (1,200, 45%, $3,500 or done), "
               "or check the range");
}

BOOST_AUTO_TEST_CASE(a_long_cell_text_is_cut_to_forty_bytes) {
    FakePlatform fake;
    fake.script({ok(one_cell("about twelve hundred, give or take a few dozen"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(contains(reading.error, "holds \"about twelve hundred, give or take"), reading.error);
    BOOST_TEST(contains(reading.error, "…\", which is not a number"), reading.error);
    BOOST_TEST(!contains(reading.error, "dozen"), reading.error);
}

BOOST_AUTO_TEST_CASE(an_empty_cell_is_an_error) {
    for (const auto& body : {source_fixture("sheets-values-get.empty-cell.json"), one_cell("")}) {
        FakePlatform fake;
        fake.script({ok(body)});
        const auto settings = settings_for(fake);
        auto http = test_http();

        const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!A9"});

        BOOST_TEST(!reading.retry);
        BOOST_TEST(reading.error == "The cell Sheet1!A9 is empty: put the number in it, or check the range");
    }
}

BOOST_AUTO_TEST_CASE(a_private_sheet_read_by_api_key_says_how_to_share_it) {
    FakePlatform fake;
    fake.script({answer(403, source_fixture("sheets-error-403-permission-denied.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "Google Sheets refused access (403: The caller does not have permission): share the sheet as \"Anyone "
               "with the link\" (an API key reads only those), or set sources.sheets.service_account_file");
}

BOOST_AUTO_TEST_CASE(an_invalid_api_key_is_named) {
    FakePlatform fake;
    fake.script({answer(400, source_fixture("sheets-error-400-api-key-invalid.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(reading.error ==
               "Google Sheets refused the request (400: API key not valid. Please pass a valid API key.): check the "
               "spreadsheet id, the range (Sheet1!B2) and sources.sheets.api_key");
}

BOOST_AUTO_TEST_CASE(a_429_without_retry_after_waits_the_documented_minute) {
    FakePlatform fake;
    fake.script({answer(429, R"({"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(reading.retry);
    BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 60);
}

BOOST_AUTO_TEST_SUITE_END()
