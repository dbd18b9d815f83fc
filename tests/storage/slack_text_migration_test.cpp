// Migration 8: text typed in Slack, stored escaped by goalpost before version 8, is decoded
// once, in Slack workspaces only.
#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/transfer_store.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

const core::WorkspaceKey slack = "slack:TA";
const core::WorkspaceKey teams = "teams:tenant-x";

std::string text_at(const std::string& path, const std::string& sql) {
    SqliteDatabase db(path);
    auto statement = db.prepare(sql);
    return statement.step() ? statement.text(0) : "<no row>";
}

// Rows as a version 7 goalpost stored them: Slack text escaped, control sequences raw.
void fill_like_version_7(Store& store, const core::WorkspaceKey& ws, const std::string& team_name) {
    const Seeded s = seed(store, ws, team_name);
    store.record_checkin(ws, [&] {
        auto c = a_checkin(s.kr.id, 600);
        c.note = "Q&amp;A done; next: cache &gt; db, see <https://x.example/?a=1&amp;b=2|x.example/?a=1&amp;b=2>";
        return c;
    }());
    store.with_connection([&](Database& db) {
        auto workspace = sqlite_of(db).prepare("SELECT id FROM workspaces WHERE key = ?");
        workspace.bind(1, ws).step();
        const std::string wid = std::to_string(workspace.int64(0));
        const std::string o = std::to_string(s.objective.id), k = std::to_string(s.kr.id), t = std::to_string(s.team.id);
        db.exec("UPDATE objectives SET title = 'R&amp;D: fewer than 5 bugs &amp; &lt;2 outages' WHERE id = " + o);
        db.exec("UPDATE key_results SET title = 'Latency p99 &lt; 200 ms, owner <@U1|ana>', unit = '&lt;ms' WHERE id = " + k);
        db.exec("INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) VALUES(" + wid + ", " + t +
                ", " + k + ", 'Shipped &gt; 5 wins <!here>', 'U1', 1)");
        db.exec("INSERT INTO retros(workspace_id, objective_id, user_id, text, created_at) VALUES(" + wid + ", " + o +
                ", 'U1', 'Typed &amp;amp; on purpose', 1)");
        db.exec("INSERT INTO grade_overrides(kr_id, workspace_id, score, reason, user_id, created_at) VALUES(" + k +
                ", " + wid + ", 0.5, 'Blocked by R&amp;D', 'U1', 1)");
        db.exec("INSERT INTO edits(workspace_id, target, target_id, user_id, field, old_value, new_value, reason, "
                "created_at) VALUES(" + wid + ", 'objective', " + o +
                ", 'U1', 'title', 'Old &amp; gone', 'New &lt; better', 'Because &gt; before', 1)");
    });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_text_migration)

