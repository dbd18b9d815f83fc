// goalpost export / import on real database files.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "bot/cli/cli.hpp"
#include "bot/cli/transfer.hpp"
#include "core/time.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/store.hpp"
#include "tests/support/clock.hpp"
#include "transfer/csv.hpp"

using namespace goalpost;
using goalpost::testing::utc;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const std::string webhook_secret = "https://example.webhook.office.com/workflows/s3cr3t-T0KEN-abc";
const std::string note_quotes = "Hi, \"there\"\nsecond line";
const std::string note_unicode = "日本語のメモ — ünïcödé, Ελληνικά";
const std::string note_formula = "=HYPERLINK(\"http://evil\",\"x\")";

struct Run {
    int code;
    std::string out;
    std::string err;
};

// Runs the CLI with stdout and stderr captured.
Run run(const std::vector<std::string>& args) {
    std::stringstream out, err;
    auto* old_out = std::cout.rdbuf(out.rdbuf());
    auto* old_err = std::cerr.rdbuf(err.rdbuf());
    int code = bot::run_cli(args);
    std::cout.rdbuf(old_out);
    std::cerr.rdbuf(old_err);
    return {code, out.str(), err.str()};
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void exec(const std::string& db, const std::string& sql) {
    testing::Store store(db);
    store.with_connection([&](storage::Database& d) { d.exec(sql); });
}

long long count(const std::string& db, const std::string& sql) {
    testing::Store store(db);
    return store.with_connection([&](storage::Database& d) {
        return *storage::first_row(storage::query(d, sql), [](storage::Statement& s) { return s.int64(0); });
    });
}

// A directory with a config pointing at `name.db` inside it.
struct Place {
    fs::path dir;
    std::string db;
    std::string config;
    Place(const fs::path& root, const std::string& name) : dir(root) {
        db = (dir / (name + ".db")).string();
        config = (dir / (name + ".json")).string();
        std::ofstream(config) << R"({"storage": {"path": ")" << db << R"("}})";
    }
};

struct Fixture {
    fs::path dir = fs::temp_directory_path() / ("goalpost-transfer-" + std::to_string(std::random_device{}()));
    Place source{(fs::create_directories(dir), dir), "source"};
    Place target{dir, "target"};

    Fixture() {
        testing::Store store(source.db);
        const std::string ws = "slack:T1";
        auto company = *store.create_team(ws, core::NewTeam{"company", "C0", "UTC", {}, "U1", utc(2026, 10, 1)});
        auto growth = *store.create_team(ws, core::NewTeam{"growth", "C2", "Europe/Berlin", company.id, "U1",
                                                           utc(2026, 10, 2)});
        auto platform = *store.create_team(ws, core::NewTeam{"platform", "C3", "Asia/Tokyo", company.id, "U1",
                                                             utc(2026, 10, 3)});
        store.add_member(ws, company.id, "U1", utc(2026, 10, 1));
        store.set_lead(ws, company.id, "U1", true, utc(2026, 10, 1));
        store.add_member(ws, growth.id, "U2", utc(2026, 10, 2));
        store.add_member(ws, growth.id, "U3", utc(2026, 10, 2));
        store.add_member(ws, platform.id, "U4", utc(2026, 10, 3));
        auto o1 = store.add_objective(ws, core::NewObjective{company.id, "Win the market", {}, "2027-Q1",
                                                             core::Visibility::public_, core::ObjectiveKind::committed,
                                                             "U1", utc(2026, 12, 1)});
        auto o2 = store.add_objective(ws, core::NewObjective{growth.id, "Grow, \"fast\"", 1, "2027-Q1",
                                                             core::Visibility::internal,
                                                             core::ObjectiveKind::aspirational, "U2", utc(2026, 12, 2)});
        auto o3 = store.add_objective(ws, core::NewObjective{platform.id, "Old platform work", {}, "FY27-H1",
                                                             core::Visibility::internal,
                                                             core::ObjectiveKind::aspirational, "U4", utc(2026, 12, 3)});
        auto kr1 = store.add_key_result(ws, core::NewKeyResult{o2.id, "Qualified leads", false, 0, 1200, "leads",
                                                               std::string("2027-03-31"), "U2", utc(2026, 12, 2)});
        auto kr2 = store.add_key_result(ws, core::NewKeyResult{o1.id, "Launch v2", true, 0, 1, "", {}, "U1",
                                                               utc(2026, 12, 1)});
        auto kr3 = store.add_key_result(ws, core::NewKeyResult{o3.id, "Churn", false, 5, 3, "%", {}, "U4",
                                                               utc(2026, 12, 3)});
        auto kr4 = store.add_key_result(ws, core::NewKeyResult{o2.id, "Net change", false, 0, 10, "", {}, "U3",
                                                               utc(2026, 12, 2)});
        store.record_checkin(ws, core::NewCheckin{kr1.id, "U2", 300, 7, note_quotes, utc(2027, 1, 8, 9)});
        store.record_checkin(ws, core::NewCheckin{kr1.id, "U2", 612.5, 6, note_unicode, utc(2027, 1, 15, 9)});
        store.record_checkin(ws, core::NewCheckin{kr3.id, "U4", 4.2, {}, note_formula, utc(2027, 1, 15, 10)});
        store.record_checkin(ws, core::NewCheckin{kr4.id, "U3", -3, 3, "-3 after the refund, @ana knows", utc(2027, 1, 16)});
        store.record_checkin(ws, core::NewCheckin{kr2.id, "U1", 1, 9, "", utc(2027, 1, 20)});
        (void)kr2;

        // The rest of the playbook, a custom cycle, an archived objective and a secret.
        exec(source.db, fmt_sql());

        // Another workspace that must never leak into slack:T1's export.
        auto other = *store.create_team("slack:T2", core::NewTeam{"rivals", "C9", "UTC", {}, "U9", utc(2026, 10, 1)});
        store.add_member("slack:T2", other.id, "U9", utc(2026, 10, 1));
        auto oo = store.add_objective("slack:T2", core::NewObjective{other.id, "Rival secret plan", {}, "2027-Q1",
                                                                     core::Visibility::internal,
                                                                     core::ObjectiveKind::committed, "U9",
                                                                     utc(2026, 12, 1)});
        auto okr = store.add_key_result("slack:T2", core::NewKeyResult{oo.id, "Rival KR", false, 0, 10, "", {}, "U9",
                                                                       utc(2026, 12, 1)});
        store.record_checkin("slack:T2", core::NewCheckin{okr.id, "U9", 5, 5, "rival note", utc(2027, 1, 9)});
    }
    ~Fixture() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }

    static std::string fmt_sql() {
        return "UPDATE teams SET teams_webhook_url = '" + webhook_secret +
               "', reminder = 'tue 10:30', digest = 'off', stakeholder_channel = 'C-stake' WHERE name = 'growth';"
               "INSERT INTO cycles(workspace_id, name, start_date, end_date, created_by, created_at) "
               "VALUES (1, 'FY27-H1', '2027-01-01', '2027-06-30', 'U1', 1790000000);"
               "UPDATE objectives SET archived = 1, grade = 0.35, graded_by = 'U4', graded_at = 1795000000 "
               "WHERE number = 3;"
               "INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) VALUES "
               "(1, (SELECT id FROM teams WHERE name = 'growth'), (SELECT id FROM key_results WHERE number = 1), "
               "'First 300 leads, yay', 'U2', 1799000000);"
               "INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) VALUES "
               "(1, (SELECT id FROM teams WHERE name = 'company'), NULL, 'Offsite done', 'U1', 1799000100);"
               "INSERT INTO grade_overrides(kr_id, workspace_id, score, reason, user_id, created_at) VALUES "
               "((SELECT id FROM key_results WHERE number = 3), 1, 0.4, 'partly there', 'U4', 1795000000);"
               "INSERT INTO retros(workspace_id, objective_id, user_id, text, created_at) VALUES "
               "(1, (SELECT id FROM objectives WHERE number = 3), 'U4', 'We learned: smaller bets', 1795000500);"
               "INSERT INTO edits(workspace_id, target, target_id, user_id, field, old_value, new_value, reason, "
               "created_at) VALUES (1, 'key_result', (SELECT id FROM key_results WHERE number = 1), 'U2', 'target', "
               "'1000', '1200', 'bigger market', 1798000000);";
    }

    Run export_json(const Place& p, const std::string& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"export", "--config", p.config, "--out", out};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }
};

