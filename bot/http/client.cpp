#include "bot/http/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>
#include <exception>
#include <openssl/ssl.h>

#include <fmt/format.h>

namespace goalpost::bot {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::size_t max_response_bytes = 1024 * 1024;

// The parts of a URL a request needs. Never logged: a Teams webhook URL is a credential.
struct Target {
    bool tls = false;
    std::string host;  // without IPv6 brackets, for DNS, SNI and certificate checks
    std::string port;
    std::string host_header;
    std::string path_and_query;
    bool host_is_name = true;
};

std::optional<Target> parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return std::nullopt;
    const auto& u = *parsed;
    Target t;
    if (u.scheme_id() == boost::urls::scheme::https) {
        t.tls = true;
    } else if (u.scheme_id() != boost::urls::scheme::http) {
        return std::nullopt;
    }
    if (!u.has_authority() || u.host_address().empty() || u.has_userinfo()) return std::nullopt;
    t.host = u.host_address();
    t.host_is_name = u.host_type() == boost::urls::host_type::name;
    t.port = u.has_port() ? std::string(u.port()) : (t.tls ? "443" : "80");
    t.host_header = u.has_port() ? fmt::format("{}:{}", std::string(u.encoded_host()), t.port)
                                 : std::string(u.encoded_host());
    t.path_and_query = std::string(u.encoded_target());
    if (t.path_and_query.empty()) t.path_and_query = "/";
    else if (t.path_and_query.front() == '?') t.path_and_query.insert(0, "/");
    return t;
}

std::optional<int> parse_retry_after(std::string_view value) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    int seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    // An HTTP-date form is not used by Slack or Teams; the caller's default applies to it.
    if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) return std::nullopt;
    return seconds;
}

PostResult network_failure(std::string_view step, const beast::error_code& ec) {
    PostResult result;
    result.network_error = true;
    result.error = ec == beast::error::timeout ? fmt::format("{}: timed out", step)
                                               : fmt::format("{}: {}", step, ec.message());
    return result;
}

// One request on a fresh connection. Each step runs on a private io_context so that the
// tcp_stream deadlines (which apply only to asynchronous operations) bound every step.
class Exchange {
public:
    Exchange(ssl::context& tls, std::chrono::seconds timeout) : tls_(tls), timeout_(timeout) {}

    PostResult send(const Target& t, const OutboundRequest& r) {
        tcp::resolver::results_type endpoints;
        if (auto ec = resolve(t, endpoints)) return network_failure("resolve", ec);

        http::request<http::string_body> req{http::string_to_verb(r.method), t.path_and_query, 11};
        req.set(http::field::host, t.host_header);
        req.set(http::field::user_agent, "goalpost");
        if (!r.body.empty() || r.method == "POST") req.set(http::field::content_type, r.content_type);
        req.set(http::field::accept, "application/json");
        for (const auto& [name, value] : r.headers) req.set(name, value);
        req.body() = r.body;
        req.keep_alive(false);
        req.prepare_payload();

        if (t.tls) {
            beast::ssl_stream<beast::tcp_stream> stream(ioc_, tls_);
            if (t.host_is_name && !SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str())) {
                PostResult result;
                result.network_error = true;
                result.error = "tls: could not set the server name";
                return result;
            }
            stream.set_verify_mode(ssl::verify_peer);
            stream.set_verify_callback(ssl::host_name_verification(t.host));
            if (auto ec = connect(beast::get_lowest_layer(stream), endpoints)) return network_failure("connect", ec);
            beast::get_lowest_layer(stream).expires_after(timeout_);
            if (auto ec = run([&](auto handler) { stream.async_handshake(ssl::stream_base::client, handler); })) {
                return network_failure("tls handshake", ec);
            }
            // No TLS close_notify exchange: the whole response is read, then the socket closes.
            return exchange(stream, beast::get_lowest_layer(stream), req);
        }
        beast::tcp_stream stream(ioc_);
        if (auto ec = connect(stream, endpoints)) return network_failure("connect", ec);
        return exchange(stream, stream, req);
    }

