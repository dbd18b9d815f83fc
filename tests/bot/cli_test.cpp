#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "bot/cli.hpp"

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

BOOST_AUTO_TEST_SUITE_END()
