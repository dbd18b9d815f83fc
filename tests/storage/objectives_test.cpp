#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

template <class T>
std::vector<int> numbers(const std::vector<T>& items) {
    std::vector<int> out;
    for (const auto& item : items) out.push_back(item.number);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(objective_repository)

BOOST_AUTO_TEST_CASE(objectives_are_numbered_per_workspace) {
    // Setup
    Store store(":memory:");
    const auto team_a = *store.create_team(ws_a, a_team("growth"));
    const auto team_b = *store.create_team(ws_b, a_team("growth"));

    // Act
    const auto a1 = store.add_objective(ws_a, an_objective(team_a.id, "A first"));
    const auto a2 = store.add_objective(ws_a, an_objective(team_a.id, "A second"));
    const auto b1 = store.add_objective(ws_b, an_objective(team_b.id, "B first"));

    // Check
    BOOST_TEST(a1.number == 1);
    BOOST_TEST(a2.number == 2);
    BOOST_TEST(b1.number == 1);
    BOOST_TEST(store.find_objective(ws_a, 1)->title == "A first");
    BOOST_TEST(store.find_objective(ws_b, 1)->title == "B first");
    BOOST_TEST(!store.find_objective(ws_b, 2).has_value());
}

BOOST_AUTO_TEST_CASE(objective_fields_round_trip) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));
    const auto parent = store.add_objective(ws_a, an_objective(team.id, "Company goal"));
    auto input = an_objective(team.id, "Team goal");
    input.parent_number = parent.number;
    input.visibility = core::Visibility::internal;
    input.kind = core::ObjectiveKind::committed;
    input.cycle = "2027-Q2";

    // Act
    const auto added = store.add_objective(ws_a, input);
    const auto found = store.find_objective(ws_a, added.number);

    // Check
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == added.id);
    BOOST_TEST(found->team_id == team.id);
    BOOST_TEST(found->title == "Team goal");
    BOOST_TEST((found->parent_number == std::optional<int>{parent.number}));
    BOOST_TEST(found->cycle == "2027-Q2");
    BOOST_TEST((found->visibility == core::Visibility::internal));
    BOOST_TEST((found->kind == core::ObjectiveKind::committed));
    BOOST_TEST(found->created_by == "U_ANA");
    BOOST_TEST((found->created_at == at(2)));
    BOOST_TEST((parent.visibility == core::Visibility::public_));
    BOOST_TEST((parent.kind == core::ObjectiveKind::aspirational));
    BOOST_TEST(!parent.parent_number.has_value());
}

BOOST_AUTO_TEST_CASE(unknown_parent_objective_is_refused) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));
    auto input = an_objective(team.id);
    input.parent_number = 7;

    // Act / Check
    BOOST_CHECK_THROW(store.add_objective(ws_a, input), StorageError);
    BOOST_TEST(!store.find_objective(ws_a, 1).has_value());
}

BOOST_AUTO_TEST_CASE(objectives_of_team_are_that_teams_by_number) {
    // Setup
    Store store(":memory:");
    const auto growth = *store.create_team(ws_a, a_team("growth"));
    const auto platform = *store.create_team(ws_a, a_team("platform"));
    store.add_objective(ws_a, an_objective(growth.id));
    store.add_objective(ws_a, an_objective(platform.id));
    store.add_objective(ws_a, an_objective(growth.id));
    store.add_objective(ws_a, an_objective(0, "No team"));

    // Act
    const auto of_growth = store.objectives_of_team(ws_a, growth.id);
    const auto without_team = store.objectives_of_team(ws_a, 0);

    // Check
    BOOST_TEST(numbers(of_growth) == (std::vector<int>{1, 3}), boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(without_team.size() == 1u);
    BOOST_TEST(without_team.front().number == 4);
    BOOST_TEST(without_team.front().team_id == 0);
}

BOOST_AUTO_TEST_CASE(archived_objectives_and_their_krs_leave_the_lists) {
    // Setup
    TempDir dir;
    Store store(dir.file());
    const auto seeded = seed(store, ws_a);
    const auto kept = store.add_objective(ws_a, an_objective(seeded.team.id, "Kept"));
    store.add_key_result(ws_a, a_key_result(kept.id));
    {
        SqliteDatabase raw(dir.file());
        raw.cached("UPDATE objectives SET archived = 1 WHERE id = ?").bind(1, seeded.objective.id).run();
    }

    // Act
    const auto objectives = store.objectives_of_team(ws_a, seeded.team.id);
    const auto mine = store.key_results_owned_by(ws_a, "U_ANA");

    // Check
    BOOST_TEST(numbers(objectives) == (std::vector<int>{kept.number}), boost::test_tools::per_element());
    BOOST_TEST(numbers(mine) == (std::vector<int>{2}), boost::test_tools::per_element());
    // Still reachable by its number, and numbers are never reused.
    BOOST_TEST(store.find_objective(ws_a, seeded.objective.number).has_value());
    BOOST_TEST(store.add_objective(ws_a, an_objective(seeded.team.id)).number == 3);
}

BOOST_AUTO_TEST_CASE(key_results_are_numbered_per_workspace_independently_of_objectives) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));
    store.add_objective(ws_a, an_objective(team.id));
    store.add_objective(ws_a, an_objective(team.id));
    const auto objective = store.add_objective(ws_a, an_objective(team.id));
    const auto other = seed(store, ws_b);

    // Act
    const auto kr1 = store.add_key_result(ws_a, a_key_result(objective.id));
    const auto kr2 = store.add_key_result(ws_a, a_key_result(objective.id));
    const auto b2 = store.add_key_result(ws_b, a_key_result(other.objective.id));

    // Check
    BOOST_TEST(objective.number == 3);
    BOOST_TEST(kr1.number == 1);
    BOOST_TEST(kr2.number == 2);
    BOOST_TEST(other.kr.number == 1);
    BOOST_TEST(b2.number == 2);
}

