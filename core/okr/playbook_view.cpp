#include "core/okr/playbook_view.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <functional>
#include <set>

#include "core/okr/scoring.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

double rolled(const std::map<int, AlignmentNode>& nodes, int number, int depth, std::set<int>& path) {
    auto it = nodes.find(number);
    if (it == nodes.end()) return 0;
    std::vector<double> parts = it->second.kr_progress;
    if (depth > 0) {
        path.insert(number);
        for (int child : children_of(nodes, number)) {
            if (path.count(child)) continue;  // a cycle in the data: count each objective once per path
            parts.push_back(rolled(nodes, child, depth - 1, path));
        }
        path.erase(number);
    }
    if (parts.empty()) return 0;
    double sum = 0;
    for (double p : parts) sum += p;
    return sum / static_cast<double>(parts.size());
}

std::string normalise(std::string_view s) {
    std::string out;
    bool space = false;
    for (unsigned char c : ascii_lower(s)) {
        if (std::isalnum(c) || c >= 0x80) {
            if (space && !out.empty()) out += ' ';
            out += static_cast<char>(c);
            space = false;
        } else {
            space = true;
        }
    }
    return out;
}

// The quarter `by` quarters after "2027-Q1" (before, when negative); empty for another name.
std::string shifted_quarter(std::string_view cycle, int by) {
    if (!valid_cycle(cycle)) return {};
    int index = std::stoi(std::string(cycle.substr(0, 4))) * 4 + (cycle[6] - '1') + by;
    return fmt::format("{}-Q{}", index / 4, index % 4 + 1);
}

}  // namespace

std::vector<int> children_of(const std::map<int, AlignmentNode>& nodes, int number) {
    std::vector<int> out;
    for (const auto& [n, node] : nodes) {
        if (node.objective.parent_number == number && n != number) out.push_back(n);
    }
    return out;
}

double rolled_up_progress(const std::map<int, AlignmentNode>& nodes, int number, int max_depth) {
    std::set<int> path;
    return rolled(nodes, number, max_depth, path);
}

void keep_cycle_and_parents(std::map<int, AlignmentNode>& nodes, std::string_view cycle) {
    std::set<int> keep;
    for (const auto& [n, node] : nodes) {
        if (node.objective.cycle != cycle) continue;
        int at = n;
        // A parent may run longer than the cycle (a yearly company objective); a loop in the
        // data stops where it comes round again.
        for (int guard = 0; guard < 20 && nodes.count(at) && keep.insert(at).second; ++guard) {
            auto parent = nodes.at(at).objective.parent_number;
            if (!parent) break;
            at = *parent;
        }
    }
    std::erase_if(nodes, [&](const auto& kv) { return !keep.count(kv.first); });
}

std::vector<int> alignment_roots(const std::map<int, AlignmentNode>& nodes, std::optional<RowId> team_id) {
    std::vector<int> roots;
    for (const auto& [n, node] : nodes) {
        const auto& o = node.objective;
        bool parent_shown = o.parent_number && nodes.count(*o.parent_number);
        if (team_id) {
            bool parent_in_team = parent_shown && nodes.at(*o.parent_number).objective.team_id == *team_id;
            if (o.team_id == *team_id && !parent_in_team) roots.push_back(n);
        } else if (!parent_shown) {
            roots.push_back(n);
        }
    }
    return roots;
}

std::vector<TreeRow> alignment_rows(const std::map<int, AlignmentNode>& nodes, const std::vector<int>& roots) {
    std::vector<TreeRow> rows;
    std::set<int> drawn;
    std::function<void(int, int)> draw = [&](int n, int depth) {
        if (!drawn.insert(n).second || rows.size() >= max_tree_rows) return;
        rows.push_back({n, depth});
        if (depth < max_tree_depth) {
            for (int child : children_of(nodes, n)) draw(child, depth + 1);
        }
    };
    for (int r : roots) draw(r, 0);
    return rows;
}

Scorecard score_objective(const Objective& o, const std::vector<KeyResult>& krs,
                          const std::vector<GradeOverride>& overrides) {
    Scorecard card;
    card.threshold = success_threshold(o.kind);
    double sum = 0;
    for (const auto& kr : krs) {
        KrScore s{kr, progress(kr), std::nullopt, {}};
        for (const auto& ov : overrides) {
            if (ov.kr_id == kr.id) {
                s.override_score = ov.score;
                s.reason = ov.reason;
            }
        }
        sum += s.score();
        card.krs.push_back(std::move(s));
    }
    card.score = krs.empty() ? 0 : sum / static_cast<double>(krs.size());
    return card;
}

bool needs_retro(const KrScore& s) { return s.score() < retro_prompt_below; }

bool repeats_title(std::string_view kr_title, std::string_view objective_title) {
    auto k = normalise(kr_title), o = normalise(objective_title);
    if (k.empty() || o.empty()) return false;
    return k == o || k.find(o) != std::string::npos;
}

std::string previous_cycle(std::string_view cycle) { return shifted_quarter(cycle, -1); }

std::string next_cycle(std::string_view cycle) { return shifted_quarter(cycle, +1); }

std::vector<std::string> template_names() { return {"sales", "marketing", "product", "customer-success"}; }

std::optional<OkrTemplate> template_named(std::string_view name) {
    static const std::vector<OkrTemplate> all = {
        {"sales", "Grow new revenue from mid-market customers",
         {{"New annual recurring revenue", "from=0 to=500,000 unit=$"},
          {"Qualified pipeline created", "from=0 to=2,000,000 unit=$"},
          {"Win rate on qualified deals", "from=18% to=25%"},
          {"Average sales cycle in days", "from=60 to=45 unit=days"}}},
        {"marketing", "Make goalpost the name teams think of for OKRs",
         {{"Marketing-qualified leads per month", "from=300 to=600 unit=leads"},
          {"Organic sign-ups per month", "from=1,000 to=1,800 unit=sign-ups"},
          {"Cost per lead", "from=$120 to=$80"}}},
        {"product", "Make the first week delightful for new teams",
         {{"New teams active in week 2", "from=35% to=55%"},
          {"Time to first check-in in minutes", "from=30 to=5 unit=min"},
          {"Onboarding satisfaction score", "from=6.8 to=8.5 unit=pts"},
          {"Ship the guided setup", "binary"}}},
        {"customer-success", "Customers stay and grow with us",
         {{"Gross revenue churn per quarter", "from=5% to=3%"},
          {"Net revenue retention", "from=102% to=110%"},
          {"Customers with a health score above 70", "from=60% to=80%"}}},
    };
    std::string wanted = ascii_lower(name);
    if (wanted == "cs" || wanted == "customer_success" || wanted == "success") wanted = "customer-success";
    for (const auto& t : all) {
        if (t.name == wanted) return t;
    }
    return std::nullopt;
}

}  // namespace goalpost::core
