#include "core/schedule/plan.hpp"

#include <fmt/format.h>

#include "core/schedule/digest.hpp"

namespace goalpost::core {
namespace {

std::string dedupe_key(const ScheduledSlot& slot) {
    return fmt::format("{}:{}:{}", kind_name(slot.kind), slot.team_id, slot.period);
}

// `message` for a team channel: the Teams webhook on Teams, `channel` on Slack; a warning
// instead when the team has neither.
void to_channel(SchedulePlan& plan, const ScheduledSlot& slot, const std::string& channel, Message message) {
    if (slot.platform == Platform::teams) {
        if (!slot.settings.has_teams_webhook) {
            plan.warnings.push_back(fmt::format("team {} has no Teams webhook: its {} is not posted", slot.team_id,
                                                kind_name(slot.kind)));
            return;
        }
        plan.messages.push_back(
            {Destination::teams_webhook, std::to_string(slot.team_id), std::move(message), dedupe_key(slot)});
        return;
    }
    if (channel.empty()) {
        plan.warnings.push_back(
            fmt::format("team {} has no channel: its {} is not posted", slot.team_id, kind_name(slot.kind)));
        return;
    }
    plan.messages.push_back({Destination::channel, channel, std::move(message), dedupe_key(slot)});
}

}  // namespace

SchedulePlan plan_reminders(const ScheduledSlot& slot, const TeamReport& week, const std::string& command_name) {
    SchedulePlan plan;
    const bool nudge = slot.kind == ScheduleKind::nudge;
    if (slot.platform == Platform::teams) {
        if (!not_checked_in(week).empty()) {
            to_channel(plan, slot, slot.settings.channel, build_channel_reminder(week, nudge, command_name));
        }
        return plan;
    }
    for (auto& pm : build_reminders(week, nudge, command_name)) {
        plan.messages.push_back({Destination::user, pm.user_id, std::move(pm.message),
                                 dedupe_key(slot) + ":" + pm.user_id});
    }
    return plan;
}

SchedulePlan plan_post(const ScheduledSlot& slot, const Message& message) {
    SchedulePlan plan;
    const bool to_stakeholders = slot.kind == ScheduleKind::summary && !slot.settings.stakeholder_channel.empty();
    to_channel(plan, slot, to_stakeholders ? slot.settings.stakeholder_channel : slot.settings.channel, message);
    return plan;
}

}  // namespace goalpost::core
