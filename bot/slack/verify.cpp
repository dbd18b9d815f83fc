#include "bot/slack/verify.hpp"

#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"
#include "bot/slack/form.hpp"
#include "bot/slack/signature.hpp"

namespace goalpost::bot {

std::optional<HttpResponse> SlackVerifier::refuse(const HttpRequest& request, core::Time now) const {
    const auto& secret = settings_.slack.signing_secret;
    if (!secret) {
        log::warn("slack request refused: slack.signing_secret is not set");
        return json_error(503, "slack is not configured");
    }
    auto check = verify_slack_signature(*secret, request.header("X-Slack-Request-Timestamp"),
                                        request.header("X-Slack-Signature"), request.body, now);
    if (check != SignatureCheck::ok) {
        log::warn("slack request to {} refused (401): {}", request.path(), describe(check));
        metrics_.record_refused(describe(check));
        return json_error(401, "unauthorized");
    }
    return std::nullopt;
}

std::optional<HttpResponse> SlackVerifier::refuse_or_read_form(const HttpRequest& request, core::Time now,
                                                               std::map<std::string, std::string>& form) const {
    if (auto refused = refuse(request, now)) return refused;
    auto parsed = parse_form(request.body);
    if (!parsed) {
        log::warn("slack request to {} refused (400): body is not form-encoded", request.path());
        return json_error(400, "malformed body");
    }
    form = std::move(*parsed);
    return std::nullopt;
}

}  // namespace goalpost::bot
