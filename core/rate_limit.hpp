#pragma once
// Per-user and per-workspace command limits, so one noisy script cannot starve a workspace.
// Token buckets: each key may burst up to its per-minute limit and refills evenly over the
// minute. Time is passed in; the limiter never reads a clock. Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/types.hpp"

namespace goalpost::core {

struct RateLimits {
    unsigned per_user_per_minute = 30;
    unsigned per_workspace_per_minute = 600;
};

// Why a command was held back and when the asker may try again.
struct RateLimited {
    enum class Scope { user, workspace } scope;
    std::chrono::seconds retry_after;
};

class RateLimiter {
public:
    explicit RateLimiter(RateLimits limits, std::size_t max_tracked_keys = 100000);

    // Takes one command from both the user's and the workspace's bucket, or neither: a user
    // held back does not use up the workspace's allowance.
    std::optional<RateLimited> admit(const WorkspaceKey& workspace, const std::string& user_id, Time now);

    std::size_t tracked_keys() const;

private:
    struct Bucket {
        double tokens;
        Time updated;
    };
    Bucket& bucket(const std::string& key, unsigned capacity, Time now);
    void forget_idle(Time now);

    RateLimits limits_;
    std::size_t max_tracked_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    Time last_sweep_{};
};

// The ephemeral answer to a held-back command: what happened and when to try again.
std::string describe(const RateLimited& limited, const RateLimits& limits);

}  // namespace goalpost::core
