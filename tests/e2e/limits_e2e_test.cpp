// HTTP limits of the real server: oversized headers, many idle connections, a slow-drip
// client, the connection cap and the read timeout. Liveness checks, not benchmarks: the
// bounds (1 s) are generous so that they hold under ASan on a loaded 2-core machine.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fmt/format.h>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bot/service/app.hpp"
#include "bot/http/server.hpp"
#include "config/settings.hpp"
#include "tests/support/store.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/slack_request.hpp"

using namespace goalpost;
using namespace goalpost::testing;
using Clock = std::chrono::steady_clock;

namespace {

// The real server on a loopback port 0 with a file database, with the limits under test.
struct LimitedServer {
    std::filesystem::path dir;
    config::Settings settings;
    std::unique_ptr<testing::Store> store;
    std::unique_ptr<bot::App> app;
    std::unique_ptr<bot::HttpServer> server;
    long long now_s = 1795000000;

    LimitedServer(std::chrono::seconds read_timeout, std::size_t max_connections) {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("goalpost-limits-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        settings.storage.path = (dir / "goalpost.db").string();
        settings.slack.signing_secret = sample_secret;
        store = std::make_unique<testing::Store>(settings.storage.path);
        app = std::make_unique<bot::App>(settings, *store);
        bot::HttpServer::Options o;
        o.port = 0;
        o.threads = 2;
        o.read_timeout = read_timeout;
        o.max_connections = max_connections;
        server = bot::make_server(*app, o, [this] { return core::Time{std::chrono::seconds{now_s}}; });
        server->start();
    }
    ~LimitedServer() {
        server->stop();
        server->wait();
        server.reset();
        app.reset();
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    unsigned short port() const { return server->port(); }

    // Waits until the server counts `n` open connections (accepting is asynchronous).
    bool wait_for_open(std::size_t n, std::chrono::seconds limit = std::chrono::seconds(10)) const {
        const auto until = Clock::now() + limit;
        while (Clock::now() < until) {
            if (server->open_connections() == n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return server->open_connections() == n;
    }
};

// A raw loopback TCP connection, closed on destruction.
class RawConnection {
public:
    explicit RawConnection(unsigned short port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        BOOST_REQUIRE_MESSAGE(fd_ >= 0, "socket: " << std::strerror(errno));
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        BOOST_REQUIRE_MESSAGE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0,
                              "connect: " << std::strerror(errno));
    }
    ~RawConnection() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    bool send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }

    // Everything the server sends until it closes the connection, or nullopt if it is still
    // open after `limit`. A reset also counts as closed.
    std::optional<std::string> read_until_closed(std::chrono::milliseconds limit) {
        std::string out;
        const auto until = Clock::now() + limit;
        while (true) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
            if (left.count() <= 0) return std::nullopt;
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR) continue;
            if (ready <= 0) return std::nullopt;
            char buf[4096];
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) {
                out.append(buf, static_cast<std::size_t>(n));
                continue;
            }
            return out;  // 0: orderly close; < 0: reset
        }
    }

private:
    int fd_ = -1;
};

// Open connections need file descriptors on both ends: lift the soft limit to the hard one.
rlim_t raise_open_file_limit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return limit.rlim_cur;
}

