#pragma once
// Who gets which scheduled message. Reminders and nudges go to each person who has not
// checked in as a Slack direct message, or as one card in the team's channel on Teams
// (an outgoing webhook cannot send direct messages); the digest goes to the team channel,
// the monthly summary to the stakeholders' channel (or the team channel). Pure: the caller
// gathers the report and builds the messages, the plan says where each goes, under which
// dedupe key, and what could not be posted.
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/ports.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/report.hpp"
#include "core/types.hpp"

namespace goalpost::core {

enum class Destination {
    channel,        // a Slack channel id
    user,           // a Slack user id: a direct message
    teams_webhook,  // the team's Teams webhook; the destination is the team's row id
};

struct PlannedMessage {
    Destination kind = Destination::channel;
    std::string destination;
    Message message;
    // "<kind>:<team id>:<period>", with ":<user id>" for a direct message: the same
    // occurrence never posts twice.
    std::string dedupe_key;
};

struct SchedulePlan {
    std::vector<PlannedMessage> messages;
    std::vector<std::string> warnings;  // for the log: what is not posted, and why
};

// One occurrence of a team's schedule.
struct ScheduledSlot {
    Platform platform = Platform::slack;
    RowId team_id = 0;
    TeamSettings settings;
    ScheduleKind kind = ScheduleKind::reminder;
    std::string period;  // Occurrence::period
};

// Reminders and nudges (slot.kind) from the report of the week so far.
SchedulePlan plan_reminders(const ScheduledSlot& slot, const TeamReport& week, const std::string& command_name);
// The digest or the summary (slot.kind), built.
SchedulePlan plan_post(const ScheduledSlot& slot, const Message& message);

}  // namespace goalpost::core
