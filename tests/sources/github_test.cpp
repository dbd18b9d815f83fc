// GitHub: GET /search/issues?q=...&per_page=1 and its rate limits.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

// The documented primary rate-limit answer: 403, X-RateLimit-Remaining: 0, X-RateLimit-Reset: 1377013266.
std::vector<std::pair<std::string, std::string>> primary_limit_headers() {
    return fixture_headers("github-error-403-primary-ratelimit.headers.txt");
}
const core::Time two_minutes_before_reset{std::chrono::seconds{1377013266 - 120}};

}  // namespace

BOOST_AUTO_TEST_SUITE(github_source)

BOOST_AUTO_TEST_CASE(reads_total_count_of_a_recorded_search) {
    // Setup
    FakePlatform fake;
    fake.script({ok(source_fixture("github-search-issues.recorded.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    // Act
    const auto reading = read_source("github", settings, *http, {"sesame repo:octokit-fixture-org/search-issues"});

    // Check
    BOOST_TEST(reading.value.value_or(-1) == 2);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "GET");
    BOOST_TEST(requests[0].path() == "/search/issues");
    BOOST_TEST(requests[0].query() == "q=sesame%20repo%3Aoctokit-fixture-org%2Fsearch-issues&per_page=1");
    BOOST_TEST(requests[0].header("Accept") == "application/vnd.github+json");
    BOOST_TEST(requests[0].header("X-GitHub-Api-Version") == "2022-11-28");
    BOOST_TEST(requests[0].header("User-Agent") == "goalpost");
    BOOST_TEST(requests[0].header("Authorization") == "Bearer " + github_token);
}

BOOST_AUTO_TEST_CASE(searches_public_repositories_without_a_token) {
    FakePlatform fake;
    fake.script({ok(source_fixture("github-search-issues.docs-example.json"))});
    auto settings = settings_for(fake);
    settings.github.token.reset();
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"repo:batterseapower/pinyin-toolkit is:issue"});

    BOOST_TEST(reading.value.value_or(-1) == 280);
    BOOST_TEST(!fake.requests().at(0).has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(an_incomplete_search_still_gives_its_count) {
    FakePlatform fake;
    fake.script({ok(R"({"total_count":41,"incomplete_results":true,"items":[]})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"org:acme is:pr is:merged"});

    BOOST_TEST(reading.value.value_or(-1) == 41);
}

BOOST_AUTO_TEST_CASE(a_used_up_rate_limit_is_read_again_when_it_resets) {
    FakePlatform fake;
    fake.script({answer(403, source_fixture("github-error-403-primary-ratelimit.json"), primary_limit_headers())});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"is:issue"}, two_minutes_before_reset);

    BOOST_TEST(reading.retry);
    BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 120);
    BOOST_TEST(reading.error == "GitHub's search rate limit is used up (403); goalpost will read again when it resets");
}

BOOST_AUTO_TEST_CASE(retry_after_wins_over_the_reset_time) {
    FakePlatform fake;
    auto headers = primary_limit_headers();
    headers.emplace_back("Retry-After", "45");
    fake.script({answer(429, source_fixture("github-error-403-primary-ratelimit.json"), headers)});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"is:issue"}, two_minutes_before_reset);

    BOOST_TEST(reading.retry);
    BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 45);
}

BOOST_AUTO_TEST_CASE(a_secondary_rate_limit_without_headers_waits_a_minute) {
    FakePlatform fake;
    fake.script({answer(403, source_fixture("github-error-403-secondary-ratelimit.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"is:issue"});

    BOOST_TEST(reading.retry);
    BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 60);
}

BOOST_AUTO_TEST_CASE(without_a_token_the_rate_limit_message_says_a_token_raises_it) {
    FakePlatform fake;
    fake.script({answer(403, source_fixture("github-error-403-primary-ratelimit.json"), primary_limit_headers())});
    auto settings = settings_for(fake);
    settings.github.token.reset();
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"is:issue"}, two_minutes_before_reset);

    BOOST_TEST(reading.error.ends_with("(a sources.github.token raises it)"), reading.error);
}

BOOST_AUTO_TEST_CASE(a_403_that_is_no_rate_limit_is_a_refusal) {
    FakePlatform fake;
    fake.script({answer(403, R"({"message":"Resource not accessible by personal access token"})",
                        {{"X-RateLimit-Remaining", "29"}})});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"repo:acme/private is:issue"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "GitHub refused access (403: Resource not accessible by personal access token): check "
               "sources.github.token and that it may see the repositories searched");
}

BOOST_AUTO_TEST_CASE(a_query_without_is_issue_or_is_pr_is_explained) {
    FakePlatform fake;
    fake.script({answer(422, source_fixture("github-error-422-missing-is-qualifier.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("github", settings, *http, {"repo:acme/app label:bug"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "GitHub refused the search (422: Query must include 'is:issue' or 'is:pull-request'): check the query; "
               "GitHub needs is:issue or is:pr");
}

BOOST_AUTO_TEST_SUITE_END()
