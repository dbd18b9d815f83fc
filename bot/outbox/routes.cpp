#include "bot/outbox/routes.hpp"

#include "bot/slack/block_kit.hpp"
#include "bot/teams/adaptive_card.hpp"

namespace goalpost::bot {

std::optional<storage::NewOutboxItem> to_team_channel(core::Platform platform, core::RowId team_id,
                                                      const core::TeamSettings& settings, const std::string& channel,
                                                      const core::Message& message,
                                                      std::optional<std::string> dedupe_key) {
    if (platform == core::Platform::teams) {
        // Delivery looks the webhook URL (a secret) up by team when it sends.
        if (!settings.has_teams_webhook) return std::nullopt;
        return storage::NewOutboxItem{core::Platform::teams, storage::DestinationKind::teams_webhook, std::to_string(team_id),
                                      render_teams_webhook_payload(message), std::move(dedupe_key)};
    }
    if (channel.empty()) return std::nullopt;
    return storage::NewOutboxItem{core::Platform::slack, storage::DestinationKind::channel, channel, render_slack_message(message), std::move(dedupe_key)};
}

storage::NewOutboxItem to_slack_user(const std::string& user_id, const core::Message& message,
                                     std::optional<std::string> dedupe_key) {
    return {core::Platform::slack, storage::DestinationKind::user, user_id, render_slack_message(message), std::move(dedupe_key)};
}

storage::NewOutboxItem to_planned(core::Platform platform, const core::PlannedMessage& planned) {
    switch (planned.kind) {
        case core::Destination::teams_webhook:
            return {core::Platform::teams, storage::DestinationKind::teams_webhook, planned.destination,
                    render_teams_webhook_payload(planned.message), planned.dedupe_key};
        case core::Destination::user:
            return to_slack_user(planned.destination, planned.message, planned.dedupe_key);
        case core::Destination::channel:
            break;
    }
    return {platform, storage::DestinationKind::channel, planned.destination, render_slack_message(planned.message),
            planned.dedupe_key};
}

storage::NewOutboxItem to_slack_home(const std::string& user_id, const core::Message& message) {
    return {core::Platform::slack, storage::DestinationKind::home, user_id, render_slack_home_view(message), std::nullopt};
}

}  // namespace goalpost::bot
