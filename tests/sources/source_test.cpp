// make_source and missing_setting: which kinds exist and what each needs before it can read.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;
using bot::sources::missing_setting;

BOOST_AUTO_TEST_SUITE(source_kinds)

BOOST_AUTO_TEST_CASE(makes_the_six_kinds_and_nothing_else) {
    const config::SourcesSettings settings;
    auto http = test_http();

    for (const auto* kind : {"jira", "asana", "trello", "github", "sheets", "url"}) {
        BOOST_TEST(bot::sources::make_source(kind, settings, *http) != nullptr, kind);
    }
    BOOST_TEST(bot::sources::make_source("gitlab", settings, *http) == nullptr);
    BOOST_TEST(bot::sources::make_source("Jira", settings, *http) == nullptr);
}

BOOST_AUTO_TEST_CASE(names_the_first_setting_each_kind_still_needs) {
    config::SourcesSettings s;

    BOOST_TEST(missing_setting("jira", s).value_or("") == "sources.jira.base_url");
    s.jira.base_url = "https://acme.atlassian.net";
    BOOST_TEST(missing_setting("jira", s).value_or("") == "sources.jira.email");
    s.jira.email = jira_email;
    BOOST_TEST(missing_setting("jira", s).value_or("") == "sources.jira.api_token");
    s.jira.api_token = "";
    BOOST_TEST(missing_setting("jira", s).value_or("") == "sources.jira.api_token");
    s.jira.api_token = jira_token;
    BOOST_TEST(!missing_setting("jira", s));

    BOOST_TEST(missing_setting("asana", s).value_or("") == "sources.asana.token");
    s.asana.token = asana_token;
    BOOST_TEST(!missing_setting("asana", s));

    BOOST_TEST(missing_setting("trello", s).value_or("") == "sources.trello.api_key");
    s.trello.api_key = trello_key;
    BOOST_TEST(missing_setting("trello", s).value_or("") == "sources.trello.token");
    s.trello.token = trello_token;
    BOOST_TEST(!missing_setting("trello", s));

    BOOST_TEST(missing_setting("sheets", s).value_or("") ==
               "sources.sheets.api_key or sources.sheets.service_account_file");
    s.sheets.service_account_file = "/etc/goalpost/sheets-key.json";
    BOOST_TEST(!missing_setting("sheets", s));
    s.sheets.service_account_file.reset();
    s.sheets.api_key = sheets_key;
    BOOST_TEST(!missing_setting("sheets", s));
}

BOOST_AUTO_TEST_CASE(github_and_url_need_nothing_more) {
    const config::SourcesSettings s;

    BOOST_TEST(!missing_setting("github", s));  // public repositories are searchable without a token
    BOOST_TEST(!missing_setting("url", s));     // the caller checks the name against sources.urls
}

BOOST_AUTO_TEST_SUITE_END()
