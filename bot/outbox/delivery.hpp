#pragma once
// Delivers the outbox: Slack chat.postMessage (conversations.open first for a DM), views.publish
// for a user's App Home tab (destination kind "home"), and Teams
// webhooks, with exponential backoff and jitter, Retry-After on 429, one message per second
// per channel, and a bounded number of attempts before a message is parked as dead.
//
// Outcomes of one attempt (attempt n = the row's attempts + 1):
//   sent   Slack: HTTP 200 and {"ok":true}; Teams: any 2xx without a throttling notice.
//   retry  network error, 5xx, 408, Slack {"ok":false} with a transient error: at
//          now + min(base_backoff * 2^(n-1), max_backoff) * (1 + jitter()/2), rounded up.
//          429, Slack "ratelimited" and a Teams 200 whose body reports 429: at exactly
//          now + Retry-After (30 s without one); the whole Slack workspace (or that Teams
//          webhook) waits until then.
//   dead   other 4xx, a permanent Slack error (channel_not_found, invalid_auth, ...), no Teams
//          webhook URL, an unusable payload, or n == max_attempts.
// Not thread-safe: one delivery worker calls run_once.
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/http/client.hpp"
#include "core/types.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {

class Metrics;

struct DeliveryOptions {
    std::string slack_api_base_url = "https://slack.com/api";
    std::optional<std::string> slack_bot_token;  // without it Slack rows wait (not attempted)
    int max_attempts = 8;
    std::chrono::seconds base_backoff{2};
    std::chrono::seconds max_backoff{600};
    std::chrono::milliseconds per_channel_interval{1000};
    int batch = 50;
    // How long the claim on the row being sent lasts: well past one request (bounded by the
    // HTTP client's timeout, 10 s in serve). When an instance dies holding a claim, the row
    // goes out from another instance (or this one, restarted) once it ends.
    std::chrono::seconds claim_lease{30};
    // Sent messages are kept this long (for the log and for support), then compacted
    // (storage::Outbox::compact), at most once an hour.
    std::chrono::hours sent_retention{24 * 30};
};

class Delivery {
public:
    // `jitter` returns a number in [0, 1); `webhook_url` resolves a Teams row's destination
    // (team row id) to the team's Workflows webhook URL, nullopt if it has none.
    Delivery(storage::Outbox& outbox, OutboundHttp& http, DeliveryOptions options,
             std::function<double()> jitter,
             std::function<std::optional<std::string>(const storage::OutboxItem&)> webhook_url,
             Metrics* metrics = nullptr);

    struct Pass {
        int sent = 0;
        int retried = 0;
        int dead = 0;
        int postponed = 0;
        int compacted = 0;  // sent rows deleted or emptied by retention in this pass
        std::optional<core::Time> next_due;  // when the next row is due; nullopt: nothing pending
    };
    // Sends everything due at `now` (one attempt each) and returns.
    Pass run_once(core::Time now);

private:
    std::vector<core::Platform> sendable_platforms();
    core::Time paced_until(const storage::OutboxItem& item, core::Time now) const;
    void compact_if_due(core::Time now, Pass& pass);
    void finish(const std::vector<core::Platform>& platforms, Pass& pass);

    storage::Outbox& outbox_;
    OutboundHttp& http_;
    DeliveryOptions options_;
    std::function<double()> jitter_;
    std::function<std::optional<std::string>(const storage::OutboxItem&)> webhook_url_;
    Metrics* metrics_;
    // Earliest time the next request may go, per destination (pacing, a Teams 429) and per
    // Slack workspace (Slack's 429 is per app, method and workspace).
    void hold(const std::string& key, core::Time until);

    std::map<std::string, core::Time> next_allowed_;
    bool warned_no_token_ = false;
    std::optional<core::Time> last_compaction_;
};

}  // namespace goalpost::bot
