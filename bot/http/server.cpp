#include "bot/http/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/resource.h>

#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bot/service/log.hpp"

namespace goalpost::bot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

// Each connection is a file descriptor: lift the soft open-file limit (up to the hard one)
// so that max_connections can be reached, and say so when it cannot.
void raise_open_file_limit(std::size_t max_connections) {
    constexpr rlim_t spare = 64;  // the listener, the database, logs, outbound HTTP
    const rlim_t wanted = static_cast<rlim_t>(max_connections) + spare;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted) return;
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (raised.rlim_cur > limit.rlim_cur && setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    if (limit.rlim_cur < wanted) {
        log::warn("the open-file limit ({}) is below server.max_connections ({}) + {}: raise it (ulimit -n, "
                  "LimitNOFILE=) or lower server.max_connections",
                  static_cast<unsigned long long>(limit.rlim_cur), max_connections, static_cast<unsigned>(spare));
    }
}

// Accept errors that mean "out of descriptors or memory": the listener stays readable, so
// accepting again at once would spin; wait a little instead.
bool is_resource_exhaustion(const boost::system::error_code& ec) {
    return ec == boost::system::errc::too_many_files_open ||
           ec == boost::system::errc::too_many_files_open_in_system ||
           ec == boost::system::errc::no_buffer_space || ec == boost::system::errc::not_enough_memory;
}

// Live sessions, so shutdown can close the idle ones.
struct Registry {
    std::mutex mutex;
    std::list<std::weak_ptr<Session>> sessions;
    bool stopping = false;
    std::size_t live = 0;
    std::function<void()> on_empty;  // set by stop(): the last session out ends the grace period

