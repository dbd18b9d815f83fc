#include "bot/outbox/delivery.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include <boost/json.hpp>

#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"

namespace goalpost::bot {

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Without a Retry-After header, a rate-limited request waits this long.
constexpr std::chrono::seconds default_retry_after{30};

// Slack errors that no retry can fix: the message, the channel or the token is wrong.
// https://api.slack.com/methods/chat.postMessage#errors, .../conversations.open#errors,
// .../views.publish#errors
constexpr std::array<std::string_view, 22> permanent_slack_errors{
    // the message
    "invalid_blocks", "msg_too_long", "no_text", "too_many_attachments", "invalid_arguments", "invalid_json",
    "json_not_object",
    // the destination
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_disabled", "cannot_dm_bot",
    "restricted_action",
    // views.publish: the Home tab is off in the app's settings, or the view is over 250 kB
    "not_enabled", "view_too_large",
    // the token or the app
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "missing_scope"};

bool is_permanent(std::string_view error) {
    return std::find(permanent_slack_errors.begin(), permanent_slack_errors.end(), error) !=
           permanent_slack_errors.end();
}

struct Outcome {
    enum class Kind { sent, retry, rate_limited, dead };
    Kind kind = Kind::retry;
    std::string reason;  // for the log and last_error: never a token or a webhook URL
    std::chrono::seconds retry_after{0};
    bool requested = false;  // a request reached (or tried to reach) the platform
    json::object reply;      // Slack's answer when sent

