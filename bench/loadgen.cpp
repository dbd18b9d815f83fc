// A closed-loop HTTP/1.1 load generator for goalpost over loopback.
//
// N keep-alive connections, one request in flight on each; every request is distinct and
// signed as Slack signs it (v0 HMAC-SHA256 over "v0:{ts}:{body}" with the sample secret; the
// HMAC key schedule is computed once and reused). Latency is taken per request, from the
// first byte written to the last byte read, and reported as p50/p99 from the sorted list.
//
//   bench_loadgen --port P --mode setup|token|checkin|api-checkin|list|show|raw [options]
//     token             creates the API token `bench` (as the first team's owner) and prints it
//     api-checkin       check-ins through POST /api/v1/checkins with --token TOKEN
//     --connections N   keep-alive connections (default 32)
//     --duration S      seconds to measure (default 5), after --warmup S (default 1)
//     --requests N      stop after N measured requests instead (0: no limit)
//     --threads N       client threads, each with its own connections (default 1)
//     --teams N --objectives N --krs N --members N   the data set `setup` creates and the
//                       other modes address (defaults 8, 5 per team, 4 per objective, 4 per team)
//     --team N          check in on, show and list team benchN only (default: every team)
//     --label TEXT      name printed in the RESULT line (default: the mode)
//     --no-check        do not check reply bodies (for the baseline server)
//
// setup creates, in workspace T1: teams bench1..benchT, each with M members (U1..), O
// objectives per team and K key results per objective (KR numbers are assigned team by team).
// checkin: `/okr checkin KR-n VALUE` by a member of KR-n's team, a new value every time.
// list:    `/okr list team benchT`.   show: `/okr show KR-n`.   raw: GET /healthz.
// The last line is machine-readable:
//   RESULT label=.. requests=.. seconds=.. rps=.. p50_us=.. p90_us=.. p99_us=.. max_us=.. errors=.. non200=.. app_errors=..
#include "bot/crypto/hmac.hpp"
#include "bot/slack/form_encode.hpp"
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

const std::string secret = "8f742231b10e8888abcd99yyyzzz85a5";

struct Options {
    unsigned short port = 0;
    std::string mode = "raw";
    std::string token;  // api-checkin: the bearer token
    std::string label;
    int connections = 32;
    double duration = 5;
    double warmup = 1;
    long long requests = 0;
    int threads = 1;
    int teams = 8;
    int objectives = 5;  // per team
    int krs = 4;         // per objective
    int members = 4;     // per team
    int only_team = 0;   // 1..teams: address that team's KRs only (0: every team)
    bool check = true;
};

int krs_per_team(const Options& o) { return o.objectives * o.krs; }
int total_krs(const Options& o) { return o.teams * krs_per_team(o); }
// Users are U1..U(teams*members); user u belongs to team ((u-1) % teams) + 1.
std::string user_of(const Options& o, int team, int k) { return "U" + std::to_string(team + k * o.teams); }

// ---- signing ----------------------------------------------------------------------

// v0 signatures with goalpost's own HMAC helper (its key schedule is kept per thread).
class Signer {
public:
    // Appends "v0=<hex>" for "v0:{ts}:{body}".
    void sign(std::string_view ts, std::string_view body, std::string& out) {
        out += "v0=";
        out += goalpost::bot::crypto::to_hex(goalpost::bot::crypto::hmac_sha256(secret, {"v0:", ts, ":", body}));
    }
};

void form_encode(std::string_view s, std::string& out) { goalpost::bot::append_form_encoded(s, out); }

// Builds whole HTTP requests into a reused buffer.
class RequestBuilder {
public:
    explicit RequestBuilder(const Options& o) : o_(o) {}

    // A slash command from `user` with `text`, signed with the current time.
    void slash(std::string_view user, std::string_view text, std::string& out) {
        body_.clear();
        body_ += "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T1&team_domain=example&channel_id=C2147483705"
                 "&channel_name=okrs&user_id=";
        body_ += user;
        body_ += "&user_name=";
        body_ += user;
        body_ += "&command=%2Fokr&text=";
        form_encode(text, body_);
        body_ += "&api_app_id=A123456&is_enterprise_install=false"
                 "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0";
        char ts[24];
        auto [end, ec] = std::to_chars(ts, ts + sizeof ts, static_cast<long long>(std::time(nullptr)));
        std::string_view tsv(ts, static_cast<size_t>(end - ts));
        out.clear();
        out += "POST /slack/commands HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Slackbot 1.0 (+https://api.slack.com/robots)\r\n"
               "Content-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: ";
        out += tsv;
        out += "\r\nX-Slack-Signature: ";
        signer_.sign(tsv, body_, out);
        out += "\r\nContent-Length: ";
        out += std::to_string(body_.size());
        out += "\r\n\r\n";
        out += body_;
    }

