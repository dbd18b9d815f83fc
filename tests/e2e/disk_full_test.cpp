// The disk fills up or the device starts failing writes under a running server: users are
// told to try again, reads keep working, nothing half-written is left behind, and the
// service recovers on its own when writes succeed again. Faults come from a SQLite VFS
// wrapping the real one (tests/support/fault_vfs.hpp), so the server, its group commit and
// its read pool run unchanged.
#include <boost/test/unit_test.hpp>

#include "tests/e2e/db_query.hpp"
#include "tests/e2e/session.hpp"
#include "tests/support/fault_vfs.hpp"

using namespace goalpost::testing;

namespace {

void fail_writes_then_recover(FaultVfs::Fault fault) {
    FaultVfs vfs;  // before the server, so its connections open through it
    RunningServer server;
    SlackSession s{server};
    s.okr("team create growth channel=<#C9|growth>");
    s.okr("objective add \"Grow the pipeline\"");
    s.okr("kr add O-1 \"Qualified leads\" from=0 to=100");
    BOOST_TEST(has(s.okr("checkin KR-1 10"), "10%"));
    const std::string token = [&] {
        const auto reply = s.okr("token create ci");
        const auto at = reply.find("gp_");
        BOOST_REQUIRE(at != std::string::npos);
        return reply.substr(at, 46);  // "gp_" and 43 characters
    }();
    // A REST API check-in (with an Idempotency-Key): the status and the error code.
    auto api_checkin = [&](const std::string& key) {
        goalpost::bot::HttpRequest r;
        r.method = "POST";
        r.target = "/api/v1/checkins";
        r.body = R"({"kr":"KR-1","value":50})";
        r.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
        if (!key.empty()) r.headers.emplace_back("Idempotency-Key", key);
        const auto reply = s.client.send(r);
        return std::to_string(reply.status) + " " + reply.body;
    };
    const std::string before = query(server.db_path(), "SELECT value FROM checkins ORDER BY id");

    // The disk is full (or the device fails every write).
    vfs.set(fault);
    auto refused = s.reply("checkin KR-1 75 \"big week\"");
    BOOST_TEST(refused.at("response_type").as_string() == "ephemeral");
    BOOST_TEST(has(std::string(refused.at("text").as_string()), "couldn't save or read that just now"));
    BOOST_TEST(has(std::string(refused.at("text").as_string()), "try again"));
    // Other writes are refused the same way; nothing of them is stored.
    BOOST_TEST(has(s.okr("objective add \"Another goal\""), "try again"));
    BOOST_TEST(has(s.okr("win \"Shipped it\""), "try again"));
    BOOST_TEST(vfs.refused_writes() > 0);

    // Reads keep working and show the last committed state.
    auto shown = s.okr("show KR-1");
    BOOST_TEST(has(shown, "Qualified leads"));
    BOOST_TEST(has(shown, "10%"));
    BOOST_TEST(has(s.okr("list all"), "Grow the pipeline"));
    BOOST_TEST(s.get("/healthz") == 200);
    std::string metrics;
    s.get("/metrics", &metrics);
    BOOST_TEST(has(metrics, "goalpost_storage_failures_total 3"));
    // The REST API answers 503 and keeps nothing, with or without an Idempotency-Key.
    BOOST_TEST(has(api_checkin(""), R"(503 {"error":{"code":"unavailable")"));
    BOOST_TEST(has(api_checkin("retry-1"), R"(503 {"error":{"code":"unavailable")"));

    // Space returns: the next check-in goes through without a restart.
    vfs.set(FaultVfs::Fault::none);
    BOOST_TEST(has(s.okr("checkin KR-1 75 \"big week\""), "75%"));
    BOOST_TEST(has(s.okr("objective add \"Another goal\""), "O-2"));
    // The refused API request's key was not kept: its retry is a new check-in, once.
    BOOST_TEST(has(api_checkin("retry-1"), "201 "));
    BOOST_TEST(has(api_checkin("retry-1"), "201 "));

    // Exactly the acknowledged rows, nothing from the refused ones, and a sound file.
    BOOST_TEST(before == "10.0");
    BOOST_TEST(query(server.db_path(), "SELECT value FROM checkins ORDER BY id") == "10.0\n75.0\n50.0");
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM objectives") == "2");
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM wins") == "0");
    BOOST_TEST(query(server.db_path(), "PRAGMA integrity_check") == "ok");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(disk_full)

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_writes_politely_keeps_reads_and_recovers) {
    fail_writes_then_recover(FaultVfs::Fault::disk_full);
}

BOOST_AUTO_TEST_CASE(a_device_failing_writes_is_survived_the_same_way) {
    fail_writes_then_recover(FaultVfs::Fault::io_error);
}

BOOST_AUTO_TEST_CASE(a_check_in_whose_announcement_cannot_be_written_is_reported_as_recorded) {
    // Setup
    FaultVfs vfs;
    RunningServer server;
    SlackSession s{server};
    s.okr("team create growth channel=<#C9|growth>");
    s.okr("objective add \"Grow the pipeline\"");
    s.okr("kr add O-1 \"Qualified leads\" from=0 to=100");
    const auto celebrations = "SELECT count(*) FROM outbox WHERE dedupe_key LIKE '%celebrate:kr:1:70'";

    // Act: the check-in's own transaction commits; the disk fills up right after it, so its
    // celebration (70%) cannot go into the outbox.
    vfs.fail_after_syncs(1, FaultVfs::Fault::disk_full);
    const auto reply = s.okr("checkin KR-1 75 \"big week\"");
    vfs.set(FaultVfs::Fault::none);

    // Check: the person is told the truth (recorded), so nobody checks in twice.
    BOOST_TEST(vfs.refused_writes() > 0);
    BOOST_TEST(has(reply, "in_channel"));
    BOOST_TEST(has(reply, "75%"));
    BOOST_TEST(!has(reply, "try again"));
    BOOST_TEST(query(server.db_path(), "SELECT value FROM checkins") == "75.0");
    BOOST_TEST(query(server.db_path(), celebrations) == "0");
    BOOST_TEST(server.app->outbox().pending() == 1u);
    std::string metrics;
    s.get("/metrics", &metrics);
    BOOST_TEST(has(metrics, "goalpost_storage_failures_total 1"));

    // The kept celebration is written once the disk is back, and only once.
    const goalpost::core::Time now{std::chrono::seconds{server.now_s.load()}};
    BOOST_TEST(!server.app->outbox().retry_pending(now).has_value());
    BOOST_TEST(!server.app->outbox().retry_pending(now).has_value());
    BOOST_TEST(query(server.db_path(), celebrations) == "1");
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM checkins") == "1");
    BOOST_TEST(query(server.db_path(), "PRAGMA integrity_check") == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
