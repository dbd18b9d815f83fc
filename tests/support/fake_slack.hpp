#pragma once
// A fake Slack Web API (and Teams webhook) on a loopback port 0. It records every request and
// answers from a script, one step per request, in arrival order; with the script used up it
// answers success. Built on goalpost's own HttpServer, so no Beast code here.
//
// "Hanging" steps never answer until release() (or the fake's destruction): the client sees a
// timeout. hang_after_accepting() models a platform that took the message and then lost the
// connection (so a retry posts it twice); hang_before_accepting() one that lost it first.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bot/http/server.hpp"
#include "core/types.hpp"

namespace goalpost::testing {

struct FakeStep {
    enum class Kind { success, answer, hang };
    Kind kind = Kind::success;
    int status = 200;
    std::string body;
    std::optional<int> retry_after;
    bool accepts = true;  // whether the platform took the message
};

// 200 {"ok":true,...} for Slack, 202 for a webhook.
inline FakeStep success() { return {}; }
inline FakeStep http_status(int status, std::string body = "", std::optional<int> retry_after = std::nullopt) {
    return {FakeStep::Kind::answer, status, std::move(body), retry_after, false};
}
// HTTP 429 with Retry-After, as Slack's rate-limit docs show it.
inline FakeStep too_many_requests(int retry_after) {
    return http_status(429, R"({"ok":false,"error":"ratelimited"})", retry_after);
}
// HTTP 200 with {"ok":false,"error":...}.
inline FakeStep slack_error(const std::string& error, std::optional<int> retry_after = std::nullopt) {
    return http_status(200, R"({"ok":false,"error":")" + error + R"("})", retry_after);
}
inline FakeStep hang_after_accepting() { return {FakeStep::Kind::hang, 0, "", std::nullopt, true}; }
inline FakeStep hang_before_accepting() { return {FakeStep::Kind::hang, 0, "", std::nullopt, false}; }

class FakeSlack {
public:
    struct Request {
        std::string path;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        core::Time at{};        // the test's injected clock when the request arrived
        bool accepted = false;  // the fake took the message (answered success, or hung after taking it)

        std::string header(const std::string& name) const {
            bot::HttpRequest r;
            r.headers = headers;
            return r.header(name);
        }
        // A string field of the JSON body ("" if absent).
        std::string field(const std::string& name) const {
            boost::system::error_code ec;
            auto value = boost::json::parse(body, ec);
            if (ec || !value.is_object()) return {};
            const auto* f = value.as_object().if_contains(name);
            return f != nullptr && f->is_string() ? std::string(f->get_string()) : std::string();
        }
    };

    // On the server's worker pool: a hanging step blocks its thread, not the I/O threads.
    FakeSlack()
        : server_(options(), [this](bot::HttpRequest r) { return bot::BlockingWork([this, r] { return handle(r); }); }) {
        server_.start();
    }
    ~FakeSlack() {
        release();
        server_.stop();
        server_.wait();
    }
    FakeSlack(const FakeSlack&) = delete;
    FakeSlack& operator=(const FakeSlack&) = delete;

    unsigned short port() const { return server_.port(); }
    // What slack.api_base_url would be.
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/api"; }
    std::string webhook_url(const std::string& team) const {
        return "http://127.0.0.1:" + std::to_string(port()) + "/webhook/" + team + "?sig=secret-signature";
    }

    void script(std::vector<FakeStep> steps) {
        std::lock_guard lock(mutex_);
        script_.assign(steps.begin(), steps.end());
    }
    void set_now(core::Time now) {
        std::lock_guard lock(mutex_);
        now_ = now;
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
    std::vector<Request> requests_to(const std::string& method) const {
        std::vector<Request> matching;
        for (auto& r : requests()) {
            if (r.path.ends_with("/" + method)) matching.push_back(r);
        }
        return matching;
    }
    // The "text" of every message the fake took (chat.postMessage or a webhook), in order.
    std::vector<std::string> delivered() const {
        std::vector<std::string> texts;
        for (const auto& r : requests()) {
            if (r.accepted && r.path != "/api/conversations.open") texts.push_back(r.field("text"));
        }
        return texts;
    }
    long count_delivered(const std::string& text) const {
        const auto all = delivered();
        return std::count(all.begin(), all.end(), text);
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable released_cv_;
    std::deque<FakeStep> script_;
    std::vector<Request> requests_;
    core::Time now_{};
    bool released_ = false;
    int next_ts_ = 1;
    bot::HttpServer server_;  // last: its threads stop before the members above go

    static bot::HttpServer::Options options() {
        bot::HttpServer::Options o;
        o.port = 0;
        o.threads = 2;
        o.worker_threads = 8;  // hanging handlers must not stall the next request
        o.read_timeout = std::chrono::seconds(5);
        o.shutdown_grace = std::chrono::seconds(2);
        return o;
    }

    bot::HttpResponse handle(const bot::HttpRequest& r) {
        std::unique_lock lock(mutex_);
        FakeStep step;
        if (!script_.empty()) {
            step = script_.front();
            script_.pop_front();
        }
        Request recorded{r.path(), r.headers, r.body, now_, step.accepts};
        requests_.push_back(recorded);
        if (step.kind == FakeStep::Kind::hang) {
            released_cv_.wait_for(lock, std::chrono::seconds(10), [this] { return released_; });
            return {503, "application/json", R"({"ok":false,"error":"too_late"})", {}};
        }
        if (step.kind == FakeStep::Kind::answer) {
            bot::HttpResponse response{step.status, "application/json", step.body, {}};
            if (step.retry_after) response.headers.emplace_back("Retry-After", std::to_string(*step.retry_after));
            return response;
        }
        return success_for(recorded);
    }

    bot::HttpResponse success_for(const Request& r) {
        if (r.path.starts_with("/webhook/")) return {202, "text/plain", "", {}};
        if (r.path == "/api/conversations.open") {
            boost::json::object reply{{"ok", true}, {"channel", {{"id", "D" + r.field("users")}}}};
            return {200, "application/json", boost::json::serialize(reply), {}};
        }
        // Slack's documented chat.postMessage reply, for the channel and a fresh ts.
        auto reply = boost::json::parse(post_message_template()).as_object();
        const auto ts = "1503435956." + std::to_string(100000 + next_ts_++);
        reply["channel"] = r.field("channel");
        reply["ts"] = ts;
        if (auto* message = reply.if_contains("message"); message != nullptr && message->is_object()) {
            message->as_object()["ts"] = ts;
            message->as_object()["text"] = r.field("text");
        }
        return {200, "application/json", boost::json::serialize(reply), {}};
    }

    static const std::string& post_message_template() {
        static const std::string text = [] {
#ifdef GOALPOST_FIXTURES
            std::ifstream in(GOALPOST_FIXTURES "/slack-chat-postMessage-response.json");
            std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (!file.empty()) return file;
#endif
            return std::string(R"({"ok":true,"channel":"","ts":"","message":{"type":"message","text":""}})");
        }();
        return text;
    }
};

// A loopback port nothing listens on (it was bound a moment ago, then closed).
inline unsigned short closed_loopback_port() {
    bot::HttpServer::Options o;
    o.port = 0;
    bot::HttpServer server(o, [](const bot::HttpRequest&) { return bot::HttpResponse{}; });
    server.start();  // a started server closes its socket when stopped
    return server.port();
}

}  // namespace goalpost::testing
