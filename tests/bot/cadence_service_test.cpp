// Eight weeks of cadence with an injected clock, across the autumn and spring clock changes.
#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "bot/service/cadence_service.hpp"
#include "bot/slack/block_kit.hpp"
#include "storage/sql/query.hpp"
#include "tests/support/store.hpp"
#include "tests/support/clock.hpp"

using namespace goalpost;
using goalpost::testing::utc;
using core::Time;

namespace {


struct Run {
    std::string kind, period, outcome;
    long long due, fired;
};

struct Row {
    std::string kind, destination, payload;
};

struct World {
    testing::Store store{":memory:"};
    core::CadenceRepository& cadence = *store.repositories().cadence;
    bot::CadenceService service{store, std::chrono::hours(12), "/okr"};
    const std::string ws = "slack:T1";

    // A team with `ana` (owns KR-a) and `ben` (owns KR-b), created long before the test window.
    core::Team team(const std::string& name, const std::string& tz, Time created) {
        auto t = *store.create_team(ws, core::NewTeam{name, "C-" + name, tz, {}, "ana", created});
        store.add_member(ws, t.id, "ana-" + name, created);
        store.add_member(ws, t.id, "ben-" + name, created);
        cadence.update_settings(ws, t.id, core::TeamSettingsChange{{}, "S-" + name, tz, {}, {}, {}, {}});
        auto o = store.add_objective(ws, core::NewObjective{t.id, "Grow " + name, {}, "2026-Q4",
                                                            core::Visibility::public_, core::ObjectiveKind::aspirational,
                                                            "ana", created});
        auto secret = store.add_objective(ws, core::NewObjective{t.id, "Internal " + name, {}, "2026-Q4",
                                                                 core::Visibility::internal,
                                                                 core::ObjectiveKind::aspirational, "ana", created});
        store.add_key_result(ws, core::NewKeyResult{o.id, "Leads", false, 0, 100, "", {}, "ana-" + name, created});
        store.add_key_result(ws, core::NewKeyResult{o.id, "Demos", false, 0, 10, "", {}, "ben-" + name, created});
        store.add_key_result(ws, core::NewKeyResult{secret.id, "Secret", false, 0, 10, "", {}, "ana-" + name, created});
        return t;
    }

