#pragma once
// Instants for tests with an injected clock: utc(2026, 11, 23, 9, 30).
#include <chrono>

#include "core/types.hpp"

namespace goalpost::testing {

inline core::Time utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
    auto day = std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
    return core::Time{day.time_since_epoch()} + std::chrono::hours(hh) + std::chrono::minutes(mm);
}

}  // namespace goalpost::testing
