#include "core/rate_limit.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace goalpost::core {
namespace {

double refill_per_second(unsigned per_minute) { return per_minute / 60.0; }

std::chrono::seconds wait_for_one(double tokens, unsigned per_minute) {
    double missing = 1.0 - tokens;
    auto s = static_cast<long long>(std::ceil(missing / refill_per_second(per_minute)));
    return std::chrono::seconds{std::max(1LL, s)};
}

}  // namespace

RateLimiter::RateLimiter(RateLimits limits, std::size_t max_tracked_keys)
    : limits_(limits), max_tracked_(std::max<std::size_t>(max_tracked_keys, 2)) {}

RateLimiter::Bucket& RateLimiter::bucket(const std::string& key, unsigned capacity, Time now) {
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{static_cast<double>(capacity), now});
    Bucket& b = it->second;
    if (!inserted && now > b.updated) {
        double elapsed = std::chrono::duration<double>(now - b.updated).count();
        b.tokens = std::min<double>(capacity, b.tokens + elapsed * refill_per_second(capacity));
        b.updated = now;
    }
    return b;
}

// A bucket idle for a minute is full again, the same as an absent one: drop those when the
// map grows (at most every 10 s, so a full map of active users is not scanned per command).
void RateLimiter::forget_idle(Time now) {
    if (buckets_.size() < max_tracked_ || now - last_sweep_ < std::chrono::seconds{10}) return;
    last_sweep_ = now;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        if (now - it->second.updated >= std::chrono::minutes{1}) it = buckets_.erase(it);
        else ++it;
    }
}

std::optional<RateLimited> RateLimiter::admit(const WorkspaceKey& workspace, const std::string& user_id, Time now) {
    std::lock_guard lock(mutex_);
    forget_idle(now);
    // The user's key includes the workspace: ids are only unique inside one.
    Bucket& user = bucket("u\x1f" + workspace + "\x1f" + user_id, limits_.per_user_per_minute, now);
    if (user.tokens < 1.0) {
        return RateLimited{RateLimited::Scope::user, wait_for_one(user.tokens, limits_.per_user_per_minute)};
    }
    Bucket& ws = bucket("w\x1f" + workspace, limits_.per_workspace_per_minute, now);
    if (ws.tokens < 1.0) {
        return RateLimited{RateLimited::Scope::workspace, wait_for_one(ws.tokens, limits_.per_workspace_per_minute)};
    }
    user.tokens -= 1.0;
    ws.tokens -= 1.0;
    return std::nullopt;
}

std::size_t RateLimiter::tracked_keys() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

std::string describe(const RateLimited& limited, const RateLimits& limits) {
    auto secs = limited.retry_after.count();
    std::string when = secs == 1 ? "a second" : fmt::format("{} seconds", secs);
    if (limited.scope == RateLimited::Scope::user) {
        return fmt::format("Easy there: that's more than {} commands a minute from you, so goalpost skipped this one "
                           "and nothing was changed. Try again in {}.",
                           limits.per_user_per_minute, when);
    }
    return fmt::format("This workspace is sending goalpost more than {} commands a minute, so this one was skipped "
                       "and nothing was changed. Try again in {}.",
                       limits.per_workspace_per_minute, when);
}

}  // namespace goalpost::core
