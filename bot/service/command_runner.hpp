#pragma once
// Runs a chat command for a person, the same way for every platform: the rate limits first,
// then the command (its own transaction), then its announcements as a separate step.
//
// An environment failure inside the command (disk full, database locked) means nothing was
// changed: the person is told so plainly and may try again. A failure writing the
// announcements after the command committed is not the command's: the person is told what
// the command did, and the announcements are kept for later (bot/outbox/writer.hpp).
#include <functional>

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

private:
    Metrics& metrics_;
    OutboxWriter& outbox_;
    core::RateLimits limits_;
    core::RateLimiter limiter_;
};

}  // namespace goalpost::bot
