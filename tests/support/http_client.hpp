#pragma once
// A small HTTP/1.1 client over one keep-alive loopback connection, for tests. Every exchange
// has a deadline (3 s by default, Slack's own limit for an answer): a request the server
// leaves unanswered fails the test that sent it, naming the request, instead of waiting for
// the server's read timeout.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <stdexcept>
#include <string>

#include "bot/http/types.hpp"

namespace goalpost::testing {

// No answer within the client's deadline.
class NoAnswer : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class HttpClient {
public:
    static constexpr std::chrono::milliseconds slack_deadline{3000};

    explicit HttpClient(unsigned short port, std::chrono::milliseconds deadline = slack_deadline)
        : port_(port), deadline_(deadline), stream_(ioc_) {
        connect();
    }

    struct Reply {
        int status = 0;
        std::string body;
        std::string content_type;
        bool keep_alive = false;
        std::vector<std::pair<std::string, std::string>> headers;

        // Case-insensitive; "" when absent.
        std::string header(std::string_view name) const {
            for (const auto& [k, v] : headers) {
                if (boost::beast::iequals(k, name)) return v;
            }
            return {};
        }
    };

    Reply send(const bot::HttpRequest& r) {
        namespace http = boost::beast::http;
        http::request<http::string_body> req{http::string_to_verb(r.method), r.target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [k, v] : r.headers) req.set(k, v);
        req.body() = r.body;
        req.prepare_payload();
        req.keep_alive(true);
        http::response_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        exchange(describe(r), [&](auto done) {
            http::async_write(stream_, req, [&, done](boost::beast::error_code ec, std::size_t) {
                if (ec) return done(ec);
                http::async_read(stream_, buffer_, parser, [done](boost::beast::error_code e, std::size_t) { done(e); });
            });
        });
        return reply_of(parser.get());
    }

    // The next response on the connection (after write_raw).
    Reply read() {
        namespace http = boost::beast::http;
        http::response_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        exchange("a response", [&](auto done) {
            http::async_read(stream_, buffer_, parser, [done](boost::beast::error_code e, std::size_t) { done(e); });
        });
        return reply_of(parser.get());
    }

    // Raw bytes, for malformed requests.
    void write_raw(const std::string& bytes) {
        exchange("writing raw bytes", [&](auto done) {
            boost::asio::async_write(stream_, boost::asio::buffer(bytes),
                                     [done](boost::beast::error_code e, std::size_t) { done(e); });
        });
    }

    Reply get(const std::string& target) {
        bot::HttpRequest r;
        r.method = "GET";
        r.target = target;
        return send(r);
    }

private:
    template <class Response>
    static Reply reply_of(const Response& res) {
        namespace http = boost::beast::http;
        Reply reply{static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type]),
                    res.keep_alive(), {}};
        for (const auto& field : res) reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        return reply;
    }

    static std::string describe(const bot::HttpRequest& r) {
        constexpr std::size_t shown = 160;
        std::string s = r.method + " " + r.target;
        if (!r.body.empty()) s += " " + r.body.substr(0, shown) + (r.body.size() > shown ? "..." : "");
        return s;
    }

    // Starts `start(done)` and runs it to completion within the deadline. A timeout throws
    // NoAnswer naming `what`; any other error (the server closed the connection) is thrown
    // as a system_error.
    template <class Start>
    void exchange(const std::string& what, Start&& start) {
        boost::beast::error_code result;
        bool finished = false;
        stream_.expires_after(deadline_);
        start([&](boost::beast::error_code ec) {
            result = ec;
            finished = true;
        });
        ioc_.restart();
        ioc_.run();
        if (!finished) throw NoAnswer("the exchange never completed: " + what);
        if (result == boost::beast::error::timeout) {
            throw NoAnswer("no answer within " + std::to_string(deadline_.count()) + " ms to " + what);
        }
        if (result) throw boost::system::system_error(result);
    }

    void connect() {
        exchange("connecting to port " + std::to_string(port_), [&](auto done) {
            stream_.async_connect(
                boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_),
                [done](boost::beast::error_code e) { done(e); });
        });
    }

    unsigned short port_;
    std::chrono::milliseconds deadline_;
    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace goalpost::testing
