// The checks import makes: every refusal with its place and message, against the file alone
// and against what a target workspace holds (a fake here; storage answers in production).
#include <boost/test/unit_test.hpp>
#include <limits>
#include <set>

#include "tests/support/transfer_document.hpp"
#include "transfer/validate.hpp"

using namespace goalpost;
using namespace goalpost::transfer;
using goalpost::testing::a_transfer_workspace;

namespace {

// A target database's workspace "slack:T1" with team "Company", cycle "fy27-h1", O-1 and KR-4.
class FakeTarget final : public Existing {
public:
    bool has_team(const core::WorkspaceKey& ws, const std::string& name) override {
        return ws == "slack:T1" && (name == "Company" || name == "company");
    }
    bool has_cycle(const core::WorkspaceKey& ws, const std::string& name) override {
        return ws == "slack:T1" && (name == "fy27-h1" || name == "FY27-H1");
    }
    bool has_objective(const core::WorkspaceKey& ws, int number) override { return ws == "slack:T1" && number == 1; }
    bool has_key_result(const core::WorkspaceKey& ws, int number) override { return ws == "slack:T1" && number == 4; }
};

std::set<std::string> lines(const Problems& problems) {
    std::set<std::string> out;
    for (const auto& p : problems) out.insert(p.where + ": " + p.message);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_validate)

BOOST_AUTO_TEST_CASE(a_consistent_workspace_has_no_problem) {
    BOOST_TEST(check(a_transfer_workspace(), "workspaces[0]").empty());
}

BOOST_AUTO_TEST_CASE(names_and_numbers_must_be_unique_and_references_resolve) {
    // Setup
    Workspace ws = a_transfer_workspace();
    ws.teams.push_back(Team{.name = "Growth"});
    ws.teams.push_back(Team{.name = "ops", .parent = "nobody"});
    ws.cycles.push_back(Cycle{.name = "fy27-h1", .start = "2027-01-01", .end = "2027-02-01"});
    ws.objectives.push_back(Objective{.number = 2, .title = "again", .team = "growht", .parent = 9});
    ws.objectives.push_back(Objective{.number = 0, .title = "", .parent = 0});  // O-0 is in the file: itself
    ws.key_results.push_back(KeyResult{.number = 2, .objective = 7, .title = "k", .carried_from = 99});
    ws.checkins.push_back(Checkin{.kr = 5, .user = "U1"});
    ws.wins.push_back(Win{.team = "nope", .kr = 77, .title = "w"});
    ws.grade_overrides.push_back(GradeOverride{.kr = 1, .score = 0.5});
    ws.retros.push_back(Retro{.objective = 8});
    ws.edits.push_back(Edit{.objective = true, .number = 77});
    ws.edits.push_back(Edit{.objective = false, .number = 88});

    // Act
    auto found = lines(check(ws, "workspaces[0]"));

    // Check
    const std::set<std::string> expected{
        "workspaces[0].teams[2].name: team 'Growth' appears twice",
        "workspaces[0].teams[3].parent: no team 'nobody' in the file or in workspace slack:T1",
        "workspaces[0].cycles[1].name: cycle 'fy27-h1' appears twice",
        "workspaces[0].objectives[2].number: O-2 appears twice",
        "workspaces[0].objectives[2].team: no team 'growht' in the file or in workspace slack:T1",
        "workspaces[0].objectives[2].parent: no O-9 in the file or in workspace slack:T1",
        "workspaces[0].objectives[3].number: must be O-1 or higher",
        "workspaces[0].objectives[3].title: must not be empty",
        "workspaces[0].objectives[3].parent: an objective cannot be its own parent",
        "workspaces[0].key_results[2].number: KR-2 appears twice",
        "workspaces[0].key_results[2].objective: no O-7 in the file",
        "workspaces[0].key_results[2].carried_from: no KR-99 in the file",
        "workspaces[0].checkins[3].kr: no KR-5 in the file",
        "workspaces[0].wins[2].team: no team 'nope' in the file or in workspace slack:T1",
        "workspaces[0].wins[2].kr: no KR-77 in the file",
        "workspaces[0].grade_overrides[1].kr: KR-1 has two grade overrides",
        "workspaces[0].retros[1].objective: no O-8 in the file",
        "workspaces[0].edits[1].target: no O-77 in the file",
        "workspaces[0].edits[2].target: no KR-88 in the file",
    };
    BOOST_TEST(found == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(values_must_be_in_range) {
    // Setup
    const double inf = std::numeric_limits<double>::infinity();
    Workspace ws;
    ws.key = "";
    ws.cycles = {Cycle{.name = "", .start = "2027-02-30", .end = "2027-1-5"},
                 Cycle{.name = "H2", .start = "2027-07-01", .end = "2027-06-30"}};
    ws.teams = {Team{.name = "t", .timezone = "", .reminder = "someday", .digest = "fri 25:00", .summary = "32 10:00",
                     .members = {Member{.user = "U1"}, Member{.user = "U1"}, Member{.user = ""}}}};
    ws.objectives = {Objective{.number = 1, .title = "o", .visibility = "secret", .commitment = "maybe", .grade = 1.5}};
    ws.key_results = {KeyResult{.number = 1, .objective = 1, .title = "", .start = inf, .target = -inf,
                                .current = std::numeric_limits<double>::quiet_NaN(), .due = "31.03.2027"}};
    ws.checkins = {Checkin{.kr = 1, .user = "", .value = inf, .confidence = 11}};
    ws.wins = {Win{.team = "t", .title = ""}};
    ws.grade_overrides = {GradeOverride{.kr = 1, .score = -0.1}};

    // Act
    auto found = lines(check(ws, "$"));

    // Check
    const std::set<std::string> expected{
        "$.key: must not be empty",
        "$.cycles[0].name: must not be empty",
        "$.cycles[0].start: '2027-02-30' is not a date like 2027-01-31",
        "$.cycles[0].end: '2027-1-5' is not a date like 2027-01-31",
        "$.cycles[1].end: is before start",
        "$.teams[0].timezone: must not be empty",
        "$.teams[0].reminder: 'someday' is not like 'mon 09:00' or 'off'",
        "$.teams[0].digest: 'fri 25:00' is not like 'fri 16:00' or 'off'",
        "$.teams[0].summary: '32 10:00' is not like '1 10:00' or 'off'",
        "$.teams[0].members[1].user: U1 is a member twice",
        "$.teams[0].members[2].user: must not be empty",
        "$.objectives[0].visibility: 'secret' is not public or internal",
        "$.objectives[0].commitment: 'maybe' is not aspirational or committed",
        "$.objectives[0].grade: must be between 0 and 1",
        "$.key_results[0].title: must not be empty",
        "$.key_results[0].start: must be a finite number",
        "$.key_results[0].target: must be a finite number",
        "$.key_results[0].current: must be a finite number",
        "$.key_results[0].due: '31.03.2027' is not a date like 2027-03-31",
        "$.checkins[0].user: must not be empty",
        "$.checkins[0].value: must be a finite number",
        "$.checkins[0].confidence: must be 1 to 10",
        "$.wins[0].title: must not be empty",
        "$.grade_overrides[0].score: must be between 0 and 1",
    };
    BOOST_TEST(found == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(parents_that_loop_are_refused) {
    Workspace ws;
    ws.key = "slack:T1";
    ws.teams = {Team{.name = "a", .parent = "c"}, Team{.name = "b", .parent = "a"}, Team{.name = "c", .parent = "B"},
                Team{.name = "self", .parent = "SELF"}, Team{.name = "d", .parent = "a"}};

    auto found = lines(check(ws, "w"));

    BOOST_TEST(found == (std::set<std::string>{"w.teams[0].parent: team 'a' would be its own ancestor",
                                               "w.teams[1].parent: team 'b' would be its own ancestor",
                                               "w.teams[2].parent: team 'c' would be its own ancestor",
                                               "w.teams[3].parent: team 'self' would be its own ancestor"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_target_workspace_may_be_referred_to_but_not_reused) {
    // Setup: the file refers to the target's team and objective and reuses its names and numbers.
    Workspace ws = a_transfer_workspace();
    ws.teams[1].parent = "Company";
    ws.teams.erase(ws.teams.begin());
    ws.wins[1].team = "COMPANY";
    ws.objectives[1].parent = 1;
    ws.objectives.erase(ws.objectives.begin());
    ws.key_results[1].objective = 2;
    ws.key_results.push_back(KeyResult{.number = 4, .objective = 2, .title = "taken"});
    ws.teams.push_back(Team{.name = "company"});
    FakeTarget target;

    // Act
    auto against_target = lines(check(ws, "workspaces[0]", &target));
    auto alone = lines(check(ws, "workspaces[0]"));
    Workspace elsewhere = ws;
    elsewhere.key = "slack:T2";
    auto other_workspace = lines(check(elsewhere, "workspaces[1]", &target));

    // Check
    BOOST_TEST(against_target == (std::set<std::string>{
                                     "workspaces[0].cycles[0].name: workspace slack:T1 already has a cycle 'FY27-H1'",
                                     "workspaces[0].teams[1].name: workspace slack:T1 already has a team 'company'",
                                     "workspaces[0].key_results[2].number: workspace slack:T1 already has KR-4"}),
               boost::test_tools::per_element());
    BOOST_TEST(alone.count("workspaces[0].objectives[0].parent: no O-1 in the file or in workspace slack:T1") == 1u);
    BOOST_TEST(other_workspace.count(
                   "workspaces[1].objectives[0].parent: no O-1 in the file or in workspace slack:T2") == 1u);
    for (const auto& line : other_workspace) BOOST_TEST(line.find("already has") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(many_workspaces_are_checked_in_order_and_keys_once) {
    // Setup
    Workspace broken = a_transfer_workspace("slack:T2");
    broken.checkins[0].kr = 9;
    std::vector<Placed> chosen{{"workspaces[0]", a_transfer_workspace("slack:T1")}, {"workspaces[3]", broken}};

    // Act
    auto problems = check(chosen);
    auto keys = check_keys({a_transfer_workspace("k"), Workspace{}, Workspace{}, a_transfer_workspace("k")});

    // Check
    BOOST_REQUIRE(problems.size() == 1u);
    BOOST_TEST(problems[0].where == "workspaces[3].checkins[0].kr");
    BOOST_REQUIRE(keys.size() == 1u);  // an empty key is not a duplicate: check says it is missing
    BOOST_TEST(keys[0].where == "workspaces[3].key");
    BOOST_TEST(keys[0].message == "k appears twice");
}

BOOST_AUTO_TEST_CASE(the_file_alone_does_not_repeat_a_place_reading_complained_about) {
    // Setup: reading found the number unreadable (so it is 0) and the title missing; check would
    // say "must be O-1 or higher" and "must not be empty" there, and "no O-1" elsewhere.
    Workspace ws = a_transfer_workspace();
    ws.objectives[0].number = 0;
    ws.objectives[0].title = "";
    Problems reading{{"workspaces[0].objectives[0].number", "\"O-x\" is not like O-3"},
                     {"workspaces[0].objectives[0].title", "is missing"}};

    // Act
    auto problems = check_alone(reading, {{"workspaces[0]", ws}});

    // Check
    BOOST_TEST(lines(problems) == (std::set<std::string>{
                                      "workspaces[0].objectives[0].number: \"O-x\" is not like O-3",
                                      "workspaces[0].objectives[0].title: is missing",
                                      "workspaces[0].objectives[1].parent: no O-1 in the file or in workspace slack:T1",
                                      "workspaces[0].key_results[1].objective: no O-1 in the file"}),
               boost::test_tools::per_element());
    BOOST_TEST(problems[0].where == reading[0].where);  // reading's problems first
}

BOOST_AUTO_TEST_CASE(problems_are_sorted_by_place_in_natural_order) {
    Problems problems{{"w[0].teams[10].name", "c"}, {"w[0].teams[2].name", "a"}, {"w[0].teams[2].name", "b"},
                      {"w[0].cycles[1].end", "d"}, {"in.json:2:16", "e"}, {"w[10].key", "f"}, {"w[9].key", "g"}};

    sort_by_place(problems);

    std::vector<std::string> order;
    for (const auto& p : problems) order.push_back(p.message);
    BOOST_TEST(order == (std::vector<std::string>{"e", "d", "a", "b", "c", "g", "f"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
