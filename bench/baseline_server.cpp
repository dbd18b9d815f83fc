// The reference point for goalpost's numbers: a bare Boost.Beast HTTP/1.1 server written
// the fast way (async accept, keep-alive, a strand per connection, one pre-built small JSON
// response), answering every GET and POST with 200. It reads the whole request body, as
// goalpost does, and nothing else.
//
//   bench_baseline_server [--port N] [--threads N]
// Prints "listening on http://127.0.0.1:PORT" to stderr once it accepts, runs until
// SIGINT/SIGTERM.
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

using Response = http::response<http::string_body>;

// Built once; sessions write it by const reference.
struct Prebuilt {
    Response keep_alive;
    Response close;
    Prebuilt() {
        for (auto* r : {&keep_alive, &close}) {
            r->version(11);
            r->result(http::status::ok);
            r->set(http::field::server, "baseline");
            r->set(http::field::content_type, "application/json");
            r->body() = R"({"response_type":"in_channel","text":"ok"})";
            r->keep_alive(r == &keep_alive);
            r->prepare_payload();
        }
    }
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, const Prebuilt& prebuilt) : stream_(std::move(socket)), prebuilt_(prebuilt) {}

    void start() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this())); }

private:
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    const Prebuilt& prebuilt_;

    void do_read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return do_close();
        const bool keep = request_.keep_alive();
        http::async_write(stream_, keep ? prebuilt_.keep_alive : prebuilt_.close,
                          beast::bind_front_handler(&Session::on_write, shared_from_this(), keep));
    }

    void on_write(bool keep, beast::error_code ec, std::size_t) {
        if (ec || !keep) return do_close();
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& ioc, tcp::endpoint endpoint, const Prebuilt& prebuilt)
        : ioc_(ioc), acceptor_(net::make_strand(ioc)), prebuilt_(prebuilt) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    void run() { do_accept(); }

private:
    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    const Prebuilt& prebuilt_;

    void do_accept() {
        acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
            if (!ec) std::make_shared<Session>(std::move(s), self->prebuilt_)->start();
            self->do_accept();
        });
    }
};

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--port") && i + 1 < argc) {
            port = static_cast<unsigned short>(std::atoi(argv[++i]));
        } else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) {
            threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
        } else {
            std::fprintf(stderr, "usage: bench_baseline_server [--port N] [--threads N]\n");
            return 2;
        }
    }
    Prebuilt prebuilt;
    net::io_context ioc(static_cast<int>(threads));
    auto listener = std::make_shared<Listener>(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), port), prebuilt);
    listener->run();
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
    std::fprintf(stderr, "baseline listening on http://127.0.0.1:%u with %u thread(s)\n", listener->port(), threads);
    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : pool) t.join();
    return 0;
}