long long query_count(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    long long n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

HttpClient::Reply okr(LimitedServer& s, HttpClient& client, const std::string& text) {
    SlashCommand c;
    c.text = text;
    return client.send(signed_request(c.body(), s.now_s));
}

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string ms(double value) { return fmt::format("{:.1f} ms", value); }

// Sends a request one byte every `every`, on its own thread, until stopped or refused.
class SlowDrip {
public:
    SlowDrip(unsigned short port, std::chrono::milliseconds every) : connection_(port) {
        thread_ = std::thread([this, every] {
            const std::string request =
                "POST /slack/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
                "X-Padding: " + std::string(4000, 'x') + "\r\n\r\n";
            for (std::size_t i = 0; i < request.size() && !stop_; ++i) {
                if (!connection_.send(std::string(1, request[i]))) return;
                ++sent_;
                std::this_thread::sleep_for(every);
            }
        });
    }
    ~SlowDrip() {
        stop_ = true;
        thread_.join();
    }
    std::size_t sent() const { return sent_; }
    RawConnection& connection() { return connection_; }

private:
    RawConnection connection_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> sent_{0};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(limits_e2e)

BOOST_AUTO_TEST_CASE(oversized_headers_are_431_and_oversized_bodies_413_and_the_server_goes_on) {
    // Setup
    LimitedServer server(std::chrono::seconds(5), 100);
    RawConnection big(server.port());

    // Act: 20 KiB of headers against the 16 KiB limit.
    const bool sent = big.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'a') +
                               "\r\n\r\n");
    const auto reply = big.read_until_closed(std::chrono::seconds(5));

    // Check
    BOOST_TEST(sent);
    BOOST_TEST_REQUIRE(reply.has_value(), "the connection was not closed");
    BOOST_TEST(reply->starts_with("HTTP/1.1 431 "), *reply);
    BOOST_TEST(reply->find("Connection: close") != std::string::npos, *reply);
    // A body far over max_body_bytes sent in one go: the 413 still arrives (the server reads
    // and drops the rest instead of resetting the connection under the reply).
    RawConnection huge(server.port());
    const bool body_sent = huge.send("POST /slack/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 300000\r\n\r\n" +
                                     std::string(300000, 'b'));
    const auto too_large = huge.read_until_closed(std::chrono::seconds(5));
    BOOST_TEST(body_sent);
    BOOST_TEST_REQUIRE(too_large.has_value());
    BOOST_TEST(too_large->starts_with("HTTP/1.1 413 "), *too_large);

    HttpClient client(server.port());
    bot::HttpRequest under;
    under.method = "GET";
    under.target = "/healthz";
    under.headers = {{"X-Big", std::string(12000, 'a')}};
    BOOST_TEST(client.send(under).status == 200);
}

