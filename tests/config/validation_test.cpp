#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

namespace {

// A wrong value for one key, and words its problem must contain.
struct BadValue {
    std::string json;
    std::string key;
    std::string expected_words;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(each_bad_value_names_its_key) {
    // Setup
    const std::vector<BadValue> cases = {
        {R"({"server": {"bind": ""}})", "server.bind", "must not be empty"},
        {R"({"server": {"bind": 127}})", "server.bind", "expected a string, got 127"},
        {R"({"server": {"port": "80a"}})", "server.port",
         "expected an integer from 0 to 65535, got \"80a\""},
        {R"({"server": {"port": 65536}})", "server.port", "expected an integer from 0 to 65535, got 65536"},
        {R"({"server": {"port": -1}})", "server.port", "got -1"},
        {R"({"server": {"port": 80.5}})", "server.port", "expected an integer"},
        {R"({"server": {"threads": 0}})", "server.threads", "expected an integer from 1 to 256, got 0"},
        {R"({"server": {"threads": 257}})", "server.threads", "from 1 to 256"},
        {R"({"server": {"threads": true}})", "server.threads", "got true"},
        {R"({"server": {"max_body_bytes": 1023}})", "server.max_body_bytes",
         "expected an integer from 1024 to 67108864, got 1023"},
        {R"({"server": {"max_body_bytes": 67108865}})", "server.max_body_bytes", "from 1024 to 67108864"},
        {R"({"server": {"read_timeout_seconds": 0}})", "server.read_timeout_seconds", "from 1 to 3600"},
        {R"({"server": {"read_timeout_seconds": 3601}})", "server.read_timeout_seconds", "from 1 to 3600"},
        {R"({"server": {"port": 18446744073709551615}})", "server.port", "from 0 to 65535"},
        {R"({"server": {"max_connections": 0}})", "server.max_connections",
         "expected an integer from 1 to 1000000, got 0"},
        {R"({"server": {"max_connections": 1000001}})", "server.max_connections", "from 1 to 1000000"},
        {R"({"server": {"max_connections": "lots"}})", "server.max_connections", "got \"lots\""},
        {R"({"server": 8080})", "server", "expected an object"},
        {R"({"storage": {"path": ""}})", "storage.path", "must not be empty"},
        {R"({"storage": {"path": ["a"]}})", "storage.path", "expected a string, got an array"},
        {R"({"storage": "goalpost.db"})", "storage", "expected an object"},
        {R"({"slack": {"api_base_url": "ftp://slack.com/api"}})", "slack.api_base_url",
         "must start with http:// or https://"},
        {R"({"slack": {"api_base_url": "https://"}})", "slack.api_base_url", "host"},
        {R"({"slack": {"command": "okr"}})", "slack.command", "must start with '/'"},
        {R"({"slack": {"command": "/"}})", "slack.command", "must start with '/'"},
        {R"({"slack": {"command": "/okr now"}})", "slack.command", "single word"},
        {R"({"slack": {"signing_secret": 42}})", "slack.signing_secret", "expected a string, got a number"},
        {R"({"slack": {"bot_token": null}})", "slack.bot_token", "expected a string, got null"},
        {R"({"teams": {"outgoing_webhook_secret": "not base64!"}})", "teams.outgoing_webhook_secret",
         "is not valid base64"},
        {R"({"teams": []})", "teams", "expected an object"},
        {R"({"admins": "U1"})", "admins", "expected an array of user id strings"},
        {R"({"admins": ["U1", 7]})", "admins[1]", "expected a user id string, got 7"},
        {R"({"admins": [""]})", "admins[0]", "user id"},
    };

    for (const BadValue& c : cases) {
        BOOST_TEST_CONTEXT(c.json) {
            // Act
            const Loaded loaded = parse_settings(c.json, fake_env());

            // Check
            BOOST_TEST(loaded.problems.size() == 1u, all_problems(loaded));
            const Problem* p = find_problem(loaded, c.key);
            BOOST_TEST_REQUIRE(p != nullptr, "no problem for " << c.key << " in\n" << all_problems(loaded));
            BOOST_TEST(p->message.find(c.expected_words) != std::string::npos, p->message);
        }
    }
}

BOOST_AUTO_TEST_CASE(max_connections_defaults_to_10000_and_is_read) {
    // Setup
    const std::string text = R"({"server": {"max_connections": 250}})";

    // Act
    const Loaded defaults = parse_settings("{}", fake_env());
    const Loaded loaded = parse_settings(text, fake_env());
    const Loaded typo = parse_settings(R"({"server": {"max_conections": 5}})", fake_env());

    // Check
    BOOST_TEST(defaults.settings.server.max_connections == 10000u);
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.max_connections == 250u);
    const Problem* p = find_problem(typo, "server.max_conections");
    BOOST_TEST_REQUIRE(p != nullptr, all_problems(typo));
    BOOST_TEST(p->message == "unknown key; did you mean server.max_connections?");
}

BOOST_AUTO_TEST_CASE(bad_value_keeps_the_default) {
    // Setup
    const std::string text = R"({"server": {"port": "80a", "bind": ""}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 8080);
    BOOST_TEST(loaded.settings.server.bind == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(unknown_top_level_key_is_a_problem) {
    // Setup
    const std::string text = R"({"telemetry": true})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "telemetry");
    BOOST_TEST(loaded.problems.front().message == "unknown key");
}

BOOST_AUTO_TEST_CASE(misspelt_top_level_key_gets_a_suggestion) {
    // Setup
    const std::string text = R"({"sever": {"port": 1}, "admin": []})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    const Problem* sever = find_problem(loaded, "sever");
    const Problem* admin = find_problem(loaded, "admin");
    BOOST_TEST_REQUIRE(sever != nullptr);
    BOOST_TEST_REQUIRE(admin != nullptr);
    BOOST_TEST(sever->message == "unknown key; did you mean server?");
    BOOST_TEST(admin->message == "unknown key; did you mean admins?");
}

BOOST_AUTO_TEST_CASE(misspelt_nested_key_gets_a_suggestion) {
    // Setup
    const std::string text = R"({
      "server": {"prot": 1},
      "slack": {"signing_secert": "x"},
      "teams": {"outgoing_webhook": "x"}
    })";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 3u, all_problems(loaded));
    const Problem* prot = find_problem(loaded, "server.prot");
    BOOST_TEST_REQUIRE(prot != nullptr);
    BOOST_TEST(format_problem(*prot) == "server.prot: unknown key; did you mean server.port?");
    const Problem* secert = find_problem(loaded, "slack.signing_secert");
    BOOST_TEST_REQUIRE(secert != nullptr);
    BOOST_TEST(secert->message == "unknown key; did you mean slack.signing_secret?");
    const Problem* webhook = find_problem(loaded, "teams.outgoing_webhook");
    BOOST_TEST_REQUIRE(webhook != nullptr);
    BOOST_TEST(webhook->message == "unknown key");
}

BOOST_AUTO_TEST_CASE(key_in_the_wrong_section_suggests_the_right_one) {
    // Setup
    const std::string text = R"({"port": 8080, "server": {"path": "x.db"}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    const Problem* port = find_problem(loaded, "port");
    const Problem* path = find_problem(loaded, "server.path");
    BOOST_TEST_REQUIRE(port != nullptr);
    BOOST_TEST_REQUIRE(path != nullptr);
    BOOST_TEST(port->message == "unknown key; did you mean server.port?");
    BOOST_TEST(path->message == "unknown key; did you mean storage.path?");
}

BOOST_AUTO_TEST_CASE(unknown_key_does_not_hide_the_known_ones) {
    // Setup
    const std::string text = R"({"server": {"port": 9000, "hostname": "x"}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(find_problem(loaded, "server.hostname") != nullptr);
    BOOST_TEST(loaded.settings.server.port == 9000);
}

BOOST_AUTO_TEST_SUITE_END()
