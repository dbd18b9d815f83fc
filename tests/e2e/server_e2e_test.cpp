// HTTP behaviour of the real server: keep-alive, limits, refusals, shutdown.
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <tuple>
#include <vector>

#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(server_e2e)

BOOST_AUTO_TEST_CASE(blocking_work_runs_on_the_workers_while_io_goes_on) {
    // Setup: one I/O thread; /slow blocks its worker until released, /fast answers at once.
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    bool slow_started = false;
    std::vector<std::tuple<std::string, int, std::chrono::nanoseconds>> observed;
    goalpost::bot::HttpServer::Options o;
    o.threads = 1;
    o.worker_threads = 2;
    o.on_response = [&](const std::string& path, int status, std::chrono::nanoseconds elapsed) {
        std::lock_guard lock(mutex);
        observed.emplace_back(path, status, elapsed);
    };
    goalpost::bot::HttpServer server(o, [&](goalpost::bot::HttpRequest r) -> goalpost::bot::Answer {
        if (r.path() == "/fast") return goalpost::bot::HttpResponse{200, "text/plain", "fast", {}};
        return goalpost::bot::BlockingWork([&] {
            std::unique_lock lock(mutex);
            slow_started = true;
            changed.notify_all();
            changed.wait(lock, [&] { return released; });
            return goalpost::bot::HttpResponse{201, "text/plain", "slow", {}};
        });
    });
    server.start();

    // Act: the slow request is stuck on a worker; the fast one still gets its answer.
    std::thread slow_client([&] {
        HttpClient client(server.port());
        BOOST_CHECK(client.get("/slow").body == "slow");
    });
    {
        std::unique_lock lock(mutex);
        BOOST_REQUIRE(changed.wait_for(lock, std::chrono::seconds(3), [&] { return slow_started; }));
    }
    const auto held_from = std::chrono::steady_clock::now();
    HttpClient fast(server.port());
    const auto reply = fast.get("/fast");
    const auto held = std::chrono::steady_clock::now() - held_from;
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    changed.notify_all();
    slow_client.join();

    // Check: both answered, each response's time reported with its path and status (in the
    // order their writes completed, which the clients do not see).
    BOOST_TEST(reply.body == "fast");
    server.stop();
    server.wait();
    std::lock_guard lock(mutex);
    BOOST_REQUIRE_EQUAL(observed.size(), 2u);
    std::sort(observed.begin(), observed.end());
    BOOST_TEST(std::get<0>(observed[0]) == "/fast");
    BOOST_TEST(std::get<1>(observed[0]) == 200);
    BOOST_TEST(std::get<0>(observed[1]) == "/slow");
    BOOST_TEST(std::get<1>(observed[1]) == 201);
    // The slow one was held while the fast one was asked and answered: its time includes that.
    BOOST_TEST(std::get<2>(observed[1]) >= held);
}

BOOST_AUTO_TEST_CASE(keep_alive_serves_many_requests_on_one_connection) {
    RunningServer server;
    HttpClient client(server.port());
    for (int i = 0; i < 20; ++i) {
        auto r = client.get("/healthz");
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.keep_alive);
    }
    BOOST_TEST(client.get("/nope").status == 404);
    goalpost::bot::HttpRequest post;
    post.method = "POST";
    post.target = "/healthz";
    BOOST_TEST(client.send(post).status == 405);
    auto metrics = client.get("/metrics");
    BOOST_TEST(metrics.body.find("goalpost_http_requests_total{path=\"/healthz\",status=\"200\"} 20") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(body_over_the_limit_is_413) {
    RunningServer server(4096);
    HttpClient client(server.port());
    SlashCommand c;
    c.text = std::string(5000, 'x');
    auto reply = client.send(signed_request(c.body(), server.now_s.load()));
    BOOST_TEST(reply.status == 413);
    BOOST_TEST(!reply.keep_alive);
}

BOOST_AUTO_TEST_CASE(unsigned_requests_are_401) {
    RunningServer server;
    HttpClient client(server.port());
    SlashCommand c;
    c.text = "team create growth";
    auto r = signed_request(c.body(), server.now_s.load(), "not-the-secret");
    auto reply = client.send(r);
    BOOST_TEST(reply.status == 401);
    BOOST_TEST(reply.body.find("signature") == std::string::npos);
    BOOST_TEST(server.store->teams("slack:T1").empty());
}

BOOST_AUTO_TEST_CASE(garbage_is_400) {
    RunningServer server;
    HttpClient client(server.port());
    client.write_raw("THIS IS NOT HTTP\r\n\r\n");
    BOOST_TEST(client.read().status == 400);
}

BOOST_AUTO_TEST_CASE(stop_is_prompt_with_idle_keep_alive_connections) {
    RunningServer server;
    HttpClient idle(server.port());
    BOOST_TEST(idle.get("/healthz").status == 200);
    auto started = std::chrono::steady_clock::now();
    server.server->stop();
    server.server->wait();
    // The idle connection was closed instead of holding shutdown for the grace period (10 s).
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_SUITE_END()
