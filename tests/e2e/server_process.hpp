#pragma once
// The real binary as a server: `goalpost serve` in a child process, its port read from its
// log, killed hard or stopped; a temporary directory; a signed /okr command over a client.
#include <signal.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <random>
#include <regex>
#include <thread>
#include <utility>
#include <vector>

#include "tests/e2e/goalpost_binary.hpp"  // spawn, environ, GOALPOST_BINARY
#include "tests/support/http_client.hpp"
#include "tests/support/slack_request.hpp"

namespace goalpost::testing {

// `goalpost serve` as a child process; stderr goes to a file the test reads for the port.
class ServerProcess {
public:
    ServerProcess(const std::filesystem::path& config, const std::filesystem::path& log) : log_(log) {
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        std::string binary = GOALPOST_BINARY, serve = "serve", flag = "--config", file = config.string();
        char* argv[] = {binary.data(), serve.data(), flag.data(), file.data(), nullptr};
        const int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv, environ);
        posix_spawn_file_actions_destroy(&actions);
        BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start " << binary << ": " << std::strerror(rc));
    }
    ~ServerProcess() {
        if (pid_ > 0) kill_hard();
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Polls the log for "listening on http://127.0.0.1:PORT" until the deadline.
    unsigned short wait_for_port(std::chrono::seconds deadline) {
        static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
        const auto until = std::chrono::steady_clock::now() + deadline;
        while (std::chrono::steady_clock::now() < until) {
            std::ifstream in(log_);
            std::stringstream text;
            text << in.rdbuf();
            std::smatch m;
            const std::string s = text.str();
            if (std::regex_search(s, m, listening)) return static_cast<unsigned short>(std::stoi(m[1]));
            int status = 0;
            BOOST_REQUIRE_MESSAGE(waitpid(pid_, &status, WNOHANG) == 0, "goalpost exited at start-up:\n" << s);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling for start-up only
        }
        BOOST_FAIL("goalpost did not report its port within " << deadline.count() << " s");
        return 0;
    }

    void kill_hard() {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    // SIGTERM, then the exit status (0 after a graceful stop).
    int stop() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
};

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / ("goalpost-e2e-" + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

inline long long unix_now() { return static_cast<long long>(std::time(nullptr)); }

// A signed /okr command from `user` over `client`; the reply's status and response_type.
inline std::pair<int, std::string> okr(HttpClient& client, const std::string& user, const std::string& text) {
    SlashCommand c;
    c.user_id = user;
    c.user_name = user;
    c.text = text;
    auto reply = client.send(signed_request(c.body(), unix_now()));
    std::string type;
    if (reply.status == 200) {
        auto json = boost::json::parse(reply.body);
        if (auto* o = json.if_object(); o && o->contains("response_type")) type = o->at("response_type").as_string();
    }
    return {reply.status, type};
}

// Writers checking in as fast as they can until stop(): writer w (1..writers) is user Uw on
// the server at port_of(w), on KR-1..KR-krs in turn, each note unique ("w3-17"); every
// check-in acknowledged (200, in_channel) is kept. A writer whose server dies stops.
class CheckinWriters {
public:
    CheckinWriters(int writers, int krs, const std::function<unsigned short(int)>& port_of) {
        for (int w = 1; w <= writers; ++w) {
            threads_.emplace_back([this, w, krs, port = port_of(w)] {
                try {
                    HttpClient client(port);
                    for (int i = 0; !stop_; ++i) {
                        const std::string note = "w" + std::to_string(w) + "-" + std::to_string(i);
                        auto [status, type] = okr(client, "U" + std::to_string(w),
                                                  "checkin KR-" + std::to_string(1 + (w + i) % krs) + " " +
                                                      std::to_string(i % 1000) + " on-track " + note);
                        if (status == 200 && type == "in_channel") {
                            std::lock_guard lock(mutex_);
                            acknowledged_.push_back(note);
                            progress_.notify_all();
                        }
                    }
                } catch (const std::exception&) {
                    // The server died under this writer: expected once it is killed.
                }
            });
        }
    }
    ~CheckinWriters() { stop(); }
    CheckinWriters(const CheckinWriters&) = delete;
    CheckinWriters& operator=(const CheckinWriters&) = delete;

    // Waits until at least `n` are acknowledged; false if `deadline` passed first.
    bool wait_for(std::size_t n, std::chrono::seconds deadline) {
        std::unique_lock lock(mutex_);
        return progress_.wait_for(lock, deadline, [&] { return acknowledged_.size() >= n; });
    }
    void stop() {
        stop_ = true;
        for (auto& t : threads_) {
            if (t.joinable()) t.join();
        }
    }
    std::vector<std::string> acknowledged() {
        std::lock_guard lock(mutex_);
        return acknowledged_;
    }

private:
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable progress_;
    std::vector<std::string> acknowledged_;
    std::vector<std::thread> threads_;
};

}  // namespace goalpost::testing