    // The i-th request of the load phase.
    void next(long long i, std::string& out) {
        if (o_.mode == "raw") {
            out = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            return;
        }
        text_.clear();
        // KR numbers are assigned team by team, so team t holds KRs (t-1)*per_team+1 .. t*per_team.
        const int span = o_.only_team > 0 ? krs_per_team(o_) : total_krs(o_);
        const int first = o_.only_team > 0 ? (o_.only_team - 1) * krs_per_team(o_) : 0;
        const int kr = first + static_cast<int>(i % span) + 1;
        const int team = (kr - 1) / krs_per_team(o_) + 1;
        if (o_.mode == "checkin") {
            // A member of the KR's team; a value that differs every time.
            const int k = static_cast<int>((i / span) % o_.members);
            text_ = "checkin KR-" + std::to_string(kr) + " " + std::to_string(i % 1000 + 1) + (i % 3 == 0 ? " on-track" : "");
            return slash(user_of(o_, team, k), text_, out);
        }
        if (o_.mode == "api-checkin") {
            // An unscoped token sees the public objectives only: setup makes every other one
            // (j = 0, 2, ...) public. KR numbers run team by team, objective by objective.
            const int public_per_team = (o_.objectives + 1) / 2;
            const int teams = o_.only_team > 0 ? 1 : o_.teams;
            const long long n = i % (static_cast<long long>(teams) * public_per_team * o_.krs);
            const int t = o_.only_team > 0 ? o_.only_team : static_cast<int>(n / (public_per_team * o_.krs)) + 1;
            const int j = 2 * static_cast<int>(n / o_.krs % public_per_team);
            const int public_kr = ((t - 1) * o_.objectives + j) * o_.krs + static_cast<int>(n % o_.krs) + 1;
            body_ = R"({"kr":"KR-)" + std::to_string(public_kr) + R"(","value":)" + std::to_string(i % 1000 + 1) +
                    (i % 3 == 0 ? R"(,"confidence":"on-track"})" : "}");
            out = "POST /api/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  "Authorization: Bearer " + o_.token + "\r\nContent-Length: " + std::to_string(body_.size()) +
                  "\r\n\r\n" + body_;
            return;
        }
        if (o_.mode == "list") {
            const int t = o_.only_team > 0 ? o_.only_team : static_cast<int>(i % o_.teams) + 1;
            text_ = "list team bench" + std::to_string(t);
            return slash(user_of(o_, t, static_cast<int>(i / o_.teams % o_.members)), text_, out);
        }
        if (o_.mode == "show") {
            text_ = "show KR-" + std::to_string(kr);
            return slash(user_of(o_, team, 0), text_, out);
        }
        throw std::runtime_error("unknown mode " + o_.mode);
    }

    // What a good reply's body contains (empty: anything).
    std::string_view expect() const {
        if (!o_.check) return {};
        if (o_.mode == "checkin") return R"("response_type":"in_channel")";
        if (o_.mode == "api-checkin") return R"("checkin":)";
        if (o_.mode == "raw") return "ok";
        return "";
    }
    // What a good reply must not contain: a user-facing error.
    std::string_view refuse() const {
        return o_.check && o_.mode != "raw" && o_.mode != "api-checkin" ? std::string_view(":warning:") : std::string_view();
    }
    // The status of a good reply.
    int success() const { return o_.mode == "api-checkin" ? 201 : 200; }

private:
    const Options& o_;
    Signer signer_;
    std::string body_;
    std::string text_;
};

// ---- a minimal HTTP/1.1 response reader -----------------------------------------------

struct Parsed {
    bool complete = false;
    int status = 0;
    size_t total = 0;  // header + body bytes
    std::string_view body;
};

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    }
    return true;
}

Parsed parse_response(std::string_view data) {
    Parsed p;
    const size_t end = data.find("\r\n\r\n");
    if (end == std::string_view::npos) return p;
    if (data.size() < 12 || !data.starts_with("HTTP/1.")) throw std::runtime_error("not an HTTP response");
    std::from_chars(data.data() + 9, data.data() + 12, p.status);
    size_t length = 0;
    size_t pos = data.find("\r\n") + 2;
    while (pos < end) {
        const size_t eol = data.find("\r\n", pos);
        std::string_view line = data.substr(pos, eol - pos);
        if (iequals_prefix(line, "content-length:")) {
            auto v = line.substr(15);
            while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
            std::from_chars(v.data(), v.data() + v.size(), length);
        }
        pos = eol + 2;
    }
    if (data.size() < end + 4 + length) return p;
    p.complete = true;
    p.total = end + 4 + length;
    p.body = data.substr(end + 4, length);
    return p;
}

