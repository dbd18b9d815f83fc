#pragma once
// What the source tests share: fixtures, settings that point every platform at one fake, the
// suite's credentials, and a read that checks none of them ever shows in an error.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "bot/http/client.hpp"
#include "bot/sources/source.hpp"
#include "config/settings.hpp"
#include "core/text.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/fake_platform.hpp"

namespace goalpost::testing {

inline std::string source_fixture(const std::string& name) {
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/sources/" + name, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "fixture " << name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The headers of a recorded answer ("Name: value" lines after the status line), but Content-Type:
// the fake sets that from the step.
inline std::vector<std::pair<std::string, std::string>> fixture_headers(const std::string& name) {
    std::istringstream in(source_fixture(name));
    std::vector<std::pair<std::string, std::string>> headers;
    std::string line;
    std::getline(in, line);  // HTTP/1.1 429 Too Many Requests
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto header = line.substr(0, colon);
        if (core::ascii_lower(header) != "content-type") {
            headers.emplace_back(std::move(header), std::string(core::trim_ascii(line.substr(colon + 1))));
        }
    }
    return headers;
}

// Atlassian's own basic-auth example: "user@example.com:user_api_token" is
// dXNlckBleGFtcGxlLmNvbTp1c2VyX2FwaV90b2tlbg== in base64.
inline const std::string jira_email = "user@example.com";
inline const std::string jira_token = "user_api_token";
inline const std::string jira_basic = "dXNlckBleGFtcGxlLmNvbTp1c2VyX2FwaV90b2tlbg==";
inline const std::string asana_token = "2/1200000000000001/asana-SECRET-pat";
inline const std::string trello_key = "trelloKEYsecret0123456789abcdef0";
inline const std::string trello_token = "ATTAtrelloTOKENsecret/with+chars";
inline const std::string github_token = "ghp_GITHUBsecretTOKEN0123456789";
inline const std::string sheets_key = "AIzaSHEETSsecretKEY-0123456789";
inline const std::string url_header_value = "Bearer URLsecretTOKEN-6666";
inline const std::string url_query_key = "urlSECRETqueryKEY";
// The access token in Google's documented token response.
inline const std::string google_access_token = "1/8xbJqaOZXSUZbHLl5EOtu1pxz3fmmetKx9W8CV4t79M";

// The credentials settings_for() configures.
inline const std::vector<std::string>& configured_secrets() {
    static const std::vector<std::string> all{jira_token,    jira_basic,           asana_token, trello_key,
                                              trello_token,  github_token,         sheets_key,  url_header_value,
                                              url_query_key, "URLsecretTOKEN-6666"};
    return all;
}

// Everything no error may show: the configured credentials and the access token Google hands out.
inline std::vector<std::string> suite_secrets() {
    auto all = configured_secrets();
    all.push_back(google_access_token);
    return all;
}

// Every platform at `fake`, every credential set (sheets by API key).
inline config::SourcesSettings settings_for(const FakePlatform& fake) {
    config::SourcesSettings s;
    s.jira = {fake.base_url(), jira_email, jira_token};
    s.asana = {fake.base_url("/api/1.0"), asana_token};
    s.trello = {fake.base_url(), trello_key, trello_token};
    s.github = {fake.base_url(), github_token};
    s.sheets.base_url = fake.base_url();
    s.sheets.api_key = sheets_key;
    s.urls = {{"metrics", {fake.base_url("/metrics?key=" + url_query_key), {{"Authorization", url_header_value}}}}};
    return s;
}

// A value xor an error, and no credential of the suite in the error, whatever the platform answered.
inline void check_reading(const bot::sources::Reading& reading) {
    BOOST_TEST(reading.value.has_value() == reading.error.empty(), "value xor error: " << reading.error);
    for (const auto& secret : suite_secrets()) {
        BOOST_TEST(reading.error.find(secret) == std::string::npos, "a credential in: " << reading.error);
    }
}

// One read by a fresh source of `kind`, checked.
inline bot::sources::Reading read_source(const std::string& kind, const config::SourcesSettings& settings,
                                         bot::OutboundHttp& http, const std::vector<std::string>& args,
                                         core::Time now = t0) {
    auto source = bot::sources::make_source(kind, settings, http);
    BOOST_TEST_REQUIRE(source != nullptr);
    auto reading = source->read(args, now);
    check_reading(reading);
    return reading;
}

inline std::unique_ptr<bot::OutboundHttp> test_http() { return bot::make_outbound_http(std::chrono::seconds(5)); }

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The same JSON, whatever the whitespace.
inline bool same_json(const std::string& a, const std::string& b) {
    return boost::json::parse(a) == boost::json::parse(b);
}

}  // namespace goalpost::testing
