#pragma once
// Runs a chat command for a person, the same way for every platform: the rate limits first,
// then the command (its own transaction), then its announcements as a separate step.
//
// An environment failure inside the command (disk full, database locked) means nothing was
// changed: the person is told so plainly and may try again. A failure writing the
// announcements after the command committed is not the command's: the person is told what
// the command did, and the announcements are kept for later (bot/outbox/writer.hpp).
#include <functional>
#include <optional>

#include "config/settings.hpp"
#include "core/commands/dispatch.hpp"
#include "core/rate_limit.hpp"

namespace goalpost::bot {

class Metrics;
class OutboxWriter;

class CommandRunner {
public:
    CommandRunner(const config::Settings& settings, Metrics& metrics, OutboxWriter& outbox);

    core::Outcome run(const core::Actor& actor, core::Time now, const std::function<core::Outcome()>& command);

    // The two steps of run() for callers that answer otherwise (the REST API: 429, 503).
    // admit: the rate limits, logged and counted when they hold the actor back.
    std::optional<core::RateLimited> admit(const core::Actor& actor, core::Time now);
    // The command and its announcements; nullopt when the environment failed (logged and
    // counted), which means nothing was changed.
    std::optional<core::Outcome> execute(const core::Actor& actor, core::Time now,
                                         const std::function<core::Outcome()>& command);
    const core::RateLimits& limits() const { return limits_; }

private:
    Metrics& metrics_;
    OutboxWriter& outbox_;
    core::RateLimits limits_;
    core::RateLimiter limiter_;
};

}  // namespace goalpost::bot