BOOST_AUTO_TEST_CASE(key_result_fields_round_trip) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));
    store.add_objective(ws_a, an_objective(team.id));
    const auto objective = store.add_objective(ws_a, an_objective(team.id));
    auto churn = a_key_result(objective.id, "Churn", 5, 3);
    churn.unit = "%";
    churn.due = "2027-03-31";
    churn.owner = "U_BEN";
    auto launch = a_key_result(objective.id, "Launch the app");
    launch.binary = true;
    launch.start = 0;
    launch.target = 1;

    // Act
    const auto added = store.add_key_result(ws_a, churn);
    const auto found = store.find_key_result(ws_a, added.number);
    const auto binary = store.add_key_result(ws_a, launch);

    // Check
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == added.id);
    BOOST_TEST(found->objective_id == objective.id);
    BOOST_TEST(found->objective_number == 2);
    BOOST_TEST(found->title == "Churn");
    BOOST_TEST(!found->binary);
    BOOST_TEST(found->start == 5);
    BOOST_TEST(found->target == 3);
    BOOST_TEST(found->current == 5);  // starts at its start value
    BOOST_TEST(found->unit == "%");
    BOOST_TEST((found->due == std::optional<std::string>{"2027-03-31"}));
    BOOST_TEST(found->owner == "U_BEN");
    BOOST_TEST((found->created_at == at(2)));
    BOOST_TEST(!found->last_checkin_at.has_value());
    BOOST_TEST(!found->last_confidence.has_value());
    BOOST_TEST(binary.binary);
    BOOST_TEST(!binary.due.has_value());
}

BOOST_AUTO_TEST_CASE(key_results_of_objective_and_owner_are_ordered_by_number) {
    // Setup
    Store store(":memory:");
    const auto team = *store.create_team(ws_a, a_team("growth"));
    const auto first = store.add_objective(ws_a, an_objective(team.id));
    const auto second = store.add_objective(ws_a, an_objective(team.id));
    auto bens = a_key_result(second.id);
    bens.owner = "U_BEN";
    store.add_key_result(ws_a, a_key_result(first.id));   // KR-1 ana
    store.add_key_result(ws_a, a_key_result(second.id));  // KR-2 ana
    store.add_key_result(ws_a, bens);                     // KR-3 ben
    store.add_key_result(ws_a, a_key_result(first.id));   // KR-4 ana

    // Act
    const auto of_first = store.key_results_of(ws_a, first.id);
    const auto anas = store.key_results_owned_by(ws_a, "U_ANA");

    // Check
    BOOST_TEST(numbers(of_first) == (std::vector<int>{1, 4}), boost::test_tools::per_element());
    BOOST_TEST(numbers(anas) == (std::vector<int>{1, 2, 4}), boost::test_tools::per_element());
    BOOST_TEST(anas[1].objective_number == second.number);
    BOOST_TEST(store.key_results_owned_by(ws_a, "U_NOBODY").empty());
}

BOOST_AUTO_TEST_SUITE_END()
