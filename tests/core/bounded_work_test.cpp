// A request's work does not grow with history: a check-in, `show KR` and `list team` run the
// same statements and about the same number of SQLite VM steps against a team with no
// history and against one with thousands of check-ins (storage/sql/work.hpp counts them).
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "storage/sql/query.hpp"
#include "storage/sql/work.hpp"
#include "tests/support/world.hpp"

using namespace goalpost;
using namespace goalpost::core;
using namespace goalpost::testing;
using storage::Database;
using storage::SqlWork;
using storage::SqlWorkMeter;

namespace {

constexpr int history = 5000;

// `count` check-ins on KR-1 and KR-2 by ten people over the 11 weeks before this week,
// written straight in SQL in one transaction, then counted into checkin_weeks as migration 9
// would.
void seed_history(World& w, int count) {
    const auto week = storage::to_unix(week_start("UTC", w.now));
    w.store.with_connection([&](Database& db) {
        storage::Transaction tx(db);
        storage::query(db,
                       "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                       "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
                       "SELECT k.workspace_id, k.id, CASE i % 10 WHEN 0 THEN 'ana' WHEN 1 THEN 'ben' "
                       "ELSE 'u' || (i % 10) END, i % 90, 1 + i % 10, 'seeded history', ?2 - 1 - (i * 977) % ?3 "
                       "FROM n JOIN key_results k ON k.number = 1 + i % 2",
                       count, week, 77 * 24 * 3600)
            .run();
        db.exec("DELETE FROM checkin_weeks;"
                "INSERT INTO checkin_weeks(team_id, week, user_id, checkins) "
                "SELECT o.team_id, goalpost_week(t.timezone, c.created_at), c.user_id, count(*) FROM checkins c "
                "JOIN key_results k ON k.id = c.kr_id JOIN objectives o ON o.id = k.objective_id "
                "JOIN teams t ON t.id = o.team_id GROUP BY 1, 2, 3");
        tx.commit();
    });
}

struct Measured {
    SqlWork checkin, second_checkin, show, list;
};

Measured measure(World& w) {
    Measured m;
    {
        SqlWorkMeter meter;
        BOOST_TEST_REQUIRE(w.run("ana", "checkin KR-1 40").checkin_recorded);
        m.checkin = meter.work();
    }
    {
        SqlWorkMeter meter;
        BOOST_TEST_REQUIRE(w.run("ana", "checkin KR-1 45").checkin_recorded);
        m.second_checkin = meter.work();
    }
    {
        SqlWorkMeter meter;
        w.run("ana", "show KR-1");
        m.show = meter.work();
    }
    {
        SqlWorkMeter meter;
        w.run("ana", "list team growth");
        m.list = meter.work();
    }
    return m;
}

void grow(World& w) {
    seed_growth(w);
    w.say("ana", "team add growth <@carl>");
    w.say("ana", "kr add O-1 Churn from=10 to=2 owner=<@carl>");
}

void check_bounded(const char* what, const SqlWork& empty, const SqlWork& full) {
    BOOST_TEST_MESSAGE(fmt::format("{}: {} statements, {} / {} VM steps, {} / {} full-scan steps (empty / {} "
                                   "check-ins)",
                                   what, empty.statements, empty.vm_steps, full.vm_steps, empty.fullscan_steps,
                                   full.fullscan_steps, history));
    BOOST_TEST(full.statements == empty.statements, what << ": statements grow with history");
    BOOST_TEST(full.vm_steps <= 2 * empty.vm_steps + 200, what << ": VM steps grow with history");
    BOOST_TEST(full.fullscan_steps <= empty.fullscan_steps + 20, what << ": full scans grow with history");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bounded_work)

BOOST_AUTO_TEST_CASE(checkin_show_and_list_do_the_same_work_whatever_the_history) {
    // Setup: the same team twice, once with thousands of earlier check-ins
    World empty, full;
    grow(empty);
    grow(full);
    seed_history(full, history);

    // Act
    const Measured a = measure(empty);
    const Measured b = measure(full);

    // Check
    check_bounded("check-in", a.checkin, b.checkin);
    check_bounded("second check-in of the week", a.second_checkin, b.second_checkin);
    check_bounded("show KR", a.show, b.show);
    check_bounded("list team", a.list, b.list);
    BOOST_TEST(a.checkin.statements <= 25u);
}

BOOST_AUTO_TEST_CASE(show_reads_the_last_checkins_through_the_index) {
    // Setup
    World w;
    grow(w);
    seed_history(w, 200);

    // Act
    std::vector<std::string> statements;
    {
        SqlWorkMeter meter(true);
        w.run("ana", "show KR-1");
        statements = meter.statements();
    }

    // Check: no statement of `show` scans the check-ins
    int on_checkins = 0;
    for (const auto& sql : statements) {
        if (sql.find("checkins") == std::string::npos) continue;
        ++on_checkins;
        w.store.with_connection([&](Database& db) {
            auto plan = sqlite_of(db).prepare("EXPLAIN QUERY PLAN " + sql);
            while (plan.step()) {
                const std::string detail = plan.text(3);
                BOOST_TEST_MESSAGE(detail);
                const bool scans_checkins = detail.rfind("SCAN c", 0) == 0 || detail.rfind("SCAN l", 0) == 0 ||
                                            detail.rfind("SCAN checkins", 0) == 0;
                BOOST_TEST(!scans_checkins, sql << ": " << detail);
            }
        });
    }
    BOOST_TEST(on_checkins >= 1);
}

BOOST_AUTO_TEST_SUITE_END()