    std::vector<Run> runs(core::RowId team_id) {
        return store.with_connection([&](storage::Database& db) {
            return storage::all_rows(
                storage::query(db, "SELECT kind, period, outcome, due_at, fired_at FROM schedule_runs WHERE team_id = ? "
                                   "ORDER BY due_at, kind",
                               team_id),
                [](storage::Statement& s) { return Run{s.text(0), s.text(1), s.text(2), s.int64(3), s.int64(4)}; });
        });
    }
    std::vector<Row> outbox() {
        return store.with_connection([&](storage::Database& db) {
            return storage::all_rows(storage::query(db, "SELECT dedupe_key, destination, payload FROM outbox ORDER BY id"),
                                     [](storage::Statement& s) { return Row{s.text(0), s.text(1), s.text(2)}; });
        });
    }
};

long long unix(Time t) { return t.time_since_epoch().count(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(cadence_service)

BOOST_AUTO_TEST_CASE(eight_autumn_weeks_in_three_zones_fire_everything_once_at_the_right_instant) {
    World w;
    Time created = utc(2026, 10, 1);
    auto berlin = w.team("berlin", "Europe/Berlin", created);
    auto ny = w.team("ny", "America/New_York", created);
    auto kolkata = w.team("kolkata", "Asia/Kolkata", created);
    std::map<core::RowId, std::string> names{{berlin.id, "berlin"}, {ny.id, "ny"}, {kolkata.id, "kolkata"}};

    Time start = utc(2026, 10, 11, 12), end = utc(2026, 12, 7);
    for (Time now = start; now < end; now += std::chrono::minutes(15)) {
        // ana checks in every Monday at 01:00 local, before the 09:00 reminder; ben never does.
        for (auto& [id, name] : names) {
            auto tz = w.cadence.settings_of(w.ws, id)->cadence.timezone;
            if (now == core::week_start(tz, now) + std::chrono::hours(1)) {
                auto kr = *w.store.find_key_result(w.ws, id == berlin.id ? 1 : id == ny.id ? 4 : 7);
                w.store.record_checkin(w.ws, core::NewCheckin{kr.id, "ana-" + name, 10, 8, "", now});
            }
        }
        w.service.run_due(now);
    }

    for (auto& [id, name] : names) {
        BOOST_TEST_CONTEXT(name) {
            auto runs = w.runs(id);
            std::map<std::string, int> per_kind;
            std::set<std::string> seen;
            for (const auto& r : runs) {
                // What fell due before the window (the team is older) was skipped as too late.
                if (r.due < unix(start)) {
                    BOOST_TEST(r.outcome == "skipped");
                    continue;
                }
                BOOST_TEST(r.outcome == "fired");
                BOOST_TEST(r.fired == r.due);  // the 15-minute clock lands on every due instant
                BOOST_TEST(seen.insert(r.kind + r.period).second);
                ++per_kind[r.kind];
            }
            BOOST_TEST(per_kind["reminder"] == 8);
            BOOST_TEST(per_kind["nudge"] == 8);
            BOOST_TEST(per_kind["digest"] == 8);
            BOOST_TEST(per_kind["summary"] == 2);  // Nov 1 and Dec 1
        }
    }
    // Right UTC instants around the clock changes (Berlin: Oct 25, New York: Nov 1).
    auto due_of = [&](core::RowId id, const std::string& kind, const std::string& period) {
        for (auto& r : w.runs(id)) if (r.kind == kind && r.period == period) return r.due;
        return 0LL;
    };
    BOOST_TEST(due_of(berlin.id, "reminder", "2026-W43") == unix(utc(2026, 10, 19, 7)));  // CEST
    BOOST_TEST(due_of(berlin.id, "reminder", "2026-W44") == unix(utc(2026, 10, 26, 8)));  // CET
    BOOST_TEST(due_of(ny.id, "reminder", "2026-W44") == unix(utc(2026, 10, 26, 13)));     // EDT
    BOOST_TEST(due_of(ny.id, "reminder", "2026-W45") == unix(utc(2026, 11, 2, 14)));      // EST
    BOOST_TEST(due_of(ny.id, "digest", "2026-W44") == unix(utc(2026, 10, 30, 20)));       // Fri 16:00 EDT
    BOOST_TEST(due_of(kolkata.id, "reminder", "2026-W44") == unix(utc(2026, 10, 26, 3, 30)));
    BOOST_TEST(due_of(berlin.id, "summary", "2026-12") == unix(utc(2026, 12, 1, 9)));

    // Reminders and nudges went to ben only (ana checked in first), each once per week.
    std::map<std::string, int> reminders_to;
    int digests = 0, summaries = 0;
    for (const auto& row : w.outbox()) {
        if (row.kind.find("reminder:") != std::string::npos || row.kind.find("nudge:") != std::string::npos) {
            ++reminders_to[row.destination];
        }
        if (row.kind.find("digest:") != std::string::npos) {
            ++digests;
            BOOST_TEST(row.destination.starts_with("C-"));
        }
        if (row.kind.find("summary:") != std::string::npos) {
            ++summaries;
            BOOST_TEST(row.destination.starts_with("S-"));
            BOOST_TEST(row.payload.find("Secret") == std::string::npos);  // internal objectives stay out
            BOOST_TEST(row.payload.find("Internal") == std::string::npos);
        }
    }
    for (const char* n : {"berlin", "ny", "kolkata"}) {
        BOOST_TEST(reminders_to[std::string("ben-") + n] == 16);
        BOOST_TEST(reminders_to.count(std::string("ana-") + n) == 0u);
    }
    BOOST_TEST(digests == 24);
    BOOST_TEST(summaries == 6);
}

BOOST_AUTO_TEST_CASE(eight_spring_weeks_cross_the_march_changes) {
    World w;
    auto berlin = w.team("berlin", "Europe/Berlin", utc(2027, 2, 1));
    auto ny = w.team("ny", "America/New_York", utc(2027, 2, 1));
    for (Time now = utc(2027, 3, 1); now < utc(2027, 4, 26); now += std::chrono::minutes(15)) w.service.run_due(now);
    auto count = [&](core::RowId id, const std::string& kind) {
        int n = 0;
        for (auto& r : w.runs(id)) n += r.kind == kind && r.outcome == "fired" && r.fired == r.due;
        return n;
    };
    for (auto id : {berlin.id, ny.id}) {
        BOOST_TEST(count(id, "reminder") == 8);
        BOOST_TEST(count(id, "digest") == 8);
        BOOST_TEST(count(id, "summary") == 2);  // Mar 1, Apr 1
    }
    auto runs = w.runs(ny.id);
    bool saw_edt_switch = false;
    for (auto& r : runs) {
        if (r.kind == "reminder" && r.period == "2027-W11") {
            BOOST_TEST(r.due == unix(utc(2027, 3, 15, 13)));  // after Mar 14: EDT
            saw_edt_switch = true;
        }
    }
    BOOST_TEST(saw_edt_switch);
}

BOOST_AUTO_TEST_CASE(a_restart_repeats_nothing) {
    World w;
    w.team("growth", "Europe/Berlin", utc(2026, 11, 1));
    Time monday = utc(2026, 11, 23, 8);  // 09:00 CET
    auto first = w.service.run_due(monday);
    BOOST_TEST(first.fired == 1);
    auto rows = w.outbox().size();
    bot::CadenceService again{w.store, std::chrono::hours(12), "/okr"};
    auto second = again.run_due(monday + std::chrono::minutes(5));
    BOOST_TEST(second.fired == 0);
    BOOST_TEST(w.outbox().size() == rows);
}

BOOST_AUTO_TEST_CASE(downtime_fires_within_grace_and_skips_older) {
    World w;
    auto t = w.team("growth", "Europe/Berlin", utc(2026, 11, 1));
    // Down from Friday noon to Monday 18:00 CET: Friday's digest (16:00) is 3 days old, Monday's
    // reminder (09:00) is 9 hours old.
    auto r = w.service.run_due(utc(2026, 11, 23, 17));
    BOOST_TEST(r.fired == 1);
    BOOST_TEST(r.skipped >= 1);
    std::map<std::string, std::string> outcome;
    for (auto& run : w.runs(t.id)) outcome[run.kind + " " + run.period] = run.outcome;
    BOOST_TEST(outcome["reminder 2026-W48"] == "fired");
    BOOST_TEST(outcome["digest 2026-W47"] == "skipped");
    // Nothing from the skipped digest reached the outbox.
    for (auto& row : w.outbox()) BOOST_TEST(row.kind.find("digest:") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(next_due_is_the_earliest_instant_over_all_teams) {
    World w;
    w.team("berlin", "Europe/Berlin", utc(2026, 11, 1));
    w.team("kolkata", "Asia/Kolkata", utc(2026, 11, 1));
    auto next = w.service.next_due(utc(2026, 11, 22, 12));  // Sunday noon UTC
    BOOST_TEST((*next == utc(2026, 11, 23, 3, 30)));         // Monday 09:00 in Kolkata
}

BOOST_AUTO_TEST_CASE(digest_and_summary_previews) {
    World w;
    auto t = w.team("growth", "Europe/Berlin", utc(2026, 11, 1));
    auto kr = *w.store.find_key_result(w.ws, 2);
    w.store.record_checkin(w.ws, core::NewCheckin{kr.id, "ben-growth", 10, 9, "shipped", utc(2026, 11, 20)});
    auto digest = w.service.digest(w.ws, t, utc(2026, 11, 21));
    std::string all = digest.text;
    for (auto& b : digest.blocks) all += "\n" + b.text;
    BOOST_TEST(all.find("Weekly digest") != std::string::npos);
    BOOST_TEST(all.find("KR-2") != std::string::npos);  // a win: Demos reached 100%
    BOOST_TEST(all.find("Internal growth") != std::string::npos);  // the team sees its internal goals
    auto summary = w.service.summary(w.ws, t, "2026-11");
    std::string s;
    for (auto& b : summary->blocks) s += b.text;
    BOOST_TEST(s.find("Internal") == std::string::npos);
    BOOST_TEST(s.find("Completed this month") != std::string::npos);
    BOOST_TEST(!w.service.summary(w.ws, t, "2026-13").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
