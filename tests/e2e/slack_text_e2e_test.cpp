// Text as Slack sends it, over signed HTTP to the real server: the reply's JSON holds it
// escaped once, and `goalpost export` (the real binary, JSON and CSV) exactly as typed.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "core/text.hpp"
#include "storage/schema.hpp"
#include "tests/e2e/goalpost_binary.hpp"
#include "tests/e2e/session.hpp"

using namespace goalpost::testing;
namespace json = boost::json;

namespace {

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// As typed in Slack; Slack sends each with & < > escaped, which is core::escape_text.
const std::string title = "R&D: fewer than 5 bugs & <2 outages, > 0 wins";
const std::string kr_title = "Latency p99 < 200 ms";
const std::string note = "Q&A done; next: cache > db";

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_text_e2e)

BOOST_AUTO_TEST_CASE(a_title_with_markup_characters_is_escaped_once_in_the_reply_and_exported_as_typed) {
    // Setup
    SlackWorld w;
    w.okr("team create growth");

    // Act
    const auto reply = json::serialize(w.slack.reply("objective add \"" + goalpost::core::escape_text(title) + "\""));
    w.okr("kr add O-1 \"" + goalpost::core::escape_text(kr_title) + "\" from=0 to=10");
    w.okr("checkin KR-1 5 \"" + goalpost::core::escape_text(note) + "\"");
    const auto config = w.server.dir / "export.json";
    std::ofstream(config) << "{" << w.server.storage_json() << "}";
    const auto json_run = run_goalpost({"export", "--config", config.string(), "--out", (w.server.dir / "all.json").string()},
                                       w.server.dir / "export-json.log");
    const auto csv_run = run_goalpost(
        {"export", "--config", config.string(), "--format", "csv", "--out", (w.server.dir / "csv").string()},
        w.server.dir / "export-csv.log");

    // Check: the reply, as Slack receives it, holds the title escaped exactly once.
    BOOST_TEST(has(reply, "R&amp;D: fewer than 5 bugs &amp; &lt;2 outages, &gt; 0 wins"));
    BOOST_TEST(!has(reply, "&amp;amp;"));
    BOOST_TEST(!has(reply, "&amp;lt;"));
    BOOST_TEST(!has(reply, title));
    // The export holds what the person typed.
    BOOST_TEST_INFO(json_run.output);
    BOOST_TEST_REQUIRE(json_run.exit_code == 0);
    const auto doc = json::parse(slurp(w.server.dir / "all.json"));
    BOOST_TEST(doc.at("schema_version").as_int64() == goalpost::storage::current_schema_version());
    const auto& ws = doc.at("workspaces").at(0);
    BOOST_TEST(ws.at("objectives").at(0).at("title").as_string() == title);
    BOOST_TEST(ws.at("key_results").at(0).at("title").as_string() == kr_title);
    BOOST_TEST(ws.at("checkins").at(0).at("note").as_string() == note);
    BOOST_TEST_INFO(csv_run.output);
    BOOST_TEST_REQUIRE(csv_run.exit_code == 0);
    BOOST_TEST(has(slurp(w.server.dir / "csv" / "objectives.csv"), "\"" + title + "\""));
    BOOST_TEST(has(slurp(w.server.dir / "csv" / "key_results.csv"), kr_title));
    BOOST_TEST(has(slurp(w.server.dir / "csv" / "checkins.csv"), note));
}

BOOST_AUTO_TEST_SUITE_END()
