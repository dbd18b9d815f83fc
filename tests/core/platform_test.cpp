// A workspace key names its platform; the platform is a type, never a string prefix.
#include <boost/test/unit_test.hpp>

#include "core/types.hpp"

using namespace goalpost::core;

BOOST_AUTO_TEST_SUITE(platform)

BOOST_AUTO_TEST_CASE(keys_are_built_and_read_back) {
    BOOST_TEST(workspace_key(Platform::slack, "T123") == "slack:T123");
    BOOST_TEST(workspace_key(Platform::teams, "72f988bf-86f1") == "teams:72f988bf-86f1");
    BOOST_TEST((platform_of("slack:T123") == Platform::slack));
    BOOST_TEST((platform_of("teams:72f988bf-86f1") == Platform::teams));
    BOOST_TEST(platform_name(Platform::slack) == "slack");
    BOOST_TEST(platform_name(Platform::teams) == "teams");
}

BOOST_AUTO_TEST_CASE(only_the_teams_prefix_makes_a_teams_workspace) {
    BOOST_TEST((platform_of("T123") == Platform::slack));
    BOOST_TEST((platform_of("teamsT1") == Platform::slack));
    BOOST_TEST((platform_of("slack:teams:x") == Platform::slack));
    BOOST_TEST((platform_of("") == Platform::slack));
}

BOOST_AUTO_TEST_SUITE_END()
