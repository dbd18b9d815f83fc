#pragma once
// The "Check in" button of reminders and the modal it opens (Block Kit interactivity).
// https://api.slack.com/reference/interaction-payloads
#include <optional>
#include <string>
#include <string_view>

#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "bot/slack/verify.hpp"
#include "core/types.hpp"

namespace goalpost::bot {

inline constexpr std::string_view checkin_action = "checkin_open";
inline constexpr std::string_view checkin_callback = "checkin";

struct Interaction {
    std::string type;  // "block_actions" | "view_submission" | other
    std::string team_id;
    std::string user_id;
    std::string user_name;
    std::string trigger_id;
    // block_actions: the first action
    std::string action_id;
    std::string action_value;
    // view_submission
    std::string callback_id;
    std::string private_metadata;
    std::string value;        // state.values.value.value.value, as typed (Slack's escaping decoded)
    std::string confidence;   // state.values.confidence.confidence.selected_option.value
    std::string note;         // state.values.note.note.value, as typed
};

// The JSON of the `payload` form field; nullopt if it is not an interaction object.
std::optional<Interaction> parse_interaction(std::string_view payload_json);

// views.open body: a modal asking for the new value, a confidence and a note.
std::string checkin_modal(const std::string& trigger_id, const core::KeyResult& kr);

// {"response_action":"errors","errors":{block: message}}: Slack shows it under the field.
std::string modal_error(const std::string& block_id, const std::string& message);

// POST /slack/interactions: the button opens the modal (views.open), the modal's submission
// records the check-in exactly as the slash command does and posts the new progress to the
// team's channel.
class SlackInteractions {
public:
    SlackInteractions(const EdgeContext& edge, const SlackVerifier& verifier) : edge_(edge), verifier_(verifier) {}
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

private:
    void open_modal(const Interaction& interaction) const;
    HttpResponse submit(const Interaction& interaction, core::Time now) const;

    const EdgeContext& edge_;
    const SlackVerifier& verifier_;
};

}  // namespace goalpost::bot
