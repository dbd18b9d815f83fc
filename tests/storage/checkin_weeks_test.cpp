// The checkin_weeks aggregate (schema version 9): each person's check-ins per team and local
// ISO week, kept by check-ins, imports and time zone changes, backfilled by the migration.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "storage/transfer_store.hpp"
#include "tests/storage/builders.hpp"
#include "tests/support/transfer_document.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

// Every row as "team week user checkins", in key order.
std::vector<std::string> week_rows(Store& store) {
    return store.with_connection([](Database& db) {
        std::vector<std::string> out;
        auto& st = db.cached(
            "SELECT t.name, cw.week, cw.user_id, cw.checkins FROM checkin_weeks cw JOIN teams t ON t.id = cw.team_id "
            "ORDER BY t.name, cw.week, cw.user_id");
        ResetOnExit reset_st(st);
        while (st.step()) {
            out.push_back(st.text(0) + " " + st.text(1) + " " + st.text(2) + " " + std::to_string(st.int64(3)));
        }
        return out;
    });
}

core::NewCheckin by(const std::string& user, core::RowId kr_id, core::Time when) {
    auto c = a_checkin(kr_id, 10, when);
    c.user_id = user;
    return c;
}

// Sunday 2027-01-10 23:30 UTC: still ISO week 1 in UTC, already Monday of week 2 in Berlin.
const core::Time sunday_night = at(10, 23) + std::chrono::minutes(30);

}  // namespace

BOOST_AUTO_TEST_SUITE(checkin_weeks)

BOOST_AUTO_TEST_CASE(a_checkin_counts_in_the_team_local_week) {
    // Setup: growth is in Berlin (builders)
    Store store;
    auto s = seed(store, ws_a);

    // Act
    store.record_checkin(ws_a, by("U_ANA", s.kr.id, sunday_night));
    store.record_checkin(ws_a, by("U_ANA", s.kr.id, at(11, 10)));
    store.record_checkin(ws_a, by("U_BEN", s.kr.id, at(4)));

    // Check
    BOOST_TEST(week_rows(store) == (std::vector<std::string>{"growth 2027-W01 U_BEN 1", "growth 2027-W02 U_ANA 2"}));
    auto weeks = store.checkin_weeks(ws_a, s.team.id, "2027-W02", "2027-W02");
    BOOST_TEST_REQUIRE(weeks.size() == 1u);
    BOOST_TEST(weeks[0].user_id == "U_ANA");
    BOOST_TEST(weeks[0].checkins == 2);
    BOOST_TEST(store.checkin_weeks(ws_b, s.team.id, "2027-W01", "2027-W52").empty());  // another workspace
}

BOOST_AUTO_TEST_CASE(one_person_in_two_teams_counts_in_each_apart) {
    // Setup
    Store store;
    auto growth = seed(store, ws_a, "growth");
    auto sales = seed(store, ws_a, "sales");

    // Act
    store.record_checkin(ws_a, by("U_ANA", growth.kr.id, at(4)));
    store.record_checkin(ws_a, by("U_ANA", sales.kr.id, at(5)));
    store.record_checkin(ws_a, by("U_ANA", sales.kr.id, at(6)));

    // Check
    BOOST_TEST(week_rows(store) == (std::vector<std::string>{"growth 2027-W01 U_ANA 1", "sales 2027-W01 U_ANA 2"}));
}

BOOST_AUTO_TEST_CASE(a_time_zone_change_recounts_the_team_weeks) {
    // Setup
    Store store;
    auto s = seed(store, ws_a);
    auto other = seed(store, ws_a, "sales");
    store.record_checkin(ws_a, by("U_ANA", s.kr.id, sunday_night));
    store.record_checkin(ws_a, by("U_ANA", other.kr.id, sunday_night));
    BOOST_TEST_REQUIRE(week_rows(store) ==
                       (std::vector<std::string>{"growth 2027-W02 U_ANA 1", "sales 2027-W02 U_ANA 1"}));

    // Act
    core::TeamSettingsChange change;
    change.timezone = "UTC";
    store.repositories().cadence->update_settings(ws_a, s.team.id, change);

    // Check: growth's Sunday night is back in week 1; sales keeps Berlin
    BOOST_TEST(week_rows(store) == (std::vector<std::string>{"growth 2027-W01 U_ANA 1", "sales 2027-W02 U_ANA 1"}));
}

BOOST_AUTO_TEST_CASE(the_migration_backfills_from_existing_checkins) {
    // Setup: a version 8 file with check-ins and no aggregate
    TempDir dir;
    {
        Store old_store(dir.file(), 8);
        auto s = seed(old_store, ws_a);
        auto none = old_store.add_objective(ws_a, an_objective(0, "Of no team"));
        auto loose = old_store.add_key_result(ws_a, a_key_result(none.id));
        old_store.record_checkin(ws_a, by("U_ANA", s.kr.id, sunday_night));
        old_store.record_checkin(ws_a, by("U_ANA", s.kr.id, at(11, 10)));
        old_store.record_checkin(ws_a, by("U_BEN", s.kr.id, at(4)));
        old_store.record_checkin(ws_a, by("U_BEN", loose.id, at(4)));
    }

    // Act
    Store store(dir.file());

    // Check: in Berlin weeks; a KR of no team counts for no team
    BOOST_TEST(store.schema_version() == current_schema_version());
    BOOST_TEST(week_rows(store) == (std::vector<std::string>{"growth 2027-W01 U_BEN 1", "growth 2027-W02 U_ANA 2"}));
}

BOOST_AUTO_TEST_CASE(an_import_fills_the_aggregate) {
    // Setup
    TempDir dir;
    std::vector<transfer::Placed> chosen{{"workspaces[0]", testing::a_transfer_workspace("slack:T1")}};

    // Act
    BOOST_TEST_REQUIRE(import_workspaces(dir.file(), chosen, false).empty());

    // Check: growth in Berlin, company in UTC (2027-01-16 00:00 is a Saturday of week 2)
    Store store(dir.file());
    BOOST_TEST(week_rows(store) == (std::vector<std::string>{"company 2027-W02 U3 1", "growth 2027-W01 U2 1",
                                                             "growth 2027-W02 U2 1"}));
}

BOOST_AUTO_TEST_CASE(a_kr_value_range_leaves_out_its_latest_checkin) {
    // Setup
    Store store;
    auto s = seed(store, ws_a);
    BOOST_TEST(!store.values_before_latest(ws_a, s.kr.id).has_value());
    store.record_checkin(ws_a, a_checkin(s.kr.id, 300, at(3)));
    BOOST_TEST(!store.values_before_latest(ws_a, s.kr.id).has_value());

    // Act
    store.record_checkin(ws_a, a_checkin(s.kr.id, 900, at(4)));
    store.record_checkin(ws_a, a_checkin(s.kr.id, 100, at(5)));
    store.record_checkin(ws_a, a_checkin(s.kr.id, 1000, at(6)));

    // Check
    auto range = store.values_before_latest(ws_a, s.kr.id);
    BOOST_TEST_REQUIRE(range.has_value());
    BOOST_TEST(range->lowest == 100);
    BOOST_TEST(range->highest == 900);
    BOOST_TEST(!store.values_before_latest(ws_b, s.kr.id).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
