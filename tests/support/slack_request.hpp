#pragma once
// Builders for signed Slack slash-command requests, shared by the bot and e2e tests.
#include <string>
#include <utility>
#include <vector>

#include "bot/slack/form_encode.hpp"
#include "bot/http/types.hpp"
#include "bot/slack/signature.hpp"

namespace goalpost::testing {

inline const std::string sample_secret = "8f742231b10e8888abcd99yyyzzz85a5";

using bot::form_encode;

struct SlashCommand {
    std::string team_id = "T1";
    std::string user_id = "U1";
    std::string user_name = "ana";
    std::string channel_id = "C1";
    std::string command = "/okr";
    std::string text;
    std::string response_url = "https://hooks.slack.com/commands/T1/1/x";

    std::string body() const {
        std::vector<std::pair<std::string, std::string>> fields = {
            {"token", "legacy-unused"}, {"team_id", team_id},     {"team_domain", "example"},
            {"channel_id", channel_id}, {"channel_name", "okrs"}, {"user_id", user_id},
            {"user_name", user_name},   {"command", command},     {"text", text},
            {"response_url", response_url}, {"trigger_id", "1.2.3"}};
        std::string out;
        for (const auto& [k, v] : fields) {
            if (!out.empty()) out += '&';
            out += k + "=" + form_encode(v);
        }
        return out;
    }
};

inline bot::HttpRequest signed_request(const std::string& body, long long timestamp,
                                       const std::string& secret = sample_secret,
                                       const std::string& path = "/slack/commands") {
    bot::HttpRequest r;
    r.method = "POST";
    r.target = path;
    std::string ts = std::to_string(timestamp);
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                 {"X-Slack-Request-Timestamp", ts},
                 {"X-Slack-Signature", bot::slack_signature(secret, ts, body)}};
    r.body = body;
    return r;
}

}  // namespace goalpost::testing
