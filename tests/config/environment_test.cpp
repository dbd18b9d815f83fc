#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

#include <cstdlib>

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

namespace {

const std::string file_with_every_env_key = R"({
  "storage": {"path": "file.db"},
  "slack": {"signing_secret": "file-signing", "bot_token": "xoxb-file",
            "api_base_url": "https://file.example/api"},
  "teams": {"outgoing_webhook_secret": "ZmlsZQ=="}
})";

}  // namespace

BOOST_AUTO_TEST_SUITE(environment)

BOOST_AUTO_TEST_CASE(environment_wins_over_the_file) {
    // Setup
    const EnvLookup env = fake_env({
        {"GOALPOST_DB", "env.db"},
        {"GOALPOST_SLACK_SIGNING_SECRET", "env-signing"},
        {"GOALPOST_SLACK_BOT_TOKEN", "xoxb-env"},
        {"GOALPOST_SLACK_API_BASE_URL", "http://127.0.0.1:4567/api"},
        {"GOALPOST_TEAMS_SECRET", "ZW52LXNlY3JldA=="},
    });

    // Act
    const Loaded loaded = parse_settings(file_with_every_env_key, env);

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    const Settings& s = loaded.settings;
    BOOST_TEST(s.storage.path == "env.db");
    BOOST_TEST(s.slack.signing_secret.value_or("") == "env-signing");
    BOOST_TEST(s.slack.bot_token.value_or("") == "xoxb-env");
    BOOST_TEST(s.slack.api_base_url == "http://127.0.0.1:4567/api");
    BOOST_TEST(s.teams.outgoing_webhook_secret.value_or("") == "ZW52LXNlY3JldA==");
}

BOOST_AUTO_TEST_CASE(environment_applies_without_a_file_value) {
    // Setup
    const EnvLookup env = fake_env({{"GOALPOST_SLACK_SIGNING_SECRET", "env-signing"}});

    // Act
    const Loaded loaded = parse_settings("{}", env);

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.slack.signing_secret.value_or("") == "env-signing");
}

BOOST_AUTO_TEST_CASE(empty_environment_values_are_ignored) {
    // Setup
    const EnvLookup env = fake_env({
        {"GOALPOST_DB", ""},
        {"GOALPOST_SLACK_SIGNING_SECRET", ""},
        {"GOALPOST_SLACK_BOT_TOKEN", ""},
        {"GOALPOST_SLACK_API_BASE_URL", ""},
        {"GOALPOST_TEAMS_SECRET", ""},
    });

    // Act
    const Loaded from_file = parse_settings(file_with_every_env_key, env);
    const Loaded from_defaults = parse_settings("{}", env);

    // Check
    BOOST_TEST(from_file.ok(), all_problems(from_file));
    BOOST_TEST(from_file.settings.storage.path == "file.db");
    BOOST_TEST(from_file.settings.slack.signing_secret.value_or("") == "file-signing");
    BOOST_TEST(from_file.settings.slack.bot_token.value_or("") == "xoxb-file");
    BOOST_TEST(from_file.settings.slack.api_base_url == "https://file.example/api");
    BOOST_TEST(from_file.settings.teams.outgoing_webhook_secret.value_or("") == "ZmlsZQ==");
    BOOST_TEST(from_defaults.ok(), all_problems(from_defaults));
    BOOST_TEST(from_defaults.settings.storage.path == "goalpost.db");
    BOOST_TEST(!from_defaults.settings.slack.signing_secret.has_value());
    BOOST_TEST(!from_defaults.settings.teams.outgoing_webhook_secret.has_value());
}

BOOST_AUTO_TEST_CASE(bad_environment_value_names_the_variable_and_the_key) {
    // Setup
    const EnvLookup env = fake_env({
        {"GOALPOST_SLACK_API_BASE_URL", "slack.com/api"},
        {"GOALPOST_TEAMS_SECRET", "%%%"},
    });

    // Act
    const Loaded loaded = parse_settings("{}", env);

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    const Problem* url = find_problem(loaded, "GOALPOST_SLACK_API_BASE_URL (slack.api_base_url)");
    BOOST_TEST_REQUIRE(url != nullptr, all_problems(loaded));
    BOOST_TEST(format_problem(*url) ==
               "GOALPOST_SLACK_API_BASE_URL (slack.api_base_url): must start with http:// or https://");
    BOOST_TEST(find_problem(loaded, "GOALPOST_TEAMS_SECRET (teams.outgoing_webhook_secret)") != nullptr);
    BOOST_TEST(loaded.settings.slack.api_base_url == "https://slack.com/api");
    BOOST_TEST(!loaded.settings.teams.outgoing_webhook_secret.has_value());
}

BOOST_AUTO_TEST_CASE(environment_is_checked_even_when_the_file_is_not_json) {
    // Setup
    const EnvLookup env = fake_env({{"GOALPOST_SLACK_API_BASE_URL", "nope"}});

    // Act
    const Loaded loaded = parse_settings("{ not json", env);

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    BOOST_TEST(find_problem(loaded, "") != nullptr);
    BOOST_TEST(find_problem(loaded, "GOALPOST_SLACK_API_BASE_URL (slack.api_base_url)") != nullptr);
}

BOOST_AUTO_TEST_CASE(process_env_reads_the_process_environment) {
    // Setup
    ::setenv("GOALPOST_CONFIG_TEST_VARIABLE", "hello", 1);
    ::unsetenv("GOALPOST_CONFIG_TEST_UNSET");

    // Act
    const EnvLookup env = process_env();

    // Check
    BOOST_TEST(env("GOALPOST_CONFIG_TEST_VARIABLE").value_or("") == "hello");
    BOOST_TEST(!env("GOALPOST_CONFIG_TEST_UNSET").has_value());
    ::unsetenv("GOALPOST_CONFIG_TEST_VARIABLE");
}

BOOST_AUTO_TEST_SUITE_END()
