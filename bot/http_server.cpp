#include "bot/http_server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "bot/log.hpp"

namespace goalpost::bot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session;

// Live sessions, so shutdown can close the idle ones.
struct Registry {
    std::mutex mutex;
    std::list<std::weak_ptr<Session>> sessions;
    bool stopping = false;
    int live = 0;
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
            Registry& registry)
        : stream_(std::move(socket)), options_(options), handler_(handler), registry_(registry) {
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
            if (self->reading_) {
                beast::error_code ec;
                self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
                self->stream_.close();
            }
        });
    }

private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    const HttpServer::Options& options_;
    const HttpServer::Handler& handler_;
    Registry& registry_;
    bool reading_ = false;
    bool closing_ = false;

    void do_read() {
        if (closing_) return do_close();
        parser_.emplace();
        parser_->body_limit(options_.max_body_bytes);
        parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
        stream_.expires_after(options_.read_timeout);
        reading_ = true;
        http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        reading_ = false;
        if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset) {
            return do_close();
        }
        if (ec == http::error::body_limit) return send_error(413, "body too large");
        if (ec == http::error::header_limit) return send_error(431, "headers too large");
        if (ec) {
            if (closing_) return do_close();
            return send_error(400, "malformed request");
        }
        auto& req = parser_->get();
        HttpRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        for (const auto& field : req) {
            request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        }
        request.body = std::move(req.body());
        HttpResponse response;
        try {
            response = handler_(request);
        } catch (const std::exception& e) {
            log::error("request to {} failed: {}", request.path(), e.what());
            response = HttpResponse{500, "application/json", R"({"error":"internal error"})", {}};
        }
        bool keep_alive = req.keep_alive() && !closing_;
        write(response, keep_alive, req.version(), req.method() == http::verb::head);
    }

    void send_error(int status, const char* message) {
        HttpResponse response{status, "application/json", fmt::format("{{\"error\":\"{}\"}}", message), {}};
        write(response, false, 11, false);
    }

    void write(const HttpResponse& r, bool keep_alive, unsigned version, bool head) {
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
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t) {
        if (ec) return do_close();
        if (!keep_alive) return do_close();
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.close();
    }
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
    Options options;
    Handler handler;
    Registry registry;  // before ioc: sessions destroyed with the ioc still reach it
    net::io_context ioc;
    tcp::acceptor acceptor;
    std::vector<std::thread> threads;
    std::optional<net::steady_timer> deadline;

    Impl(Options o, Handler h)
        : options(std::move(o)), handler(std::move(h)), ioc(static_cast<int>(std::max(1u, options.threads))),
          acceptor(net::make_strand(ioc)) {
        tcp::endpoint endpoint{net::ip::make_address(options.bind), options.port};
        acceptor.open(endpoint.protocol());
        acceptor.set_option(net::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(net::socket_base::max_listen_connections);
    }

    void do_accept() {
        acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
            if (ec) {
                if (ec == net::error::operation_aborted) return;
                log::warn("accept failed: {}", ec.message());
            } else {
                auto session = std::make_shared<Session>(std::move(s), self->options, self->handler, self->registry);
                {
                    std::lock_guard lock(self->registry.mutex);
                    if (self->registry.stopping) return;
                    // drop entries of closed sessions as we go
                    self->registry.sessions.remove_if([](const auto& w) { return w.expired(); });
                    self->registry.sessions.push_back(session);
                }
                session->start();
            }
            if (self->acceptor.is_open()) self->do_accept();
        });
    }

    void stop() {
        net::post(acceptor.get_executor(), [self = shared_from_this()] {
            if (!self->acceptor.is_open()) return;
            beast::error_code ec;
            self->acceptor.close(ec);
            // Requests in flight get a grace period; the last session to close ends it early.
            self->deadline.emplace(self->ioc, self->options.shutdown_grace);
            self->deadline->async_wait([self](beast::error_code e) {
                if (!e) self->ioc.stop();
            });
            std::list<std::weak_ptr<Session>> sessions;
            bool none_left = false;
            {
                std::lock_guard lock(self->registry.mutex);
                self->registry.stopping = true;
                sessions.swap(self->registry.sessions);
                none_left = self->registry.live == 0;
                std::weak_ptr<Impl> weak = self;
                self->registry.on_empty = [weak] {
                    if (auto impl = weak.lock()) {
                        net::post(impl->acceptor.get_executor(), [impl] {
                            if (impl->deadline) impl->deadline->cancel();
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

void HttpServer::wait() {
    for (auto& t : impl_->threads) {
        if (t.joinable()) t.join();
    }
    impl_->threads.clear();
}

}  // namespace goalpost::bot
