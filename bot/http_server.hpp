#pragma once
// The HTTP/1.1 server: Beast/Asio, async callbacks, keep-alive, a strand per connection.
// Beast stays inside http_server.cpp; this header is cheap to include.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/http_types.hpp"

namespace goalpost::bot {

class HttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;
    struct Options {
        std::string bind = "127.0.0.1";
        std::uint16_t port = 0;
        unsigned threads = 1;
        std::size_t max_body_bytes = 65536;
        std::size_t max_header_bytes = 16384;
        // A request (headers and body) must arrive within this; an idle keep-alive
        // connection is closed after it too.
        std::chrono::seconds read_timeout{30};
        std::chrono::seconds shutdown_grace{10};
        // Open connections at most; above it a new connection gets a 503 and is closed.
        std::size_t max_connections = 10000;
    };

    // Binds and listens at once (so port() is known), serves after start()/run().
    HttpServer(Options options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const;
    // Serves on background threads until stop().
    void start();
    // Serves on this thread plus threads-1 others until SIGINT/SIGTERM or stop().
    void run_until_signal();
    // Graceful: stop accepting, finish requests in flight, close idle connections.
    void stop();
    // Joins the background threads started by start().
    void wait();

    // Connections open now, and connections refused so far for being over max_connections.
    std::size_t open_connections() const;
    std::uint64_t connections_refused() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace goalpost::bot
