#pragma once
// One-line logs to stderr: "2026-11-23T12:00:00Z info message". Secrets are never passed here.
#include <fmt/format.h>
#include <functional>
#include <string_view>

namespace goalpost::bot::log {

enum class Level { debug, info, warn, error };
void set_level(Level level);
void write(Level level, std::string_view message);
// Where lines go instead of stderr (each line as written, with its newline); an empty sink
// restores stderr. For tests that read every line the service logs.
using Sink = std::function<void(std::string_view line)>;
void set_sink(Sink sink);

template <typename... Args>
void debug(fmt::format_string<Args...> f, Args&&... args) { write(Level::debug, fmt::format(f, std::forward<Args>(args)...)); }
template <typename... Args>
void info(fmt::format_string<Args...> f, Args&&... args) { write(Level::info, fmt::format(f, std::forward<Args>(args)...)); }
template <typename... Args>
void warn(fmt::format_string<Args...> f, Args&&... args) { write(Level::warn, fmt::format(f, std::forward<Args>(args)...)); }
template <typename... Args>
void error(fmt::format_string<Args...> f, Args&&... args) { write(Level::error, fmt::format(f, std::forward<Args>(args)...)); }

}  // namespace goalpost::bot::log