// An export without its exported_at line, for comparing two exports.
std::string without_exported_at(std::string text) {
    auto at = text.find("\"exported_at\"");
    BOOST_REQUIRE(at != std::string::npos);
    text.erase(at, text.find('\n', at) - at);
    return text;
}

// A document with one workspace, slack:T1, whose other fields are `workspace_body`.
std::string document(const std::string& workspace_body) {
    return R"({"format": "goalpost-export", "version": 1, "workspaces": [{"key": "slack:T1", )" + workspace_body + "}]}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_transfer)

BOOST_AUTO_TEST_CASE(help_and_usage_errors) {
    auto help = run({"export", "--help"});
    BOOST_TEST(help.code == 0);
    BOOST_TEST(help.out.find("--format json|csv") != std::string::npos);
    BOOST_TEST(help.out.find("formula") != std::string::npos);
    auto ihelp = run({"import", "--help"});
    BOOST_TEST(ihelp.code == 0);
    BOOST_TEST(ihelp.out.find("--dry-run") != std::string::npos);
    BOOST_TEST(ihelp.out.find("kr,value,date,user[,confidence][,note]") != std::string::npos);
    BOOST_TEST(run({"--help"}).out.find("export --out PATH") != std::string::npos);

    Fixture f;
    auto no_out = run({"export", "--config", f.source.config});
    BOOST_TEST(no_out.code == 2);
    BOOST_TEST(no_out.err.find("--out") != std::string::npos);
    auto bad_format = run({"export", "--config", f.source.config, "--out", (f.dir / "x").string(), "--format", "xml"});
    BOOST_TEST(bad_format.code == 2);
    BOOST_TEST(bad_format.err.find("--format") != std::string::npos);
    BOOST_TEST(run({"export", "--config", f.source.config, "--out", "-", "--format", "csv"}).code == 2);
    BOOST_TEST(run({"export", "--config", f.source.config, "--out", "x.json", "--dry-run"}).code == 2);
    BOOST_TEST(run({"export", "--config", f.source.config, "--out"}).code == 2);
    auto no_from = run({"import", "--config", f.target.config});
    BOOST_TEST(no_from.code == 2);
    BOOST_TEST(no_from.err.find("--from") != std::string::npos);
    BOOST_TEST(run({"import", "--config", f.target.config, "--from", "x.json", "--out", "y"}).code == 2);
    auto missing_file = run({"import", "--config", f.target.config, "--from", (f.dir / "nope.json").string()});
    BOOST_TEST(missing_file.code == 2);
    BOOST_TEST(missing_file.err.find("cannot read") != std::string::npos);
    // No database to export: a runtime failure, and no file is created.
    auto no_db = run({"export", "--config", f.target.config, "--out", (f.dir / "x.json").string()});
    BOOST_TEST(no_db.code == 1);
    BOOST_TEST(!fs::exists(f.target.db));
    auto no_ws = f.export_json(f.source, (f.dir / "x.json").string(), {"--workspace", "slack:NOPE"});
    BOOST_TEST(no_ws.code == 2);
    BOOST_TEST(no_ws.err.find("slack:NOPE") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_export_holds_the_workspace_and_no_secret) {
    Fixture f;
    const auto out = f.dir / "all.json";
    auto r = f.export_json(f.source, out.string());
    BOOST_TEST_INFO(r.err);
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.find("2 workspace(s)") != std::string::npos);
    const std::string text = slurp(out);
    BOOST_TEST(text.find("s3cr3t") == std::string::npos);
    BOOST_TEST(text.find("webhook") == std::string::npos);

    auto doc = json::parse(text).as_object();
    BOOST_TEST(doc.at("format").as_string() == "goalpost-export");
    BOOST_TEST(doc.at("version").as_int64() == 1);
    BOOST_TEST(doc.at("schema_version").as_int64() == storage::current_schema_version());
    BOOST_TEST(doc.at("exported_at").as_string().ends_with("Z"));
    auto& workspaces = doc.at("workspaces").as_array();
    BOOST_REQUIRE(workspaces.size() == 2u);
    auto& ws = workspaces[0].as_object();
    BOOST_TEST(ws.at("key").as_string() == "slack:T1");

    auto& teams = ws.at("teams").as_array();
    BOOST_REQUIRE(teams.size() == 3u);
    auto& company = teams[0].as_object();
    BOOST_TEST(company.at("name").as_string() == "company");
    BOOST_TEST(company.at("parent").is_null());
    BOOST_TEST(company.at("members").as_array()[0].as_object().at("lead").as_bool());
    auto& growth = teams[1].as_object();
    BOOST_TEST(growth.at("parent").as_string() == "company");
    BOOST_TEST(growth.at("timezone").as_string() == "Europe/Berlin");
    BOOST_TEST(growth.at("reminder").as_string() == "tue 10:30");
    BOOST_TEST(growth.at("digest").as_string() == "off");
    BOOST_TEST(growth.at("stakeholder_channel").as_string() == "C-stake");
    BOOST_TEST(growth.at("members").as_array().size() == 2u);
    BOOST_TEST(!growth.contains("teams_webhook_url"));

    auto& objectives = ws.at("objectives").as_array();
    BOOST_REQUIRE(objectives.size() == 3u);
    BOOST_TEST(objectives[0].as_object().at("number").as_string() == "O-1");
    BOOST_TEST(objectives[0].as_object().at("visibility").as_string() == "public");
    BOOST_TEST(objectives[0].as_object().at("commitment").as_string() == "committed");
    BOOST_TEST(objectives[1].as_object().at("visibility").as_string() == "internal");
    BOOST_TEST(objectives[1].as_object().at("parent").as_string() == "O-1");
    BOOST_TEST(objectives[1].as_object().at("title").as_string() == "Grow, \"fast\"");
    BOOST_TEST(objectives[2].as_object().at("archived").as_bool());
    BOOST_TEST(objectives[2].as_object().at("cycle").as_string() == "FY27-H1");
    BOOST_TEST(ws.at("cycles").as_array().size() == 1u);

    auto& krs = ws.at("key_results").as_array();
    BOOST_REQUIRE(krs.size() == 4u);
    auto& kr1 = krs[0].as_object();
    BOOST_TEST(kr1.at("objective").as_string() == "O-2");
    BOOST_TEST(kr1.at("target").to_number<double>() == 1200.0);
    BOOST_TEST(kr1.at("current").to_number<double>() == 612.5);
    BOOST_TEST(kr1.at("due").as_string() == "2027-03-31");
    BOOST_TEST(kr1.at("owner").as_string() == "U2");
    BOOST_TEST(krs[1].as_object().at("binary").as_bool());

    auto& checkins = ws.at("checkins").as_array();
    BOOST_REQUIRE(checkins.size() == 5u);
    auto& c0 = checkins[0].as_object();
    BOOST_TEST(c0.at("kr").as_string() == "KR-1");
    BOOST_TEST(c0.at("note").as_string() == note_quotes);
    BOOST_TEST(c0.at("confidence").as_int64() == 7);
    BOOST_TEST(c0.at("created_at").as_string() == "2027-01-08T09:00:00Z");
    BOOST_TEST(checkins[1].as_object().at("note").as_string() == note_unicode);
    BOOST_TEST(checkins[2].as_object().at("kr").as_string() == "KR-2");
    BOOST_TEST(checkins[3].as_object().at("note").as_string() == note_formula);  // JSON keeps it exact
    BOOST_TEST(checkins[3].as_object().at("confidence").is_null());
    BOOST_TEST(checkins[4].as_object().at("value").to_number<double>() == -3.0);
    BOOST_TEST(ws.at("wins").as_array().size() == 2u);
    BOOST_TEST(ws.at("retros").as_array().size() == 1u);
    BOOST_TEST(ws.at("grade_overrides").as_array().size() == 1u);
    BOOST_TEST(ws.at("edits").as_array()[0].as_object().at("target").as_string() == "KR-1");
}

BOOST_AUTO_TEST_CASE(workspace_filter_exports_nothing_of_another_workspace) {
    Fixture f;
    const auto out = f.dir / "t1.json";
    BOOST_TEST(f.export_json(f.source, out.string(), {"--workspace", "slack:T1"}).code == 0);
    const std::string text = slurp(out);
    for (const char* other : {"slack:T2", "rivals", "Rival", "rival note", "U9"}) {
        BOOST_TEST_INFO(other);
        BOOST_TEST(text.find(other) == std::string::npos);
    }
    BOOST_TEST(text.find("Qualified leads") != std::string::npos);
    const auto csv = f.dir / "t2-csv";
    BOOST_TEST(f.export_json(f.source, csv.string(), {"--workspace", "slack:T2", "--format", "csv"}).code == 0);
    for (const auto& file : fs::directory_iterator(csv)) {
        const std::string body = slurp(file.path());
        BOOST_TEST_INFO(file.path());
        BOOST_TEST(body.find("slack:T1") == std::string::npos);
        BOOST_TEST(body.find("Qualified") == std::string::npos);
        BOOST_TEST(body.find("growth") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(csv_cells_are_quoted_and_defended_against_formulas) {
    using transfer::csv_cell;
    BOOST_TEST(csv_cell("plain") == "plain");
    BOOST_TEST(csv_cell("a,b") == "\"a,b\"");
    BOOST_TEST(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    BOOST_TEST(csv_cell("two\nlines") == "\"two\nlines\"");
    BOOST_TEST(csv_cell("=1+2") == "'=1+2");
    BOOST_TEST(csv_cell("+49 30") == "'+49 30");
    BOOST_TEST(csv_cell("-2 from churn") == "'-2 from churn");
    BOOST_TEST(csv_cell("@ana") == "'@ana");
    BOOST_TEST(csv_cell("\tx") == "'\tx");
    BOOST_TEST(csv_cell("\rx") == "\"'\rx\"");
    BOOST_TEST(csv_cell("=SUM(A1,A2)") == "\"'=SUM(A1,A2)\"");
    BOOST_TEST(csv_cell("-3", false) == "-3");  // a number stays a number
    BOOST_TEST(csv_cell("") == "");
    BOOST_TEST(csv_cell("日本語") == "日本語");

    Fixture f;
    const auto dir = f.dir / "csv";
    auto r = f.export_json(f.source, dir.string(), {"--format", "csv"});
    BOOST_TEST_INFO(r.err);
    BOOST_TEST(r.code == 0);
    for (const char* name : {"teams.csv", "team_members.csv", "cycles.csv", "objectives.csv", "key_results.csv",
                             "checkins.csv", "wins.csv", "grade_overrides.csv", "retros.csv", "edits.csv"}) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(fs::exists(dir / name));
    }
    const std::string checkins = slurp(dir / "checkins.csv");
    BOOST_TEST(checkins.starts_with("\xEF\xBB\xBFworkspace,kr,user,value,confidence,note,created_at\r\n"));
    BOOST_TEST(checkins.find("slack:T1,KR-1,U2,300,7,\"Hi, \"\"there\"\"\nsecond line\",2027-01-08T09:00:00Z\r\n") !=
               std::string::npos);
    BOOST_TEST(checkins.find("slack:T1,KR-1,U2,612.5,6,\"" + note_unicode + "\",2027-01-15T09:00:00Z\r\n") !=
               std::string::npos);
    BOOST_TEST(checkins.find(",4.2,,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",") != std::string::npos);
    BOOST_TEST(checkins.find(",U3,-3,3,\"'-3 after the refund, @ana knows\",") != std::string::npos);
    const std::string teams = slurp(dir / "teams.csv");
    BOOST_TEST(teams.find("s3cr3t") == std::string::npos);
    BOOST_TEST(teams.find("slack:T1,growth,company,C2,Europe/Berlin,tue 10:30,off,1 10:00,C-stake,U1,") !=
               std::string::npos);
    const std::string objectives = slurp(dir / "objectives.csv");
    BOOST_TEST(objectives.find("slack:T1,O-2,\"Grow, \"\"fast\"\"\",growth,O-1,2027-Q1,internal,aspirational,false")
               != std::string::npos);
    BOOST_TEST(objectives.find("O-3,Old platform work,platform,,FY27-H1,internal,aspirational,true,0.35,U4,") !=
               std::string::npos);
    // Every row of every file has as many cells as its header (quotes respected).
    for (const auto& file : fs::directory_iterator(dir)) {
        const std::string body = slurp(file.path());
        std::vector<int> cells_per_row;
        int cells = 1;
        bool quoted = false;
        for (std::size_t i = 0; i < body.size(); ++i) {
            char c = body[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == ',') ++cells;
            else if (!quoted && c == '\r' && i + 1 < body.size() && body[i + 1] == '\n') {
                cells_per_row.push_back(cells);
                cells = 1;
                ++i;
            }
        }
        BOOST_TEST_INFO(file.path());
        BOOST_TEST(!quoted);
        BOOST_REQUIRE(!cells_per_row.empty());
        for (int n : cells_per_row) BOOST_TEST(n == cells_per_row.front());
    }
}

BOOST_AUTO_TEST_CASE(json_round_trip_into_an_empty_database_gives_the_same_export) {
    Fixture f;
    const auto first = f.dir / "first.json";
    BOOST_TEST(f.export_json(f.source, first.string()).code == 0);
    auto imported = run({"import", "--config", f.target.config, "--from", first.string()});
    BOOST_TEST_INFO(imported.err);
    BOOST_TEST(imported.code == 0);
    BOOST_TEST(imported.out.find("slack:T1: 3 team(s), 4 member(s), 1 cycle(s), 3 objective(s), 4 key result(s), "
                                 "5 check-in(s), 2 win(s), 1 grade override(s), 1 retro(s), 1 edit(s)") !=
               std::string::npos);
    const auto second = f.dir / "second.json";
    BOOST_TEST(f.export_json(f.target, second.string()).code == 0);
    BOOST_TEST(without_exported_at(slurp(first)) == without_exported_at(slurp(second)));
    // CSV, which has no export time, is byte-identical.
    BOOST_TEST(f.export_json(f.source, (f.dir / "csv1").string(), {"--format", "csv"}).code == 0);
    BOOST_TEST(f.export_json(f.target, (f.dir / "csv2").string(), {"--format", "csv"}).code == 0);
    for (const auto& file : fs::directory_iterator(f.dir / "csv1")) {
        BOOST_TEST_INFO(file.path());
        BOOST_TEST(slurp(file.path()) == slurp(f.dir / "csv2" / file.path().filename()));
    }
    // The imported data works: numbering goes on after the imported numbers, values are kept.
    testing::Store store(f.target.db);
    auto kr = store.find_key_result("slack:T1", 1);
    BOOST_REQUIRE(kr.has_value());
    BOOST_TEST(kr->current == 612.5);
    BOOST_TEST(kr->last_confidence.value_or(0) == 6);
    auto growth = store.find_team("slack:T1", "growth");
    BOOST_REQUIRE(growth.has_value());
    auto next = store.add_objective("slack:T1", core::NewObjective{growth->id, "Next", {}, "2027-Q2",
                                                                   core::Visibility::public_,
                                                                   core::ObjectiveKind::aspirational, "U2",
                                                                   utc(2027, 2, 1)});
    BOOST_TEST(next.number == 4);
    BOOST_TEST(store.with_connection([](storage::Database& d) {
        return *storage::first_row(storage::query(d, "SELECT teams_webhook_url FROM teams WHERE name = 'growth'"),
                                   [](storage::Statement& s) { return s.text(0); });
    }) == "");

    // Importing only one workspace of a file that has two.
    Place third(f.dir, "third");
    auto one = run({"import", "--config", third.config, "--from", first.string(), "--workspace", "slack:T2"});
    BOOST_TEST(one.code == 0);
    BOOST_TEST(count(third.db, "SELECT COUNT(*) FROM workspaces") == 1);
    BOOST_TEST(count(third.db, "SELECT COUNT(*) FROM checkins") == 1);
}


// A directory holding `files` (name -> content) and nothing else.
fs::path csv_dir(const fs::path& root, const std::string& name, const std::map<std::string, std::string>& files) {
    const auto dir = root / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const auto& [file, text] : files) std::ofstream(dir / file, std::ios::binary) << text;
    return dir;
}

BOOST_AUTO_TEST_CASE(csv_round_trip_into_an_empty_database_gives_the_same_export) {
    // Setup: a CSV export, with formula-guarded text (=HYPERLINK, -3 after..., @ana) in it.
    Fixture f;
    const auto first = f.dir / "first";
    BOOST_TEST(f.export_json(f.source, first.string(), {"--format", "csv"}).code == 0);

    // Act
    auto imported = run({"import", "--config", f.target.config, "--from", first.string(), "--format", "csv"});

    // Check: the same rows, so the same JSON and byte-identical CSV exports; the guards are gone.
    BOOST_TEST_INFO(imported.err);
    BOOST_TEST(imported.code == 0);
    BOOST_TEST(imported.out.find("slack:T1: 3 team(s), 4 member(s), 1 cycle(s), 3 objective(s), 4 key result(s), "
                                 "5 check-in(s), 2 win(s), 1 grade override(s), 1 retro(s), 1 edit(s)") !=
               std::string::npos);
    const auto second = f.dir / "second";
    BOOST_TEST(f.export_json(f.target, second.string(), {"--format", "csv"}).code == 0);
    for (const auto& name : transfer::csv_file_names()) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(slurp(first / name) == slurp(second / name));
    }
    BOOST_TEST(f.export_json(f.source, (f.dir / "a.json").string()).code == 0);
    BOOST_TEST(f.export_json(f.target, (f.dir / "b.json").string()).code == 0);
    BOOST_TEST(without_exported_at(slurp(f.dir / "a.json")) == without_exported_at(slurp(f.dir / "b.json")));
    testing::Store store(f.target.db);
    auto kr3 = store.find_key_result("slack:T1", 3);
    BOOST_REQUIRE(kr3.has_value());
    BOOST_TEST(store.checkins_of("slack:T1", kr3->id, 1).at(0).note == note_formula);
    BOOST_TEST(store.find_key_result("slack:T1", 1)->current == 612.5);

    // A second import of the same directory is refused whole: the numbers are taken.
    auto again = run({"import", "--config", f.target.config, "--from", first.string()});
    BOOST_TEST(again.code == 2);
    BOOST_TEST_INFO(again.err);
    BOOST_TEST(again.err.find("objectives.csv:2 (objective): workspace slack:T1 already has O-1") != std::string::npos);
    BOOST_TEST(again.err.find("teams.csv:3 (name): workspace slack:T1 already has a team 'growth'") != std::string::npos);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM checkins") == 6);

    // Only one workspace of the directory.
    Place third(f.dir, "third");
    auto one = run({"import", "--config", third.config, "--from", first.string(), "--workspace", "slack:T2"});
    BOOST_TEST(one.code == 0);
    BOOST_TEST(count(third.db, "SELECT COUNT(*) FROM workspaces") == 1);
    BOOST_TEST(count(third.db, "SELECT COUNT(*) FROM checkins") == 1);
}

BOOST_AUTO_TEST_CASE(csv_import_names_file_line_and_column_and_writes_nothing) {
    Fixture f;
    const std::string bom = "\xEF\xBB\xBF";
    auto refused = [&](const std::map<std::string, std::string>& files, std::vector<std::string> expected) {
        const auto dir = csv_dir(f.dir, "bad", files);
        auto r = run({"import", "--config", f.target.config, "--from", dir.string()});
        BOOST_TEST_INFO(r.err);
        BOOST_TEST(r.code == 2);
        for (const auto& e : expected) {
            BOOST_TEST_INFO(e << " in: " << r.err);
            BOOST_TEST(r.err.find(e) != std::string::npos);
        }
        BOOST_TEST(!fs::exists(f.target.db));  // not even created
    };
    // Cells that are not what their column holds, references that do not resolve, a row of
    // the wrong length after a quoted cell that spans two lines.
    refused({{"teams.csv", bom + "workspace,name,parent,reminder\r\nslack:T1,growth,,mon 9\r\nslack:T1,ops,nobody,\r\n"},
             {"objectives.csv", "workspace,objective,title,team,parent,archived\n"
                                "slack:T1,O-1,\"Two\nlines\",growth,,false\n"
                                "slack:T1,O-x,Bad number,growth,,false\n"
                                "slack:T1,O-2,Bad team,growht,O-9,maybe\n"
                                "slack:T1,O-3,Short row\n"},
             {"key_results.csv", "workspace,kr,objective,title,target,created_at\n"
                                 "slack:T1,KR-1,O-1,k,lots,yesterday\n"
                                 ",KR-2,O-1,k,1,\n"},
             {"team_members.csv", "workspace,team,user\nslack:T1,nope,U1\n"}},
            {"import refused, nothing written",
             "teams.csv:2 (reminder): 'mon 9' is not like 'mon 09:00' or 'off'",
             "teams.csv:3 (parent): no team 'nobody'",
             "objectives.csv:4 (objective): 'O-x' is not like O-3",
             "objectives.csv:5 (team): no team 'growht'",
             "objectives.csv:5 (parent): no O-9",
             "objectives.csv:5 (archived): 'maybe' is not true or false",
             "objectives.csv:6: has 3 cell(s); the header has 6",
             "key_results.csv:2 (target): 'lots' is not a number",
             "key_results.csv:2 (created_at): 'yesterday' is not an ISO-8601 instant",
             "key_results.csv:3 (workspace): must not be empty",
             "team_members.csv:2 (team): no team 'nope' of workspace slack:T1 in teams.csv"});
    // Headers: an unknown or missing column, semicolons, text that is not UTF-8, an open quote.
    refused({{"teams.csv", "workspace,name,colour\n"}, {"cycles.csv", "workspace,name,start\n"}},
            {"teams.csv:1: unknown column 'colour'; the columns are workspace, name,", "cycles.csv:1: has no column 'end'"});
    refused({{"teams.csv", "workspace;name\nslack:T1;growth\n"}}, {"teams.csv:1: the columns are separated by ';'"});
    refused({{"teams.csv", "workspace,name\nslack:T1,growth\nslack:T1,Entwicklung M\xFCnchen\n"}},
            {"teams.csv:3: is not UTF-8 text; save the sheet as \"CSV UTF-8\""});
    refused({{"teams.csv", "workspace,name\nslack:T1,\"growth\n"}}, {"teams.csv:2: a quoted cell is not closed"});
    // A file export does not write is not skipped silently.
    auto typo = run({"import", "--config", f.target.config, "--from",
                     csv_dir(f.dir, "typo", {{"teams.csv", "workspace,name\n"}, {"objective.csv", "x\n"}}).string()});
    BOOST_TEST(typo.code == 2);
    BOOST_TEST(typo.err.find("has objective.csv, which is not a file goalpost export writes") != std::string::npos);
    auto empty = run({"import", "--config", f.target.config, "--from", csv_dir(f.dir, "empty", {}).string()});
    BOOST_TEST(empty.code == 2);
    BOOST_TEST(empty.err.find("has no CSV file") != std::string::npos);
    // --format and --from must agree.
    auto csv_file = run({"import", "--config", f.target.config, "--from", (f.dir / "x.json").string(), "--format", "csv"});
    BOOST_TEST(csv_file.code == 2);
    BOOST_TEST(csv_file.err.find("CSV import reads a directory") != std::string::npos);
    auto json_dir = run({"import", "--config", f.target.config, "--from", f.dir.string(), "--format", "json"});
    BOOST_TEST(json_dir.code == 2);
    BOOST_TEST(json_dir.err.find("is a directory; JSON import reads one file") != std::string::npos);
    BOOST_TEST(!fs::exists(f.target.db));
}

BOOST_AUTO_TEST_CASE(a_checkins_csv_backfills_history_once) {
    // Setup: the source database has KR-1 (leads, newest check-in 612.5 on 2027-01-15), KR-2
    // (binary) and KR-4 in slack:T1.
    Fixture f;
    const std::string at = "2027-02-01T08:00:00Z";  // the fixture's check-ins are in January 2027
    const long long before = count(f.source.db, "SELECT COUNT(*) FROM checkins");
    const long long weeks_before = count(f.source.db, "SELECT coalesce(sum(checkins), 0) FROM checkin_weeks");
    const auto dir = csv_dir(f.dir, "sheet",
                             {{"checkins.csv", "\xEF\xBB\xBFKR,Value,Date,User,Confidence,Note\r\n"
                                               "KR-1,\"1,200\",2027-01-22,U2,on-track,\"'=best week, \"\"ever\"\"\"\r\n"
                                               "kr-1,250,2027-01-01,U2,,\r\n"
                                               "2,done,2027-01-21T16:30:00Z,U1,9,\r\n"
                                               "KR-4,45%,2026-12-20,U3,at-risk,back-dated\r\n"
                                               ",,,,,\r\n"}});

    // Act
    auto dry = run({"import", "--config", f.source.config, "--from", dir.string(), "--workspace", "slack:T1", "--at", at,
                    "--dry-run"});
    const long long after_dry = count(f.source.db, "SELECT COUNT(*) FROM checkins");
    auto r = run({"import", "--config", f.source.config, "--from", dir.string(), "--workspace", "slack:T1", "--at", at});

    // Check
    BOOST_TEST_INFO(dry.err);
    BOOST_TEST(dry.code == 0);
    BOOST_TEST(dry.out.find("dry run, nothing written: would add 4 check-in(s) to slack:T1") != std::string::npos);
    BOOST_TEST(after_dry == before);
    BOOST_TEST_INFO(r.err);
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.out.find("added 4 check-in(s) to slack:T1") != std::string::npos);
    BOOST_TEST(count(f.source.db, "SELECT COUNT(*) FROM checkins") == before + 4);
    testing::Store store(f.source.db);
    auto kr1 = store.find_key_result("slack:T1", 1);
    BOOST_TEST(kr1->current == 1200);  // the newest check-in now
    BOOST_TEST(kr1->last_confidence.value_or(0) == 8);
    const auto newest = store.checkins_of("slack:T1", kr1->id, 1).at(0);
    BOOST_TEST(newest.note == "=best week, \"ever\"");
    BOOST_TEST(newest.user_id == "U2");
    BOOST_TEST(core::iso_instant(newest.at) == "2027-01-22T12:00:00Z");
    BOOST_TEST(store.find_key_result("slack:T1", 4)->current == -3);  // the back-dated row did not rewind it
    BOOST_TEST(count(f.source.db, "SELECT COUNT(*) FROM checkins c JOIN key_results k ON k.id = c.kr_id "
                                  "WHERE k.number = 4 AND c.value = 45 AND c.confidence = 5") == 1);
    BOOST_TEST(count(f.source.db, "SELECT coalesce(sum(checkins), 0) FROM checkin_weeks") == weeks_before + 4);

    // The same sheet again adds nothing.
    auto again = run({"import", "--config", f.source.config, "--from", dir.string(), "--workspace", "slack:T1", "--at", at});
    BOOST_TEST(again.code == 0);
    BOOST_TEST(again.out.find("added 0 check-in(s) to slack:T1") != std::string::npos);
    BOOST_TEST(again.out.find("4 row(s) already recorded, skipped") != std::string::npos);
    BOOST_TEST(count(f.source.db, "SELECT COUNT(*) FROM checkins") == before + 4);

    // The export's own checkins.csv, alone, reads too (created_at for date, its workspace column).
    BOOST_TEST(f.export_json(f.source, (f.dir / "export").string(), {"--format", "csv"}).code == 0);
    const auto own = csv_dir(f.dir, "own", {{"checkins.csv", slurp(f.dir / "export" / "checkins.csv")}});
    auto replay = run({"import", "--config", f.source.config, "--from", own.string(), "--workspace", "slack:T1", "--at", at});
    BOOST_TEST_INFO(replay.err);
    BOOST_TEST(replay.code == 2);  // its slack:T2 row is another workspace's
    BOOST_TEST(replay.err.find("(workspace): 'slack:T2' is not the workspace imported into (slack:T1)") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_checkins_csv_with_a_bad_row_backfills_nothing) {
    Fixture f;
    const std::string at = "2027-02-01T08:00:00Z";  // the fixture's check-ins are in January 2027
    const long long before = count(f.source.db, "SELECT COUNT(*) FROM checkins");
    const std::string header = "kr,value,date,user,confidence,note\n";
    auto refused = [&](const std::string& text, std::vector<std::string> expected,
                       std::vector<std::string> extra = {"--workspace", "slack:T1"}) {
        const auto dir = csv_dir(f.dir, "sheet", {{"checkins.csv", text}});
        std::vector<std::string> args{"import", "--config", f.source.config, "--from", dir.string(), "--at", at};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run(args);
        BOOST_TEST_INFO(r.err);
        BOOST_TEST(r.code == 2);
        for (const auto& e : expected) {
            BOOST_TEST_INFO(e << " in: " << r.err);
            BOOST_TEST(r.err.find(e) != std::string::npos);
        }
        BOOST_TEST(count(f.source.db, "SELECT COUNT(*) FROM checkins") == before);
    };
    refused(header + "KR-1,300,2027-01-02,U2,,fine\n"
                     "KR-x,1,2027-01-02,U2,,\n"
                     "KR-1,lots,2027-01-02,U2,,\n"
                     "KR-1,5,2099-01-01,U2,,\n"
                     "KR-1,5,31/01/2027,U2,,\n"
                     "KR-1,5,2027-01-03,,,\n"
                     "KR-1,5,2027-01-04,U2,eleven,\n"
                     "KR-1,,2027-01-05,U2,,\n"
                     "KR-1,300,2027-01-02,U2,7,same again\n",
            {"import refused, nothing written: 8 problem(s)",
             "checkins.csv:3 (kr): 'KR-x' is not like KR-3",
             "checkins.csv:4 (value): 'lots' is not a number; write it as in chat",
             "checkins.csv:5 (date): 2099-01-01 is in the future",
             "checkins.csv:6 (date): '31/01/2027' is not a date like 2027-01-31",
             "checkins.csv:7 (user): must not be empty",
             "checkins.csv:8 (confidence): 'eleven' is not 1 to 10, on-track, at-risk or off-track",
             "checkins.csv:9 (value): must not be empty",
             "checkins.csv:10: the same check-in as line 2"});
    // Rows that are fine on their own but not in this workspace.
    refused(header + "KR-1,300,2027-01-02,U2,,\nKR-9,1,2027-01-02,U2,,\nKR-2,3,2027-01-02,U1,,\n",
            {"checkins.csv:3 (kr): workspace slack:T1 has no KR-9",
             "checkins.csv:4 (value): KR-2 is done or not done: write done or not-done"});
    refused(header + "KR-1,300,2027-01-02,U2,,\n", {"--workspace: the database has no workspace 'slack:NOPE'"},
            {"--workspace", "slack:NOPE"});
    // KR-2 is slack:T1's; slack:T2 has only a KR-1.
    refused(header + "KR-2,1,2027-01-02,U9,,\n", {"checkins.csv:2 (kr): workspace slack:T2 has no KR-2"},
            {"--workspace", "slack:T2"});
    refused("kr,value,user\nKR-1,1,U2\n", {"checkins.csv:1: has no column 'date'"});
    refused("kr,value,date,who\nKR-1,1,2027-01-02,U2\n",
            {"checkins.csv:1: unknown column 'who'", "checkins.csv:1: has no column 'user'"});
    auto no_ws = run({"import", "--config", f.source.config, "--from",
                      csv_dir(f.dir, "sheet", {{"checkins.csv", header}}).string()});
    BOOST_TEST(no_ws.code == 2);
    BOOST_TEST(no_ws.err.find("--workspace: ") != std::string::npos);
    BOOST_TEST(no_ws.err.find("name it with --workspace KEY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(import_refuses_invalid_data_and_writes_nothing) {
    Fixture f;
    auto refused = [&](const std::string& text, std::vector<std::string> expected) {
        const auto file = f.dir / "bad.json";
        std::ofstream(file, std::ios::trunc) << text;
        auto r = run({"import", "--config", f.target.config, "--from", file.string()});
        BOOST_TEST_INFO(r.err);
        BOOST_TEST(r.code == 2);
        BOOST_TEST(r.err.find("nothing written") != std::string::npos);
        for (const auto& e : expected) {
            BOOST_TEST_INFO(e << " in: " << r.err);
            BOOST_TEST(r.err.find(e) != std::string::npos);
        }
        BOOST_TEST(!fs::exists(f.target.db));  // the database was not even created
    };
    refused("{\"format\": \"goalpost-export\",\n  \"version\": 1,,\n}", {"bad.json:2:", "not valid JSON"});
    refused("[]", {"$: must be a JSON object"});
    refused(R"({"format": "something-else", "version": 2})",
            {"$.format: is 'something-else'", "$.version: 2 is not a version", "$.workspaces: is missing"});
    // Missing fields, each named by its place.
    refused(document(R"("teams": [{"channel": "C1"}],
        "objectives": [{"title": "No number"}, {"number": "O-2"}],
        "key_results": [{"number": "KR-1", "title": "x", "target": 3}],
        "checkins": [{"kr": "KR-1", "value": 1}])"),
            {"workspaces[0].teams[0].name: is missing", "workspaces[0].objectives[0].number: is missing",
             "workspaces[0].objectives[1].title: is missing", "workspaces[0].key_results[0].objective: is missing",
             "workspaces[0].checkins[0].user: is missing", "workspaces[0].checkins[0].created_at: is missing"});
    // Duplicate numbers and names, unknown references, wrong values, unknown fields.
    refused(document(R"("teams": [{"name": "growth"}, {"name": "Growth"}, {"name": "ops", "parent": "nobody"}],
        "objectives": [{"number": "O-1", "title": "a", "team": "growht"},
                       {"number": "O-1", "title": "b", "visibility": "secret", "parent": "O-9"}],
        "key_results": [{"number": "KR-1", "objective": "O-1", "title": "k", "target": 1},
                        {"number": "KR-1", "objective": "O-7", "title": "k2", "target": 1, "due": "2027-02-30"}],
        "checkins": [{"kr": "KR-5", "user": "U1", "value": 1, "confidence": 11, "created_at": "yesterday"}],
        "wins": [{"team": "nope", "title": "w", "user": "U1", "created_at": "2027-01-01T00:00:00Z"}],
        "colour": "blue")"),
            {"workspaces[0].teams[1].name: team 'Growth' appears twice",
             "workspaces[0].teams[2].parent: no team 'nobody'",
             "workspaces[0].objectives[0].team: no team 'growht'",
             "workspaces[0].objectives[1].number: O-1 appears twice",
             "workspaces[0].objectives[1].visibility: 'secret' is not public or internal",
             "workspaces[0].objectives[1].parent: no O-9",
             "workspaces[0].key_results[1].number: KR-1 appears twice",
             "workspaces[0].key_results[1].objective: no O-7 in the file",
             "workspaces[0].key_results[1].due: '2027-02-30' is not a date",
             "workspaces[0].checkins[0].kr: no KR-5 in the file",
             "workspaces[0].checkins[0].confidence: must be a whole number from 1 to 10",
             "workspaces[0].checkins[0].created_at: 'yesterday' is not an ISO-8601 instant",
             "workspaces[0].wins[0].team: no team 'nope'", "workspaces[0].colour: unknown field"});
    refused(document(R"("teams": [{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}])"),
            {"teams[0].parent: team 'a' would be its own ancestor"});
}

BOOST_AUTO_TEST_CASE(import_refuses_numbers_the_workspace_already_has) {
    Fixture f;
    const auto file = f.dir / "all.json";
    BOOST_TEST(f.export_json(f.source, file.string()).code == 0);
    BOOST_TEST(run({"import", "--config", f.target.config, "--from", file.string()}).code == 0);
    const long long checkins = count(f.target.db, "SELECT COUNT(*) FROM checkins");
    auto again = run({"import", "--config", f.target.config, "--from", file.string()});
    BOOST_TEST(again.code == 2);
    BOOST_TEST(again.err.find("workspaces[0].objectives[0].number: workspace slack:T1 already has O-1") !=
               std::string::npos);
    BOOST_TEST(again.err.find("workspaces[0].key_results[3].number: workspace slack:T1 already has KR-4") !=
               std::string::npos);
    BOOST_TEST(again.err.find("workspaces[0].teams[1].name: workspace slack:T1 already has a team 'growth'") !=
               std::string::npos);
    BOOST_TEST(again.err.find("workspaces[1].objectives[0].number: workspace slack:T2 already has O-1") !=
               std::string::npos);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM checkins") == checkins);
    // The same refusal in a dry run.
    auto dry = run({"import", "--config", f.target.config, "--from", file.string(), "--dry-run"});
    BOOST_TEST(dry.code == 2);
    BOOST_TEST(dry.err.find("already has O-1") != std::string::npos);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM objectives") == 4);
}

BOOST_AUTO_TEST_CASE(dry_run_checks_and_counts_but_writes_nothing) {
    Fixture f;
    const auto file = f.dir / "all.json";
    BOOST_TEST(f.export_json(f.source, file.string()).code == 0);
    auto dry = run({"import", "--config", f.target.config, "--from", file.string(), "--dry-run"});
    BOOST_TEST_INFO(dry.err);
    BOOST_TEST(dry.code == 0);
    BOOST_TEST(dry.out.find("dry run, nothing written") != std::string::npos);
    BOOST_TEST(dry.out.find("slack:T1: 3 team(s)") != std::string::npos);
    BOOST_TEST(dry.out.find("slack:T2: 1 team(s)") != std::string::npos);
    BOOST_TEST(!fs::exists(f.target.db));
    // Against an existing database with other data: still nothing written.
    exec(f.target.db, "SELECT 1");
    const long long objectives = count(f.target.db, "SELECT COUNT(*) FROM objectives");
    BOOST_TEST(run({"import", "--config", f.target.config, "--from", file.string(), "--dry-run"}).code == 0);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM objectives") == objectives);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM workspaces") == 0);
}

BOOST_AUTO_TEST_CASE(a_document_from_before_schema_8_has_its_slack_text_decoded_once) {
    // Setup: the same rows exported by a version 7 goalpost (Slack text escaped) and by this one.
    Fixture f;
    const std::string rows = R"("teams": [{"name": "R&amp;D"}],
        "objectives": [{"number": "O-1", "title": "Q&amp;A &lt; 2 days, typed &amp;amp;", "team": "R&amp;D"}])";
    auto import = [&](int schema, const Place& into) {
        const auto file = f.dir / ("v" + std::to_string(schema) + ".json");
        std::ofstream(file) << R"({"format": "goalpost-export", "version": 1, "schema_version": )" << schema
                            << R"(, "workspaces": [{"key": "slack:T1", )" << rows << "}]}";
        return run({"import", "--config", into.config, "--from", file.string()});
    };
    Place newer(f.dir, "newer");

    // Act
    auto old_doc = import(7, f.target);
    auto new_doc = import(8, newer);

    // Check
    BOOST_TEST_INFO(old_doc.err);
    BOOST_TEST(old_doc.code == 0);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM teams WHERE name = 'R&D'") == 1);
    BOOST_TEST(count(f.target.db, "SELECT COUNT(*) FROM objectives WHERE title = 'Q&A < 2 days, typed &amp;'") == 1);
    BOOST_TEST(new_doc.code == 0);
    BOOST_TEST(count(newer.db, "SELECT COUNT(*) FROM teams WHERE name = 'R&amp;D'") == 1);
    BOOST_TEST(count(newer.db, "SELECT COUNT(*) FROM objectives WHERE title = 'Q&amp;A &lt; 2 days, typed &amp;amp;'") ==
               1);
}

BOOST_AUTO_TEST_CASE(export_reads_while_another_connection_writes) {
    Fixture f;
    testing::Store server(f.source.db);  // the running server's connection, holding the file open
    auto kr = server.find_key_result("slack:T1", 1);
    server.record_checkin("slack:T1", core::NewCheckin{kr->id, "U2", 700, 8, "live", utc(2027, 1, 22)});
    const auto out = f.dir / "live.json";
    BOOST_TEST(f.export_json(f.source, out.string()).code == 0);
    BOOST_TEST(slurp(out).find("\"live\"") != std::string::npos);
    // And the server goes on writing afterwards: the export left no lock behind.
    server.record_checkin("slack:T1", core::NewCheckin{kr->id, "U2", 710, 8, "after", utc(2027, 1, 23)});
    BOOST_TEST(server.find_key_result("slack:T1", 1)->current == 710.0);
}

// Moving an installation with the CLI: export from the SQLite file, import with storage.url
// set, export again from PostgreSQL: the same document. Runs in bot_tests_postgresql (with the
// test server); `backup` refuses a PostgreSQL database without touching it in either run.
BOOST_AUTO_TEST_CASE(an_installation_moves_to_postgresql_with_export_and_import,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                         return !testing::test_database_url().empty();
                     })) {
    Fixture f;
    const auto first = f.dir / "first.json";
    BOOST_TEST(f.export_json(f.source, first.string()).code == 0);
    testing::PgSchema schema;
    const std::string config = (f.dir / "pg.json").string();
    std::ofstream(config) << R"({"storage": {"url": ")" << schema.url() << R"("}})";

    auto imported = run({"import", "--config", config, "--from", first.string()});
    auto again = run({"import", "--config", config, "--from", first.string()});
    const auto second = f.dir / "second.json";
    auto exported = run({"export", "--config", config, "--out", second.string()});

    BOOST_TEST_INFO(imported.err);
    BOOST_TEST(imported.code == 0);
    BOOST_TEST(imported.out.find("imported 2 workspace(s)") != std::string::npos, imported.out);
    BOOST_TEST(again.code == 2);  // the numbers are taken now: refused, nothing written
    BOOST_TEST(exported.code == 0, exported.err);
    BOOST_TEST(without_exported_at(slurp(first)) == without_exported_at(slurp(second)));
}

BOOST_AUTO_TEST_CASE(backup_refuses_a_postgresql_database) {
    const auto dir = fs::temp_directory_path() / ("goalpost-cli-pgbackup-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir);
    const std::string config = (dir / "pg.json").string();
    std::ofstream(config) << R"({"storage": {"url": "postgresql://goalpost@/goalpost?host=/nonexistent"}})";

    auto refused = run({"backup", (dir / "copy.db").string(), "--config", config});

    BOOST_TEST(refused.code == 2);
    BOOST_TEST(refused.err.find("pg_dump") != std::string::npos, refused.err);
    BOOST_TEST(!fs::exists(dir / "copy.db"));
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
