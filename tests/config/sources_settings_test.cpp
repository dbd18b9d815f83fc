// sources.*: where key results read their values; credentials from the file or the
// environment, never shown.
#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

BOOST_AUTO_TEST_SUITE(sources_settings)

BOOST_AUTO_TEST_CASE(defaults_are_the_platforms_public_apis) {
    auto loaded = parse_settings("{}", fake_env({}));
    BOOST_TEST(loaded.ok());
    const auto& s = loaded.settings.sources;
    BOOST_TEST(s.interval_minutes == 60u);
    BOOST_TEST(s.asana.base_url == "https://app.asana.com/api/1.0");
    BOOST_TEST(s.trello.base_url == "https://api.trello.com");
    BOOST_TEST(s.github.api_base_url == "https://api.github.com");
    BOOST_TEST(s.sheets.base_url == "https://sheets.googleapis.com");
    BOOST_TEST(!s.jira.base_url.has_value());
    BOOST_TEST(!s.github.token.has_value());
    BOOST_TEST(s.urls.empty());
}

BOOST_AUTO_TEST_CASE(every_key_is_read_and_the_environment_wins) {
    auto loaded = parse_settings(R"({"sources": {
        "interval_minutes": 15,
        "jira": {"base_url": "https://acme.atlassian.net/", "email": "bot@acme.com", "api_token": "file-jira"},
        "asana": {"base_url": "http://127.0.0.1:9/asana", "token": "file-asana"},
        "trello": {"base_url": "http://127.0.0.1:9/trello", "api_key": "k", "token": "file-trello"},
        "github": {"api_base_url": "https://ghe.acme.com/api/v3", "token": "file-gh"},
        "sheets": {"base_url": "http://127.0.0.1:9/sheets", "api_key": "file-sheets",
                   "service_account_file": "/etc/goalpost/sa.json", "token_url": "http://127.0.0.1:9/token"},
        "urls": {"metrics": {"url": "https://metrics.acme.com/okr.json",
                             "headers": {"Authorization": "Bearer s3cret"}}}
    }})",
                                 fake_env({{"GOALPOST_JIRA_API_TOKEN", "env-jira"},
                                           {"GOALPOST_GITHUB_TOKEN", "env-gh"},
                                           {"GOALPOST_ASANA_TOKEN", "env-asana"},
                                           {"GOALPOST_TRELLO_TOKEN", "env-trello"},
                                           {"GOALPOST_SHEETS_API_KEY", "env-sheets"}}));
    BOOST_TEST_INFO(all_problems(loaded));
    BOOST_TEST(loaded.ok());
    const auto& s = loaded.settings.sources;
    BOOST_TEST(s.interval_minutes == 15u);
    BOOST_TEST(*s.jira.base_url == "https://acme.atlassian.net");  // no trailing slash
    BOOST_TEST(*s.jira.email == "bot@acme.com");
    BOOST_TEST(*s.jira.api_token == "env-jira");
    BOOST_TEST(*s.asana.token == "env-asana");
    BOOST_TEST(*s.trello.api_key == "k");
    BOOST_TEST(*s.trello.token == "env-trello");
    BOOST_TEST(s.github.api_base_url == "https://ghe.acme.com/api/v3");
    BOOST_TEST(*s.github.token == "env-gh");
    BOOST_TEST(*s.sheets.api_key == "env-sheets");
    BOOST_TEST(*s.sheets.service_account_file == "/etc/goalpost/sa.json");
    BOOST_TEST(*s.sheets.token_url == "http://127.0.0.1:9/token");
    const auto* metrics = s.url("metrics");
    BOOST_REQUIRE(metrics != nullptr);
    BOOST_TEST(metrics->url == "https://metrics.acme.com/okr.json");
    BOOST_REQUIRE_EQUAL(metrics->headers.size(), 1u);
    BOOST_TEST(metrics->headers[0].second == "Bearer s3cret");
    // describe() shows what is set, never a credential or a header's value.
    const auto described = describe(loaded.settings);
    BOOST_TEST(described.find("sources.interval_minutes = 15") != std::string::npos);
    BOOST_TEST(described.find("sources.urls.metrics = https://metrics.acme.com/... (headers: Authorization)") !=
               std::string::npos);
    for (const char* secret : {"env-jira", "env-gh", "env-asana", "env-trello", "env-sheets", "s3cret", "file-"}) {
        BOOST_TEST_INFO(secret);
        BOOST_TEST(described.find(secret) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(bad_values_name_the_key) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"sources": {"interval_minutes": 0}})", "sources.interval_minutes"},
        {R"({"sources": {"interval_minutes": 10081}})", "sources.interval_minutes"},
        {R"({"sources": {"jira": {"base_url": "acme.atlassian.net"}}})", "sources.jira.base_url"},
        {R"({"sources": {"jira": {"apitoken": "x"}}})", "sources.jira.apitoken"},
        {R"({"sources": {"gitlab": {}}})", "sources.gitlab"},
        {R"({"sources": {"github": "token"}})", "sources.github"},
        {R"({"sources": {"urls": {"Metrics!": {"url": "https://x.io"}}}})", "sources.urls.Metrics!"},
        {R"({"sources": {"urls": {"metrics": {"headers": {}}}}})", "sources.urls.metrics.url"},
        {R"({"sources": {"urls": {"metrics": {"url": "https://x.io", "headers": {"X-Key": 5}}}}})",
         "sources.urls.metrics.headers.X-Key"},
        {R"({"sources": {"urls": {"metrics": {"url": "ftp://x.io"}}}})", "sources.urls.metrics.url"},
    };
    for (const auto& [text, key] : cases) {
        BOOST_TEST_CONTEXT(text) {
            auto loaded = parse_settings(text, fake_env({}));
            BOOST_TEST_INFO(all_problems(loaded));
            BOOST_REQUIRE_EQUAL(loaded.problems.size(), 1u);
            BOOST_TEST(loaded.problems[0].key == key);
        }
    }
    // A typo is offered the key it was meant to be.
    auto typo = parse_settings(R"({"sources": {"jira": {"api_tokn": "x"}}})", fake_env({}));
    const Problem* p = find_problem(typo, "sources.jira.api_tokn");
    BOOST_REQUIRE(p != nullptr);
    BOOST_TEST(p->message == "unknown key; did you mean sources.jira.api_token?");
}

BOOST_AUTO_TEST_SUITE_END()
