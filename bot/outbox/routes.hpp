#pragma once
// Where a message goes and in which platform's form: the one place that names platforms and
// destinations. A team's channel is a Slack channel or, in Teams, the team's Workflows
// webhook (an outgoing webhook cannot post by itself); a person is reached by a Slack direct
// message, and their App Home tab is published by Slack's views.publish. Teams has neither.
#include <optional>
#include <string>

#include "core/message.hpp"
#include "core/schedule/plan.hpp"
#include "core/ports.hpp"
#include "core/types.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {

// A post to a team's channel (`channel` may be its stakeholder channel); nullopt when the team
// has nowhere to post on its platform (no channel in Slack, no webhook in Teams).
std::optional<storage::NewOutboxItem> to_team_channel(core::Platform platform, core::RowId team_id,
                                                      const core::TeamSettings& settings, const std::string& channel,
                                                      const core::Message& message,
                                                      std::optional<std::string> dedupe_key);
// A Slack direct message to a user.
storage::NewOutboxItem to_slack_user(const std::string& user_id, const core::Message& message,
                                     std::optional<std::string> dedupe_key);
// A scheduled message where core's schedule plan sends it, rendered for `platform`.
storage::NewOutboxItem to_planned(core::Platform platform, const core::PlannedMessage& planned);
// A user's Slack App Home tab.
storage::NewOutboxItem to_slack_home(const std::string& user_id, const core::Message& message);

}  // namespace goalpost::bot