// ---- a blocking client, for setup -------------------------------------------------------

class BlockingClient {
public:
    explicit BlockingClient(unsigned short port) : socket_(ioc_) {
        socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        socket_.set_option(tcp::no_delay(true));
    }
    Parsed send(const std::string& request) {
        net::write(socket_, net::buffer(request));
        buffer_.erase(0, last_);
        for (;;) {
            auto p = parse_response(buffer_);
            if (p.complete) {
                last_ = p.total;
                return p;
            }
            char chunk[16384];
            size_t n = socket_.read_some(net::buffer(chunk));
            buffer_.append(chunk, n);
        }
    }

private:
    net::io_context ioc_;
    tcp::socket socket_;
    std::string buffer_;
    size_t last_ = 0;
};

int setup(const Options& o) {
    BlockingClient client(o.port);
    RequestBuilder builder(o);
    std::string request;
    int failures = 0;
    auto run = [&](const std::string& user, const std::string& text) {
        builder.slash(user, text, request);
        auto reply = client.send(request);
        if (reply.status != 200 || reply.body.find(":warning:") != std::string_view::npos) {
            ++failures;
            std::fprintf(stderr, "setup: '%s' by %s -> %d %.*s\n", text.c_str(), user.c_str(), reply.status,
                         static_cast<int>(std::min<size_t>(reply.body.size(), 300)), reply.body.data());
        }
    };
    const auto started = Clock::now();
    for (int t = 1; t <= o.teams; ++t) {
        const std::string owner = user_of(o, t, 0);
        const std::string team = "bench" + std::to_string(t);
        run(owner, "team create " + team + " channel=<#C" + std::to_string(100 + t) + "|" + team + ">");
        std::string add = "team add " + team;
        for (int k = 1; k < o.members; ++k) add += " <@" + user_of(o, t, k) + "|" + user_of(o, t, k) + ">";
        if (o.members > 1) run(owner, add);
        for (int j = 0; j < o.objectives; ++j) {
            const int number = (t - 1) * o.objectives + j + 1;
            run(owner, "objective add \"Objective " + std::to_string(j + 1) + " of " + team + "\" team=" + team +
                           (j % 2 ? " internal" : " public"));
            for (int k = 0; k < o.krs; ++k) {
                run(owner, "kr add O-" + std::to_string(number) + " \"Key result " + std::to_string(k + 1) +
                               "\" from=0 to=1,000 unit=pts owner=<@" + user_of(o, t, k % o.members) + ">");
            }
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("setup: %d teams, %d objectives, %d key results in %.2f s, %d failure(s)\n", o.teams,
                o.teams * o.objectives, total_krs(o), seconds, failures);
    return failures == 0 ? 0 : 1;
}

// The token for api-checkin: `token create bench` as the first team's owner, printed alone.
int make_token(const Options& o) {
    BlockingClient client(o.port);
    RequestBuilder builder(o);
    std::string request;
    builder.slash(user_of(o, 1, 0), "token create bench", request);
    const auto reply = client.send(request);
    const auto at = reply.body.find("gp_");
    if (reply.status != 200 || at == std::string_view::npos) {
        std::fprintf(stderr, "token: %d %.*s\n", reply.status, static_cast<int>(std::min<size_t>(reply.body.size(), 300)),
                     reply.body.data());
        return 1;
    }
    std::printf("%.*s\n", 46, reply.body.data() + at);  // "gp_" and 43 characters
    return 0;
}

// ---- the load engine ----------------------------------------------------------------------

struct Stats {
    std::vector<std::uint32_t> latencies_us;
    long long errors = 0;      // connection or protocol failures
    long long non200 = 0;      // HTTP status other than 200
    long long app_errors = 0;  // 200 but not the expected reply
};

struct Shared {
    const Options& options;
    std::atomic<long long> counter{0};  // request index across threads
    std::atomic<long long> measured{0};
    Clock::time_point measure_from{};
    Clock::time_point measure_until{};
    std::atomic<bool> stop{false};
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(net::io_context& ioc, Shared& shared, Stats& stats, RequestBuilder& builder)
        : ioc_(ioc), socket_(ioc), shared_(shared), stats_(stats), builder_(builder) {}

    void start() {
        socket_ = tcp::socket(ioc_);
        socket_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), shared_.options.port),
                              [self = shared_from_this()](boost::system::error_code ec) {
                                  if (ec) return self->fail();
                                  self->socket_.set_option(tcp::no_delay(true));
                                  self->send();
                              });
    }

