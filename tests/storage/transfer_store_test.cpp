// The database side of export and import (storage/transfer_store.hpp): one read snapshot,
// and a checked document written all or nothing.
#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "tests/storage/builders.hpp"
#include "storage/transfer_store.hpp"
#include "tests/support/transfer_document.hpp"
#include "transfer/json.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;
using goalpost::testing::a_transfer_workspace;

namespace {

std::vector<transfer::Placed> placed(std::vector<transfer::Workspace> workspaces) {
    std::vector<transfer::Placed> out;
    for (std::size_t i = 0; i < workspaces.size(); ++i)
        out.push_back({"workspaces[" + std::to_string(i) + "]", std::move(workspaces[i])});
    return out;
}

std::vector<std::string> lines(const transfer::Problems& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.where + ": " + p.message);
    return out;
}

// The document as export writes it, to compare whole snapshots.
std::string exported(const transfer::Document& document) { return transfer::to_json(document, at(31)); }

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_store)

BOOST_AUTO_TEST_CASE(a_snapshot_holds_every_workspace_or_only_one) {
    // Setup
    TempDir dir;
    const auto file = dir.file();
    {
        Store store(file);
        auto seeded = seed(store, ws_b);
        store.record_checkin(ws_b, a_checkin(seeded.kr.id, 300, at(3), 7));
        seed(store, ws_a, "platform");
    }

    // Act
    auto all = read_snapshot(file, std::nullopt);
    auto only_b = read_snapshot(file, ws_b);

    // Check
    BOOST_TEST(all.schema_version == current_schema_version());
    BOOST_REQUIRE(all.workspaces.size() == 2u);
    BOOST_TEST(all.workspaces[0].key == ws_a);  // by key
    BOOST_TEST(all.workspaces[0].teams.at(0).name == "platform");
    BOOST_REQUIRE(only_b.workspaces.size() == 1u);
    const auto& ws = only_b.workspaces[0];
    BOOST_TEST(ws.key == ws_b);
    BOOST_TEST(ws.teams.at(0).name == "growth");
    BOOST_TEST(ws.teams.at(0).timezone == "Europe/Berlin");
    BOOST_TEST(ws.objectives.at(0).number == 1);
    BOOST_TEST(*ws.objectives.at(0).team == "growth");
    BOOST_TEST(ws.key_results.at(0).objective == 1);
    BOOST_TEST(ws.key_results.at(0).current == 300.0);
    BOOST_TEST(ws.checkins.at(0).kr == 1);
    BOOST_TEST(*ws.checkins.at(0).confidence == 7);
    BOOST_TEST(read_snapshot(file, std::string("slack:NOPE")).workspaces.empty());
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_goalpost_database_is_refused_and_none_is_created) {
    TempDir dir;
    BOOST_CHECK_THROW(read_snapshot(dir.file("missing.db"), std::nullopt), StorageError);
    BOOST_TEST(!std::filesystem::exists(dir.file("missing.db")));
    { SqliteDatabase empty(dir.file("empty.db")); }
    BOOST_CHECK_THROW(read_snapshot(dir.file("empty.db"), std::nullopt), StorageError);
}

BOOST_AUTO_TEST_CASE(an_imported_document_reads_back_row_for_row) {
    // Setup
    TempDir dir;
    transfer::Document document;
    document.schema_version = current_schema_version();
    document.workspaces = {a_transfer_workspace("slack:T1"), a_transfer_workspace("teams:x")};

    // Act
    auto problems = import_workspaces(dir.file(), placed(document.workspaces), false);

    // Check
    BOOST_TEST(lines(problems).empty());
    BOOST_TEST(exported(read_snapshot(dir.file(), std::nullopt)) == exported(document));
    // Numbering goes on after the imported numbers.
    Store store(dir.file());
    auto growth = store.find_team("slack:T1", "growth");
    BOOST_REQUIRE(growth.has_value());
    BOOST_TEST(store.add_objective("slack:T1", an_objective(growth->id)).number == 3);
}

