#pragma once
// `/okr dashboard [team NAME]`: a link to goalpost's own web page, the alignment tree and
// burn-up charts (bot/dashboard/). In Slack the link signs in the person who asked; in Teams,
// where every reply is seen by the channel, it opens the channel's team view for anyone there.
#include <optional>
#include <span>
#include <string>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct DashboardCmd {
    std::optional<std::string> team;
};

// What the edge is asked to sign: a personal link (the asker), or one shared with a channel
// that shows only `team_id`'s view of what anyone there may see.
struct DashboardLink {
    std::optional<RowId> team_id;
    bool shared = false;
};

// After the verb `dashboard`.
ParseResult parse_dashboard(Cursor& in);
std::span<const HelpLine> dashboard_help();

Outcome handle(const DashboardCmd& c, Context& cx);

}  // namespace goalpost::core