private:
    net::io_context& ioc_;
    tcp::socket socket_;
    Shared& shared_;
    Stats& stats_;
    RequestBuilder& builder_;
    std::string request_;
    std::string buffer_;
    Clock::time_point sent_at_;

    void send() {
        if (shared_.stop.load(std::memory_order_relaxed)) return close();
        const long long limit = shared_.options.requests;
        if (limit > 0 && shared_.measured.load(std::memory_order_relaxed) >= limit) {
            shared_.stop = true;
            return close();
        }
        builder_.next(shared_.counter.fetch_add(1, std::memory_order_relaxed), request_);
        buffer_.clear();
        sent_at_ = Clock::now();
        net::async_write(socket_, net::buffer(request_), [self = shared_from_this()](boost::system::error_code ec, size_t) {
            if (ec) return self->fail();
            self->read();
        });
    }

    void read() {
        const size_t old = buffer_.size();
        buffer_.resize(old + 16384);
        socket_.async_read_some(net::buffer(buffer_.data() + old, 16384),
                                [self = shared_from_this(), old](boost::system::error_code ec, size_t n) {
                                    self->buffer_.resize(old + n);
                                    if (ec) return self->fail();
                                    self->on_data();
                                });
    }

    void on_data() {
        Parsed p;
        try {
            p = parse_response(buffer_);
        } catch (const std::exception&) {
            return fail();
        }
        if (!p.complete) return read();
        const auto now = Clock::now();
        if (sent_at_ >= shared_.measure_from && now <= shared_.measure_until) {
            const auto us = std::chrono::duration_cast<std::chrono::microseconds>(now - sent_at_).count();
            stats_.latencies_us.push_back(static_cast<std::uint32_t>(us));
            shared_.measured.fetch_add(1, std::memory_order_relaxed);
            if (p.status != builder_.success()) {
                ++stats_.non200;
            } else {
                auto expect = builder_.expect();
                auto refuse = builder_.refuse();
                if ((!expect.empty() && p.body.find(expect) == std::string_view::npos) ||
                    (!refuse.empty() && p.body.find(refuse) != std::string_view::npos)) {
                    if (stats_.app_errors++ == 0) {
                        std::fprintf(stderr, "unexpected reply: %.*s\n", static_cast<int>(std::min<size_t>(p.body.size(), 400)),
                                     p.body.data());
                    }
                }
            }
        }
        if (now > shared_.measure_until) shared_.stop = true;
        send();
    }

    void fail() {
        if (!shared_.stop) {
            ++stats_.errors;
            // Reconnect and go on: a dropped connection is counted, not fatal.
            boost::system::error_code ignored;
            socket_.close(ignored);
            start();
        }
    }

    void close() {
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
    }
};

