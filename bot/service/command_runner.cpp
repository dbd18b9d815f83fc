#include "bot/service/command_runner.hpp"

#include "bot/outbox/writer.hpp"
#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"

namespace goalpost::bot {

CommandRunner::CommandRunner(const config::Settings& settings, Metrics& metrics, OutboxWriter& outbox)
    : metrics_(metrics),
      outbox_(outbox),
      limits_{settings.limits.commands_per_user_per_minute, settings.limits.commands_per_workspace_per_minute},
      limiter_(limits_) {}

core::Outcome CommandRunner::run(const core::Actor& actor, core::Time now,
                                 const std::function<core::Outcome()>& command) {
    if (auto limited = admit(actor, now)) return core::error_message({core::describe(*limited, limits_), {}});
    if (auto outcome = execute(actor, now, command)) return std::move(*outcome);
    // Tell the person plainly.
    return core::error_message(
        {"goalpost couldn't save or read that just now, so nothing was changed. Please try again in a minute.", {}});
}

std::optional<core::RateLimited> CommandRunner::admit(const core::Actor& actor, core::Time now) {
    auto limited = limiter_.admit(actor.workspace, actor.user_id, now);
    if (limited) {
        const bool user = limited->scope == core::RateLimited::Scope::user;
        log::warn("command from {} held back: {} rate limit, retry in {} s", user ? "a user" : "a workspace",
                  user ? "per-user" : "per-workspace", limited->retry_after.count());
        metrics_.record_rate_limited(user ? "user" : "workspace");
    }
    return limited;
}

std::optional<core::Outcome> CommandRunner::execute(const core::Actor& actor, core::Time now,
                                                    const std::function<core::Outcome()>& command) {
    core::Outcome outcome;
    try {
        outcome = command();
    } catch (const std::exception& e) {
        // The environment failed (disk full, database locked).
        log::error("command failed: {}", e.what());
        metrics_.record_storage_failure();
        return std::nullopt;
    }
    if (outcome.checkin_recorded) metrics_.record_checkin();
    outbox_.announce(actor.workspace, outcome.announcements, now);
    return outcome;
}

}  // namespace goalpost::bot