    static Outcome sent(json::object reply = {}) { return {Kind::sent, {}, {}, true, std::move(reply)}; }
    static Outcome retry(std::string why) { return {Kind::retry, std::move(why), {}, true, {}}; }
    static Outcome dead(std::string why, bool requested = true) {
        return {Kind::dead, std::move(why), {}, requested, {}};
    }
    static Outcome rate_limited(std::string why, std::optional<int> seconds) {
        const auto wait = seconds ? std::chrono::seconds{*seconds} : default_retry_after;
        // "Retry-After: 0" still waits for the next second: core::Time has no finer grain.
        return {Kind::rate_limited, std::move(why), std::max(wait, std::chrono::seconds{1}), true, {}};
    }
};

// Any answer other than success, the same for every platform.
Outcome classify_failure(const PostResult& r) {
    if (r.network_error) return Outcome::retry(r.error);
    if (r.status == 0) return Outcome::dead(r.error);  // the request could not even be made
    if (r.status == 429) return Outcome::rate_limited("HTTP 429", r.retry_after_seconds);
    if (r.status == 408 || r.status >= 500) return Outcome::retry(fmt::format("HTTP {}", r.status));
    if (r.status >= 400) return Outcome::dead(fmt::format("HTTP {}", r.status));
    return Outcome::retry(fmt::format("unexpected HTTP {}", r.status));
}

// Slack error codes are short snake_case words; anything else is not echoed into the log.
std::string printable_error(const json::value* error) {
    if (error == nullptr || !error->is_string()) return "unknown";
    std::string_view text = error->get_string();
    const bool plain = !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    return plain ? std::string(text) : "unrecognised";
}

std::string trim_slashes(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// Attempts one row; holds nothing between attempts.
class Sender {
public:
    Sender(OutboundHttp& http, const DeliveryOptions& options,
           const std::function<std::optional<std::string>(const storage::OutboxItem&)>& webhook_url)
        : http_(http), options_(options), webhook_url_(webhook_url),
          slack_base_(trim_slashes(options.slack_api_base_url)) {}

    Outcome attempt(const storage::OutboxItem& item) {
        return item.platform == core::Platform::teams ? teams(item) : slack(item);
    }

private:
    OutboundHttp& http_;
    const DeliveryOptions& options_;
    const std::function<std::optional<std::string>(const storage::OutboxItem&)>& webhook_url_;
    std::string slack_base_;

    Outcome slack(const storage::OutboxItem& item) {
        boost::system::error_code ec;
        auto payload = json::parse(item.payload, ec);
        if (ec || !payload.is_object()) return Outcome::dead("payload is not a JSON object", false);

        if (item.destination_kind == storage::DestinationKind::home) {
            // A user's App Home tab: {"view": ...} plus the user it is for.
            auto& body = payload.as_object();
            body["user_id"] = item.destination;
            return prefixed("views.publish", call("views.publish", json::serialize(body)));
        }
        std::string channel = item.destination;
        if (item.destination_kind == storage::DestinationKind::user) {
            // A DM goes to the IM channel conversations.open returns (the same one every time).
            auto opened = call("conversations.open", json::serialize(json::object{{"users", item.destination}}));
            if (opened.kind != Outcome::Kind::sent) return prefixed("conversations.open", std::move(opened));
            const auto* id = opened.reply.contains("channel") && opened.reply.at("channel").is_object()
                                 ? opened.reply.at("channel").as_object().if_contains("id")
                                 : nullptr;
            if (id == nullptr || !id->is_string() || id->get_string().empty()) {
                return Outcome::retry("conversations.open: no channel id in the reply");
            }
            channel = std::string(id->get_string());
        } else if (item.destination_kind != storage::DestinationKind::channel) {
            return Outcome::dead(
                fmt::format("destination kind '{}' is not for Slack", storage::destination_name(item.destination_kind)),
                false);
        }
        auto& body = payload.as_object();
        body["channel"] = channel;
        return prefixed("chat.postMessage", call("chat.postMessage", json::serialize(body)));
    }

    static Outcome prefixed(std::string_view method, Outcome outcome) {
        if (!outcome.reason.empty()) outcome.reason = fmt::format("{}: {}", method, outcome.reason);
        return outcome;
    }

    // One Slack Web API call; sent only for HTTP 200 with "ok": true.
    Outcome call(std::string_view method, const std::string& body) {
        const auto r = http_.post(fmt::format("{}/{}", slack_base_, method),
                                  {{"Authorization", "Bearer " + *options_.slack_bot_token}}, body);
        if (r.network_error || r.status != 200) return classify_failure(r);
        boost::system::error_code ec;
        auto reply = json::parse(r.body, ec);
        if (ec || !reply.is_object()) return Outcome::retry("HTTP 200 without a JSON object");
        auto& object = reply.as_object();
        if (const auto* ok = object.if_contains("ok"); ok != nullptr && ok->is_bool() && ok->get_bool()) {
            return Outcome::sent(std::move(object));
        }
        const auto error = printable_error(object.if_contains("error"));
        const auto reason = fmt::format("Slack error {}", error);
        // Slack answers "ratelimited"; its OpenAPI spec says "rate_limited".
        if (error == "ratelimited" || error == "rate_limited") return Outcome::rate_limited(reason, r.retry_after_seconds);
        if (is_permanent(error)) return Outcome::dead(reason);
        return Outcome::retry(reason);
    }

    Outcome teams(const storage::OutboxItem& item) {
        if (item.destination_kind != storage::DestinationKind::teams_webhook) {
            return Outcome::dead(
                fmt::format("destination kind '{}' is not for Teams", storage::destination_name(item.destination_kind)),
                false);
        }
        const auto url = webhook_url_ ? webhook_url_(item) : std::nullopt;
        if (!url || url->empty()) return Outcome::dead("team has no Teams webhook", false);
        const auto r = http_.post(*url, {}, item.payload);
        if (r.network_error || r.status < 200 || r.status >= 300) return classify_failure(r);
        // Connectors report throttling inside a 200 body ("Microsoft Teams endpoint returned
        // HTTP error 429"): https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#rate-limiting-for-connectors
        if (r.body.find("429") != std::string::npos) {
            return Outcome::rate_limited("HTTP 429 reported in the response body", r.retry_after_seconds);
        }
        return Outcome::sent();
    }
};

std::string destination_key(const storage::OutboxItem& item) {
    return fmt::format("{}\x1f{}\x1f{}", item.workspace, core::platform_name(item.platform), item.destination);
}

// Slack rate-limits an app per workspace and method, so a 429 holds back the whole workspace.
std::string workspace_key(const storage::OutboxItem& item) { return fmt::format("{}\x1fslack", item.workspace); }

// base * 2^(attempts-1), capped at max, then stretched by up to half again with jitter so
// that messages which failed together do not come back together; whole seconds, at least 1.
std::chrono::seconds backoff(const DeliveryOptions& options, const std::function<double()>& jitter, int attempts) {
    const double cap = static_cast<double>(std::max(options.max_backoff, 1s).count());
    double delay = static_cast<double>(std::max(options.base_backoff, 1s).count());
    for (int i = 1; i < attempts && delay < cap; ++i) delay *= 2;
    delay = std::min(delay, cap);
    const double j = jitter ? std::clamp(jitter(), 0.0, 1.0) : 0.0;
    return std::chrono::seconds{static_cast<long long>(std::ceil(delay * (1.0 + j / 2)))};
}

const char* result_label(Outcome::Kind kind) {
    switch (kind) {
        case Outcome::Kind::sent: return "sent";
        case Outcome::Kind::dead: return "dead";
        default: return "retry";
    }
}

}  // namespace

Delivery::Delivery(storage::Outbox& outbox, OutboundHttp& http, DeliveryOptions options,
                   std::function<double()> jitter,
                   std::function<std::optional<std::string>(const storage::OutboxItem&)> webhook_url,
                   Metrics* metrics)
    : outbox_(outbox), http_(http), options_(std::move(options)), jitter_(std::move(jitter)),
      webhook_url_(std::move(webhook_url)), metrics_(metrics) {}

// The platforms whose rows can be sent now. Without a token Slack rows are left alone
// entirely: not fetched, not counted as attempts, and not in next_due (which would otherwise
// be in the past and spin the worker).
std::vector<core::Platform> Delivery::sendable_platforms() {
    const bool slack_enabled = options_.slack_bot_token && !options_.slack_bot_token->empty();
    if (slack_enabled) return {core::Platform::slack, core::Platform::teams};
    if (!warned_no_token_ && !outbox_.due(core::Time::max(), 1, {core::Platform::slack}).empty()) {
        log::warn("outbox: Slack messages are waiting but no Slack bot token is configured; "
                  "they will be sent once slack.bot_token is set");
        warned_no_token_ = true;
    }
    return {core::Platform::teams};
}

// The earliest a request for `item` may go: its destination's pacing, and for Slack its
// workspace's hold after a 429.
core::Time Delivery::paced_until(const storage::OutboxItem& item, core::Time now) const {
    auto allowed = now;
    if (auto it = next_allowed_.find(destination_key(item)); it != next_allowed_.end()) {
        allowed = std::max(allowed, it->second);
    }
    if (item.platform == core::Platform::slack) {
        if (auto it = next_allowed_.find(workspace_key(item)); it != next_allowed_.end()) {
            allowed = std::max(allowed, it->second);
        }
    }
    return allowed;
}

// Holds `key` back until `until` here and for every other instance.
void Delivery::hold(const std::string& key, core::Time until) {
    auto& allowed = next_allowed_[key];
    allowed = std::max(allowed, until);
    outbox_.hold(key, until);
}

void Delivery::compact_if_due(core::Time now, Pass& pass) {
    if (last_compaction_ && now - *last_compaction_ < std::chrono::hours(1)) return;
    last_compaction_ = now;
    const auto compacted = outbox_.compact(now - options_.sent_retention);
    pass.compacted = compacted.deleted + compacted.emptied;
    if (pass.compacted > 0) {
        log::info("outbox: retention removed {} and emptied {} message(s) sent more than {} day(s) ago",
                  compacted.deleted, compacted.emptied, options_.sent_retention.count() / 24);
    }
}

// When to wake next, the outbox gauges, one log line for a pass that did something.
void Delivery::finish(const std::vector<core::Platform>& platforms, Pass& pass) {
    pass.next_due = outbox_.next_due(platforms);
    if (metrics_ != nullptr) {
        const auto counts = outbox_.counts();
        metrics_->set_outbox(counts.pending, counts.dead);
    }
    if (pass.sent + pass.retried + pass.dead > 0) {
        log::info("outbox: {} sent, {} to retry, {} dead, {} paced", pass.sent, pass.retried, pass.dead,
                  pass.postponed);
    }
}

// One attempt per due row and what it led to, in one place so that the pacing, the backoff
// and the log of each row read together (a little over 60 lines).
Delivery::Pass Delivery::run_once(core::Time now) {
    Pass pass;
    // core::Time counts whole seconds, so the pacing interval is at least one of them.
    const auto interval = std::max(std::chrono::ceil<std::chrono::seconds>(options_.per_channel_interval), 1s);
    const auto platforms = sendable_platforms();
    std::erase_if(next_allowed_, [now](const auto& entry) { return entry.second <= now; });
    // Other instances' pacing and 429 holds count as this one's.
    for (const auto& [key, until] : outbox_.holds(now)) {
        auto& allowed = next_allowed_[key];
        allowed = std::max(allowed, until);
    }

    Sender sender(http_, options_, webhook_url_);
    // One row claimed at a time, just before its request: an instance killed mid-pass leaves
    // at most one row to wait for its claim to end. Each row is released (sent, dead, moved
    // later) before the next is claimed, so none comes back within the pass.
    for (int n = 0; n < options_.batch; ++n) {
        const auto claimed = outbox_.claim(now, 1, platforms, options_.claim_lease);
        if (claimed.empty()) break;
        const auto& item = claimed.front();
        const auto key = destination_key(item);
        if (auto allowed = paced_until(item, now); allowed > now) {
            outbox_.postpone(item.id, allowed);
            ++pass.postponed;
            continue;
        }

        auto outcome = sender.attempt(item);
        const int attempts = item.attempts + 1;
        if (outcome.requested) hold(key, now + interval);
        if (outcome.kind != Outcome::Kind::sent && outcome.kind != Outcome::Kind::dead &&
            attempts >= options_.max_attempts) {
            outcome.kind = Outcome::Kind::dead;
            outcome.reason = fmt::format("gave up after {} attempts; last: {}", attempts, outcome.reason);
        }
        switch (outcome.kind) {
            case Outcome::Kind::sent:
                outbox_.mark_sent(item.id, now);
                ++pass.sent;
                break;
            case Outcome::Kind::dead:
                outbox_.mark_dead(item.id, attempts, outcome.reason);
                log::error("outbox {} ({} {}) is dead after {} attempt(s): {}", item.id,
                           core::platform_name(item.platform), storage::destination_name(item.destination_kind),
                           attempts, outcome.reason);
                ++pass.dead;
                break;
            case Outcome::Kind::retry: {
                const auto wait = backoff(options_, jitter_, attempts);
                outbox_.mark_retry(item.id, attempts, now + wait, outcome.reason);
                log::warn("outbox {} ({} {}) attempt {} failed: {}; next in {}s", item.id,
                          core::platform_name(item.platform), storage::destination_name(item.destination_kind),
                          attempts, outcome.reason, wait.count());
                ++pass.retried;
                break;
            }
            case Outcome::Kind::rate_limited: {
                // Retry-After is honoured to the second: neither this row nor its neighbours go earlier.
                const auto until = now + outcome.retry_after;
                outbox_.mark_retry(item.id, attempts, until, outcome.reason);
                hold(item.platform == core::Platform::slack ? workspace_key(item) : key, until);
                log::warn("outbox {} ({} {}) attempt {} rate-limited: {}; next in {}s", item.id,
                          core::platform_name(item.platform), storage::destination_name(item.destination_kind),
                          attempts, outcome.reason, outcome.retry_after.count());
                ++pass.retried;
                break;
            }
        }
        if (metrics_ != nullptr) metrics_->record_delivery(std::string(core::platform_name(item.platform)), result_label(outcome.kind));
    }

    compact_if_due(now, pass);
    finish(platforms, pass);
    return pass;
}

}  // namespace goalpost::bot
