#define BOOST_TEST_MODULE config
#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

BOOST_AUTO_TEST_SUITE(parsing)

BOOST_AUTO_TEST_CASE(empty_object_gives_the_documented_defaults) {
    // Setup
    const std::string text = "{}";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    const Settings& s = loaded.settings;
    BOOST_TEST(s.server.bind == "127.0.0.1");
    BOOST_TEST(s.server.port == 8080);
    BOOST_TEST(s.server.threads >= 1u);
    BOOST_TEST(s.server.worker_threads == 64u);
    BOOST_TEST(s.server.max_body_bytes == 65536u);
    BOOST_TEST(s.server.read_timeout.count() == 30);
    BOOST_TEST(s.storage.path == "goalpost.db");
    BOOST_TEST(!s.slack.signing_secret.has_value());
    BOOST_TEST(!s.slack.bot_token.has_value());
    BOOST_TEST(s.slack.api_base_url == "https://slack.com/api");
    BOOST_TEST(s.slack.command == "/okr");
    BOOST_TEST(!s.teams.outgoing_webhook_secret.has_value());
    BOOST_TEST(s.admins.empty());
}

BOOST_AUTO_TEST_CASE(threads_default_to_at_least_one) {
    // Setup
    const std::string text = R"({"server": {"port": 9000}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.threads >= 1u);
    BOOST_TEST(loaded.settings.server.threads <= 256u);
}

BOOST_AUTO_TEST_CASE(every_key_is_read) {
    // Setup
    const std::string text = R"({
      "server": {"bind": "0.0.0.0", "port": 0, "threads": 3, "worker_threads": 12,
                 "max_body_bytes": 2048, "read_timeout_seconds": 5},
      "storage": {"path": "/var/lib/goalpost/okr.db"},
      "slack": {"signing_secret": "abc123", "bot_token": "xoxb-1-2", "command": "/goals",
                "api_base_url": "http://127.0.0.1:9999/api"},
      "teams": {"outgoing_webhook_secret": "c2VjcmV0LWtleQ=="},
      "admins": ["U1", "U2"]
    })";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    const Settings& s = loaded.settings;
    BOOST_TEST(s.server.bind == "0.0.0.0");
    BOOST_TEST(s.server.port == 0);
    BOOST_TEST(s.server.threads == 3u);
    BOOST_TEST(s.server.worker_threads == 12u);
    BOOST_TEST(s.server.max_body_bytes == 2048u);
    BOOST_TEST(s.server.read_timeout.count() == 5);
    BOOST_TEST(s.storage.path == "/var/lib/goalpost/okr.db");
    BOOST_TEST(s.slack.signing_secret.value_or("") == "abc123");
    BOOST_TEST(s.slack.bot_token.value_or("") == "xoxb-1-2");
    BOOST_TEST(s.slack.command == "/goals");
    BOOST_TEST(s.slack.api_base_url == "http://127.0.0.1:9999/api");
    BOOST_TEST(s.teams.outgoing_webhook_secret.value_or("") == "c2VjcmV0LWtleQ==");
    BOOST_TEST((s.admins == std::vector<std::string>{"U1", "U2"}));
}

BOOST_AUTO_TEST_CASE(comments_and_trailing_commas_are_accepted) {
    // Setup
    const std::string text = R"(
      // line comment
      {
        /* block
           comment */
        "server": {
          "port": 9090, // after a value
        },
        "admins": ["U1", "U2",],
      }
    )";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 9090);
    BOOST_TEST(loaded.settings.admins.size() == 2u);
}

BOOST_AUTO_TEST_CASE(byte_order_mark_is_ignored) {
    // Setup
    const std::string text = "\xEF\xBB\xBF{\"server\": {\"port\": 81}}";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 81);
}

BOOST_AUTO_TEST_CASE(whole_number_written_as_decimal_is_accepted) {
    // Setup
    const std::string text = R"({"server": {"port": 8081.0}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 8081);
}

BOOST_AUTO_TEST_CASE(trailing_slash_of_api_base_url_is_dropped) {
    // Setup
    const std::string text = R"({"slack": {"api_base_url": "https://slack.example/api/"}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.slack.api_base_url == "https://slack.example/api");
}

BOOST_AUTO_TEST_CASE(syntax_error_is_one_problem_with_line_and_column) {
    // Setup: the missing comma is on line 3.
    const std::string text = "{\n  \"server\": {\"port\": 1}\n  \"storage\": {}\n}";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    const Problem& p = loaded.problems.front();
    BOOST_TEST(p.key == "");
    BOOST_TEST(p.message.find("invalid JSON") != std::string::npos, p.message);
    BOOST_TEST(p.message.find("line 3, column 3") != std::string::npos, p.message);
    BOOST_TEST(format_problem(p) == p.message);
}

BOOST_AUTO_TEST_CASE(truncated_document_is_a_syntax_error) {
    // Setup
    const std::string text = "{\"server\": {";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "");
    BOOST_TEST(loaded.problems.front().message.find("line 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(top_level_must_be_an_object) {
    // Setup
    const std::string text = R"(["server"])";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "");
    BOOST_TEST(loaded.problems.front().message.find("JSON object") != std::string::npos);
    BOOST_TEST(loaded.problems.front().message.find("array") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(several_problems_are_all_listed) {
    // Setup
    const std::string text = R"({
      "server": {"port": "80a", "threads": 0, "worker_threads": 0, "max_body_bytes": 12},
      "storage": {"path": ""},
      "slack": {"command": "okr", "api_base_url": "slack.com/api"},
      "colour": "blue"
    })";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 8u, all_problems(loaded));
    for (const char* key : {"server.port", "server.threads", "server.worker_threads", "server.max_body_bytes", "storage.path",
                            "slack.command", "slack.api_base_url", "colour"})
        BOOST_TEST(find_problem(loaded, key) != nullptr, "no problem for " << key);
    BOOST_TEST(!loaded.ok());
}

BOOST_AUTO_TEST_CASE(format_problem_joins_key_and_message) {
    // Setup
    const Problem p{"server.port", "expected an integer from 0 to 65535, got \"80a\""};

    // Act
    const std::string line = format_problem(p);

    // Check
    BOOST_TEST(line == "server.port: expected an integer from 0 to 65535, got \"80a\"");
}

BOOST_AUTO_TEST_SUITE_END()
