// goalpost run-due / digest / summary on a real database file.
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "bot/cli/cli.hpp"
#include "storage/sql/query.hpp"
#include "tests/support/store.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/fake_slack.hpp"

using namespace goalpost;
using goalpost::testing::utc;
namespace fs = std::filesystem;

namespace {


struct TempDb {
    fs::path dir = fs::temp_directory_path() / ("goalpost-cli-" + std::to_string(std::random_device{}()));
    fs::path config;
    std::string db;
    TempDb() {
        fs::create_directories(dir);
        db = (dir / "goalpost.db").string();
        config = dir / "goalpost.json";
        // No bot token: messages are queued, not posted.
        std::ofstream(config) << R"({"storage": {"path": ")" << db << R"("}})";
        testing::Store store(db);
        auto team = *store.create_team("slack:T1", core::NewTeam{"growth", "C1", "Europe/Berlin", {}, "U1", utc(2026, 11, 1)});
        store.add_member("slack:T1", team.id, "U1", utc(2026, 11, 1));
        auto o = store.add_objective("slack:T1", core::NewObjective{team.id, "Grow", {}, "2026-Q4", core::Visibility::public_,
                                                                   core::ObjectiveKind::aspirational, "U1", utc(2026, 11, 1)});
        store.add_key_result("slack:T1", core::NewKeyResult{o.id, "Leads", false, 0, 100, "", {}, "U1", utc(2026, 11, 1)});
    }
    ~TempDb() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    long long count(const std::string& sql) {
        testing::Store store(db);
        return store.with_connection([&](storage::Database& d) {
            return *storage::first_row(storage::query(d, sql), [](storage::Statement& s) { return s.int64(0); });
        });
    }
};

// Runs the CLI with stdout captured.
std::pair<int, std::string> run(const std::vector<std::string>& args) {
    std::stringstream out;
    auto* old = std::cout.rdbuf(out.rdbuf());
    int code = bot::run_cli(args);
    std::cout.rdbuf(old);
    return {code, out.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_cadence)

BOOST_AUTO_TEST_CASE(run_due_twice_fires_nothing_new) {
    TempDb t;
    auto [code, out] = run({"run-due", "--at", "2026-11-23T08:00:00Z", "--config", t.config.string()});  // Mon 09:00 CET
    BOOST_TEST(code == 0);
    BOOST_TEST(out.find("1 fired") != std::string::npos);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM schedule_runs WHERE outcome = 'fired'") == 1);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM outbox WHERE destination = 'U1'") == 1);  // U1's reminder, waiting
    auto [again, out2] = run({"run-due", "--at", "2026-11-23T08:00:00Z", "--config", t.config.string()});
    BOOST_TEST(again == 0);
    BOOST_TEST(out2.find("0 fired") != std::string::npos);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM outbox") == 1);
}

BOOST_AUTO_TEST_CASE(sync_reads_what_is_due_once_and_reports_failures) {
    // Setup: KR-1 reads a Jira count from a fake Jira on loopback.
    TempDb t;
    testing::FakeSlack jira;
    jira.script({testing::http_status(200, R"({"count":12})"), testing::http_status(500, "")});
    std::ofstream(t.config, std::ios::trunc)
        << R"({"storage": {"path": ")" << t.db << R"("}, "sources": {"jira": {"base_url": ")" << jira.base_url()
        << R"(", "email": "bot@acme.com", "api_token": "jira-secret"}}})";
    {
        testing::Store store(t.db);
        store.with_connection([](storage::Database& d) {
            d.exec("INSERT INTO kr_sources(kr_id, workspace_id, kind, args, set_by, set_at, next_read_at) "
                   "VALUES (1, 1, 'jira', '[\"project = OPS\"]', 'U1', 1795000000, 1795000000)");
        });
    }
    const std::string at = "2026-11-23T08:00:00Z";

    // Act: a round, the same instant again, one an interval later (Jira fails), and bad flags.
    auto [code, out] = run({"sync", "--at", at, "--config", t.config.string()});
    auto [again, out2] = run({"sync", "--at", at, "--config", t.config.string()});
    auto [later, out3] = run({"sync", "--at", "2026-11-23T09:00:00Z", "--config", t.config.string()});
    auto [kr_alone, out4] = run({"sync", "--kr", "KR-1", "--config", t.config.string()});
    auto [bad_at, out5] = run({"sync", "--at", "tomorrow", "--config", t.config.string()});

    // Check
    BOOST_TEST(code == 0);
    BOOST_TEST(out.find("1 source(s) read, 1 changed, 0 failed") != std::string::npos);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM checkins WHERE user_id = 'source:jira' AND value = 12") == 1);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM outbox") == 1);  // the progress post, for C1
    BOOST_TEST(again == 0);
    BOOST_TEST(out2.find("0 source(s) read") != std::string::npos);
    BOOST_TEST(later == 0);  // a source's failure is reported, not an exit code
    BOOST_TEST(out3.find("1 source(s) read, 0 changed, 1 failed") != std::string::npos);
    BOOST_TEST(t.count("SELECT failures FROM kr_sources") == 1);
    BOOST_TEST(jira.requests().size() == 2u);
    BOOST_TEST(kr_alone == 2);  // --kr needs --workspace
    BOOST_TEST(bad_at == 2);
}

BOOST_AUTO_TEST_CASE(digest_and_summary_print_without_posting) {
    TempDb t;
    auto [code, text] = run({"digest", "--team", "growth", "--at", "2026-11-27T15:00:00Z", "--config", t.config.string()});
    BOOST_TEST(code == 0);
    BOOST_TEST(text.find("Weekly digest") != std::string::npos);
    BOOST_TEST(text.find("O-1") != std::string::npos);
    auto [c2, slack] = run({"digest", "--team", "GROWTH", "--format", "slack", "--config", t.config.string()});
    BOOST_TEST(c2 == 0);
    BOOST_TEST(slack.find("\"blocks\"") != std::string::npos);
    auto [c3, summary] = run({"summary", "--team", "growth", "--month", "2026-11", "--config", t.config.string()});
    BOOST_TEST(c3 == 0);
    BOOST_TEST(summary.find("Monthly summary") != std::string::npos);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM outbox") == 0);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM schedule_runs") == 0);
}

BOOST_AUTO_TEST_CASE(bad_flags_are_usage_errors) {
    TempDb t;
    BOOST_TEST(run({"run-due", "--at", "yesterday", "--config", t.config.string()}).first == 2);
    BOOST_TEST(run({"run-due", "--at"}).first == 2);
    BOOST_TEST(run({"digest", "--config", t.config.string()}).first == 2);                       // no --team
    BOOST_TEST(run({"digest", "--team", "nope", "--config", t.config.string()}).first == 2);
    BOOST_TEST(run({"digest", "--team", "growth", "--format", "pdf", "--config", t.config.string()}).first == 2);
    BOOST_TEST(run({"summary", "--team", "growth", "--config", t.config.string()}).first == 2);  // no --month
    BOOST_TEST(run({"summary", "--team", "growth", "--month", "2026-13", "--config", t.config.string()}).first == 2);
    BOOST_TEST(t.count("SELECT COUNT(*) FROM schedule_runs") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
