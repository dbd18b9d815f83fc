// The real outbound HTTP client against the fake Slack on loopback.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "bot/http/client.hpp"
#include "tests/support/fake_slack.hpp"

using namespace goalpost;
using namespace std::chrono_literals;
using testing::FakeSlack;

namespace {

const std::string secret_header_value = "Bearer xoxb-9999-FAKEfakeFAKEfake";

// Status and Retry-After of Slack's documented rate-limit example.
std::pair<int, int> documented_rate_limit() {
    std::ifstream in(GOALPOST_FIXTURES "/slack-ratelimited-response.txt");
    std::string status_line, header_line;
    std::getline(in, status_line);
    std::getline(in, header_line);
    int status = std::stoi(status_line.substr(status_line.find(' ') + 1));
    int retry_after = std::stoi(header_line.substr(header_line.find(':') + 1));
    return {status, retry_after};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outbound_http)

BOOST_AUTO_TEST_CASE(posts_json_with_the_given_headers_and_returns_status_and_body) {
    // Setup
    FakeSlack fake;
    auto http = bot::make_outbound_http(2s);

    // Act
    const auto result = http->post(fake.base_url() + "/chat.postMessage", {{"Authorization", secret_header_value}},
                                   R"({"channel":"C1","text":"hi"})");

    // Check
    BOOST_TEST(!result.network_error);
    BOOST_TEST(result.status == 200);
    BOOST_TEST(result.body.find(R"("ok":true)") != std::string::npos);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].path == "/api/chat.postMessage");
    BOOST_TEST(requests[0].header("Authorization") == secret_header_value);
    BOOST_TEST(requests[0].header("Content-Type") == "application/json; charset=utf-8");
    BOOST_TEST(requests[0].header("Host") == "127.0.0.1:" + std::to_string(fake.port()));
    BOOST_TEST(requests[0].body == R"({"channel":"C1","text":"hi"})");
}

BOOST_AUTO_TEST_CASE(reads_retry_after_from_a_429_like_slacks_documented_example) {
    // Setup
    const auto [status, retry_after] = documented_rate_limit();
    FakeSlack fake;
    fake.script({testing::http_status(status, "", retry_after)});
    auto http = bot::make_outbound_http(2s);

    // Act
    const auto result = http->post(fake.base_url() + "/chat.postMessage", {}, "{}");

    // Check
    BOOST_TEST(status == 429);
    BOOST_TEST(!result.network_error);
    BOOST_TEST(result.status == 429);
    BOOST_TEST(result.retry_after_seconds.value_or(-1) == 30);
}

BOOST_AUTO_TEST_CASE(keeps_the_query_string_of_a_webhook_url) {
    // Setup
    FakeSlack fake;
    auto http = bot::make_outbound_http(2s);

    // Act
    const auto result = http->post(fake.webhook_url("7"), {}, R"({"type":"message"})");

    // Check
    BOOST_TEST(result.status == 202);
    BOOST_TEST_REQUIRE(fake.requests().size() == 1u);
    BOOST_TEST(fake.requests()[0].path == "/webhook/7");
}

BOOST_AUTO_TEST_CASE(a_refused_connection_is_a_network_error_without_the_headers) {
    // Setup
    const auto port = testing::closed_loopback_port();
    auto http = bot::make_outbound_http(2s);

    // Act
    const auto result = http->post("http://127.0.0.1:" + std::to_string(port) + "/api/chat.postMessage",
                                   {{"Authorization", secret_header_value}}, "{}");

    // Check
    BOOST_TEST(result.network_error);
    BOOST_TEST(result.status == 0);
    BOOST_TEST(result.error.find("connect") != std::string::npos);
    BOOST_TEST(result.error.find("xoxb") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_times_out_as_a_network_error) {
    // Setup
    FakeSlack fake;
    fake.script({testing::hang_before_accepting()});
    auto http = bot::make_outbound_http(1s);

    // Act
    const auto started = std::chrono::steady_clock::now();
    const auto result = http->post(fake.base_url() + "/chat.postMessage", {{"Authorization", secret_header_value}}, "{}");
    const auto took = std::chrono::steady_clock::now() - started;

    // Check
    BOOST_TEST(result.network_error);
    BOOST_TEST(result.error == "read: timed out");
    BOOST_TEST(took < 5s);
}

BOOST_AUTO_TEST_CASE(https_to_a_server_that_does_not_speak_tls_fails_the_handshake) {
    // Setup
    FakeSlack fake;
    auto http = bot::make_outbound_http(2s);

    // Act
    const auto result = http->post("https://127.0.0.1:" + std::to_string(fake.port()) + "/api/chat.postMessage",
                                   {{"Authorization", secret_header_value}}, "{}");

    // Check
    BOOST_TEST(result.network_error);
    BOOST_TEST(result.error.find("tls handshake") != std::string::npos);
    BOOST_TEST(result.error.find("xoxb") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unusable_url_is_refused_without_a_request_and_without_quoting_it) {
    // Setup
    auto http = bot::make_outbound_http(1s);

    // Act
    const auto ftp = http->post("ftp://example.com/hook?sig=secret", {}, "{}");
    const auto garbage = http->post("not a url", {}, "{}");

    // Check
    BOOST_TEST(!ftp.network_error);
    BOOST_TEST(ftp.status == 0);
    BOOST_TEST(ftp.error.find("secret") == std::string::npos);
    BOOST_TEST(!garbage.network_error);
    BOOST_TEST(garbage.status == 0);
}

BOOST_AUTO_TEST_SUITE_END()
