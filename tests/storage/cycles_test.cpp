// Custom cycles and team leads in SQLite: stored per workspace, names unique in any case,
// removal refused while an objective is in the cycle.
#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"
#include "core/ports.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

core::NewCycle a_cycle(std::string name, std::string start, std::string end) {
    return core::NewCycle{std::move(name), std::move(start), std::move(end), "U_ADMIN", at(1)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cycle_repository)

BOOST_AUTO_TEST_CASE(a_cycle_is_added_found_in_any_case_and_listed_by_start) {
    Store store(":memory:");
    auto& cycles = *store.repositories().cycles;

    auto h2 = cycles.add_cycle(ws_a, a_cycle("2027-H2", "2027-07-01", "2027-12-31"));
    auto h1 = cycles.add_cycle(ws_a, a_cycle("2027-H1", "2027-01-01", "2027-06-30"));

    BOOST_TEST_REQUIRE(h1.has_value());
    BOOST_TEST_REQUIRE(h2.has_value());
    BOOST_TEST(h1->name == "2027-H1");
    BOOST_TEST(h1->start == "2027-01-01");
    BOOST_TEST(h1->end == "2027-06-30");
    BOOST_TEST(h1->created_by == "U_ADMIN");
    BOOST_TEST(cycles.find_cycle(ws_a, "2027-h1")->id == h1->id);
    auto all = cycles.cycles(ws_a);
    BOOST_TEST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].name == "2027-H1");
    BOOST_TEST(all[1].name == "2027-H2");
}

BOOST_AUTO_TEST_CASE(a_name_taken_in_any_case_is_refused_and_nothing_changes) {
    Store store(":memory:");
    auto& cycles = *store.repositories().cycles;
    cycles.add_cycle(ws_a, a_cycle("2027-H1", "2027-01-01", "2027-06-30"));

    BOOST_TEST(!cycles.add_cycle(ws_a, a_cycle("2027-h1", "2027-02-01", "2027-03-31")).has_value());

    BOOST_TEST_REQUIRE(cycles.cycles(ws_a).size() == 1u);
    BOOST_TEST(cycles.cycles(ws_a)[0].start == "2027-01-01");
}

BOOST_AUTO_TEST_CASE(removal_is_refused_while_an_objective_is_in_the_cycle) {
    Store store(":memory:");
    auto& cycles = *store.repositories().cycles;
    const auto team = *store.create_team(ws_a, a_team("growth"));
    cycles.add_cycle(ws_a, a_cycle("2027-H1", "2027-01-01", "2027-06-30"));
    auto objective = an_objective(team.id);
    objective.cycle = "2027-H1";
    store.add_objective(ws_a, objective);

    BOOST_TEST(cycles.objectives_in_cycle(ws_a, "2027-h1") == 1);
    BOOST_TEST((cycles.remove_cycle(ws_a, "2027-H1") == core::CycleRepository::Removal::in_use));
    BOOST_TEST(cycles.find_cycle(ws_a, "2027-H1").has_value());
    BOOST_TEST((cycles.remove_cycle(ws_a, "nope") == core::CycleRepository::Removal::not_found));

    cycles.add_cycle(ws_a, a_cycle("2027-H2", "2027-07-01", "2027-12-31"));
    BOOST_TEST((cycles.remove_cycle(ws_a, "2027-h2") == core::CycleRepository::Removal::removed));
    BOOST_TEST(!cycles.find_cycle(ws_a, "2027-H2").has_value());
    BOOST_TEST(cycles.cycles(ws_a).size() == 1u);
}

BOOST_AUTO_TEST_CASE(two_workspaces_keep_their_own_cycles_under_the_same_name) {
    Store store(":memory:");
    auto& cycles = *store.repositories().cycles;
    const auto b = seed(store, ws_b);
    cycles.add_cycle(ws_a, a_cycle("FY27", "2026-07-01", "2027-06-30"));
    BOOST_TEST(cycles.add_cycle(ws_b, a_cycle("FY27", "2027-01-01", "2027-12-31")).has_value());
    auto objective = an_objective(b.team.id);
    objective.cycle = "FY27";
    store.add_objective(ws_b, objective);

    BOOST_TEST(cycles.find_cycle(ws_a, "FY27")->start == "2026-07-01");
    BOOST_TEST(cycles.find_cycle(ws_b, "FY27")->start == "2027-01-01");
    BOOST_TEST(cycles.objectives_in_cycle(ws_a, "FY27") == 0);
    BOOST_TEST(cycles.objectives_in_cycle(ws_b, "FY27") == 1);
    // Workspace A's cycle is free to go; B's stays, in use.
    BOOST_TEST((cycles.remove_cycle(ws_a, "FY27") == core::CycleRepository::Removal::removed));
    BOOST_TEST(cycles.find_cycle(ws_b, "FY27").has_value());
    BOOST_TEST(cycles.cycles(ws_a).empty());
    BOOST_TEST(cycles.cycles("slack:T_NONE").empty());
    BOOST_TEST((cycles.remove_cycle("slack:T_NONE", "FY27") == core::CycleRepository::Removal::not_found));
}

BOOST_AUTO_TEST_CASE(a_lead_is_a_member_with_the_role_and_keeps_membership_without_it) {
    Store store(":memory:");
    const auto company = *store.create_team(ws_a, a_team("company"));
    store.add_member(ws_a, company.id, "U_ANA", at(1));

    BOOST_TEST(store.set_lead(ws_a, company.id, "U_ANA", true, at(2)));
    BOOST_TEST(!store.set_lead(ws_a, company.id, "U_ANA", true, at(2)));  // already
    BOOST_TEST(store.set_lead(ws_a, company.id, "U_BEN", true, at(2)));   // joins as well
    BOOST_TEST(store.members(ws_a, company.id) == (std::vector<std::string>{"U_ANA", "U_BEN"}));
    BOOST_TEST(store.leads(ws_a, company.id) == (std::vector<std::string>{"U_ANA", "U_BEN"}));
    BOOST_TEST(store.teams_led_by(ws_a, "U_BEN").size() == 1u);
    BOOST_TEST(store.teams_led_by(ws_b, "U_BEN").empty());

    BOOST_TEST(store.set_lead(ws_a, company.id, "U_BEN", false, at(3)));
    BOOST_TEST(!store.set_lead(ws_a, company.id, "U_BEN", false, at(3)));
    BOOST_TEST(!store.set_lead(ws_a, company.id, "U_NOBODY", false, at(3)));
    BOOST_TEST(store.leads(ws_a, company.id) == std::vector<std::string>{"U_ANA"});
    BOOST_TEST(store.members(ws_a, company.id).size() == 2u);
    BOOST_TEST(store.teams_led_by(ws_a, "U_BEN").empty());
    // Leaving the team ends the role with the membership.
    store.remove_member(ws_a, company.id, "U_ANA");
    BOOST_TEST(store.leads(ws_a, company.id).empty());
}

BOOST_AUTO_TEST_SUITE_END()
