// Custom cycles and team leads as signed slash commands over HTTP, against the real server
// and its database file.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/e2e/db_query.hpp"
#include "tests/e2e/session.hpp"

using namespace goalpost::testing;

using Session = SlackWorld;

BOOST_AUTO_TEST_SUITE(cycles_leads_e2e)

BOOST_AUTO_TEST_CASE(custom_cycles_and_team_leads_over_http) {
    Session s;
    s.server.settings.admins = {"U1"};  // the app reads the settings it was given, by reference
    const auto db = s.server.db_path();
    s.okr("team create company channel=<#C1|company>");
    s.okr("team create squad parent=company channel=<#C2|squad>");
    s.okr("team add squad <@U2|sam>");

    // Leads: only admins appoint them; a lead joins the team.
    BOOST_TEST(has(s.okr("team lead company <@U3|lena>", "U2"), "Only goalpost admins"));
    BOOST_TEST(query(db, "SELECT count(*) FROM team_members WHERE lead = 1") == "0");
    auto lead = s.okr("team lead company <@U3|lena>");
    BOOST_TEST(has(lead, "ephemeral"));
    BOOST_TEST(has(lead, "now leads team *company*"));
    BOOST_TEST(query(db, "SELECT t.name, m.user_id FROM team_members m JOIN teams t ON t.id = m.team_id "
                         "WHERE m.lead = 1") == "company|U3");
    BOOST_TEST(has(s.okr("team show company", "U9"), "(lead)"));

    // Cycles: only admins add them; mistakes change nothing.
    BOOST_TEST(has(s.okr("cycle add Nov26 start=2026-11-01 end=2026-11-30", "U2"), "Only goalpost admins"));
    BOOST_TEST(has(s.okr("cycle add Nov26 start=2026-11-30 end=2026-11-01"), "ends (2026-11-01) before it starts"));
    BOOST_TEST(query(db, "SELECT count(*) FROM cycles") == "0");
    BOOST_TEST(has(s.okr("cycle add Nov26 start=2026-11-01 end=2026-11-30"), "It is the current cycle now"));
    BOOST_TEST(has(s.okr("cycle add nov26 start=2026-11-02 end=2026-11-03"), "already exists"));
    BOOST_TEST(query(db, "SELECT c.name, c.start_date, c.end_date, w.key FROM cycles c "
                         "JOIN workspaces w ON w.id = c.workspace_id") == "Nov26|2026-11-01|2026-11-30|slack:T1");
    BOOST_TEST(has(s.okr("cycle list", "U9"), "*current*"));

    // A squad objective lands in the current custom cycle; internal, so only the squad, the
    // company's lead and admins see it.
    BOOST_TEST(has(s.okr("objective add \"Squad secret\" internal", "U2"), "Nov26"));
    s.okr("kr add O-1 \"Hidden metric\" from=0 to=10", "U2");
    BOOST_TEST(query(db, "SELECT cycle, visibility FROM objectives WHERE number = 1") == "Nov26|internal");
    BOOST_TEST(has(s.okr("show O-1", "U3"), "Squad secret"));
    BOOST_TEST(has(s.okr("show O-1", "U9"), "O-1 doesn't exist"));
    BOOST_TEST(has(s.okr("list all", "U1"), "Squad secret"));
    BOOST_TEST(!has(s.okr("list all", "U9"), "Squad secret"));
    BOOST_TEST(has(s.okr("edit O-1 title=\"Squad focus\"", "U3"), "Squad focus"));
    BOOST_TEST(query(db, "SELECT user_id, field, new_value FROM edits") == "U3|title|Squad focus");
    BOOST_TEST(has(s.okr("edit KR-1 to=20", "U9"), "KR-1 doesn't exist"));
    BOOST_TEST(query(db, "SELECT count(*) FROM edits") == "1");

    // In use: the cycle stays. Carry goes into the cycle that starts next.
    BOOST_TEST(has(s.okr("cycle remove Nov26"), "can't be removed"));
    BOOST_TEST(query(db, "SELECT count(*) FROM cycles") == "1");
    s.okr("cycle add Dec26 start=2026-12-01 end=2026-12-31");
    BOOST_TEST(has(s.okr("carry O-1", "U2"), "carried into *Dec26* as *O-2*"));
    BOOST_TEST(query(db, "SELECT cycle, visibility FROM objectives WHERE number = 2") == "Dec26|internal");
    BOOST_TEST(has(s.okr("carry O-1 to=Someday", "U2"), "Cycles: Nov26 (2026-11-01 to 2026-11-30), Dec26"));
    BOOST_TEST(query(db, "SELECT count(*) FROM objectives") == "2");

    // Another workspace has its own cycles under the same name.
    SlashCommand other;
    other.team_id = "T2";
    other.user_id = "U1";
    other.text = "cycle add Nov26 start=2026-11-10 end=2026-11-20";
    auto reply = s.client.send(signed_request(other.body(), s.server.now_s.load()));
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(has(reply.body, "added"));
    BOOST_TEST(query(db, "SELECT count(*) FROM cycles WHERE name = 'Nov26'") == "2");
    BOOST_TEST(has(s.okr("cycle list"), "2026-11-01 to 2026-11-30"));

    // Taking the lead role away: U3 stays a member of company but no longer sees the squad's goal.
    BOOST_TEST(has(s.okr("team lead company <@U3> off"), "no longer leads"));
    BOOST_TEST(query(db, "SELECT lead FROM team_members WHERE user_id = 'U3'") == "0");
    BOOST_TEST(has(s.okr("show O-1", "U3"), "O-1 doesn't exist"));

    // An unused cycle goes.
    s.okr("cycle add Spare start=2027-03-01 end=2027-03-31");
    BOOST_TEST(has(s.okr("cycle remove spare"), "removed"));
    BOOST_TEST(query(db, "SELECT count(*) FROM cycles WHERE name = 'Spare'") == "0");
}

BOOST_AUTO_TEST_SUITE_END()
