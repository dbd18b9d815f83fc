#include "bot/app.hpp"

#include <chrono>

#include "bot/adaptive_card.hpp"
#include "bot/log.hpp"
#include "bot/slack.hpp"
#include "core/commands/dispatch.hpp"
#include "core/slack_text.hpp"
#include "storage/outbox.hpp"
#include "storage/sqlite_store.hpp"

namespace goalpost::bot {
namespace {

HttpResponse json(int status, std::string body) { return HttpResponse{status, "application/json", std::move(body), {}}; }

HttpResponse error_json(int status, std::string_view message) {
    return json(status, fmt::format("{{\"error\":\"{}\"}}", message));
}

// Route label for metrics: known paths only, so a scanner cannot blow up the label set.
std::string route_label(const std::string& path) {
    static const char* known[] = {"/healthz", "/metrics", "/slack/commands", "/slack/interactions",
                                  "/slack/events", "/teams/messages"};
    for (const char* k : known) if (path == k) return k;
    return "other";
}

}  // namespace

App::App(const config::Settings& settings, storage::SqliteStore& store)
    : settings_(settings),
      store_(store),
      cadence_(store),
      limits_{settings.limits.commands_per_user_per_minute, settings.limits.commands_per_workspace_per_minute},
      limiter_(limits_) {}

core::Repositories App::repositories() {
    auto repos = store_.repositories();
    repos.cadence = &cadence_;
    repos.reports = &cadence_;
    return repos;
}

Answer App::route(HttpRequest request, core::Time now) {
    const std::string path = request.path();
    auto method_not_allowed = [](const char* allow) {
        auto r = error_json(405, "method not allowed");
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
    using Endpoint = HttpResponse (App::*)(const HttpRequest&, core::Time);
    Endpoint endpoint = nullptr;
    if (path == "/slack/commands") endpoint = &App::slack_command;
    else if (path == "/slack/interactions") endpoint = &App::slack_interaction;
    else if (path == "/slack/events") endpoint = &App::slack_event;
    else if (path == "/teams/messages") endpoint = &App::teams_message;
    else return error_json(404, "not found");
    if (!post) return method_not_allowed("POST");
    return BlockingWork([this, endpoint, request = std::move(request), now] { return (this->*endpoint)(request, now); });
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
    if (store_.healthy()) return json(200, R"({"status":"ok"})");
    return json(503, R"({"status":"database unavailable"})");
}

void App::set_outbound(OutboundHttp* http, std::function<void()> outbox_changed) {
    http_ = http;
    outbox_changed_ = std::move(outbox_changed);
}

std::optional<HttpResponse> App::verify_slack_request(const HttpRequest& request, core::Time now) {
    const auto& secret = settings_.slack.signing_secret;
    if (!secret) {
        log::warn("slack request refused: slack.signing_secret is not set");
        return error_json(503, "slack is not configured");
    }
    auto check = verify_slack_signature(*secret, request.header("X-Slack-Request-Timestamp"),
                                        request.header("X-Slack-Signature"), request.body, now);
    if (check != SignatureCheck::ok) {
        log::warn("slack request to {} refused (401): {}", request.path(), describe(check));
        metrics_.record_refused(describe(check));
        return error_json(401, "unauthorized");
    }
    return std::nullopt;
}

std::optional<HttpResponse> App::verify_slack(const HttpRequest& request, core::Time now,
                                              std::map<std::string, std::string>& form) {
    if (auto refused = verify_slack_request(request, now)) return refused;
    auto parsed = parse_form(request.body);
    if (!parsed) {
        log::warn("slack request to {} refused (400): body is not form-encoded", request.path());
        return error_json(400, "malformed body");
    }
    form = std::move(*parsed);
    return std::nullopt;
}

core::Outcome App::run_command(const core::Actor& actor, core::Time now,
                               const std::function<core::Outcome()>& command) {
    const core::WorkspaceKey& ws = actor.workspace;
    core::Outcome outcome;
    if (auto limited = limiter_.admit(ws, actor.user_id, now)) {
        bool user = limited->scope == core::RateLimited::Scope::user;
        log::warn("command from {} held back: {} rate limit, retry in {} s", user ? "a user" : "a workspace",
                  user ? "per-user" : "per-workspace", limited->retry_after.count());
        metrics_.record_rate_limited(user ? "user" : "workspace");
        outcome.message = core::error_message({core::describe(*limited, limits_), {}});
        return outcome;
    }
    try {
        outcome = command();
        announce(ws, outcome.announcements, now);
    } catch (const std::exception& e) {
        // The environment failed (disk full, database locked): log it, tell the user plainly.
        log::error("command failed: {}", e.what());
        metrics_.record_storage_failure();
        outcome.message = core::error_message(
            {"goalpost couldn't save or read that just now, so nothing was changed. Please try again in a minute.",
             {}});
    }
    if (outcome.checkin_recorded) metrics_.record_checkin();
    return outcome;
}

void App::announce(const core::WorkspaceKey& ws, const std::vector<core::Announcement>& posts, core::Time now) {
    if (posts.empty()) return;
    std::vector<storage::NewOutboxItem> items;
    for (const auto& post : posts) {
        auto settings = cadence_.settings_of(ws, post.team_id);
        if (!settings) continue;
        if (core::platform_of(ws) == core::Platform::teams) {
            if (settings->has_teams_webhook) {
                items.push_back({"teams", "webhook", std::to_string(post.team_id),
                                 render_teams_webhook_payload(post.message), post.key});
            }
        } else if (!settings->channel.empty()) {
            items.push_back({"slack", "channel", settings->channel, render_slack_message(post.message), post.key});
        }
    }
    if (items.empty()) return;
    storage::OutboxStore outbox(store_);
    if (outbox.enqueue(ws, items, now) > 0 && outbox_changed_) outbox_changed_();
}

HttpResponse App::slack_command(const HttpRequest& request, core::Time now) {
    std::map<std::string, std::string> fields;
    if (auto refused = verify_slack(request, now, fields)) return *refused;
    auto form = &fields;
    auto field = [&](const char* name) -> std::string {
        auto it = form->find(name);
        return it == form->end() ? std::string() : it->second;
    };
    core::HandlerContext ctx{repositories(), {}, now, settings_.admins, settings_.slack.command};
    ctx.actor.workspace = core::workspace_key(core::Platform::slack, field("team_id"));
    ctx.actor.user_id = field("user_id");
    ctx.actor.user_name = field("user_name");
    ctx.actor.channel_id = field("channel_id");
    if (field("team_id").empty() || ctx.actor.user_id.empty()) {
        log::warn("slack command refused (400): team_id or user_id missing");
        return error_json(400, "malformed body");
    }
    if (auto name = field("command"); !name.empty()) ctx.command_name = name;
    // Slack escapes & < > in what people type; the parser and the store see what was typed.
    const std::string typed = core::decode_slack_text(field("text"));
    auto outcome = run_command(ctx.actor, now, [&] { return core::handle_text(typed, ctx); });
    return json(200, render_slash_reply(outcome.message));
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
