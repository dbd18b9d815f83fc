#include "bot/service/app.hpp"

#include <fmt/format.h>

#include "bot/service/log.hpp"

namespace goalpost::bot {
namespace {

// Route label for metrics: known paths only, so a scanner cannot blow up the label set.
std::string route_label(const std::string& path) {
    static const char* known[] = {"/healthz",       "/metrics",          "/slack/commands",     "/slack/interactions",
                                  "/slack/events",  "/teams/messages",   "/api/v1/checkins",    "/api/v1/objectives",
                                  "/api/v1/key-results", "/api/v1/openapi.json"};
    for (const char* k : known) if (path == k) return k;
    if (path.starts_with("/api/v1/key-results/") && path.ends_with("/checkins")) return "/api/v1/key-results/{id}/checkins";
    return "other";
}

}  // namespace

App::App(const config::Settings& settings, storage::Storage& store)
    : store_(store),
      outbox_(store.outbox(), *store.repositories().cadence, metrics_),
      runner_(settings, metrics_, outbox_),
      edge_{settings, store.repositories(), metrics_, runner_, outbox_, store.handled_events(), nullptr, nullptr,
            &store.dashboard_access()},
      slack_verifier_(settings, metrics_),
      slack_commands_(edge_, slack_verifier_),
      slack_interactions_(edge_, slack_verifier_),
      slack_events_(edge_, slack_verifier_),
      teams_(edge_),
      api_(edge_, store.api_access()),
      dashboard_(edge_, store.dashboard_access()),
      schema_version_(store.schema_version()) {}

Answer App::route(HttpRequest request, core::Time now) {
    const std::string path = request.path();
    auto method_not_allowed = [](const char* allow) {
        auto r = json_error(405, "method not allowed");
        r.headers.emplace_back("Allow", allow);
        return r;
    };
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    if (path == "/metrics") {
        if (!get) return method_not_allowed("GET");
        return HttpResponse{200, "text/plain; version=0.0.4", metrics_.render(), {}};
    }
    if (path == "/healthz") {
        if (!get) return method_not_allowed("GET");
        return BlockingWork([this] { return health(); });
    }
    if (path == "/d" || path.starts_with("/d/")) {
        if (!get) return method_not_allowed("GET");
        return BlockingWork([this, request = std::move(request), now] { return dashboard_.handle(request, now); });
    }
    if (path.starts_with("/api/")) {
        // The OpenAPI document needs no database; everything else of the API does.
        if (path == "/api/v1/openapi.json") return api_.handle(request, now);
        return BlockingWork([this, request = std::move(request), now] { return api_.handle(request, now); });
    }
    std::function<HttpResponse(const HttpRequest&, core::Time)> endpoint;
    if (path == "/slack/commands") {
        endpoint = [this](const HttpRequest& r, core::Time t) { return slack_commands_.handle(r, t); };
    } else if (path == "/slack/interactions") {
        endpoint = [this](const HttpRequest& r, core::Time t) { return slack_interactions_.handle(r, t); };
    } else if (path == "/slack/events") {
        endpoint = [this](const HttpRequest& r, core::Time t) { return slack_events_.handle(r, t); };
    } else if (path == "/teams/messages") {
        endpoint = [this](const HttpRequest& r, core::Time t) { return teams_.handle(r, t); };
    } else {
        return json_error(404, "not found");
    }
    if (!post) return method_not_allowed("POST");
    return BlockingWork([endpoint = std::move(endpoint), request = std::move(request), now] { return endpoint(request, now); });
}

HttpResponse App::handle(const HttpRequest& request, core::Time now) {
    const auto started = std::chrono::steady_clock::now();
    auto response = finish(route(request, now));
    record_response(request.path(), response.status, std::chrono::steady_clock::now() - started);
    return response;
}

void App::record_response(const std::string& path, int status, std::chrono::nanoseconds elapsed) {
    const std::string route = route_label(path);
    metrics_.record_request(route, status, elapsed);
    // Slack gives up after 3 s and shows the person "operation_timeout"; say so before that.
    if (elapsed >= slow_request) {
        log::warn("request to {} took {} ms (answered {}); Slack gives up after 3 s", route,
                  std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), status);
    }
}

HttpResponse App::health() {
    // The kind and the schema version this process migrated to at start (never the URL).
    const auto database = fmt::format(R"("database":"{}","schema":{})", store_.kind(), schema_version_);
    if (store_.healthy()) return json_response(200, fmt::format(R"({{"status":"ok",{}}})", database));
    return json_response(503, fmt::format(R"({{"status":"database unavailable",{}}})", database));
}

void App::set_outbound(OutboundHttp* http, std::function<void()> outbox_changed) {
    edge_.http = http;
    outbox_.set_changed(std::move(outbox_changed));
}

std::unique_ptr<HttpServer> make_server(App& app, HttpServer::Options options, std::function<core::Time()> clock) {
    options.on_response = [&app](const std::string& path, int status, std::chrono::nanoseconds elapsed) {
        app.record_response(path, status, elapsed);
    };
    return std::make_unique<HttpServer>(std::move(options), [&app, clock = std::move(clock)](HttpRequest request) {
        return app.route(std::move(request), clock());
    });
}

}  // namespace goalpost::bot
