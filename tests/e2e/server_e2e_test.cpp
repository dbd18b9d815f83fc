// HTTP behaviour of the real server: keep-alive, limits, refusals, shutdown.
#include <boost/test/unit_test.hpp>
#include <thread>

#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(server_e2e)

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