    void enter() {
        std::lock_guard lock(mutex);
        ++live;
    }
    void leave() {
        std::function<void()> notify;
        {
            std::lock_guard lock(mutex);
            if (--live == 0 && stopping) notify = on_empty;
        }
        if (notify) notify();
    }
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, const HttpServer::Options& options, const HttpServer::Handler& handler,
            net::thread_pool& workers, Registry& registry)
        : stream_(std::move(socket)), options_(options), handler_(handler), workers_(workers), registry_(registry) {
        registry_.enter();
    }
    ~Session() { registry_.leave(); }

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

    // Called on shutdown: an idle connection closes now, a busy one after its reply.
    void shutdown() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->closing_ = true;
            if (self->reading_ || self->draining_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

private:
    using Clock = std::chrono::steady_clock;

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    const HttpServer::Options& options_;
    const HttpServer::Handler& handler_;
    net::thread_pool& workers_;
    Registry& registry_;
    bool reading_ = false;
    bool closing_ = false;
    bool lingering_ = false;  // an error reply: drain what the client still sends before closing
    bool draining_ = false;   // the error reply is out; reading only to drop
    // The request being answered: when its first byte was read, its path, how to reply.
    Clock::time_point started_{};
    std::string path_;
    int status_ = 0;
    bool keep_alive_ = false;
    unsigned version_ = 11;
    bool head_ = false;

    void do_read() {
        if (closing_) return do_close();
        parser_.emplace();
        parser_->body_limit(options_.max_body_bytes);
        parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
        stream_.expires_after(options_.read_timeout);
        reading_ = true;
        path_.clear();
        if (buffer_.size() > 0) {  // pipelined: the next request's bytes are already here
            started_ = Clock::now();
            return read_request();
        }
        // Wait for the first bytes here rather than inside async_read, so the request's time
        // (goalpost_http_request_duration_seconds) starts when they arrive, not when the
        // connection went idle.
        stream_.async_read_some(buffer_.prepare(first_read_bytes),
                                beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
    }

    void on_first_bytes(beast::error_code ec, std::size_t n) {
        if (ec) return on_read(ec, 0);
        buffer_.commit(n);
        started_ = Clock::now();
        read_request();
    }

    void read_request() {
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        reading_ = false;
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset) {
            return do_close();
        }
        if (ec == http::error::body_limit) {
            // The REST API answers every error in its own shape (SPEC.md, The REST API).
            if (parser_->get().target().starts_with("/api/")) {
                return send_error_body(413, R"({"error":{"code":"payload_too_large","message":"The body is larger than )"
                                            R"(this server accepts (server.max_body_bytes)."}})");
            }
            return send_error(413, "body too large");
        }
        if (ec == http::error::header_limit) return send_error(431, "headers too large");
        if (ec) {
            if (closing_) return do_close();
            return send_error(400, "malformed request");
        }
        auto& req = parser_->get();
        keep_alive_ = req.keep_alive();
        version_ = req.version();
        head_ = req.method() == http::verb::head;
        HttpRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        for (const auto& field : req) {
            request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        }
        request.body = std::move(req.body());
        path_ = request.path();
        Answer answer;
        try {
            answer = handler_(std::move(request));
        } catch (const std::exception& e) {
            answer = internal_error(e);
        }
        if (auto* response = std::get_if<HttpResponse>(&answer)) return respond(*response);
        // The handler may block: run it on the worker pool, write its response back on this
        // connection's strand. A post from outside the io_context wakes an I/O thread for it.
        net::post(workers_, [self = shared_from_this(), work = std::get<BlockingWork>(std::move(answer))] {
            HttpResponse response;
            try {
                response = work();
            } catch (const std::exception& e) {
                response = self->internal_error(e);
            }
            net::post(self->stream_.get_executor(), [self, response = std::move(response)] { self->respond(response); });
        });
    }

    HttpResponse internal_error(const std::exception& e) const {
        log::error("request to {} failed: {}", path_, e.what());
        return HttpResponse{500, "application/json", R"({"error":"internal error"})", {}};
    }

    void respond(const HttpResponse& response) { write(response, keep_alive_ && !closing_, version_, head_); }

    void send_error(int status, const char* message) {
        send_error_body(status, fmt::format("{{\"error\":\"{}\"}}", message));
    }

    void send_error_body(int status, std::string body) {
        HttpResponse response{status, "application/json", std::move(body), {}};
        lingering_ = true;
        if (started_ == Clock::time_point{}) started_ = Clock::now();
        write(response, false, 11, false);
    }

    void write(const HttpResponse& r, bool keep_alive, unsigned version, bool head) {
        status_ = r.status;
        response_ = {};
        response_.version(version);
        response_.result(static_cast<http::status>(r.status));
        response_.set(http::field::server, "goalpost");
        response_.set(http::field::content_type, r.content_type);
        for (const auto& [k, v] : r.headers) response_.set(k, v);
        if (!head) response_.body() = r.body;
        response_.keep_alive(keep_alive);
        response_.prepare_payload();
        if (head) response_.content_length(r.body.size());
        // A client that stops reading must not hold the connection for ever.
        stream_.expires_after(options_.read_timeout);
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
        if (options_.on_response) options_.on_response(path_, status_, Clock::now() - started_);
        started_ = {};
        if (ec) return do_close();
        if (lingering_) return linger();
        if (!keep_alive) return do_close();
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }

    // After an error reply (413, 431, 400) the client may still be sending the rest of its
    // request. Closing with unread bytes makes the kernel send a reset, which can destroy
    // the reply before the client reads it; so half-close, read and drop for a moment, then
    // close (what Apache and nginx call a lingering close).
    void linger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return stream_.close();
        draining_ = true;
        stream_.expires_after(std::min<std::chrono::steady_clock::duration>(options_.read_timeout,
                                                                            std::chrono::seconds(2)));
        drain();
    }

    void drain() {
        buffer_.clear();
        stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->stream_.close();
            self->drain();
        });
    }

    static constexpr std::size_t first_read_bytes = 4096;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    Options options;
    Handler handler;
    Registry registry;  // before ioc: sessions destroyed with the ioc still reach it
    net::io_context ioc;
    tcp::acceptor acceptor;
    std::vector<std::thread> threads;
    // After ioc: joined before it goes, since its work posts responses into it.
    net::thread_pool workers{std::max(1u, options.worker_threads)};
    std::optional<net::steady_timer> deadline;
    net::steady_timer accept_retry;  // on the acceptor's strand
    std::atomic<std::uint64_t> refused{0};
    std::chrono::steady_clock::time_point last_refusal_log{};  // acceptor strand only

    Impl(Options o, Handler h)
        : options(std::move(o)), handler(std::move(h)), ioc(static_cast<int>(std::max(1u, options.threads))),
          acceptor(net::make_strand(ioc)), accept_retry(acceptor.get_executor()) {
        options.max_connections = std::max<std::size_t>(1, options.max_connections);
        raise_open_file_limit(options.max_connections);
        tcp::endpoint endpoint{net::ip::make_address(options.bind), options.port};
        acceptor.open(endpoint.protocol());
        acceptor.set_option(net::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(net::socket_base::max_listen_connections);
    }

    // Handlers hold the Impl weakly: one left in a stopped io_context (which the Impl owns)
    // would otherwise keep the Impl, and so itself, alive for ever. The server's threads are
    // joined before the Impl goes, so a handler that runs finds it.
    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [weak = weak_from_this()](beast::error_code ec, tcp::socket s) {
            const auto self = weak.lock();
            if (!self) return;
            if (ec) {
                if (ec == net::error::operation_aborted) return;
                log::warn("accept failed: {}", ec.message());
                if (is_resource_exhaustion(ec) && self->acceptor.is_open()) {
                    self->accept_retry.expires_after(std::chrono::milliseconds(100));
                    self->accept_retry.async_wait([weak](beast::error_code e) {
                        const auto self = weak.lock();
                        if (!e && self && self->acceptor.is_open()) self->do_accept();
                    });
                    return;
                }
            } else {
                std::size_t live = 0;
                {
                    std::lock_guard lock(self->registry.mutex);
                    if (self->registry.stopping) return;
                    live = self->registry.live;
                }
                if (live >= self->options.max_connections) {
                    self->refuse(std::move(s), live);
                } else {
                    auto session =
                        std::make_shared<Session>(std::move(s), self->options, self->handler, self->workers,
                                                   self->registry);
                    {
                        std::lock_guard lock(self->registry.mutex);
                        if (self->registry.stopping) return;
                        // drop entries of closed sessions now and then, not on every accept
                        auto& sessions = self->registry.sessions;
                        if (sessions.size() >= 2 * self->registry.live + 64)
                            sessions.remove_if([](const auto& w) { return w.expired(); });
                        sessions.push_back(session);
                    }
                    session->start();
                }
            }
            if (self->acceptor.is_open()) self->do_accept();
        });
    }

    // Over max_connections: a short 503 written without waiting (a new socket's send buffer
    // is empty), then closed. Logged at most once every 10 s.
    void refuse(tcp::socket socket, std::size_t live) {
        refused.fetch_add(1, std::memory_order_relaxed);
        static constexpr std::string_view reply =
            "HTTP/1.1 503 Service Unavailable\r\nServer: goalpost\r\nContent-Type: application/json\r\n"
            "Retry-After: 1\r\nConnection: close\r\nContent-Length: 32\r\n\r\n"
            "{\"error\":\"too many connections\"}";
        beast::error_code ec;
        socket.non_blocking(true, ec);
        if (!ec) socket.write_some(net::buffer(reply.data(), reply.size()), ec);
        socket.shutdown(tcp::socket::shutdown_send, ec);
        socket.close(ec);
        const auto now = std::chrono::steady_clock::now();
        if (now - last_refusal_log >= std::chrono::seconds(10)) {
            last_refusal_log = now;
            log::warn("{} connections open (server.max_connections): refusing new ones; {} refused so far", live,
                      refused.load(std::memory_order_relaxed));
        }
    }

    void stop() {
        net::post(acceptor.get_executor(), [weak = weak_from_this()] {
            const auto self = weak.lock();
            if (!self || !self->acceptor.is_open()) return;
            beast::error_code ec;
            self->acceptor.close(ec);
            self->accept_retry.cancel();
            // Requests in flight get a grace period; the last session to close ends it early.
            self->deadline.emplace(self->ioc, self->options.shutdown_grace);
            self->deadline->async_wait([weak](beast::error_code e) {
                const auto self = weak.lock();
                if (!e && self) self->ioc.stop();
            });
            std::list<std::weak_ptr<Session>> sessions;
            bool none_left = false;
            {
                std::lock_guard lock(self->registry.mutex);
                self->registry.stopping = true;
                sessions.swap(self->registry.sessions);
                none_left = self->registry.live == 0;
                self->registry.on_empty = [weak] {
                    if (auto impl = weak.lock()) {
                        net::post(impl->acceptor.get_executor(), [weak] {
                            const auto impl = weak.lock();
                            if (impl && impl->deadline) impl->deadline->cancel();
                        });
                    }
                };
            }
            if (none_left) self->deadline->cancel();
            for (auto& w : sessions) {
                if (auto s = w.lock()) s->shutdown();
            }
        });
    }
};

