#pragma once
// The scheduled messages, built from a TeamReport: weekly reminders and nudges, the weekly
// digest to the team channel, the monthly summary for stakeholders.
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/report.hpp"

namespace goalpost::core {

struct PersonalMessage {
    std::string user_id;
    Message message;
};

// People who own one of the team's KRs and have not checked in during the report's window.
std::vector<std::string> not_checked_in(const TeamReport& week);

// One direct message per person who has not checked in, listing their KRs with a
// "Check in" button each. `nudge` words it as the follow-up.
std::vector<PersonalMessage> build_reminders(const TeamReport& week, bool nudge, const std::string& command_name);
// The same as one channel message mentioning everyone who has not checked in (for
// platforms whose webhooks cannot send direct messages).
Message build_channel_reminder(const TeamReport& week, bool nudge, const std::string& command_name);

// Weekly digest: overall and per-objective progress with the change over the window, KRs at
// risk, wins, who checked in. Long teams are condensed, never cut off.
Message build_digest(const TeamReport& week, const std::string& week_label);

// Monthly stakeholder summary over a report gathered with public_only = true.
Message build_summary(const TeamReport& month, const std::string& month_label);

// Gather and build in one step: the digest of the 7 days ending at `at`, labelled with the
// local week; the summary of [from, to) over public objectives only. `public_only` leaves the
// team's internal objectives out of the digest (a preview for someone who may not see them).
Message weekly_digest(const Repositories& repos, const WorkspaceKey& ws, const Team& team, const std::string& timezone,
                      Time at, bool public_only = false);
Message monthly_summary(const Repositories& repos, const WorkspaceKey& ws, const Team& team, Time from, Time to,
                        const std::string& label);

}  // namespace goalpost::core