int load(const Options& o) {
    Shared shared{o};
    const auto started = Clock::now();
    shared.measure_from = started + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup));
    shared.measure_until = o.requests > 0 ? Clock::time_point::max()
                                          : shared.measure_from + std::chrono::duration_cast<Clock::duration>(
                                                                      std::chrono::duration<double>(o.duration));
    std::vector<Stats> stats(static_cast<size_t>(o.threads));
    std::vector<std::thread> threads;
    std::mutex first_error;
    for (int t = 0; t < o.threads; ++t) {
        threads.emplace_back([&, t] {
            net::io_context ioc(1);
            RequestBuilder builder(o);
            auto& s = stats[static_cast<size_t>(t)];
            s.latencies_us.reserve(1 << 20);
            for (int c = t; c < o.connections; c += o.threads) std::make_shared<Connection>(ioc, shared, s, builder)->start();
            // A safety net: whatever happens, stop a little after the planned end.
            net::steady_timer guard(ioc);
            const double limit = o.requests > 0 ? 600.0 : o.warmup + o.duration + 10.0;
            guard.expires_after(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit)));
            guard.async_wait([&](boost::system::error_code ec) {
                if (!ec) {
                    shared.stop = true;
                    ioc.stop();
                }
            });
            // The guard timer keeps run() alive; stop the context once every connection is done.
            net::steady_timer poll(ioc);
            std::function<void()> check = [&] {
                poll.expires_after(std::chrono::milliseconds(20));
                poll.async_wait([&](boost::system::error_code ec) {
                    if (ec) return;
                    if (shared.stop) {
                        // In-flight requests finish; give them a moment, then stop.
                        guard.expires_after(std::chrono::milliseconds(500));
                        guard.async_wait([&](boost::system::error_code e) {
                            if (!e) ioc.stop();
                        });
                        return;
                    }
                    check();
                });
            };
            check();
            ioc.run();
        });
    }
    for (auto& t : threads) t.join();
    const auto finished = std::min(Clock::now(), shared.measure_until);
    Stats all;
    for (auto& s : stats) {
        all.latencies_us.insert(all.latencies_us.end(), s.latencies_us.begin(), s.latencies_us.end());
        all.errors += s.errors;
        all.non200 += s.non200;
        all.app_errors += s.app_errors;
    }
    std::sort(all.latencies_us.begin(), all.latencies_us.end());
    const auto n = static_cast<long long>(all.latencies_us.size());
    auto pct = [&](double q) -> unsigned {
        if (n == 0) return 0;
        auto i = static_cast<size_t>(q * static_cast<double>(n - 1) + 0.5);
        return all.latencies_us[std::min(i, static_cast<size_t>(n - 1))];
    };
    double seconds = o.requests > 0 ? std::chrono::duration<double>(finished - shared.measure_from).count() : o.duration;
    if (o.requests > 0 && seconds <= 0) seconds = 1e-9;
    const double rps = static_cast<double>(n) / seconds;
    const std::string label = o.label.empty() ? o.mode : o.label;
    std::printf("%s: %lld requests in %.2f s over %d connections: %.0f req/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms, "
                "%lld errors, %lld non-200, %lld unexpected replies\n",
                label.c_str(), n, seconds, o.connections, rps, pct(0.50) / 1000.0, pct(0.99) / 1000.0,
                n ? all.latencies_us.back() / 1000.0 : 0.0, all.errors, all.non200, all.app_errors);
    std::printf("RESULT label=%s requests=%lld seconds=%.3f rps=%.0f p50_us=%u p90_us=%u p99_us=%u max_us=%u errors=%lld "
                "non200=%lld app_errors=%lld\n",
                label.c_str(), n, seconds, rps, pct(0.50), pct(0.90), pct(0.99), n ? all.latencies_us.back() : 0u,
                all.errors, all.non200, all.app_errors);
    return (n > 0 && all.errors == 0 && all.non200 == 0 && all.app_errors == 0) ? 0 : 1;
}

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: bench_loadgen --port P --mode setup|token|checkin|api-checkin|list|show|raw [--token T]\n"
                 "       [--connections N] [--duration S]\n"
                 "       [--warmup S] [--requests N] [--threads N] [--teams N] [--objectives N] [--krs N]\n"
                 "       [--members N] [--team N] [--label TEXT] [--no-check]\n");
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) usage();
            return argv[++i];
        };
        if (a == "--port") o.port = static_cast<unsigned short>(std::atoi(value()));
        else if (a == "--mode") o.mode = value();
        else if (a == "--label") o.label = value();
        else if (a == "--token") o.token = value();
        else if (a == "--connections") o.connections = std::max(1, std::atoi(value()));
        else if (a == "--duration") o.duration = std::atof(value());
        else if (a == "--warmup") o.warmup = std::atof(value());
        else if (a == "--requests") o.requests = std::atoll(value());
        else if (a == "--threads") o.threads = std::max(1, std::atoi(value()));
        else if (a == "--teams") o.teams = std::max(1, std::atoi(value()));
        else if (a == "--objectives") o.objectives = std::max(1, std::atoi(value()));
        else if (a == "--krs") o.krs = std::max(1, std::atoi(value()));
        else if (a == "--members") o.members = std::max(1, std::atoi(value()));
        else if (a == "--team") o.only_team = std::max(0, std::atoi(value()));
        else if (a == "--no-check") o.check = false;
        else usage();
    }
    if (o.port == 0) usage();
    o.threads = std::min(o.threads, o.connections);
    try {
        if (o.mode == "setup") return setup(o);
        if (o.mode == "token") return make_token(o);
        if (o.mode != "checkin" && o.mode != "api-checkin" && o.mode != "list" && o.mode != "show" && o.mode != "raw") usage();
        if (o.mode == "api-checkin" && o.token.empty()) usage();
        return load(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_loadgen: %s\n", e.what());
        return 1;
    }
}
