#include "bot/slack/events.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fmt/format.h>

#include "bot/outbox/routes.hpp"
#include "bot/outbox/writer.hpp"
#include "bot/service/metrics.hpp"
#include "bot/service/log.hpp"
#include "bot/slack/block_kit.hpp"
#include "core/commands/dispatch.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {
namespace json = boost::json;

namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

HttpResponse empty_ok() { return HttpResponse{200, "text/plain", "", {}}; }

}  // namespace

std::optional<SlackEvent> parse_slack_event(std::string_view body) {
    boost::system::error_code ec;
    auto v = json::parse(body, ec);  // strict: ill-formed UTF-8 is an error too
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.as_object();
    SlackEvent e;
    e.type = str(o, "type");
    if (e.type.empty()) return std::nullopt;
    e.challenge = str(o, "challenge");
    e.team_id = str(o, "team_id");
    e.event_id = str(o, "event_id");
    if (const auto* inner = o.if_contains("event"); inner != nullptr && inner->is_object()) {
        const auto& event = inner->as_object();
        e.event_type = str(event, "type");
        e.user = str(event, "user");
        e.tab = str(event, "tab");
    }
    return e;
}

std::string loggable(std::string_view text) {
    const bool plain = !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == '-';
    });
    return plain ? std::string(text) : std::string("unrecognised");
}

// Writes the person's Home tab to the outbox once per event: nullopt when it was queued,
// else the answer (an event already handled: 200; a failure: 500, and the event forgotten,
// so that Slack's retry can do it).
std::optional<HttpResponse> SlackEvents::publish_home(const SlackEvent& event, const std::string& retry,
                                                      core::Time now) const {
    // Slack sends an event again (X-Slack-Retry-Num) when it saw no 200 within 3 s, even if the
    // first one is still being handled. The event_id is remembered in the database for a day
    // (the table that also holds handled Teams Activities, pruned on every insert): Slack's
    // retries come within minutes, and a record in SQLite survives a restart in between, which
    // an in-memory set would not.
    const core::WorkspaceKey ws = core::workspace_key(core::Platform::slack, event.team_id);
    auto& handled = edge_.handled;
    const std::string key = event.event_id.empty() ? std::string()
                                                    : fmt::format("slack-event:{}:{}", event.team_id, event.event_id);
    try {
        if (!key.empty() && !handled.remember_activity(key, now)) {
            log::info("slack event {} was already handled{}; the Home tab is not published again",
                      loggable(event.event_id), retry);
            return empty_ok();
        }
        core::HandlerContext ctx{edge_.repos, {ws, event.user, "", ""}, now, edge_.settings.admins,
                                 edge_.settings.slack.command};
        edge_.outbox.write(ws, {to_slack_home(event.user, core::home_tab(ctx))}, now);
    } catch (const std::exception& e) {
        // Not remembered, so Slack's retry (it retries a 5xx) can do it.
        if (!key.empty()) {
            try {
                handled.forget_activity(key);
            } catch (const std::exception&) {
            }
        }
        log::error("app_home_opened could not be handled: {}", e.what());
        edge_.metrics.record_storage_failure();
        return json_error(500, "try again");
    }
    return std::nullopt;
}

// POST /slack/events. Answers within Slack's 3 s whatever Slack's Web API does: the Home tab
// is built here from the database and written to the outbox; the delivery worker calls
// views.publish (with its retries and Retry-After handling). views.open, by contrast, is
// called inline by slack_interaction because its trigger_id expires 3 s after the click;
// views.publish has no trigger, so nothing is gained by making Slack wait for it.
HttpResponse SlackEvents::handle(const HttpRequest& request, core::Time now) const {
    if (auto refused = verifier_.refuse(request, now)) return *refused;
    auto event = parse_slack_event(request.body);
    if (!event) {
        log::warn("slack event refused (400): body is not a JSON object with a type");
        return json_error(400, "malformed body");
    }
    if (event->type == "url_verification") {
        if (event->challenge.empty()) {
            log::warn("slack url_verification refused (400): no challenge");
            return json_error(400, "malformed body");
        }
        // Slack's first documented form: HTTP 200, text/plain, the bare challenge.
        log::info("slack events: request URL verified (url_verification)");
        return HttpResponse{200, "text/plain", event->challenge, {}};
    }
    if (event->type != "event_callback") {
        log::info("slack events: envelope type {} ignored", loggable(event->type));
        return empty_ok();
    }
    if (event->team_id.empty() || event->event_type.empty()) {
        log::warn("slack event refused (400): event_callback without team_id or event.type");
        return json_error(400, "malformed body");
    }
    const std::string retry_num = request.header("X-Slack-Retry-Num");
    const std::string retry = retry_num.empty()
                                  ? std::string()
                                  : fmt::format(" (Slack's retry {}, {})", loggable(retry_num),
                                                loggable(request.header("X-Slack-Retry-Reason")));
    if (event->event_type != "app_home_opened" || event->tab != "home" || event->user.empty()) {
        log::debug("slack event {} {}{} ignored", loggable(event->event_id), loggable(event->event_type), retry);
        return empty_ok();
    }
    if (!edge_.settings.slack.bot_token) {
        log::info("app_home_opened: the Home tab is not published because slack.bot_token is not set");
        return empty_ok();
    }

    if (auto answered = publish_home(*event, retry, now)) return *answered;
    log::info("app_home_opened: Home tab queued for publishing{}", retry);
    return empty_ok();
}

}  // namespace goalpost::bot
