#pragma once
// Test helpers: an environment that is a plain map, and problem look-ups.
#include "config/settings.hpp"

#include <map>
#include <string>

namespace goalpost::config::test {

// An environment holding only the given variables; the process environment is never read.
inline EnvLookup fake_env(std::map<std::string, std::string> vars = {}) {
    return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

// The first problem with this key, or null.
inline const Problem* find_problem(const Loaded& loaded, std::string_view key) {
    for (const Problem& p : loaded.problems)
        if (p.key == key) return &p;
    return nullptr;
}

// Every problem as "key: message" lines, for failure output.
inline std::string all_problems(const Loaded& loaded) {
    std::string out;
    for (const Problem& p : loaded.problems) out += format_problem(p) + "\n";
    return out;
}

}  // namespace goalpost::config::test
