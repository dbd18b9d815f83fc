// The alignment tree's pruning and drawing order as pure functions over objectives.
#include <boost/test/unit_test.hpp>

#include "core/okr/playbook_view.hpp"

using namespace goalpost::core;

namespace {

// O-<number> of `team` in `cycle`, aligned to O-<parent>.
AlignmentNode node(int number, RowId team, std::string cycle, std::optional<int> parent = std::nullopt) {
    AlignmentNode n;
    n.objective.number = number;
    n.objective.team_id = team;
    n.objective.cycle = std::move(cycle);
    n.objective.parent_number = parent;
    return n;
}

// Company (team 1) runs O-1 for the year; dept (team 2) aligns O-2 (Q1) and O-3 (Q2) to it;
// squad (team 3) aligns O-4 (Q1) to O-2; O-5 (Q1) stands alone; O-6 and O-7 point at each other.
std::map<int, AlignmentNode> sample() {
    std::map<int, AlignmentNode> nodes;
    for (auto n : {node(1, 1, "FY27"), node(2, 2, "2027-Q1", 1), node(3, 2, "2027-Q2", 1), node(4, 3, "2027-Q1", 2),
                   node(5, 2, "2027-Q1"), node(6, 3, "2027-Q1", 7), node(7, 3, "2027-Q1", 6)}) {
        nodes.emplace(n.objective.number, n);
    }
    return nodes;
}

std::vector<int> numbers(const std::map<int, AlignmentNode>& nodes) {
    std::vector<int> out;
    for (const auto& [n, _] : nodes) out.push_back(n);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alignment_tree)

BOOST_AUTO_TEST_CASE(a_cycle_keeps_its_objectives_and_the_parents_they_align_to) {
    auto nodes = sample();
    keep_cycle_and_parents(nodes, "2027-Q1");
    BOOST_TEST((numbers(nodes) == std::vector<int>{1, 2, 4, 5, 6, 7}));  // O-3 is another quarter's
    auto q2 = sample();
    keep_cycle_and_parents(q2, "2027-Q2");
    BOOST_TEST((numbers(q2) == std::vector<int>{1, 3}));
    auto none = sample();
    keep_cycle_and_parents(none, "2030-Q1");
    BOOST_TEST(none.empty());
}

BOOST_AUTO_TEST_CASE(roots_are_objectives_whose_parent_is_not_shown) {
    auto nodes = sample();
    keep_cycle_and_parents(nodes, "2027-Q1");
    // O-6 and O-7 are each other's parent: neither is a root of the whole tree.
    BOOST_TEST((alignment_roots(nodes, std::nullopt) == std::vector<int>{1, 5}));
    // For one team: its objectives whose parent is another team's (or none).
    BOOST_TEST((alignment_roots(nodes, 2) == std::vector<int>{2, 5}));
    BOOST_TEST((alignment_roots(nodes, 3) == std::vector<int>{4}));
}

BOOST_AUTO_TEST_CASE(rows_go_depth_first_each_objective_once) {
    auto nodes = sample();
    keep_cycle_and_parents(nodes, "2027-Q1");
    auto rows = alignment_rows(nodes, {1, 5, 6});
    std::vector<std::pair<int, int>> drawn;
    for (const auto& r : rows) drawn.emplace_back(r.number, r.depth);
    BOOST_TEST((drawn == std::vector<std::pair<int, int>>{{1, 0}, {2, 1}, {4, 2}, {5, 0}, {6, 0}, {7, 1}}));
}

BOOST_AUTO_TEST_CASE(deep_and_long_trees_are_cut) {
    std::map<int, AlignmentNode> chain;
    for (int i = 1; i <= 12; ++i) chain.emplace(i, node(i, 1, "2027-Q1", i > 1 ? std::optional(i - 1) : std::nullopt));
    auto rows = alignment_rows(chain, {1});
    BOOST_TEST(rows.size() == static_cast<size_t>(max_tree_depth + 1));
    BOOST_TEST(rows.back().depth == max_tree_depth);

    std::map<int, AlignmentNode> flat;
    std::vector<int> roots;
    for (int i = 1; i <= 250; ++i) {
        flat.emplace(i, node(i, 1, "2027-Q1"));
        roots.push_back(i);
    }
    BOOST_TEST(alignment_rows(flat, roots).size() == max_tree_rows);
}

BOOST_AUTO_TEST_SUITE_END()