BOOST_AUTO_TEST_CASE(a_clash_with_the_target_writes_nothing_of_any_workspace) {
    // Setup: slack:T1 is there already; teams:x is not.
    TempDir dir;
    BOOST_TEST(import_workspaces(dir.file(), placed({a_transfer_workspace("slack:T1")}), false).empty());
    const auto checkins = count_rows(dir.file(), "checkins");

    // Act
    auto problems = import_workspaces(
        dir.file(), placed({a_transfer_workspace("teams:x"), a_transfer_workspace("slack:T1")}), false);

    // Check
    const auto found = lines(problems);
    for (const char* expected : {"workspaces[1].cycles[0].name: workspace slack:T1 already has a cycle 'FY27-H1'",
                                 "workspaces[1].teams[0].name: workspace slack:T1 already has a team 'company'",
                                 "workspaces[1].objectives[1].number: workspace slack:T1 already has O-2",
                                 "workspaces[1].key_results[0].number: workspace slack:T1 already has KR-1"}) {
        BOOST_TEST_INFO(expected);
        BOOST_TEST(std::count(found.begin(), found.end(), expected) == 1);
    }
    BOOST_TEST(found.size() == 7u);
    BOOST_TEST(count_rows(dir.file(), "checkins") == checkins);
    BOOST_TEST(query_int(dir.file(), "SELECT COUNT(*) FROM workspaces WHERE key = 'teams:x'") == 0);
}

BOOST_AUTO_TEST_CASE(a_dry_run_writes_nothing_and_creates_no_file) {
    // Setup
    TempDir dir;
    const auto chosen = placed({a_transfer_workspace("slack:T1")});

    // Act
    auto without_file = import_workspaces(dir.file(), chosen, true);
    const bool created = std::filesystem::exists(dir.file());
    BOOST_TEST(import_workspaces(dir.file(), chosen, false).empty());
    auto against_file = import_workspaces(dir.file(), chosen, true);

    // Check
    BOOST_TEST(without_file.empty());
    BOOST_TEST(!created);
    BOOST_TEST(lines(against_file).size() == 7u);
    BOOST_TEST(count_rows(dir.file(), "objectives") == 2);
}

BOOST_AUTO_TEST_CASE(a_dry_run_reads_a_file_from_before_custom_cycles) {
    // Setup: schema 5 has no cycles table.
    TempDir dir;
    { Store old(dir.file(), 5); }

    // Act
    auto problems = import_workspaces(dir.file(), placed({a_transfer_workspace()}), true);

    // Check
    BOOST_TEST(lines(problems).empty());
    BOOST_TEST(read_snapshot(dir.file(), std::nullopt).schema_version == 5);
}

BOOST_AUTO_TEST_CASE(rows_may_refer_to_teams_and_objectives_of_the_target_workspace) {
    // Setup: the target has team "growth" with O-1.
    TempDir dir;
    core::RowId growth_id = 0;
    {
        Store store(dir.file());
        growth_id = seed(store, ws_a).team.id;
    }
    transfer::Workspace ws;
    ws.key = ws_a;
    ws.teams = {transfer::Team{.name = "squad", .parent = "Growth"}};
    ws.objectives = {transfer::Objective{.number = 5, .title = "Under growth", .team = "growth", .parent = 1}};
    ws.wins = {transfer::Win{.team = "GROWTH", .title = "Shipped"}};

    // Act
    auto problems = import_workspaces(dir.file(), placed({ws}), false);

    // Check
    BOOST_TEST(lines(problems).empty());
    BOOST_TEST(query_int(dir.file(), "SELECT parent_team_id FROM teams WHERE name = 'squad'") == growth_id);
    BOOST_TEST(query_int(dir.file(), "SELECT team_id FROM objectives WHERE number = 5") == growth_id);
    BOOST_TEST(query_int(dir.file(), "SELECT parent_number FROM objectives WHERE number = 5") == 1);
    BOOST_TEST(query_int(dir.file(), "SELECT team_id FROM wins") == growth_id);
}

BOOST_AUTO_TEST_SUITE_END()
