#include <boost/test/unit_test.hpp>

#include "config/settings.hpp"
#include "tests/config/fake_env.hpp"

using namespace goalpost::config;
using goalpost::config::test::fake_env;

BOOST_AUTO_TEST_SUITE(scheduler_settings)

BOOST_AUTO_TEST_CASE(grace_defaults_to_12_hours_and_is_read_in_hours) {
    // Setup / Act
    auto defaults = parse_settings("{}", fake_env({}));
    auto set = parse_settings(R"({"scheduler": {"grace_hours": 2}})", fake_env({}));
    auto zero = parse_settings(R"({"scheduler": {"grace_hours": 0}})", fake_env({}));
    // Check
    BOOST_TEST(defaults.ok());
    BOOST_TEST((defaults.settings.scheduler.grace == std::chrono::hours(12)));
    BOOST_TEST((set.settings.scheduler.grace == std::chrono::hours(2)));
    BOOST_TEST((zero.settings.scheduler.grace == std::chrono::hours(0)));
}

BOOST_AUTO_TEST_CASE(bad_grace_values_name_the_key) {
    for (const char* bad : {R"({"scheduler": {"grace_hours": -1}})", R"({"scheduler": {"grace_hours": 169}})",
                            R"({"scheduler": {"grace_hours": "soon"}})", R"({"scheduler": {"grace": 1}})"}) {
        BOOST_TEST_CONTEXT(bad) {
            auto loaded = parse_settings(bad, fake_env({}));
            BOOST_REQUIRE_EQUAL(loaded.problems.size(), 1u);
            BOOST_TEST(loaded.problems[0].key.starts_with("scheduler.grace"));
        }
    }
}

BOOST_AUTO_TEST_CASE(command_limits_default_to_30_per_user_and_600_per_workspace) {
    // Setup / Act
    auto defaults = parse_settings("{}", fake_env({}));
    auto set = parse_settings(
        R"({"limits": {"commands_per_user_per_minute": 5, "commands_per_workspace_per_minute": 50}})", fake_env({}));
    // Check
    BOOST_TEST(defaults.ok());
    BOOST_TEST(defaults.settings.limits.commands_per_user_per_minute == 30u);
    BOOST_TEST(defaults.settings.limits.commands_per_workspace_per_minute == 600u);
    BOOST_TEST(set.ok());
    BOOST_TEST(set.settings.limits.commands_per_user_per_minute == 5u);
    BOOST_TEST(set.settings.limits.commands_per_workspace_per_minute == 50u);
}

BOOST_AUTO_TEST_CASE(bad_command_limits_name_the_key) {
    for (const char* bad : {R"({"limits": {"commands_per_user_per_minute": 0}})",
                            R"({"limits": {"commands_per_workspace_per_minute": -5}})",
                            R"({"limits": {"commands_per_user_per_minute": 100000001}})",
                            R"({"limits": {"commands_per_user_per_minute": "lots"}})",
                            R"({"limits": {"commands_per_user": 10}})"}) {
        BOOST_TEST_CONTEXT(bad) {
            auto loaded = parse_settings(bad, fake_env({}));
            BOOST_REQUIRE_EQUAL(loaded.problems.size(), 1u);
            BOOST_TEST(loaded.problems[0].key.starts_with("limits.commands_per_"));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
