// Trello: GET /1/lists/{id}/cards?fields=id&key=..&token=.. and count the cards.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(trello_source)

BOOST_AUTO_TEST_CASE(counts_the_cards_of_the_list) {
    // Setup
    FakePlatform fake;
    fake.script({ok(source_fixture("trello-list-cards.fields-id.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    // Act
    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    // Check: the key and token travel percent-encoded in the query, nothing in the headers
    BOOST_TEST(reading.value.value_or(-1) == 3);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "GET");
    BOOST_TEST(requests[0].path() == "/1/lists/5abbe4b7ddc1b351ef961414/cards");
    BOOST_TEST(requests[0].query() == "fields=id&key=" + trello_key + "&token=ATTAtrelloTOKENsecret%2Fwith%2Bchars");
    BOOST_TEST(!requests[0].has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(an_empty_list_is_zero) {
    FakePlatform fake;
    fake.script({ok(source_fixture("trello-list-cards.empty.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    BOOST_TEST(reading.value.value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(a_plain_text_401_is_quoted_and_names_both_settings) {
    FakePlatform fake;
    fake.script({plain_text(401, source_fixture("trello-error-401.txt"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "Trello refused goalpost's credentials (401: invalid token): check sources.trello.api_key and "
               "sources.trello.token");
}

BOOST_AUTO_TEST_CASE(a_plain_text_400_says_to_check_the_list_id) {
    FakePlatform fake;
    fake.script({plain_text(400, source_fixture("trello-error-400.txt"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"not-a-list"});

    BOOST_TEST(reading.error.starts_with("Trello refused the list id (400: invalid id): check the list id"),
               reading.error);
}

BOOST_AUTO_TEST_CASE(a_429_without_retry_after_waits_for_trellos_ten_second_window) {
    FakePlatform fake;
    fake.script({answer(429, source_fixture("trello-error-429-token.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    BOOST_TEST(reading.retry);
    BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 10);
}

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_a_list_is_an_error) {
    FakePlatform fake;
    fake.script({ok(R"({"id":"5abbe4b7ddc1b351ef961414"})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error == "Trello answered without a list of cards: check sources.trello.base_url");
}

BOOST_AUTO_TEST_CASE(without_a_token_nothing_is_sent) {
    FakePlatform fake;
    auto settings = settings_for(fake);
    settings.trello.token = "";
    auto http = test_http();

    const auto reading = read_source("trello", settings, *http, {"5abbe4b7ddc1b351ef961414"});

    BOOST_TEST(reading.error == "Trello is not set up: set sources.trello.token");
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
