#pragma once
// A small synchronous HTTP/1.1 client over one keep-alive loopback connection, for tests.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>

#include "bot/http_types.hpp"

namespace goalpost::testing {

class HttpClient {
public:
    explicit HttpClient(unsigned short port) : port_(port), stream_(ioc_) { connect(); }

    // A new connection in place of this one (after the server closed it).
    void reconnect() {
        boost::beast::error_code ec;
        stream_.socket().close(ec);
        buffer_.clear();
        connect();
    }

    struct Reply {
        int status = 0;
        std::string body;
        std::string content_type;
        bool keep_alive = false;
    };

    Reply send(const bot::HttpRequest& r) {
        namespace http = boost::beast::http;
        http::request<http::string_body> req{http::string_to_verb(r.method), r.target, 11};
        req.set(http::field::host, "127.0.0.1");
        for (const auto& [k, v] : r.headers) req.set(k, v);
        req.body() = r.body;
        req.prepare_payload();
        req.keep_alive(true);
        http::write(stream_, req);
        return read();
    }

    Reply read() {
        namespace http = boost::beast::http;
        http::response_parser<http::string_body> parser;
        parser.body_limit(16 * 1024 * 1024);
        http::read(stream_, buffer_, parser);
        auto& res = parser.get();
        return Reply{static_cast<int>(res.result_int()), res.body(), std::string(res[http::field::content_type]),
                     res.keep_alive()};
    }

    // Raw bytes, for malformed requests.
    void write_raw(const std::string& bytes) { boost::asio::write(stream_, boost::asio::buffer(bytes)); }

    Reply get(const std::string& target) {
        bot::HttpRequest r;
        r.method = "GET";
        r.target = target;
        return send(r);
    }

private:
    void connect() {
        stream_.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    }

    unsigned short port_;
    boost::asio::io_context ioc_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
};

}  // namespace goalpost::testing
