#pragma once
// The request router: which endpoint answers which path, and on which thread. A plain
// function from request (and `now`) to response: the HTTP server only does I/O around it.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "bot/api/endpoint.hpp"
#include "bot/dashboard/endpoint.hpp"
#include "bot/http/server.hpp"
#include "bot/http/types.hpp"
#include "bot/outbox/writer.hpp"
#include "bot/service/command_runner.hpp"
#include "bot/service/edge.hpp"
#include "bot/service/metrics.hpp"
#include "bot/slack/commands.hpp"
#include "bot/slack/verify.hpp"
#include "bot/slack/events.hpp"
#include "bot/slack/interactions.hpp"
#include "bot/teams/endpoint.hpp"
#include "config/settings.hpp"
#include "core/ports.hpp"
#include "storage/storage.hpp"

namespace goalpost::bot {

class App {
public:
    App(const config::Settings& settings, storage::Storage& store);
    App(const App&) = delete;
    App& operator=(const App&) = delete;

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
    OutboxWriter& outbox() { return outbox_; }
    // Every repository a command may use, including cadence settings and report history.
    core::Repositories repositories() { return edge_.repos; }

    // Where interactions post (views.open) and whom to tell that the outbox has something new
    // (a check-in result, a Home tab to publish); serve sets both, tests may leave them unset.
    void set_outbound(OutboundHttp* http, std::function<void()> outbox_changed);
    // What `kr source` and `kr sync` read with (serve sets it; without, they say sources
    // aren't available).
    void set_sources(const core::SourceHooks* hooks) { edge_.sources = hooks; }

private:
    HttpResponse health();

    storage::Storage& store_;
    Metrics metrics_;
    OutboxWriter outbox_;
    CommandRunner runner_;
    EdgeContext edge_;
    SlackVerifier slack_verifier_;
    SlackCommands slack_commands_;
    SlackInteractions slack_interactions_;
    SlackEvents slack_events_;
    TeamsEndpoint teams_;
    ApiEndpoint api_;
    DashboardEndpoint dashboard_;
    int schema_version_;  // as migrated at start, for /healthz
};

// The HTTP server in front of `app`: each request routed with the time `clock` gives when it
// arrives, each response's time recorded in the app's metrics. Binds at once; start() it.
std::unique_ptr<HttpServer> make_server(App& app, HttpServer::Options options, std::function<core::Time()> clock);

}  // namespace goalpost::bot