BOOST_AUTO_TEST_CASE(a_version_7_file_gets_slack_text_decoded_once_and_teams_text_untouched) {
    // Setup: the same stored text in a Slack and a Teams workspace, at schema 7.
    TempDir dir;
    {
        Store old_store(dir.file(), 7);
        BOOST_TEST_REQUIRE(old_store.schema_version() == 7);
        fill_like_version_7(old_store, slack, "R&amp;D");
        fill_like_version_7(old_store, teams, "R&amp;D");
    }

    // Act
    Store store(dir.file());

    // Check: every column a person typed, in the Slack workspace, holds what was typed.
    const auto f = dir.file();
    const std::string ws_a = "(SELECT id FROM workspaces WHERE key = 'slack:TA')";
    const std::string ws_x = "(SELECT id FROM workspaces WHERE key = 'teams:tenant-x')";
    BOOST_TEST(store.schema_version() == storage::current_schema_version());
    BOOST_TEST(text_at(f, "SELECT name FROM teams WHERE workspace_id = " + ws_a) == "R&D");
    BOOST_TEST(text_at(f, "SELECT title FROM objectives WHERE workspace_id = " + ws_a) ==
               "R&D: fewer than 5 bugs & <2 outages");
    BOOST_TEST(text_at(f, "SELECT title FROM key_results WHERE workspace_id = " + ws_a) ==
               "Latency p99 < 200 ms, owner <@U1|ana>");
    BOOST_TEST(text_at(f, "SELECT unit FROM key_results WHERE workspace_id = " + ws_a) == "<ms");
    BOOST_TEST(text_at(f, "SELECT note FROM checkins WHERE workspace_id = " + ws_a) ==
               "Q&A done; next: cache > db, see https://x.example/?a=1&b=2");
    BOOST_TEST(text_at(f, "SELECT title FROM wins WHERE workspace_id = " + ws_a) == "Shipped > 5 wins @here");
    BOOST_TEST(text_at(f, "SELECT text FROM retros WHERE workspace_id = " + ws_a) == "Typed &amp; on purpose");
    BOOST_TEST(text_at(f, "SELECT reason FROM grade_overrides WHERE workspace_id = " + ws_a) == "Blocked by R&D");
    BOOST_TEST(text_at(f, "SELECT old_value || '|' || new_value || '|' || reason FROM edits WHERE workspace_id = " +
                              ws_a) == "Old & gone|New < better|Because > before");
    // Teams text was decoded at its edge when it arrived: left exactly as stored.
    BOOST_TEST(text_at(f, "SELECT name FROM teams WHERE workspace_id = " + ws_x) == "R&amp;D");
    BOOST_TEST(text_at(f, "SELECT title FROM objectives WHERE workspace_id = " + ws_x) ==
               "R&amp;D: fewer than 5 bugs &amp; &lt;2 outages");
    BOOST_TEST(text_at(f, "SELECT text FROM retros WHERE workspace_id = " + ws_x) == "Typed &amp;amp; on purpose");
    // The repositories read the decoded rows; the team is found by the name as typed.
    BOOST_TEST(store.find_team(slack, "R&D").has_value());
    BOOST_TEST(store.find_objective(slack, 1)->title == "R&D: fewer than 5 bugs & <2 outages");
    // An export states the new schema.
    BOOST_TEST(storage::read_snapshot(f, std::nullopt).schema_version == storage::current_schema_version());
}

BOOST_AUTO_TEST_CASE(opening_the_file_again_decodes_nothing_twice) {
    // Setup: migrated once.
    TempDir dir;
    {
        Store old_store(dir.file(), 7);
        fill_like_version_7(old_store, slack, "growth");
    }
    { Store migrated(dir.file()); }
    const std::string once = text_at(dir.file(), "SELECT text FROM retros");
    BOOST_TEST_REQUIRE(once == "Typed &amp; on purpose");

    // Act
    Store again(dir.file());

    // Check: "&amp;" typed on purpose stays, and new text is stored as it comes.
    BOOST_TEST(again.schema_version() == storage::current_schema_version());
    BOOST_TEST(text_at(dir.file(), "SELECT text FROM retros") == "Typed &amp; on purpose");
    BOOST_TEST(text_at(dir.file(), "SELECT title FROM objectives") == "R&D: fewer than 5 bugs & <2 outages");
}

BOOST_AUTO_TEST_CASE(a_team_name_that_would_clash_keeps_its_old_name) {
    // Setup: "R&D" (seeded from a config, as typed) beside "R&amp;D" typed in Slack.
    TempDir dir;
    {
        Store old_store(dir.file(), 7);
        BOOST_TEST_REQUIRE(old_store.create_team(slack, a_team("R&D")).has_value());
        BOOST_TEST_REQUIRE(old_store.create_team(slack, a_team("R&amp;D")).has_value());
        BOOST_TEST_REQUIRE(old_store.create_team(slack, a_team("Q&amp;A")).has_value());
    }

    // Act
    Store store(dir.file());

    // Check: the migration went through; both teams are still there, the other one decoded.
    BOOST_TEST(store.schema_version() == storage::current_schema_version());
    BOOST_TEST(store.teams(slack).size() == 3u);
    BOOST_TEST(store.find_team(slack, "R&D").has_value());
    BOOST_TEST(query_int(dir.file(), "SELECT COUNT(*) FROM teams WHERE name = 'R&amp;D'") == 1);
    BOOST_TEST(store.find_team(slack, "Q&A").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
