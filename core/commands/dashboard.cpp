#include "core/commands/dashboard.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"dashboard", "dashboard [team NAME]",
     "A link to the web page: the alignment tree, each team's key results and burn-up charts."},
};

}  // namespace

ParseResult parse_dashboard(Cursor& in) {
    DashboardCmd cmd;
    const std::string usage = "dashboard team growth";
    if (in.done()) return cmd;
    if (ascii_lower(in.peek().text) == "team") in.next();
    auto team = in.team_name(usage);
    if (!team) return team.error();
    cmd.team = *team;
    if (auto rest = in.trailing(usage)) return *rest;
    return cmd;
}

std::span<const HelpLine> dashboard_help() { return help_lines; }

Outcome handle(const DashboardCmd& c, Context& cx) {
    if (!cx.dashboard_link() || cx.viewer().api || cx.viewer().source) {
        return UserError{"The dashboard isn't available here.", cx.cmd("tree")};
    }
    const bool shared = platform_of(cx.ws()) == Platform::teams;
    std::optional<Team> team;
    if (c.team) {
        auto t = cx.team_named(*c.team);
        if (!t) return t.error();
        team = *t;
    } else if (shared) {
        // The team whose channel this is: what anyone here may see of it.
        for (auto& t : cx.repos().teams.teams(cx.ws())) {
            if (!cx.actor().channel_id.empty() && t.channel == cx.actor().channel_id) team = t;
        }
        if (!team) {
            return UserError{"In Teams the dashboard link is for the whole channel, so it opens one team's page: "
                             "name the team.",
                             cx.cmd("dashboard team growth")};
        }
    }
    const auto url = cx.dashboard_link()(DashboardLink{team ? std::optional(team->id) : std::nullopt, shared});
    if (!url) {
        return UserError{"The dashboard needs to know its address first: whoever runs goalpost sets "
                         "server.public_url (README, The dashboard).",
                         ""};
    }
    Message m;
    m.audience = Audience::ephemeral;
    m.text = "Open the goalpost dashboard";
    const std::string what = team ? fmt::format("Team *{}* on the dashboard", escape_text(team->name))
                                  : std::string("Your dashboard: the alignment tree, teams and burn-up charts");
    m.section(what, Button{"Open dashboard", "dashboard_open", "", *url});
    m.context(shared ? "Anyone in this channel may open it within 10 minutes; it shows the team's public goals."
                     : "The link works once, within 10 minutes, and keeps you signed in for 12 hours. Don't "
                       "forward it: it opens what you may see.");
    return m;
}

}  // namespace goalpost::core
