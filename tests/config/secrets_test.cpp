#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

namespace {

// Checks that `secret` appears in no problem (key or message) and not in describe().
void check_never_shown(const Loaded& loaded, const std::string& secret) {
    for (const Problem& p : loaded.problems) {
        BOOST_TEST(p.key.find(secret) == std::string::npos, "secret in key: " << p.key);
        BOOST_TEST(p.message.find(secret) == std::string::npos, "secret in message of " << p.key);
    }
    BOOST_TEST(describe(loaded.settings).find(secret) == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(secrets_never_appear_in_problems_or_describe) {
    // Setup: good secrets next to broken keys, and broken secrets, from the file and the env.
    const std::string signing = "s3cr3t-signing-0123456789abcdef";
    const std::string token = "xoxb-111-222-s3cr3tT0k3n";
    const std::string teams_bad = "s3cr3t teams not base64";
    const std::string env_teams_bad = "s3cr3t-env-teams!!";
    const std::string env_signing_bad = "s3cr3t env signing";
    const std::string text = R"({
      "server": {"port": "80a", "prot": 1},
      "slack": {"signing_secret": ")" + signing + R"(", "bot_token": ")" + token + R"(",
                "command": "okr"},
      "teams": {"outgoing_webhook_secret": ")" + teams_bad + R"("}
    })";
    const EnvLookup env = fake_env({
        {"GOALPOST_TEAMS_SECRET", env_teams_bad},
        {"GOALPOST_SLACK_SIGNING_SECRET", env_signing_bad},
    });

    // Act
    const Loaded loaded = parse_settings(text, env);

    // Check
    BOOST_TEST(loaded.problems.size() == 6u, all_problems(loaded));
    BOOST_TEST(find_problem(loaded, "teams.outgoing_webhook_secret") != nullptr);
    BOOST_TEST(find_problem(loaded, "GOALPOST_TEAMS_SECRET (teams.outgoing_webhook_secret)") != nullptr);
    BOOST_TEST(find_problem(loaded, "GOALPOST_SLACK_SIGNING_SECRET (slack.signing_secret)") != nullptr);
    BOOST_TEST(loaded.settings.slack.signing_secret.value_or("") == signing);
    BOOST_TEST(loaded.settings.slack.bot_token.value_or("") == token);
    for (const std::string& secret : {signing, token, teams_bad, env_teams_bad, env_signing_bad})
        check_never_shown(loaded, secret);
    BOOST_TEST(describe(loaded.settings).find("s3cr3t") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_database_url_and_its_password_are_never_shown) {
    // Setup: a good URL from the environment, a bad one in the file.
    const std::string url = "postgresql://goalpost:pa55word@db.internal:5432/goalpost?sslmode=verify-full";
    const std::string bad = "mysql://root:pa55bad@db/goalpost";
    const EnvLookup env = fake_env({{"GOALPOST_DATABASE_URL", url}});

    // Act
    const Loaded from_env = parse_settings(R"({"storage": {"pool_size": 16}})", env);
    const Loaded from_file = parse_settings(R"({"storage": {"url": ")" + bad + R"(", "pool_size": 0}})", fake_env({}));

    // Check: the URL is used and described as set, never echoed; a bad one is refused by what
    // it should be, and so is a pool of no connections.
    BOOST_TEST(from_env.ok(), all_problems(from_env));
    BOOST_TEST(from_env.settings.storage.url.value_or("") == url);
    BOOST_TEST(from_env.settings.storage.pool_size == 16u);
    BOOST_TEST(describe(from_env.settings).find("storage.url = (set: PostgreSQL)\n") != std::string::npos);
    BOOST_TEST(describe(from_env.settings).find("storage.path = (not used: storage.url is set)\n") != std::string::npos);
    check_never_shown(from_env, "pa55word");
    BOOST_TEST(from_file.problems.size() == 2u, all_problems(from_file));
    const Problem* refused = find_problem(from_file, "storage.url");
    BOOST_TEST_REQUIRE(refused != nullptr);
    BOOST_TEST(refused->message.find("postgresql://") != std::string::npos);
    BOOST_TEST(find_problem(from_file, "storage.pool_size") != nullptr);
    BOOST_TEST(!from_file.settings.storage.url.has_value());
    check_never_shown(from_file, "pa55bad");
}

BOOST_AUTO_TEST_CASE(secret_of_the_wrong_type_is_described_by_type_only) {
    // Setup
    const std::string text = R"({"slack": {"bot_token": 987654321, "signing_secret": true}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.problems.size() == 2u, all_problems(loaded));
    const Problem* token = find_problem(loaded, "slack.bot_token");
    const Problem* signing = find_problem(loaded, "slack.signing_secret");
    BOOST_TEST_REQUIRE(token != nullptr);
    BOOST_TEST_REQUIRE(signing != nullptr);
    BOOST_TEST(token->message == "expected a string, got a number");
    BOOST_TEST(signing->message == "expected a string, got a boolean");
}

BOOST_AUTO_TEST_CASE(bad_base64_teams_secret_is_a_problem) {
    // Setup: wrong alphabet, wrong length, padding in the middle, padding only, a stray newline.
    const std::vector<std::string> bad = {"abc$", "abcde", "ab=c", "====", "YWJj\n", "YWJj===="};

    for (const std::string& secret : bad) {
        BOOST_TEST_CONTEXT(secret) {
            // Act
            const Loaded loaded = parse_settings("{}", fake_env({{"GOALPOST_TEAMS_SECRET", secret}}));

            // Check
            BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
            const Problem& p = loaded.problems.front();
            BOOST_TEST(p.key == "GOALPOST_TEAMS_SECRET (teams.outgoing_webhook_secret)");
            BOOST_TEST(p.message.find("is not valid base64") != std::string::npos, p.message);
            BOOST_TEST(!loaded.settings.teams.outgoing_webhook_secret.has_value());
        }
    }
}

BOOST_AUTO_TEST_CASE(bad_base64_teams_secret_in_the_file_names_the_key) {
    // Setup
    const std::string text = R"({"teams": {"outgoing_webhook_secret": "abc-def_"}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "teams.outgoing_webhook_secret");
    BOOST_TEST(loaded.problems.front().message.find("is not valid base64") != std::string::npos);
    BOOST_TEST(loaded.problems.front().message.find("abc-def_") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(good_base64_teams_secrets_are_accepted) {
    // Setup: no padding, one and two padding characters, a 32-byte key as Teams issues.
    const std::vector<std::string> good = {"YWJj", "YWI=", "YQ==",
                                           "q83vEjRWeJASNFZ4kKvN7xI0VniQEjRWeJCrze8SNFY="};

    for (const std::string& secret : good) {
        BOOST_TEST_CONTEXT(secret) {
            // Act
            const Loaded loaded = parse_settings("{}", fake_env({{"GOALPOST_TEAMS_SECRET", secret}}));

            // Check
            BOOST_TEST(loaded.ok(), all_problems(loaded));
            BOOST_TEST(loaded.settings.teams.outgoing_webhook_secret.value_or("") == secret);
        }
    }
}

BOOST_AUTO_TEST_CASE(empty_secret_in_the_file_means_not_set) {
    // Setup
    const std::string text = R"({"slack": {"signing_secret": "", "bot_token": ""},
                                 "teams": {"outgoing_webhook_secret": ""}})";

    // Act
    const Loaded loaded = parse_settings(text, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(!loaded.settings.slack.signing_secret.has_value());
    BOOST_TEST(!loaded.settings.slack.bot_token.has_value());
    BOOST_TEST(!loaded.settings.teams.outgoing_webhook_secret.has_value());
}

BOOST_AUTO_TEST_CASE(describe_lists_every_key_and_hides_secrets) {
    // Setup
    Settings s;
    s.server.threads = 4;
    s.slack.signing_secret = "hidden-signing";
    s.admins = {"U1", "U2"};

    // Act
    const std::string text = describe(s);

    // Check
    BOOST_TEST(text ==
               "server.bind = 127.0.0.1\n"
               "server.port = 8080\n"
               "server.threads = 4\n"
               "server.worker_threads = 64\n"
               "server.max_body_bytes = 65536\n"
               "server.read_timeout_seconds = 30\n"
               "server.public_url = (not set: /okr dashboard cannot give links)\n"
               "storage.path = goalpost.db\n"
               "storage.url = (not set: SQLite at storage.path)\n"
               "storage.pool_size = 8\n"
               "storage.outbox_retention_days = 30\n"
               "slack.signing_secret = (set)\n"
               "slack.bot_token = (not set)\n"
               "slack.api_base_url = https://slack.com/api\n"
               "slack.command = /okr\n"
               "teams.outgoing_webhook_secret = (not set)\n"
               "scheduler.grace_hours = 12\n"
               "limits.commands_per_user_per_minute = 30\n"
               "limits.commands_per_workspace_per_minute = 600\n"
               "sources.interval_minutes = 60\n"
               "sources.jira.base_url = (not set)\n"
               "sources.jira.email = (not set)\n"
               "sources.jira.api_token = (not set)\n"
               "sources.asana.base_url = https://app.asana.com/api/1.0\n"
               "sources.asana.token = (not set)\n"
               "sources.trello.base_url = https://api.trello.com\n"
               "sources.trello.api_key = (not set)\n"
               "sources.trello.token = (not set)\n"
               "sources.github.api_base_url = https://api.github.com\n"
               "sources.github.token = (not set)\n"
               "sources.sheets.base_url = https://sheets.googleapis.com\n"
               "sources.sheets.api_key = (not set)\n"
               "sources.sheets.service_account_file = (not set)\n"
               "admins = U1, U2\n");
}

BOOST_AUTO_TEST_CASE(describe_says_when_anyone_may_manage_teams) {
    // Setup
    const Settings s;

    // Act
    const std::string text = describe(s);

    // Check
    BOOST_TEST(text.find("admins = (none: anyone may manage teams)\n") != std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
