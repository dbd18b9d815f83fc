// What every kind does when the platform fails: rate limits, errors, silence, garbage.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

struct Kind {
    std::string kind;
    std::vector<std::string> args;
    std::string name;         // as the errors name the platform
    std::string credentials;  // a settings key a 401 must name
};

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> all{
        {"jira", {"project = HSP"}, "Jira", "sources.jira.api_token"},
        {"asana", {"1201234567890", "completed"}, "Asana", "sources.asana.token"},
        {"trello", {"5abbe4b7ddc1b351ef961414"}, "Trello", "sources.trello.token"},
        {"github", {"repo:octokit-fixture-org/search-issues is:issue sesame"}, "GitHub", "sources.github.token"},
        {"sheets",
         {"1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms", "Sheet1!B2"},
         "Google Sheets",
         "sources.sheets.api_key"},
        {"url", {"metrics", "/count"}, "\"metrics\"", "sources.urls.metrics.headers"},
    };
    return all;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(source_failures)

BOOST_AUTO_TEST_CASE(a_429_is_read_again_after_the_retry_after_seconds) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            // Setup: Asana's documented 429 (Retry-After: 30) for every platform
            FakePlatform fake;
            fake.script({answer(429, source_fixture("asana-error-429.json"),
                                fixture_headers("asana-error-429.headers.txt"))});
            const auto settings = settings_for(fake);
            auto http = test_http();

            // Act
            const auto reading = read_source(k.kind, settings, *http, k.args);

            // Check
            BOOST_TEST(!reading.value);
            BOOST_TEST(reading.retry);
            BOOST_TEST(reading.retry_after_seconds.value_or(-1) == 30);
            BOOST_TEST(reading.error.starts_with(k.name), reading.error);
            BOOST_TEST(contains(reading.error, "(429)"), reading.error);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_500_is_read_again) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            FakePlatform fake;
            fake.script({answer(500, source_fixture("asana-error-500.json"))});
            const auto settings = settings_for(fake);
            auto http = test_http();

            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(reading.retry);
            BOOST_TEST(!reading.retry_after_seconds);
            BOOST_TEST(reading.error == k.name + " had a problem answering (500); goalpost will read again");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_platform_that_does_not_answer_in_time_is_read_again) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            FakePlatform fake;
            fake.script({hang()});
            const auto settings = settings_for(fake);
            auto http = bot::make_outbound_http(std::chrono::seconds(1));

            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(reading.retry);
            BOOST_TEST(reading.error == k.name + " did not answer in time; goalpost will read again");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_platform_nobody_listens_for_is_read_again) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            auto settings = [] {
                FakePlatform gone;  // its port is closed when it goes
                return settings_for(gone);
            }();
            auto http = test_http();

            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(reading.retry);
            BOOST_TEST(reading.error.starts_with("goalpost could not reach " + k.name), reading.error);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_answer_that_is_not_json_is_not_read_again) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            FakePlatform fake;
            fake.script({answer(200, "<html><body>Sign in</body></html>", {}, "text/html")});
            const auto settings = settings_for(fake);
            auto http = test_http();

            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(!reading.retry);
            BOOST_TEST(reading.error.starts_with(k.name + " answered with something that is not JSON: check "),
                       reading.error);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_401_names_the_settings_to_check) {
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            FakePlatform fake;
            fake.script({answer(401, source_fixture("asana-error-401.json"))});
            const auto settings = settings_for(fake);
            auto http = test_http();

            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(!reading.retry);
            BOOST_TEST(
                reading.error.starts_with(k.name + " refused goalpost's credentials (401: Not Authorized): check"),
                reading.error);
            BOOST_TEST(contains(reading.error, k.credentials), reading.error);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_platform_that_echoes_a_credential_does_not_get_it_into_the_error) {
    std::string echoed = "you sent:";
    for (const auto& secret : configured_secrets()) echoed += " " + secret;
    for (const auto& k : kinds()) {
        BOOST_TEST_CONTEXT(k.kind) {
            FakePlatform fake;
            fake.script({answer(400, boost::json::serialize(boost::json::object{{"message", echoed}}))});
            const auto settings = settings_for(fake);
            auto http = test_http();

            // read_source checks every credential of the suite is absent
            const auto reading = read_source(k.kind, settings, *http, k.args);

            BOOST_TEST(!reading.retry);
            BOOST_TEST(contains(reading.error, "(hidden)"), reading.error);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