HttpServer::HttpServer(Options options, Handler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() {
    stop();
    wait();
}

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::start() {
    impl_->do_accept();
    for (unsigned i = 0; i < std::max(1u, impl_->options.threads); ++i) {
        impl_->threads.emplace_back([impl = impl_] { impl->ioc.run(); });
    }
}

void HttpServer::run_until_signal() {
    net::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
    signals.async_wait([this](beast::error_code ec, int sig) {
        if (ec) return;
        log::info("signal {} received: finishing requests in flight and stopping", sig);
        stop();
    });
    impl_->do_accept();
    for (unsigned i = 1; i < std::max(1u, impl_->options.threads); ++i) {
        impl_->threads.emplace_back([impl = impl_] { impl->ioc.run(); });
    }
    impl_->ioc.run();
    wait();
}

void HttpServer::stop() {
    impl_->stop();
}

std::size_t HttpServer::open_connections() const {
    std::lock_guard lock(impl_->registry.mutex);
    return impl_->registry.live;
}

std::uint64_t HttpServer::connections_refused() const {
    return impl_->refused.load(std::memory_order_relaxed);
}

void HttpServer::wait() {
    for (auto& t : impl_->threads) {
        if (t.joinable()) t.join();
    }
    impl_->threads.clear();
    // Work still running finishes; what it posts to the stopped io_context is dropped with it.
    impl_->workers.join();
}

}  // namespace goalpost::bot
