#pragma once
// The Events API request URL: url_verification and the event_callback envelope.
// https://api.slack.com/apis/events-api, https://api.slack.com/events/url_verification,
// https://api.slack.com/events/app_home_opened
#include <optional>
#include <string>
#include <string_view>

#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "bot/slack/verify.hpp"

namespace goalpost::bot {

struct SlackEvent {
    std::string type;        // "url_verification" | "event_callback" | another envelope type
    std::string challenge;   // url_verification
    std::string team_id;     // event_callback: the workspace
    std::string event_id;    // event_callback: unique per event, the same on Slack's retries
    std::string event_type;  // event.type, e.g. "app_home_opened"
    std::string user;        // event.user
    std::string tab;         // event.tab of app_home_opened: "home" | "messages"
};

// The JSON body of a request to /slack/events; nullopt unless it is a JSON object with a
// string "type". Fields that are absent or not strings are left empty.
std::optional<SlackEvent> parse_slack_event(std::string_view body);

// `text` when it looks like a Slack identifier or type name (letters, digits, `_`, `.`, `-`,
// at most 64 characters), else "unrecognised": what may go into a log line.
std::string loggable(std::string_view text);

// POST /slack/events. Answers within Slack's 3 s whatever Slack's Web API does: the Home tab
// is built from the database and written to the outbox; the delivery worker calls
// views.publish (with its retries and Retry-After handling).
class SlackEvents {
public:
    SlackEvents(const EdgeContext& edge, const SlackVerifier& verifier) : edge_(edge), verifier_(verifier) {}
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

private:
    std::optional<HttpResponse> publish_home(const SlackEvent& event, const std::string& retry, core::Time now) const;

    const EdgeContext& edge_;
    const SlackVerifier& verifier_;
};

}  // namespace goalpost::bot
