#include "core/message.hpp"

#include <cmath>
#include <fmt/format.h>

#include "core/scoring.hpp"

namespace goalpost::core {

std::string percent(double progress) {
    return fmt::format("{}%", static_cast<int>(std::floor(progress * 100.0 + 1e-9)));
}

std::string progress_bar(double progress) {
    const char* dot = "\U0001F534";  // red
    switch (grade_of(progress)) {
        case Grade::green: dot = "\U0001F7E2"; break;
        case Grade::yellow: dot = "\U0001F7E1"; break;
        case Grade::red: break;
    }
    int filled = static_cast<int>(std::floor(progress * 10.0 + 1e-9));
    std::string bar;
    for (int i = 0; i < 10; ++i) bar += i < filled ? "\u25B0" : "\u25B1";
    return fmt::format("{} {} {}", dot, bar, percent(progress));
}

}  // namespace goalpost::core
