// Every request answered: signed requests one after another on keep-alive connections, with
// short idle gaps between them, each answered 200 within Slack's 3 s.
//
// The sequential case is the one that finds a completion left in the io_context with no
// thread to run it: between two requests the server goes quiet, so nothing else wakes a
// sleeping I/O thread. Concurrent traffic hides such a stall (the next client's I/O wakes a
// thread that then runs it), so the concurrent case is for races, not for that.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost::testing;

namespace {

constexpr int members = 16;

// One team with every soak user in it, one objective and two KRs.
void set_up_team(RunningServer& server) {
    HttpClient client(server.port());
    auto command = [&](const std::string& text) {
        SlashCommand c;
        c.text = text;
        BOOST_REQUIRE_EQUAL(client.send(signed_request(c.body(), server.now_s.load())).status, 200);
    };
    command("team create soak channel=<#C9|soak>");
    std::string add = "team add soak";
    for (int u = 2; u <= members; ++u) add += " <@U" + std::to_string(u) + "|u" + std::to_string(u) + ">";
    command(add);
    command("objective add \"Answer every request\"");
    command("kr add O-1 \"Requests answered\" from=0 to=1000000");
    command("kr add O-1 \"Quick wins\" from=0 to=1000000");
}

// Request i of a client: a check-in, a quick win, a `show` and a `list` in turn (writes and
// reads), each checked for what it must say. Throws what went wrong (clients run on threads
// of their own, where Boost.Test's assertions may not be used).
void exchange(HttpClient& client, RunningServer& server, int user, int i) {
    SlashCommand c;
    c.user_id = "U" + std::to_string(user);
    c.user_name = "u" + std::to_string(user);
    std::string expected_type = "ephemeral";
    switch (i % 4) {
        case 0:
            c.text = "checkin KR-1 " + std::to_string(i) + " on-track soak " + std::to_string(i);
            expected_type = "in_channel";
            break;
        case 1: c.text = "win \"soak win " + std::to_string(user) + "-" + std::to_string(i) + "\" team=soak"; break;
        case 2: c.text = "show KR-1"; break;
        default: c.text = "list team soak"; break;
    }
    const auto reply = client.send(signed_request(c.body(), server.now_s.load()));
    if (reply.status != 200) {
        throw std::runtime_error("/okr " + c.text + " answered " + std::to_string(reply.status));
    }
    const auto json = boost::json::parse(reply.body).as_object();
    const std::string type(json.at("response_type").as_string());
    const std::string text(json.at("text").as_string());
    // A mistake or a failure is answered with a ":warning:" section first (core::error_message).
    const auto& blocks = json.at("blocks").as_array();
    const bool refused = !blocks.empty() && boost::json::serialize(blocks[0]).find(":warning:") != std::string::npos;
    if (type != expected_type || refused) {
        throw std::runtime_error("/okr " + c.text + " answered " + type + ": " + text);
    }
}

// Idle 0 to 5 ms, so the server goes quiet between requests.
void idle_gap(std::mt19937& random) {
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 5000)(random)));
}

long long histogram_count(RunningServer& server) {
    HttpClient client(server.port());
    const auto body = client.get("/metrics").body;
    const std::string name = "goalpost_http_request_duration_seconds_count ";
    const auto at = body.find(name);
    BOOST_REQUIRE(at != std::string::npos);
    return std::stoll(body.substr(at + name.size()));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(soak_e2e)

BOOST_AUTO_TEST_CASE(one_keep_alive_client_with_idle_gaps) {
    // Setup
    RunningServer server;
    set_up_team(server);
    HttpClient client(server.port());
    std::mt19937 random(12);
    const long long counted_before = histogram_count(server);

    // Act and check: 2,000 requests, every one answered in time (HttpClient's deadline).
    constexpr int requests = 2000;
    for (int i = 0; i < requests; ++i) {
        exchange(client, server, 1, i);
        idle_gap(random);
    }

    // Check: each request's time went into the histogram (and the two /metrics reads).
    BOOST_TEST(histogram_count(server) >= counted_before + requests + 1);
}

BOOST_AUTO_TEST_CASE(sixteen_keep_alive_clients_with_idle_gaps) {
    // Setup
    RunningServer server;
    set_up_team(server);
    constexpr int per_client = 125;  // 2,000 in all
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    std::vector<std::string> failures(members);

    // Act: each client on its own connection, its own user, its own gaps.
    for (int u = 1; u <= members; ++u) {
        clients.emplace_back([&, u] {
            try {
                HttpClient client(server.port());
                std::mt19937 random(static_cast<unsigned>(u));
                for (int i = 0; i < per_client; ++i) {
                    exchange(client, server, u, i);
                    answered.fetch_add(1);
                    idle_gap(random);
                }
            } catch (const std::exception& e) {
                failures[static_cast<std::size_t>(u - 1)] = e.what();
            }
        });
    }
    for (auto& t : clients) t.join();

    // Check
    for (int u = 1; u <= members; ++u) {
        BOOST_TEST(failures[static_cast<std::size_t>(u - 1)].empty(), "client U" << u << ": " << failures[static_cast<std::size_t>(u - 1)]);
    }
    BOOST_TEST(answered.load() == members * per_client);
}

BOOST_AUTO_TEST_SUITE_END()
