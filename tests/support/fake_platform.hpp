#pragma once
// A fake of the platforms key-result sources read (Jira, Asana, Trello, GitHub, Google Sheets
// and its token endpoint, any JSON URL) on a loopback port 0. It records every request and
// answers from a script, one step per request, in arrival order; with the script used up it
// answers 500, so a test that forgot a step fails visibly. Built on goalpost's own HttpServer,
// like fake_slack.hpp, so no Beast code here.
//
// A hanging step never answers until release() (or the fake's destruction): the client times out.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "bot/http/server.hpp"
#include "core/text.hpp"

namespace goalpost::testing {

struct PlatformStep {
    bool hang = false;
    int status = 200;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
    std::vector<std::pair<std::string, std::string>> headers;  // Retry-After, x-ratelimit-reset, ...
};

inline PlatformStep answer(int status, std::string body, std::vector<std::pair<std::string, std::string>> headers = {},
                           std::string content_type = "application/json; charset=utf-8") {
    return {false, status, std::move(body), std::move(content_type), std::move(headers)};
}
inline PlatformStep ok(std::string body) { return answer(200, std::move(body)); }
inline PlatformStep plain_text(int status, std::string body) {
    return answer(status, std::move(body), {}, "text/plain; charset=utf-8");
}
inline PlatformStep hang() { return {true, 0, "", "", {}}; }

class FakePlatform {
public:
    struct Request {
        std::string method;
        std::string target;  // path and query, as sent
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;

        std::string path() const { return target.substr(0, target.find('?')); }
        std::string query() const {
            const auto q = target.find('?');
            return q == std::string::npos ? std::string() : target.substr(q + 1);
        }
        std::string header(const std::string& name) const {
            bot::HttpRequest r;
            r.headers = headers;
            return r.header(name);
        }
        bool has_header(const std::string& name) const {
            for (const auto& [n, v] : headers) {
                if (core::ascii_lower(n) == core::ascii_lower(name)) return true;
            }
            return false;
        }
    };

    // On the server's worker pool: a hanging step blocks its thread, not the I/O threads.
    FakePlatform()
        : server_(options(),
                  [this](bot::HttpRequest r) { return bot::BlockingWork([this, r] { return handle(r); }); }) {
        server_.start();
    }
    ~FakePlatform() {
        release();
        server_.stop();
        server_.wait();
    }
    FakePlatform(const FakePlatform&) = delete;
    FakePlatform& operator=(const FakePlatform&) = delete;

    unsigned short port() const { return server_.port(); }
    // What a sources.*.base_url would be; `path` is appended ("/api/1.0").
    std::string base_url(const std::string& path = "") const {
        return "http://127.0.0.1:" + std::to_string(port()) + path;
    }

    void script(std::vector<PlatformStep> steps) {
        std::lock_guard lock(mutex_);
        script_.assign(steps.begin(), steps.end());
    }
    // Lets every hanging handler finish (their clients have long given up).
    void release() {
        {
            std::lock_guard lock(mutex_);
            released_ = true;
        }
        released_cv_.notify_all();
    }

    std::vector<Request> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable released_cv_;
    std::deque<PlatformStep> script_;
    std::vector<Request> requests_;
    bool released_ = false;
    bot::HttpServer server_;  // last: its threads stop before the members above go

    static bot::HttpServer::Options options() {
        bot::HttpServer::Options o;
        o.port = 0;
        o.threads = 2;
        o.worker_threads = 4;  // a hanging handler must not stall the next request
        o.read_timeout = std::chrono::seconds(5);
        o.shutdown_grace = std::chrono::seconds(2);
        return o;
    }

    bot::HttpResponse handle(const bot::HttpRequest& r) {
        std::unique_lock lock(mutex_);
        requests_.push_back({r.method, r.target, r.headers, r.body});
        if (script_.empty()) return {500, "application/json", R"({"error":"the test scripted no answer"})", {}};
        const auto step = script_.front();
        script_.pop_front();
        if (step.hang) {
            released_cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; });
            return {503, "application/json", R"({"error":"too late"})", {}};
        }
        return {step.status, step.content_type, step.body, step.headers};
    }
};

}  // namespace goalpost::testing
