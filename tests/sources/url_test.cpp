// A JSON URL from sources.urls: its headers sent, the number at a JSON Pointer read.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

const std::string document =
    R"({"data":{"count":42,"ratio":0.75,"label":"abc","formatted":"1,200","ok":true,"none":null,"list":[1,2]}})";

bot::sources::Reading read_at(const std::string& pointer, FakePlatform& fake) {
    fake.script({ok(document)});
    const auto settings = settings_for(fake);
    auto http = test_http();
    return read_source("url", settings, *http, {"metrics", pointer});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(url_source)

BOOST_AUTO_TEST_CASE(reads_the_number_at_the_pointer_sending_the_configured_headers) {
    // Setup
    FakePlatform fake;

    // Act
    const auto reading = read_at("/data/count", fake);

    // Check
    BOOST_TEST(reading.value.value_or(-1) == 42);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "GET");
    BOOST_TEST(requests[0].target == "/metrics?key=" + url_query_key);
    BOOST_TEST(requests[0].header("Authorization") == url_header_value);
    BOOST_TEST(requests[0].body.empty());
}

BOOST_AUTO_TEST_CASE(reads_fractions_and_numbers_in_quotes) {
    FakePlatform fractions, quoted;

    BOOST_TEST(read_at("/data/ratio", fractions).value.value_or(-1) == 0.75);
    BOOST_TEST(read_at("/data/formatted", quoted).value.value_or(-1) == 1200);
}

BOOST_AUTO_TEST_CASE(a_string_that_is_not_a_number_is_refused) {
    FakePlatform fake;

    const auto reading = read_at("/data/label", fake);

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "\"metrics\" answered a value at \"/data/label\" \"abc\", which is not a number: check the JSON pointer "
               "and sources.urls.metrics.url");
}

BOOST_AUTO_TEST_CASE(true_null_objects_and_lists_are_not_numbers) {
    const std::vector<std::pair<std::string, std::string>> cases{{"/data/ok", "as true or false"},
                                                                 {"/data/none", "as null"},
                                                                 {"/data", "as an object"},
                                                                 {"/data/list", "as a list"}};
    for (const auto& [pointer, said] : cases) {
        BOOST_TEST_CONTEXT(pointer) {
            FakePlatform fake;

            const auto reading = read_at(pointer, fake);

            BOOST_TEST(!reading.retry);
            BOOST_TEST(contains(reading.error, said + ", not a number"), reading.error);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_pointer_to_nothing_says_where_it_stopped) {
    FakePlatform fake;

    const auto reading = read_at("/data/list/5", fake);

    BOOST_TEST(
        reading.error ==
        "\"metrics\" answered without a value at \"/data/list/5\" (\"/data/list\" has 2 elements, so there is no "
        "element 5): check the JSON pointer and sources.urls.metrics.url");
}

BOOST_AUTO_TEST_CASE(a_document_over_one_mebibyte_is_refused_not_read_again) {
    FakePlatform fake;
    fake.script({ok(R"({"count":1,"padding":")" + std::string(1024 * 1024, 'x') + R"("})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("url", settings, *http, {"metrics", "/count"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error == "\"metrics\" answered with more than 1 MiB: check sources.urls.metrics.url");
}

BOOST_AUTO_TEST_CASE(a_name_not_in_the_settings_is_refused_without_a_request) {
    FakePlatform fake;
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("url", settings, *http, {"revenue", "/total"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error == "sources.urls has no \"revenue\": check the name, or ask an admin to add it");
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
