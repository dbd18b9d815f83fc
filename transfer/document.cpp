#include "transfer/document.hpp"

#include <charconv>

#include <fmt/format.h>

#include "core/text.hpp"

namespace goalpost::transfer {

Counts count(const Workspace& ws) {
    Counts n;
    n.teams = static_cast<int>(ws.teams.size());
    for (const auto& t : ws.teams) n.members += static_cast<int>(t.members.size());
    n.cycles = static_cast<int>(ws.cycles.size());
    n.objectives = static_cast<int>(ws.objectives.size());
    n.key_results = static_cast<int>(ws.key_results.size());
    n.checkins = static_cast<int>(ws.checkins.size());
    n.wins = static_cast<int>(ws.wins.size());
    n.grade_overrides = static_cast<int>(ws.grade_overrides.size());
    n.retros = static_cast<int>(ws.retros.size());
    n.edits = static_cast<int>(ws.edits.size());
    return n;
}

Counts count(const std::vector<Workspace>& workspaces) {
    Counts sum;
    for (const auto& ws : workspaces) {
        const Counts n = count(ws);
        sum.teams += n.teams;
        sum.members += n.members;
        sum.cycles += n.cycles;
        sum.objectives += n.objectives;
        sum.key_results += n.key_results;
        sum.checkins += n.checkins;
        sum.wins += n.wins;
        sum.grade_overrides += n.grade_overrides;
        sum.retros += n.retros;
        sum.edits += n.edits;
    }
    return sum;
}

std::string objective_ref(int number) { return fmt::format("O-{}", number); }
std::string kr_ref(int number) { return fmt::format("KR-{}", number); }

std::optional<int> parse_ref(std::string_view text, std::string_view prefix) {
    std::string t = core::ascii_lower(text);
    const std::string p = core::ascii_lower(prefix) + "-";
    if (t.starts_with(p)) t = t.substr(p.size());
    int n = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || ec != std::errc{} || end != t.data() + t.size() || n < 1) return std::nullopt;
    return n;
}
std::string number_text(double value) { return fmt::format("{}", value); }

}  // namespace goalpost::transfer
