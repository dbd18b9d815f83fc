#include "core/commands/help.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "core/commands/alignment.hpp"
#include "core/commands/checkin.hpp"
#include "core/commands/context.hpp"
#include "core/commands/cycle.hpp"
#include "core/commands/dashboard.hpp"
#include "core/commands/source.hpp"
#include "core/commands/token.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/key_result.hpp"
#include "core/commands/objective.hpp"
#include "core/commands/playbook.hpp"
#include "core/commands/previews.hpp"
#include "core/commands/team.hpp"
#include "core/commands/template.hpp"
#include "core/commands/views.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr std::string_view topics[] = {"team",  "objective", "kr",    "checkin", "list",     "show",
                                       "win",   "edit",      "archive", "grade", "retro",    "tree",
                                       "template", "carry",  "cycle", "digest",  "summary", "token",
                                       "dashboard"};

// Every family's lines, in the order of `topics`.
std::vector<HelpLine> all_lines() {
    std::vector<HelpLine> lines;
    for (auto family : {team_help(), objective_help(), key_result_help(), checkin_help(), views_help(),
                        playbook_changes_help(), playbook_grading_help(), alignment_help(), template_help(),
                        cycle_help(), previews_help(), token_help(), source_help(), dashboard_help()}) {
        lines.insert(lines.end(), family.begin(), family.end());
    }
    auto rank = [](const HelpLine& l) { return std::find(std::begin(topics), std::end(topics), l.topic) - std::begin(topics); };
    std::stable_sort(lines.begin(), lines.end(), [&](const HelpLine& a, const HelpLine& b) { return rank(a) < rank(b); });
    return lines;
}

}  // namespace

std::span<const std::string_view> help_topics() { return topics; }

ParseResult parse_help(Cursor& in) {
    std::string topic;
    for (; !in.done(); in.next()) {
        if (!topic.empty()) topic += ' ';
        topic += ascii_lower(in.peek().text);
    }
    return HelpCmd{topic};
}

Outcome handle(const HelpCmd& c, Context& cx) {
    static const std::vector<HelpLine> lines = all_lines();
    std::vector<const HelpLine*> chosen;
    for (const auto& l : lines) {
        if (c.topic.empty() || c.topic == l.topic) chosen.push_back(&l);
    }
    if (chosen.empty()) return UserError{fmt::format("There's no help topic `{}`.", escape_text(c.topic)), cx.cmd("help")};
    Message m;
    m.header(c.topic.empty() ? "goalpost: OKRs in chat" : fmt::format("{} {}", cx.command_name(), c.topic));
    for (const auto* l : chosen) m.section(fmt::format("`{} {}`\n{}", cx.command_name(), l->usage, l->what));
    if (c.topic.empty()) {
        m.context("Scores run from 0.0 to 1.0: red below 0.4, yellow to 0.7, green from 0.7. Check in every week.");
    }
    std::vector<std::string> names(std::begin(topics), std::end(topics));
    m.text = fmt::format("{} help: {}", cx.command_name(), join(names));
    return m;
}

}  // namespace goalpost::core
