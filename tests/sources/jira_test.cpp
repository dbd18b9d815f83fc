// Jira Cloud: POST /rest/api/3/search/approximate-count with basic auth.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(jira_source)

BOOST_AUTO_TEST_CASE(reads_the_count_of_the_documented_example) {
    // Setup
    FakePlatform fake;
    fake.script({ok(source_fixture("jira-approximate-count.response.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    // Act
    const auto reading = read_source("jira", settings, *http, {"project = HSP"});

    // Check: the value, and the documented request, with Atlassian's basic-auth example
    BOOST_TEST(reading.value.value_or(-1) == 153);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/rest/api/3/search/approximate-count");
    BOOST_TEST(requests[0].header("Authorization") == "Basic " + jira_basic);
    BOOST_TEST(requests[0].header("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(requests[0].header("Accept") == "application/json");
    BOOST_TEST(same_json(requests[0].body, source_fixture("jira-approximate-count.request.json")));
}

BOOST_AUTO_TEST_CASE(sends_the_jql_as_a_json_string_whatever_it_holds) {
    FakePlatform fake;
    fake.script({ok(R"({"count":0})")});
    auto settings = settings_for(fake);
    settings.jira.base_url = fake.base_url("/");  // a final slash is common in what people paste
    auto http = test_http();
    const std::string jql = R"(project = "R&D \ Ops" AND summary ~ "ünïcode")";

    const auto reading = read_source("jira", settings, *http, {jql});

    BOOST_TEST(reading.value.value_or(-1) == 0);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].target == "/rest/api/3/search/approximate-count");
    BOOST_TEST(boost::json::parse(requests[0].body).at("jql").as_string() == jql);
}

BOOST_AUTO_TEST_CASE(a_jql_jira_cannot_parse_is_refused_with_jiras_first_message) {
    FakePlatform fake;
    fake.script({answer(400, source_fixture("jira-error-400-jql-parse.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"non-parsable query"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "Jira refused the JQL query (400: Error in the JQL Query: Expecting operator but got 'query'. The valid "
               "operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, "
               "character 9)): check the query, and that it names a project or another restriction");
}

BOOST_AUTO_TEST_CASE(a_long_message_from_jira_is_cut_to_one_short_line) {
    FakePlatform fake;
    const std::string long_message = "first line\n" + std::string(400, 'x');
    fake.script({answer(400, boost::json::serialize(boost::json::object{
                                 {"errorMessages", boost::json::array{long_message.c_str(), "second"}}}))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"project = HSP"});

    BOOST_TEST(reading.error.starts_with("Jira refused the JQL query (400: first line xxx"), reading.error);
    BOOST_TEST(reading.error.ends_with("x…): check the query, and that it names a project or another restriction"),
               reading.error);
    BOOST_TEST(reading.error.size() == std::string("Jira refused the JQL query (400: ): check the query, and that it "
                                                   "names a project or another restriction")
                                               .size() +
                                           200);
    BOOST_TEST(!contains(reading.error, "second"));
}

BOOST_AUTO_TEST_CASE(an_unbounded_jql_is_refused_with_jiras_words) {
    FakePlatform fake;
    fake.script({answer(400, source_fixture("jira-error-400-unbounded-jql.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"ORDER BY created"});

    BOOST_TEST(reading.error ==
               "Jira refused the JQL query (400: Unbounded JQL queries are not allowed here. Please add a search "
               "restriction to your query.): check the query, and that it names a project or another restriction");
}

BOOST_AUTO_TEST_CASE(a_404_points_at_the_base_url) {
    FakePlatform fake;
    fake.script({answer(404, "", {}, "text/html")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"project = HSP"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(
        reading.error ==
        "Jira found nothing to read there (404): check sources.jira.base_url (https://your-domain.atlassian.net)");
}

BOOST_AUTO_TEST_CASE(an_answer_without_a_count_is_an_error) {
    FakePlatform fake;
    fake.script({ok(R"({"total":3})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"project = HSP"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(contains(reading.error, "Jira answered without a count (the document has no member \"count\")"),
               reading.error);
}

BOOST_AUTO_TEST_CASE(without_its_settings_nothing_is_sent) {
    FakePlatform fake;
    auto settings = settings_for(fake);
    settings.jira.api_token.reset();
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {"project = HSP"});

    BOOST_TEST(reading.error == "Jira is not set up: set sources.jira.api_token");
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_source_without_its_query_is_refused_without_a_request) {
    FakePlatform fake;
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("jira", settings, *http, {});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error.starts_with("A jira source needs one JQL query"));
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