BOOST_AUTO_TEST_CASE(idle_connections_and_a_slow_drip_do_not_stop_healthz_or_a_checkin) {
    // Setup
    const rlim_t fds = raise_open_file_limit();
    // Both ends of every connection are in this process; keep 200 descriptors spare.
    const std::size_t idle_count = std::min<std::size_t>(1000, fds > 2200 ? 1000 : (fds - 200) / 2);
    BOOST_WARN_MESSAGE(idle_count == 1000, "open-file limit " << fds << ": only " << idle_count << " idle connections");
    LimitedServer server(std::chrono::seconds(30), 10000);
    HttpClient setup(server.port());
    BOOST_TEST_REQUIRE(okr(server, setup, "team create growth").status == 200);
    BOOST_TEST_REQUIRE(okr(server, setup, "objective add \"Grow the pipeline\"").status == 200);
    BOOST_TEST_REQUIRE(okr(server, setup, "kr add O-1 \"Qualified leads\" from=0 to=100").status == 200);

    std::vector<std::unique_ptr<RawConnection>> idle;
    const auto opening = Clock::now();
    for (std::size_t i = 0; i < idle_count; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
    // Half of them start a request and stop after the request line.
    for (std::size_t i = 0; i < idle.size(); i += 2) BOOST_REQUIRE(idle[i]->send("GET /healthz HTTP/1.1\r\n"));
    SlowDrip drip(server.port(), std::chrono::milliseconds(50));
    BOOST_TEST_REQUIRE(server.wait_for_open(idle_count + 2));  // + setup + drip
    BOOST_TEST_MESSAGE("limits: " << idle_count << " idle connections open after " << ms(ms_since(opening)));

    // Act
    const auto health_started = Clock::now();
    HttpClient fresh(server.port());
    const auto health = fresh.get("/healthz");
    const double health_ms = ms_since(health_started);
    const auto checkin_started = Clock::now();
    HttpClient other(server.port());
    const auto checkin = okr(server, other, "checkin KR-1 42 on-track \u201cstill live\u201d");
    const double checkin_ms = ms_since(checkin_started);

    // Check
    BOOST_TEST(health.status == 200);
    BOOST_TEST(health.body == R"({"status":"ok","database":"sqlite","schema":13})");
    BOOST_TEST(health_ms < 1000.0);
    BOOST_TEST(checkin.status == 200);
    BOOST_TEST(checkin.body.find("42%") != std::string::npos, checkin.body);
    // One fsync is part of a check-in; a CI disk busy with a build can stretch it past a
    // second. A server stuck behind the idle and dripping connections would not answer at all.
    BOOST_TEST(checkin_ms < 3000.0);
    BOOST_TEST(query_count(server.settings.storage.path, "SELECT COUNT(*) FROM checkins") == 1);
    // The drip thread may not have sent its first byte yet: poll for it, with a deadline.
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
         drip.sent() == 0 && std::chrono::steady_clock::now() < until;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    BOOST_TEST(drip.sent() > 0u);
    BOOST_TEST(server.server->connections_refused() == 0u);
    BOOST_TEST_MESSAGE("limits: with " << idle_count << " idle connections and a slow drip, /healthz answered in "
                                       << ms(health_ms) << " and a signed check-in in " << ms(checkin_ms));
}

BOOST_AUTO_TEST_CASE(the_connection_cap_refuses_cap_plus_one) {
    // Setup
    raise_open_file_limit();
    constexpr std::size_t cap = 100;
    LimitedServer server(std::chrono::seconds(30), cap);
    std::vector<std::unique_ptr<RawConnection>> open;
    for (std::size_t i = 0; i < cap; ++i) open.push_back(std::make_unique<RawConnection>(server.port()));
    BOOST_TEST_REQUIRE(server.wait_for_open(cap));

    // Act: connection cap + 1, then cap + 2 with a request already sent.
    RawConnection over(server.port());
    const auto refused = over.read_until_closed(std::chrono::seconds(5));
    RawConnection over_again(server.port());
    over_again.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto refused_again = over_again.read_until_closed(std::chrono::seconds(5));

    // Check: refused at once with a 503; the open ones are untouched.
    BOOST_TEST_REQUIRE(refused.has_value(), "connection cap + 1 was not closed");
    BOOST_TEST(refused->starts_with("HTTP/1.1 503 "), *refused);
    BOOST_TEST(refused->find("too many connections") != std::string::npos, *refused);
    BOOST_TEST(refused_again.has_value(), "connection cap + 2 was not closed");
    BOOST_TEST(server.server->connections_refused() == 2u);
    BOOST_TEST(server.server->open_connections() == cap);

    // A slot that frees up is usable again.
    open.pop_back();
    BOOST_TEST_REQUIRE(server.wait_for_open(cap - 1));
    HttpClient client(server.port());
    BOOST_TEST(client.get("/healthz").status == 200);
    BOOST_TEST_MESSAGE("limits: cap " << cap << ": " << server.server->connections_refused()
                                      << " connection(s) over the cap refused with 503");
}

BOOST_AUTO_TEST_CASE(idle_and_slow_connections_are_closed_after_read_timeout) {
    // Setup: a 1 s read timeout.
    LimitedServer server(std::chrono::seconds(1), 100);
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 20; ++i) idle.push_back(std::make_unique<RawConnection>(server.port()));
    RawConnection partial(server.port());
    BOOST_REQUIRE(partial.send("POST /slack/commands HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));
    HttpClient kept_alive(server.port());
    BOOST_TEST_REQUIRE(kept_alive.get("/healthz").status == 200);
    const auto started = Clock::now();
    SlowDrip drip(server.port(), std::chrono::milliseconds(100));

    // Act
    std::vector<std::optional<std::string>> closed;
    for (auto& c : idle) closed.push_back(c->read_until_closed(std::chrono::seconds(5)));
    const auto partial_closed = partial.read_until_closed(std::chrono::seconds(5));
    const auto drip_closed = drip.connection().read_until_closed(std::chrono::seconds(5));
    const double drip_ms = ms_since(started);

    // Check: every one closed, the slow drip too although it never stopped sending.
    for (const auto& c : closed) BOOST_TEST(c.has_value());
    BOOST_TEST(partial_closed.has_value());
    BOOST_TEST(drip_closed.has_value());
    BOOST_TEST(drip_ms >= 900.0);
    BOOST_TEST(drip_ms < 4000.0);
    BOOST_TEST(server.wait_for_open(0));
    BOOST_TEST_MESSAGE("limits: read timeout 1 s: 20 idle, 1 partial, 1 keep-alive and a slow drip ("
                       << drip.sent() << " bytes sent) closed; the drip after " << ms(drip_ms));
}

BOOST_AUTO_TEST_SUITE_END()