private:
    ssl::context& tls_;
    std::chrono::seconds timeout_;
    net::io_context ioc_;

    // Starts one asynchronous operation and runs the io_context until it completes.
    template <class Start>
    beast::error_code run(Start start) {
        beast::error_code result = net::error::would_block;
        start([&result](beast::error_code ec, auto&&...) { result = ec; });
        ioc_.restart();
        ioc_.run();
        return result;
    }

    beast::error_code resolve(const Target& t, tcp::resolver::results_type& endpoints) {
        // The resolver has no deadline of its own: a timer cancels it.
        tcp::resolver resolver(ioc_);
        net::steady_timer deadline(ioc_, timeout_);
        bool timed_out = false;
        deadline.async_wait([&](beast::error_code ec) {
            if (ec) return;
            timed_out = true;
            resolver.cancel();
        });
        beast::error_code result = net::error::would_block;
        resolver.async_resolve(t.host, t.port, [&](beast::error_code ec, tcp::resolver::results_type found) {
            result = ec;
            endpoints = std::move(found);
            deadline.cancel();
        });
        ioc_.restart();
        ioc_.run();
        return timed_out ? beast::error_code(beast::error::timeout) : result;
    }

    beast::error_code connect(beast::tcp_stream& stream, const tcp::resolver::results_type& endpoints) {
        stream.expires_after(timeout_);
        return run([&](auto handler) {
            stream.async_connect(endpoints, [handler](beast::error_code ec, const tcp::endpoint&) { handler(ec); });
        });
    }

    template <class Stream>
    PostResult exchange(Stream& stream, beast::tcp_stream& lowest, http::request<http::string_body>& req) {
        lowest.expires_after(timeout_);
        if (auto ec = run([&](auto handler) { http::async_write(stream, req, handler); })) {
            return network_failure("write", ec);
        }
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(max_response_bytes);
        lowest.expires_after(timeout_);
        if (auto ec = run([&](auto handler) { http::async_read(stream, buffer, parser, handler); })) {
            return network_failure("read", ec);
        }
        auto& res = parser.get();
        PostResult result;
        result.status = static_cast<int>(res.result_int());
        result.body = std::move(res.body());
        if (auto it = res.find(http::field::retry_after); it != res.end()) {
            result.retry_after_seconds = parse_retry_after(it->value());
        }
        for (const auto& field : res) {
            std::string name(field.name_string());
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            result.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        beast::error_code ignored;
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest.close();
        return result;
    }
};

class BeastOutboundHttp final : public OutboundHttp {
public:
    explicit BeastOutboundHttp(std::chrono::seconds timeout) : timeout_(timeout), tls_(ssl::context::tlsv12_client) {
        tls_.set_default_verify_paths();
        tls_.set_verify_mode(ssl::verify_peer);
    }

    PostResult post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& body) override {
        return send(OutboundRequest{"POST", url, headers, body});
    }

    PostResult send(const OutboundRequest& request) override {
        if (http::string_to_verb(request.method) == http::verb::unknown) {
            PostResult result;
            result.error = "unknown HTTP method";
            return result;
        }
        auto target = parse_target(request.url);
        if (!target) {
            // Not a network failure: retrying the same URL cannot help. The URL is not quoted.
            PostResult result;
            result.error = "invalid or unsupported URL (http:// or https:// only)";
            return result;
        }
        try {
            Exchange exchange(tls_, timeout_);
            return exchange.send(*target, request);
        } catch (const std::exception& e) {
            // e.g. std::bad_alloc, or a system error opening a socket; never carries headers.
            PostResult result;
            result.network_error = true;
            result.error = fmt::format("request failed: {}", e.what());
            return result;
        }
    }

private:
    std::chrono::seconds timeout_;
    ssl::context tls_;
};

}  // namespace

std::unique_ptr<OutboundHttp> make_outbound_http(std::chrono::seconds timeout) {
    return std::make_unique<BeastOutboundHttp>(timeout);
}

}  // namespace goalpost::bot
