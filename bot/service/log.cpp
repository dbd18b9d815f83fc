#include "bot/service/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace goalpost::bot::log {
namespace {
std::atomic<Level> min_level{Level::info};
std::mutex out_mutex;
Sink sink;  // guarded by out_mutex

const char* name(Level l) {
    switch (l) {
        case Level::debug: return "debug";
        case Level::info: return "info";
        case Level::warn: return "warn";
        case Level::error: return "error";
    }
    return "info";
}
}  // namespace

void set_level(Level level) { min_level = level; }

void set_sink(Sink s) {
    std::lock_guard lock(out_mutex);
    sink = std::move(s);
}

void write(Level level, std::string_view message) {
    if (level < min_level.load()) return;
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto day = std::chrono::floor<std::chrono::days>(now);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hms{now - day};
    std::string line = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z {} {}\n", static_cast<int>(ymd.year()),
                                   static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                   hms.hours().count(), hms.minutes().count(), hms.seconds().count(), name(level),
                                   message);
    std::lock_guard lock(out_mutex);
    if (sink) {
        sink(line);
        return;
    }
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace goalpost::bot::log
