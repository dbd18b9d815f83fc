#include "core/commands/previews.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"digest", "digest [team NAME]", "Preview this week's digest for a team."},
    {"summary", "summary [team NAME] [month=2027-01]",
     "Preview the stakeholder summary of a month (public objectives only)."},
};

// The team to preview and its settings; the error when schedules are not available.
struct Previewed {
    Team team;
    TeamSettings settings;
};
UserResult<Previewed> previewed(Context& cx, const std::optional<std::string>& name, std::string_view usage) {
    if (!cx.repos().cadence || !cx.repos().reports) return cx.schedules_missing();
    auto team = cx.team_or_mine(name, usage);
    if (!team) return team.error();
    return Previewed{*team, *cx.repos().cadence->settings_of(cx.ws(), team->id)};
}

}  // namespace

ParseResult parse_digest(Cursor& in) {
    DigestCmd cmd;
    const std::string usage = "digest team growth";
    auto error = in.team_and(cmd.team, usage, [&](const Option& o) -> std::optional<UserError> {
        return UserError{fmt::format("`{}=` isn't an option of digest.", escape_text(o.key)), in.hint(usage)};
    });
    if (error) return *error;
    return cmd;
}

ParseResult parse_summary(Cursor& in) {
    SummaryCmd cmd;
    const std::string usage = "summary team growth month=2027-01";
    auto error = in.team_and(cmd.team, usage, [&](const Option& o) -> std::optional<UserError> {
        if (o.key != "month") {
            return UserError{fmt::format("`{}=` isn't an option of summary.", escape_text(o.key)), in.hint(usage)};
        }
        if (o.value.size() != 7 || o.value[4] != '-' || !parse_date(o.value + "-01")) {
            return UserError{fmt::format("`month={}` isn't a month; write it as YYYY-MM.", escape_text(o.value)),
                             in.hint(usage)};
        }
        cmd.month = o.value;
        return std::nullopt;
    });
    if (error) return *error;
    return cmd;
}

std::span<const HelpLine> previews_help() { return help_lines; }

Outcome handle(const DigestCmd& c, Context& cx) {
    auto p = previewed(cx, c.team, "digest team NAME");
    if (!p) return p.error();
    const auto& [team, s] = *p;
    // Windows end before their last instant; a preview includes what happened this second.
    const Time through_now = cx.now() + std::chrono::seconds(1);
    const bool internal_ok = sees_internal_of(cx.viewer(), team.id);
    auto m = weekly_digest(cx.repos(), cx.ws(), team, s.cadence.timezone, through_now, !internal_ok);
    m.audience = Audience::ephemeral;
    if (!internal_ok) {
        m.context(fmt::format("Public objectives only: team *{}*'s internal ones are for its members and the "
                              "leads above it.",
                              escape_text(team.name)));
    }
    m.context(fmt::format("Preview, only you see it. The team channel gets the digest {} ({}).",
                          format_weekly(s.cadence.digest), escape_text(s.cadence.timezone)));
    return m;
}

Outcome handle(const SummaryCmd& c, Context& cx) {
    auto p = previewed(cx, c.team, "summary team NAME");
    if (!p) return p.error();
    const auto& [team, s] = *p;
    const auto& tz = s.cadence.timezone;
    Message m;
    if (c.month) {
        auto range = month_range(tz, *c.month);
        m = monthly_summary(cx.repos(), cx.ws(), team, range->first, range->second, *c.month);
    } else {
        m = monthly_summary(cx.repos(), cx.ws(), team, month_start(tz, cx.now()), cx.now() + std::chrono::seconds(1),
                            month_key(tz, cx.now()) + " so far");
    }
    m.audience = Audience::ephemeral;
    m.context(fmt::format("Preview, only you see it. Stakeholders get the summary of the past month on day {}.",
                          format_monthly(s.cadence.summary)));
    return m;
}

}  // namespace goalpost::core
