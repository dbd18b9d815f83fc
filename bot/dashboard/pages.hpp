#pragma once
// The dashboard's pages as HTML with inline SVG: one more renderer of core's views (the
// alignment tree, core::reads), beside Block Kit and Adaptive Cards. No script, no inline
// style, nothing from another host; every chart has a <title> and a text alternative.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands/alignment.hpp"
#include "core/okr/cycles.hpp"
#include "core/playbook.hpp"
#include "core/reads.hpp"

namespace goalpost::bot::dashboard {

// & < > " ' as entities: user text in HTML text and attribute values alike (SVG too).
std::string html_escape(std::string_view text);
// A team name as one path segment (/d/team/R%26D), and back (nothing when malformed).
std::string path_segment(std::string_view name);
std::optional<std::string> from_path_segment(std::string_view segment);

struct TeamPage {
    core::Team team;
    std::string cycle;
    std::vector<core::ObjectiveRead> objectives;
    std::vector<core::Win> wins;  // in the cycle, newest first
};

struct KrPage {
    core::KeyResult kr;
    core::Objective objective;
    std::string team;
    std::optional<core::CycleSpan> span;  // the objective's cycle
    std::vector<core::Checkin> checkins;  // newest first
    std::vector<core::EditRecord> history;
    core::Time now{};
};

// `nav_team`: a session limited to one team's view shows no link to the whole tree.
std::string tree_page(const core::TreeView& view, bool whole_tree_allowed);
std::string team_page(const TeamPage& page, bool whole_tree_allowed);
std::string kr_page(const KrPage& page, bool whole_tree_allowed);
// The stakeholder view a monthly summary links to: the public objectives of its team (first)
// and the teams under it; no links that need a session.
std::string summary_page(const std::vector<TeamPage>& teams);
// A refusal or a miss: the status's words and what to do, no data.
std::string message_page(std::string_view title, std::string_view text);
const std::string& stylesheet();

// The burn-up chart alone (tests read it): check-ins as steps from the start value toward the
// target, the pace line, today, confidence markers.
std::string burn_up_svg(const KrPage& page);

}  // namespace goalpost::bot::dashboard
