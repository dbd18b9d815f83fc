// Export documents from before schema 8: their Slack text is decoded on import, once.
#include <boost/test/unit_test.hpp>

#include "transfer/upgrade.hpp"

using namespace goalpost::transfer;

namespace {

// A workspace as a version 7 goalpost exported it: Slack text escaped.
Workspace exported_by_version_7(const std::string& key) {
    Workspace ws;
    ws.key = key;
    ws.teams = {Team{"company"}, Team{"R&amp;D"}};
    ws.teams[1].parent = "company";
    ws.teams[0].parent = std::nullopt;
    Objective o;
    o.number = 1;
    o.title = "Fewer than 5 bugs &amp; &lt;2 outages";
    o.team = "R&amp;D";
    ws.objectives = {o};
    KeyResult k;
    k.number = 1;
    k.objective = 1;
    k.title = "Latency &lt; 200 ms";
    k.unit = "&lt;ms";
    ws.key_results = {k};
    Checkin c;
    c.kr = 1;
    c.note = "Q&amp;A, see <https://x.example/?a=1&amp;b=2|x.example>";
    ws.checkins = {c};
    Win w;
    w.team = "R&amp;D";
    w.title = "&gt; 5 wins";
    ws.wins = {w};
    ws.grade_overrides = {GradeOverride{1, 0.5, "R&amp;D slipped"}};
    ws.retros = {Retro{1, "U1", "Typed &amp;amp; on purpose"}};
    Edit e;
    e.field = "title";
    e.old_value = "Old &amp;";
    e.new_value = "New &lt;";
    e.reason = "Because &gt;";
    ws.edits = {e};
    return ws;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_upgrade)

BOOST_AUTO_TEST_CASE(slack_text_and_team_references_are_decoded_once) {
    // Setup
    Workspace ws = exported_by_version_7("slack:T1");

    // Act
    decode_slack_text(ws);

    // Check
    BOOST_TEST(ws.teams[1].name == "R&D");
    BOOST_TEST(*ws.teams[1].parent == "company");
    BOOST_TEST(ws.objectives[0].title == "Fewer than 5 bugs & <2 outages");
    BOOST_TEST(*ws.objectives[0].team == "R&D");
    BOOST_TEST(ws.key_results[0].title == "Latency < 200 ms");
    BOOST_TEST(ws.key_results[0].unit == "<ms");
    BOOST_TEST(ws.checkins[0].note == "Q&A, see https://x.example/?a=1&b=2");
    BOOST_TEST(ws.wins[0].team == "R&D");
    BOOST_TEST(ws.wins[0].title == "> 5 wins");
    BOOST_TEST(ws.grade_overrides[0].reason == "R&D slipped");
    BOOST_TEST(ws.retros[0].text == "Typed &amp; on purpose");
    BOOST_TEST(ws.edits[0].old_value == "Old &");
    BOOST_TEST(ws.edits[0].new_value == "New <");
    BOOST_TEST(ws.edits[0].reason == "Because >");
}

BOOST_AUTO_TEST_CASE(other_workspaces_are_left_as_they_are) {
    // Setup: Teams text was decoded when it arrived.
    Workspace ws = exported_by_version_7("teams:tenant-x");

    // Act
    decode_slack_text(ws);

    // Check
    BOOST_TEST(ws.teams[1].name == "R&amp;D");
    BOOST_TEST(ws.objectives[0].title == "Fewer than 5 bugs &amp; &lt;2 outages");
    BOOST_TEST(*ws.objectives[0].team == "R&amp;D");
    BOOST_TEST(ws.retros[0].text == "Typed &amp;amp; on purpose");
}

BOOST_AUTO_TEST_CASE(a_team_name_that_would_clash_is_kept_with_its_references) {
    // Setup: "r&d" as typed beside "R&amp;D" as Slack sent it; names ignore case.
    Workspace ws = exported_by_version_7("slack:T1");
    ws.teams.push_back(Team{"r&d"});
    ws.teams.push_back(Team{"Q&amp;A"});

    // Act
    decode_slack_text(ws);

    // Check
    BOOST_TEST(ws.teams[1].name == "R&amp;D");
    BOOST_TEST(*ws.objectives[0].team == "R&amp;D");
    BOOST_TEST(ws.wins[0].team == "R&amp;D");
    BOOST_TEST(ws.teams[2].name == "r&d");
    BOOST_TEST(ws.teams[3].name == "Q&A");
}

BOOST_AUTO_TEST_SUITE_END()
