#pragma once
// Counters and a latency histogram, rendered in Prometheus text format.
#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace goalpost::bot {

class Metrics {
public:
    // `path` is one of the known routes or "other", so labels stay bounded.
    void record_request(const std::string& path, int status, std::chrono::nanoseconds latency);
    void record_checkin() { checkins_.fetch_add(1, std::memory_order_relaxed); }
    void record_refused(const std::string& reason);
    void record_storage_failure() { storage_failures_.fetch_add(1, std::memory_order_relaxed); }
    // A command held back by a rate limit; `scope` is "user" or "workspace".
    void record_rate_limited(const std::string& scope);
    // One delivery attempt's outcome: platform "slack" | "teams", result "sent" | "retry" | "dead".
    void record_delivery(const std::string& platform, const std::string& result);
    // Rows waiting in the outbox and rows parked as dead, as of the last delivery pass.
    void set_outbox(long long pending, long long dead);
    // One read of a key-result source: kind "jira" | ... | "url", result "unchanged" |
    // "changed" (a check-in) | "failed".
    void record_source_read(const std::string& kind, const std::string& result);
    std::string render() const;

    static constexpr std::array<double, 12> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, unsigned long long> requests_;
    std::map<std::string, unsigned long long> refused_;
    std::array<unsigned long long, buckets.size()> bucket_counts_{};
    unsigned long long latency_count_ = 0;
    double latency_sum_ = 0;
    std::atomic<unsigned long long> checkins_{0};
    std::atomic<unsigned long long> storage_failures_{0};
    // Every known label pair starts at 0, so a rate() over "dead" works before the first one.
    std::map<std::pair<std::string, std::string>, unsigned long long> deliveries_{
        {{"slack", "dead"}, 0}, {{"slack", "retry"}, 0}, {{"slack", "sent"}, 0},
        {{"teams", "dead"}, 0}, {{"teams", "retry"}, 0}, {{"teams", "sent"}, 0}};
    std::map<std::string, unsigned long long> rate_limited_{{"user", 0}, {"workspace", 0}};
    std::map<std::pair<std::string, std::string>, unsigned long long> source_reads_;
    std::atomic<long long> outbox_depth_{0};
    std::atomic<long long> outbox_dead_{0};
};

}  // namespace goalpost::bot
