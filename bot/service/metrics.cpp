#include "bot/service/metrics.hpp"

#include <fmt/format.h>

namespace goalpost::bot {

void Metrics::record_request(const std::string& path, int status, std::chrono::nanoseconds latency) {
    double seconds = std::chrono::duration<double>(latency).count();
    std::lock_guard lock(mutex_);
    ++requests_[{path, status}];
    for (size_t i = 0; i < buckets.size(); ++i) {
        if (seconds <= buckets[i]) ++bucket_counts_[i];
    }
    ++latency_count_;
    latency_sum_ += seconds;
}

void Metrics::record_refused(const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++refused_[reason];
}

void Metrics::record_delivery(const std::string& platform, const std::string& result) {
    std::lock_guard lock(mutex_);
    ++deliveries_[{platform, result}];
}

void Metrics::set_outbox(long long pending, long long dead) {
    outbox_depth_.store(pending, std::memory_order_relaxed);
    outbox_dead_.store(dead, std::memory_order_relaxed);
}

void Metrics::record_source_read(const std::string& kind, const std::string& result) {
    std::lock_guard lock(mutex_);
    // Every result of a kind starts at 0 once the kind was read.
    for (const char* r : {"changed", "failed", "unchanged"}) source_reads_.try_emplace({kind, r}, 0);
    ++source_reads_[{kind, result}];
}

void Metrics::record_rate_limited(const std::string& scope) {
    std::lock_guard lock(mutex_);
    ++rate_limited_[scope];
}

std::string Metrics::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    out += "# HELP goalpost_http_requests_total HTTP requests by path and status.\n";
    out += "# TYPE goalpost_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
        out += fmt::format("goalpost_http_requests_total{{path=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, count);
    }
    out += "# HELP goalpost_http_request_duration_seconds Time from a request's first byte read to its response's last byte written.\n";
    out += "# TYPE goalpost_http_request_duration_seconds histogram\n";
    for (size_t i = 0; i < buckets.size(); ++i) {
        out += fmt::format("goalpost_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", buckets[i], bucket_counts_[i]);
    }
    out += fmt::format("goalpost_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", latency_count_);
    out += fmt::format("goalpost_http_request_duration_seconds_sum {}\n", latency_sum_);
    out += fmt::format("goalpost_http_request_duration_seconds_count {}\n", latency_count_);
    out += "# HELP goalpost_checkins_recorded_total Check-ins committed to the database.\n";
    out += "# TYPE goalpost_checkins_recorded_total counter\n";
    out += fmt::format("goalpost_checkins_recorded_total {}\n", checkins_.load());
    out += "# HELP goalpost_requests_refused_total Requests refused before handling, by reason.\n";
    out += "# TYPE goalpost_requests_refused_total counter\n";
    for (const auto& [reason, count] : refused_) {
        out += fmt::format("goalpost_requests_refused_total{{reason=\"{}\"}} {}\n", reason, count);
    }
    out += "# HELP goalpost_storage_failures_total Commands that failed because the database did.\n";
    out += "# TYPE goalpost_storage_failures_total counter\n";
    out += fmt::format("goalpost_storage_failures_total {}\n", storage_failures_.load());
    out += "# HELP goalpost_commands_rate_limited_total Commands held back by a per-user or per-workspace limit.\n";
    out += "# TYPE goalpost_commands_rate_limited_total counter\n";
    for (const auto& [scope, count] : rate_limited_) {
        out += fmt::format("goalpost_commands_rate_limited_total{{scope=\"{}\"}} {}\n", scope, count);
    }
    out += "# HELP goalpost_deliveries_total Outbox delivery attempts by platform and result.\n";
    out += "# TYPE goalpost_deliveries_total counter\n";
    for (const auto& [key, count] : deliveries_) {
        out += fmt::format("goalpost_deliveries_total{{platform=\"{}\",result=\"{}\"}} {}\n", key.first, key.second,
                           count);
    }
    out += "# HELP goalpost_source_reads_total Reads of key-result sources by kind and result.\n";
    out += "# TYPE goalpost_source_reads_total counter\n";
    for (const auto& [key, count] : source_reads_) {
        out += fmt::format("goalpost_source_reads_total{{kind=\"{}\",result=\"{}\"}} {}\n", key.first, key.second,
                           count);
    }
    out += "# HELP goalpost_outbox_depth Outbound messages waiting to be delivered.\n";
    out += "# TYPE goalpost_outbox_depth gauge\n";
    out += fmt::format("goalpost_outbox_depth {}\n", outbox_depth_.load());
    out += "# HELP goalpost_outbox_dead Outbound messages parked as dead after failed delivery.\n";
    out += "# TYPE goalpost_outbox_dead gauge\n";
    out += fmt::format("goalpost_outbox_dead {}\n", outbox_dead_.load());
    return out;
}

}  // namespace goalpost::bot
