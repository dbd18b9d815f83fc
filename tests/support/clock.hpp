#pragma once
// Instants for tests with an injected clock: utc(2026, 11, 23, 9, 30), and t0, the instant
// most tests start at.
#include <chrono>

#include "core/types.hpp"

namespace goalpost::testing {

inline core::Time utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
    auto day = std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
    return core::Time{day.time_since_epoch()} + std::chrono::hours(hh) + std::chrono::minutes(mm);
}

// 2026-11-18 (a Wednesday in 2026-Q4), 17:06:40 UTC.
inline const core::Time t0 = core::Time{std::chrono::seconds{1795000000}};

}  // namespace goalpost::testing
