#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

std::vector<std::string> names(const std::vector<core::Team>& teams) {
    std::vector<std::string> out;
    for (const auto& team : teams) out.push_back(team.name);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(team_repository)

BOOST_AUTO_TEST_CASE(created_team_is_found_by_name_in_any_case_and_by_id) {
    // Setup
    Store store(":memory:");

    // Act
    const auto created = store.create_team(ws_a, a_team("Growth"));

    // Check
    BOOST_TEST_REQUIRE(created.has_value());
    BOOST_TEST(created->id > 0);
    BOOST_TEST(created->name == "Growth");
    BOOST_TEST(created->channel == "C0001");
    BOOST_TEST(created->timezone == "Europe/Berlin");
    BOOST_TEST(!created->parent_team_id.has_value());
    BOOST_TEST((created->created_at == at(1)));
    const auto by_name = store.find_team(ws_a, "gROWTH");
    BOOST_TEST_REQUIRE(by_name.has_value());
    BOOST_TEST(by_name->id == created->id);
    BOOST_TEST(store.find_team_by_id(ws_a, created->id)->name == "Growth");
    BOOST_TEST(!store.find_team(ws_a, "platform").has_value());
    BOOST_TEST(!store.find_team_by_id(ws_a, created->id + 1).has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_name_in_another_case_is_refused) {
    // Setup
    Store store(":memory:");
    store.create_team(ws_a, a_team("growth"));

    // Act
    const auto duplicate = store.create_team(ws_a, a_team("GROWTH"));

    // Check
    BOOST_TEST(!duplicate.has_value());
    BOOST_TEST(store.teams(ws_a).size() == 1u);
}

BOOST_AUTO_TEST_CASE(teams_are_listed_by_name) {
    // Setup
    Store store(":memory:");
    for (const auto* name : {"platform", "Growth", "company", "design"}) store.create_team(ws_a, a_team(name));

    // Act
    const auto teams = store.teams(ws_a);

    // Check
    BOOST_TEST(names(teams) == (std::vector<std::string>{"company", "design", "Growth", "platform"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nested_team_keeps_its_parent) {
    // Setup
    Store store(":memory:");
    const auto company = store.create_team(ws_a, a_team("company"));
    auto growth = a_team("growth");
    growth.parent_team_id = company->id;

    // Act
    const auto created = store.create_team(ws_a, growth);

    // Check
    BOOST_TEST_REQUIRE(created.has_value());
    BOOST_TEST((created->parent_team_id == company->id));
    BOOST_TEST((store.find_team(ws_a, "growth")->parent_team_id == company->id));
}

BOOST_AUTO_TEST_CASE(text_with_quotes_and_sql_is_stored_verbatim) {
    // Setup
    Store store(":memory:");
    const std::string name = "Robert'); DROP TABLE teams; -- “quoted”";

    // Act
    store.create_team(ws_a, a_team(name));

    // Check
    BOOST_TEST_REQUIRE(store.find_team(ws_a, name).has_value());
    BOOST_TEST(store.teams(ws_a).front().name == name);
}

BOOST_AUTO_TEST_CASE(adding_and_removing_members_is_idempotent) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));

    // Act
    const bool first_add = store.add_member(ws_a, team.id, "U_ZED", at(2));
    const bool second_add = store.add_member(ws_a, team.id, "U_ZED", at(3));
    store.add_member(ws_a, team.id, "U_ANA", at(2));
    const bool first_remove = store.remove_member(ws_a, team.id, "U_ZED");
    const bool second_remove = store.remove_member(ws_a, team.id, "U_ZED");
    store.add_member(ws_a, team.id, "U_BEN", at(2));

    // Check
    BOOST_TEST(first_add);
    BOOST_TEST(!second_add);
    BOOST_TEST(first_remove);
    BOOST_TEST(!second_remove);
    BOOST_TEST(store.members(ws_a, team.id) == (std::vector<std::string>{"U_ANA", "U_BEN"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(teams_of_member_lists_only_their_teams_by_name) {
    // Setup
    Store store(":memory:");
    const auto platform = *store.create_team(ws_a, a_team("platform"));
    const auto growth = *store.create_team(ws_a, a_team("growth"));
    store.create_team(ws_a, a_team("design"));
    store.add_member(ws_a, platform.id, "U_ANA", at(2));
    store.add_member(ws_a, growth.id, "U_ANA", at(2));
    store.add_member(ws_a, growth.id, "U_BEN", at(2));

    // Act
    const auto teams = store.teams_of_member(ws_a, "U_ANA");

    // Check
    BOOST_TEST(names(teams) == (std::vector<std::string>{"growth", "platform"}), boost::test_tools::per_element());
    BOOST_TEST(store.teams_of_member(ws_a, "U_NOBODY").empty());
}

BOOST_AUTO_TEST_SUITE_END()
