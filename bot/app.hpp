#pragma once
// Routes a request to its handler. A plain function from request (and `now`) to
// response: the HTTP server only does I/O around it.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bot/http_server.hpp"
#include "bot/http_types.hpp"
#include "bot/metrics.hpp"
#include "bot/outbound_http.hpp"
#include "config/settings.hpp"
#include "core/commands/dispatch.hpp"
#include "core/ports.hpp"
#include "core/rate_limit.hpp"
#include "core/types.hpp"
#include "storage/cadence_store.hpp"

namespace goalpost::storage { class SqliteStore; }

namespace goalpost::bot {

class App {
public:
    App(const config::Settings& settings, storage::SqliteStore& store);

    // On the server's I/O thread: answers what cannot block (metrics, unknown paths, wrong
    // methods) and hands everything that reads or writes the database to the worker pool.
    Answer route(HttpRequest request, core::Time now);
    // The whole request on this thread, its time recorded: for callers without a server.
    HttpResponse handle(const HttpRequest& request, core::Time now);
    // A response written: counted in /metrics under its route; logged when it took
    // `slow_request` or more.
    static constexpr std::chrono::milliseconds slow_request{2000};
    void record_response(const std::string& path, int status, std::chrono::nanoseconds elapsed);
    Metrics& metrics() { return metrics_; }
    // Every repository a command may use, including cadence settings and report history.
    core::Repositories repositories();

    // Where interactions post (views.open) and whom to tell that the outbox has something new
    // (a check-in result, a Home tab to publish); serve sets both, tests may leave them unset.
    void set_outbound(OutboundHttp* http, std::function<void()> outbox_changed);

private:
    HttpResponse slack_command(const HttpRequest& request, core::Time now);
    // POST /slack/interactions: the "Check in" button and its modal, in bot/slack_interactions.cpp.
    HttpResponse slack_interaction(const HttpRequest& request, core::Time now);
    // POST /slack/events: url_verification and app_home_opened, in bot/slack_events.cpp.
    HttpResponse slack_event(const HttpRequest& request, core::Time now);
    // Secret set and signature good; else the response to refuse with.
    std::optional<HttpResponse> verify_slack_request(const HttpRequest& request, core::Time now);
    // The same, and the body form-encoded.
    std::optional<HttpResponse> verify_slack(const HttpRequest& request, core::Time now,
                                             std::map<std::string, std::string>& form);
    // Runs a command unless the actor or their workspace is over its rate limit; an
    // environment failure becomes a plain "try again" message. Its announcements go into
    // the outbox for the team's channel.
    core::Outcome run_command(const core::Actor& actor, core::Time now,
                              const std::function<core::Outcome()>& command);
    HttpResponse health();
    void announce(const core::WorkspaceKey& ws, const std::vector<core::Announcement>& posts, core::Time now);
    // POST /teams/messages, in bot/teams_endpoint.cpp.
    HttpResponse teams_message(const HttpRequest& request, core::Time now);

    const config::Settings& settings_;
    storage::SqliteStore& store_;
    storage::CadenceStore cadence_;
    Metrics metrics_;
    core::RateLimits limits_;
    core::RateLimiter limiter_;
    OutboundHttp* http_ = nullptr;
    std::function<void()> outbox_changed_;
};

// The HTTP server in front of `app`: each request routed with the time `clock` gives when it
// arrives, each response's time recorded in the app's metrics. Binds at once; start() it.
std::unique_ptr<HttpServer> make_server(App& app, HttpServer::Options options, std::function<core::Time()> clock);

}  // namespace goalpost::bot
