#pragma once
// The HTTP/1.1 server: Beast/Asio, async callbacks, keep-alive, a strand per connection.
// Beast stays inside http_server.cpp; this header is cheap to include.
//
// Threads: `threads` I/O threads run the io_context and only do I/O and handlers that answer
// at once. A handler that may block (it waits for a commit, calls another service) returns its
// work as a BlockingWork, which runs on the server's own worker pool of `worker_threads`;
// its response is then written on the connection's strand. No I/O thread ever blocks, and no
// thread outside the io_context ever runs it, so no completion can be left without a thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "bot/http/types.hpp"

namespace goalpost::bot {

class HttpServer {
public:
    // Called on an I/O thread; must not block (return a BlockingWork instead).
    using Handler = std::function<Answer(HttpRequest)>;
    // After a response was written (or failed to be): the request's path ("" when it could not
    // be parsed), the status, and the time from its first byte read to its last byte written.
    using Observer = std::function<void(const std::string& path, int status, std::chrono::nanoseconds elapsed)>;
    struct Options {
        std::string bind = "127.0.0.1";
        std::uint16_t port = 0;
        unsigned threads = 1;
        // Threads for BlockingWork: requests blocked at once (check-ins batched into one group
        // commit, for one). More wait in the pool's queue.
        unsigned worker_threads = 16;
        std::size_t max_body_bytes = 65536;
        std::size_t max_header_bytes = 16384;
        // A request (headers and body) must arrive within this; an idle keep-alive
        // connection is closed after it too.
        std::chrono::seconds read_timeout{30};
        std::chrono::seconds shutdown_grace{10};
        // Open connections at most; above it a new connection gets a 503 and is closed.
        std::size_t max_connections = 10000;
        Observer on_response;
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
