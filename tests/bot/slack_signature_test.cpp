#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "bot/slack/signature.hpp"

using namespace goalpost::bot;
using goalpost::core::Time;

namespace {

// Slack's published example (tests/fixtures/slack-signing-example.txt, copied verbatim).
struct Vector {
    std::string secret, timestamp, body, signature;
};

Vector load_vector() {
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/slack-signing-example.txt");
    BOOST_REQUIRE(in.good());
    std::map<std::string, std::string> kv;
    std::string line;
    while (std::getline(in, line)) {
        auto colon = line.find(": ");
        if (colon != std::string::npos) kv[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return {kv["signing_secret"], kv["x_slack_request_timestamp"], kv["body"], kv["x_slack_signature"]};
}

Time at(long long seconds) { return Time{std::chrono::seconds{seconds}}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_signing)

BOOST_AUTO_TEST_CASE(slacks_documented_example_verifies) {
    auto v = load_vector();
    BOOST_TEST(v.secret == "8f742231b10e8888abcd99yyyzzz85a5");
    BOOST_TEST(v.timestamp == "1531420618");
    BOOST_TEST(v.signature == "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    BOOST_TEST(slack_signature(v.secret, v.timestamp, v.body) == v.signature);
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, v.signature, v.body, at(1531420618)) ==
                SignatureCheck::ok));
}

BOOST_AUTO_TEST_CASE(the_fixture_form_body_is_the_signed_body) {
    auto v = load_vector();
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/slack-slash-command.form", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    BOOST_TEST(ss.str() == v.body);
}

BOOST_AUTO_TEST_CASE(timestamp_window_is_300_seconds_either_way) {
    auto v = load_vector();
    long long ts = 1531420618;
    auto check = [&](long long now) { return verify_slack_signature(v.secret, v.timestamp, v.signature, v.body, at(now)); };
    BOOST_TEST((check(ts + 300) == SignatureCheck::ok));
    BOOST_TEST((check(ts - 300) == SignatureCheck::ok));
    BOOST_TEST((check(ts + 301) == SignatureCheck::stale));   // stale
    BOOST_TEST((check(ts - 301) == SignatureCheck::stale));   // from the future
}

BOOST_AUTO_TEST_CASE(missing_malformed_and_wrong_signatures) {
    auto v = load_vector();
    auto now = at(1531420618);
    BOOST_TEST((verify_slack_signature(v.secret, "", v.signature, v.body, now) == SignatureCheck::missing));
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, "", v.body, now) == SignatureCheck::missing));
    BOOST_TEST((verify_slack_signature(v.secret, "15314x0618", v.signature, v.body, now) == SignatureCheck::malformed));
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, "v1=" + v.signature.substr(3), v.body, now) ==
                SignatureCheck::malformed));
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, v.signature.substr(0, 40), v.body, now) ==
                SignatureCheck::malformed));
    std::string flipped = v.signature;
    flipped.back() = flipped.back() == '3' ? '4' : '3';
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, flipped, v.body, now) == SignatureCheck::mismatch));
    BOOST_TEST((verify_slack_signature("another-secret", v.timestamp, v.signature, v.body, now) ==
                SignatureCheck::mismatch));
    BOOST_TEST((verify_slack_signature(v.secret, v.timestamp, v.signature, v.body + "&x=1", now) ==
                SignatureCheck::mismatch));
    // Same signature, timestamp changed: the timestamp is part of what is signed.
    BOOST_TEST((verify_slack_signature(v.secret, "1531420619", v.signature, v.body, at(1531420619)) ==
                SignatureCheck::mismatch));
}

BOOST_AUTO_TEST_SUITE_END()
