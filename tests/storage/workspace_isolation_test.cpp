#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

BOOST_AUTO_TEST_SUITE(workspace_isolation)

BOOST_AUTO_TEST_CASE(same_numbers_and_names_in_two_workspaces_stay_apart) {
    // Setup
    Store store(":memory:");
    const auto a = seed(store, ws_a);
    const auto b = seed(store, ws_b);
    store.record_checkin(ws_a, a_checkin(a.kr.id, 600, at(4), 9));

    // Act
    const auto kr_a = store.find_key_result(ws_a, 1);
    const auto kr_b = store.find_key_result(ws_b, 1);

    // Check
    BOOST_TEST_REQUIRE(kr_a.has_value());
    BOOST_TEST_REQUIRE(kr_b.has_value());
    BOOST_TEST(kr_a->id == a.kr.id);
    BOOST_TEST(kr_b->id == b.kr.id);
    BOOST_TEST(kr_a->current == 600);
    BOOST_TEST(kr_b->current == 0);
    BOOST_TEST(!kr_b->last_checkin_at.has_value());
    BOOST_TEST(store.find_objective(ws_b, 1)->id == b.objective.id);
    BOOST_TEST(store.find_team(ws_b, "growth")->id == b.team.id);
    BOOST_TEST(store.teams(ws_b).size() == 1u);
    BOOST_TEST(store.checkins_of(ws_b, b.kr.id, 10).empty());
}

BOOST_AUTO_TEST_CASE(reads_by_row_id_of_another_workspace_come_back_empty) {
    // Setup
    Store store(":memory:");
    const auto a = seed(store, ws_a);
    seed(store, ws_b);
    store.add_member(ws_a, a.team.id, "U_ANA", at(2));
    store.record_checkin(ws_a, a_checkin(a.kr.id, 600, at(4)));

    // Act / Check
    BOOST_TEST(!store.find_team_by_id(ws_b, a.team.id).has_value());
    BOOST_TEST(store.members(ws_b, a.team.id).empty());
    BOOST_TEST(store.teams_of_member(ws_b, "U_ANA").empty());
    BOOST_TEST(store.objectives_of_team(ws_b, a.team.id).empty());
    BOOST_TEST(store.key_results_of(ws_b, a.objective.id).empty());
    BOOST_TEST(store.key_results_owned_by("slack:TC", "U_ANA").empty());
    BOOST_TEST(store.checkins_of(ws_b, a.kr.id, 10).empty());
}

BOOST_AUTO_TEST_CASE(writes_naming_rows_of_another_workspace_are_refused_and_change_nothing) {
    // Setup
    Store store(":memory:");
    const auto a = seed(store, ws_a);
    const auto b = seed(store, ws_b);
    auto child_of_a = a_team("child");
    child_of_a.parent_team_id = a.team.id;

    // Act / Check
    BOOST_CHECK_THROW(store.add_member(ws_b, a.team.id, "U_EVE", at(3)), StorageError);
    BOOST_CHECK_THROW(store.remove_member(ws_b, a.team.id, "U_ANA"), StorageError);
    BOOST_CHECK_THROW(store.record_checkin(ws_b, a_checkin(a.kr.id, 1)), StorageError);
    BOOST_CHECK_THROW(store.add_key_result(ws_b, a_key_result(a.objective.id)), StorageError);
    BOOST_CHECK_THROW(store.add_objective(ws_b, an_objective(a.team.id)), StorageError);
    BOOST_CHECK_THROW(store.create_team(ws_b, child_of_a), StorageError);
    // A workspace that does not exist yet cannot reach them either.
    BOOST_CHECK_THROW(store.record_checkin("slack:TC", a_checkin(a.kr.id, 1)), StorageError);
    BOOST_CHECK_THROW(store.add_member("slack:TC", a.team.id, "U_EVE", at(3)), StorageError);

    // Check: A is untouched, B gained nothing
    BOOST_TEST(store.members(ws_a, a.team.id).empty());
    BOOST_TEST(store.checkins_of(ws_a, a.kr.id, 10).empty());
    BOOST_TEST(store.find_key_result(ws_a, 1)->current == 0);
    BOOST_TEST(store.key_results_of(ws_a, a.objective.id).size() == 1u);
    BOOST_TEST(!store.find_key_result(ws_b, 2).has_value());
    BOOST_TEST(!store.find_objective(ws_b, 2).has_value());
    BOOST_TEST(!store.find_team(ws_b, "child").has_value());
    BOOST_TEST(store.teams("slack:TC").empty());
    BOOST_TEST(store.find_key_result(ws_b, 1)->id == b.kr.id);
}

BOOST_AUTO_TEST_CASE(team_names_are_unique_per_workspace_only) {
    // Setup
    Store store(":memory:");
    store.create_team(ws_a, a_team("Growth"));

    // Act
    const auto in_b = store.create_team(ws_b, a_team("growth"));

    // Check
    BOOST_TEST(in_b.has_value());
    BOOST_TEST(store.find_team(ws_a, "growth")->name == "Growth");
    BOOST_TEST(store.find_team(ws_b, "growth")->name == "growth");
}

BOOST_AUTO_TEST_SUITE_END()
