#include "core/commands/alignment.hpp"

#include <fmt/format.h>
#include <map>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"tree", "tree [team NAME] [cycle=2027-Q1|NAME]",
     "The alignment tree: objectives under their parents, with rolled-up progress."},
};

// Every objective the asker may see, with its key results' progress.
std::map<int, AlignmentNode> visible_nodes(Context& cx) {
    std::map<int, AlignmentNode> nodes;
    std::map<RowId, std::vector<double>> progress_of;  // by objective row id
    for (const auto& k : cx.repos().playbook->all_kr_values(cx.ws())) {
        KeyResult kr;
        kr.binary = k.binary;
        kr.start = k.start;
        kr.target = k.target;
        kr.current = k.current;
        progress_of[k.objective_id].push_back(progress(kr));
    }
    for (auto& o : cx.repos().playbook->all_objectives(cx.ws())) {
        if (!may_see(cx.viewer(), o)) continue;
        AlignmentNode node{o, {}};
        if (auto it = progress_of.find(o.id); it != progress_of.end()) node.kr_progress = std::move(it->second);
        nodes.emplace(o.number, std::move(node));
    }
    return nodes;
}

}  // namespace

ParseResult parse_tree(Cursor& in) {
    TreeCmd cmd;
    const std::string usage = "tree team company cycle=2027-Q1";
    auto error = in.team_and(cmd.team, usage, [&](const Option& o) -> std::optional<UserError> {
        if (o.key != "cycle") return UserError{fmt::format("`{}=` isn't an option of tree.", escape_text(o.key)), in.hint(usage)};
        cmd.cycle = cycle_arg(o.value);
        if (!cmd.cycle) return not_a_cycle("cycle=" + o.value, in.hint(usage));
        return std::nullopt;
    });
    if (error) return *error;
    return cmd;
}

std::span<const HelpLine> alignment_help() { return help_lines; }

UserResult<TreeView> tree_view(const TreeCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    TreeView view;
    if (c.team) {
        auto t = cx.team_named(*c.team);
        if (!t) return t.error();
        view.only = *t;
    }
    std::map<RowId, Team> teams;
    for (auto& t : cx.repos().teams.teams(cx.ws())) teams.emplace(t.id, t);
    auto nodes = visible_nodes(cx);
    auto span = cx.cycle_or_current(c.cycle, "tree cycle=2027-Q1");
    if (!span) return span.error();
    view.cycle = span->name;
    keep_cycle_and_parents(nodes, view.cycle);
    const auto& only = view.only;
    for (const auto& row : alignment_rows(nodes, alignment_roots(nodes, only ? std::optional(only->id) : std::nullopt))) {
        const auto& o = nodes.at(row.number).objective;
        auto t = teams.find(o.team_id);
        const bool flag = !o.parent_number && t != teams.end() && t->second.parent_team_id;
        if (flag) ++view.unaligned;
        view.rows.push_back(TreeRowView{o, row.depth, t != teams.end() ? t->second.name : "no team",
                                        rolled_up_progress(nodes, row.number), flag});
    }
    return view;
}

Outcome handle(const TreeCmd& c, Context& cx) {
    auto built = tree_view(c, cx);
    if (!built) return built.error();
    const auto& only = built->only;
    const std::string& cycle = built->cycle;
    const std::size_t unaligned = built->unaligned;
    std::vector<std::string> lines;
    for (const auto& row : built->rows) {
        std::string indent;
        for (int i = 0; i < row.depth; ++i) indent += "\u2003\u2003";
        lines.push_back(fmt::format("{}{}{} *{}* {} · {}{}", indent, row.depth ? "\u2514 " : "", progress_bar(row.progress),
                                    obj_ref(row.objective), escape_text(row.objective.title), escape_text(row.team),
                                    row.unaligned ? " · :warning: unaligned" : ""));
    }
    Message m;
    m.header(only ? fmt::format("Alignment · {} · {}", only->name, cycle) : fmt::format("Alignment · {}", cycle));
    if (lines.empty()) {
        m.section(only ? fmt::format("Team *{}* has no objectives in {}.", escape_text(only->name), cycle)
                       : fmt::format("No objectives in {} yet.", cycle));
    }
    add_sections(m, lines, {}, max_list_blocks);
    m.context("A parent's progress is the mean of its own key results and its aligned objectives." +
              std::string(unaligned ? fmt::format(" {} unaligned: no parent objective although the team has a parent "
                                                  "team (`objective add ... parent=O-N`).",
                                                  unaligned)
                                    : ""));
    m.text = fmt::format("Alignment tree: {} objectives", lines.size());
    return m;
}

}  // namespace goalpost::core
