#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "bot/cli/cli.hpp"
#include "tests/support/store.hpp"

using goalpost::bot::run_cli;

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(version_help_and_usage_errors) {
    BOOST_TEST(run_cli({"--version"}) == 0);
    BOOST_TEST(run_cli({"--help"}) == 0);
    BOOST_TEST(run_cli({"serve", "--help"}) == 0);
    BOOST_TEST(run_cli({}) == 2);
    BOOST_TEST(run_cli({"dance"}) == 2);
    BOOST_TEST(run_cli({"serve", "--bogus"}) == 2);
    BOOST_TEST(run_cli({"serve", "--config"}) == 2);
}

BOOST_AUTO_TEST_CASE(check_config_exit_codes) {
    BOOST_TEST(run_cli({"check-config", "--config", GOALPOST_SAMPLE_CONFIG}) == 0);
    auto bad = std::filesystem::temp_directory_path() / "goalpost-cli-bad.json";
    std::ofstream(bad) << R"({"server": {"prot": 1, "threads": "many"}})";
    BOOST_TEST(run_cli({"check-config", "--config", bad.string()}) == 2);
    BOOST_TEST(run_cli({"serve", "--config", bad.string()}) == 2);
    BOOST_TEST(run_cli({"check-config", "--config", "/nonexistent/goalpost.json"}) == 2);
    std::filesystem::remove(bad);
}

BOOST_AUTO_TEST_CASE(backup_copies_the_database_while_it_is_written) {
    namespace fs = std::filesystem;
    using namespace goalpost;
    const fs::path dir = fs::temp_directory_path() / ("goalpost-cli-backup-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string db = (dir / "goalpost.db").string();
    const std::string config = (dir / "goalpost.json").string();
    std::ofstream(config) << R"({"storage": {"path": ")" << db << R"("}})";
    testing::Store store(db);
    core::NewTeam team;
    team.name = "growth";
    team.channel = "C1";
    team.timezone = "UTC";
    team.created_by = "U1";
    std::atomic<bool> stop{false};
    std::atomic<int> teams_written{0};
    std::thread writer([&] {  // the running server's connection, writing meanwhile
        for (int i = 0; !stop; ++i) {
            team.name = "team-" + std::to_string(i);
            store.create_team("slack:T1", team);
            ++teams_written;
        }
    });
    while (teams_written < 20) std::this_thread::yield();

    const int ok = run_cli({"backup", (dir / "copy.db").string(), "--config", config});
    stop = true;
    writer.join();

    BOOST_TEST(ok == 0);
    BOOST_TEST(run_cli({"backup", "--config", config}) == 2);                      // no FILE
    BOOST_TEST(run_cli({"backup", "a.db", "b.db", "--config", config}) == 2);      // two FILEs
    const std::string missing = (dir / "missing.json").string();
    std::ofstream(missing) << R"({"storage": {"path": ")" << (dir / "nope.db").string() << R"("}})";
    BOOST_TEST(run_cli({"backup", (dir / "copy2.db").string(), "--config", missing}) == 1);
    testing::Store copy((dir / "copy.db").string());
    BOOST_TEST(copy.teams("slack:T1").size() >= 20u);
    BOOST_TEST(copy.teams("slack:T1").size() <= static_cast<std::size_t>(teams_written.load()));
    std::error_code ec;
    fs::remove_all(dir, ec);
}

BOOST_AUTO_TEST_SUITE_END()
