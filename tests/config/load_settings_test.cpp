#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

#include <filesystem>
#include <fstream>
#include <random>

using namespace goalpost::config;
using goalpost::config::test::all_problems;
using goalpost::config::test::fake_env;
using goalpost::config::test::find_problem;

namespace fs = std::filesystem;

namespace {

// A fresh directory under the system temp dir, removed afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("goalpost-config-test-" + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path file = path / name;
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }
};

// Runs in `dir` for the lifetime of the guard; the tests are single-threaded.
struct WorkingDirectory {
    fs::path previous = fs::current_path();
    explicit WorkingDirectory(const fs::path& dir) { fs::current_path(dir); }
    ~WorkingDirectory() { fs::current_path(previous); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(missing_explicit_file_is_a_problem_naming_the_flag_and_path) {
    // Setup
    const TempDir dir;
    const std::string path = (dir.path / "nope.json").string();

    // Act
    const Loaded loaded = load_settings(path, fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "--config");
    BOOST_TEST(loaded.problems.front().message.find(path) != std::string::npos,
               loaded.problems.front().message);
}

BOOST_AUTO_TEST_CASE(directory_as_explicit_file_is_a_problem) {
    // Setup
    const TempDir dir;

    // Act
    const Loaded loaded = load_settings(dir.path.string(), fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    BOOST_TEST(loaded.problems.front().key == "--config");
    BOOST_TEST(loaded.problems.front().message.find("directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(explicit_file_is_read_and_environment_applied) {
    // Setup
    const TempDir dir;
    const fs::path file = dir.write("custom.json", R"({"server": {"port": 7000}, // comment
                                                     })");

    // Act
    const Loaded loaded = load_settings(file.string(), fake_env({{"GOALPOST_DB", "env.db"}}));

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 7000);
    BOOST_TEST(loaded.settings.storage.path == "env.db");
}

BOOST_AUTO_TEST_CASE(syntax_error_in_a_file_names_the_file) {
    // Setup
    const TempDir dir;
    const fs::path file = dir.write("broken.json", "{\n  \"server\": {\"port\": 70,,}\n}\n");

    // Act
    const Loaded loaded = load_settings(file.string(), fake_env());

    // Check
    BOOST_TEST_REQUIRE(loaded.problems.size() == 1u, all_problems(loaded));
    const std::string line = format_problem(loaded.problems.front());
    BOOST_TEST(line.find(file.string() + ": invalid JSON at line 2") == 0u, line);
}

BOOST_AUTO_TEST_CASE(without_a_path_goalpost_json_in_the_working_directory_is_read) {
    // Setup
    const TempDir dir;
    dir.write("goalpost.json", R"({"server": {"port": 7100}})");
    const WorkingDirectory in(dir.path);

    // Act
    const Loaded loaded = load_settings(std::nullopt, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 7100);
}

BOOST_AUTO_TEST_CASE(without_a_path_or_file_the_defaults_and_environment_apply) {
    // Setup
    const TempDir dir;
    const WorkingDirectory in(dir.path);

    // Act
    const Loaded loaded =
        load_settings(std::nullopt, fake_env({{"GOALPOST_SLACK_BOT_TOKEN", "xoxb-env"}}));

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    BOOST_TEST(loaded.settings.server.port == 8080);
    BOOST_TEST(loaded.settings.slack.bot_token.value_or("") == "xoxb-env");
}

BOOST_AUTO_TEST_CASE(sample_config_parses_clean) {
    // Setup
    const std::string path = GOALPOST_SAMPLE_CONFIG;

    // Act
    const Loaded loaded = load_settings(path, fake_env());

    // Check
    BOOST_TEST(loaded.ok(), all_problems(loaded));
    const Settings& s = loaded.settings;
    BOOST_TEST(s.server.bind == "127.0.0.1");
    BOOST_TEST(s.server.port == 8080);
    BOOST_TEST(s.storage.path == "goalpost.db");
    BOOST_TEST(s.slack.signing_secret.value_or("") == "8f742231b10e8888abcd99yyyzzz85a5");
    BOOST_TEST(!s.slack.bot_token.has_value());
    BOOST_TEST(!s.teams.outgoing_webhook_secret.has_value());
    BOOST_TEST(s.admins.empty());
}

BOOST_AUTO_TEST_SUITE_END()
