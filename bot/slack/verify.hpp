#pragma once
// What every Slack request passes before its body is read: a signing secret is configured,
// and the v0 signature of the raw body is right and fresh.
#include <map>
#include <optional>
#include <string>

#include "bot/http/types.hpp"
#include "config/settings.hpp"
#include "core/types.hpp"

namespace goalpost::bot {

class Metrics;

class SlackVerifier {
public:
    SlackVerifier(const config::Settings& settings, Metrics& metrics) : settings_(settings), metrics_(metrics) {}

    // The response to refuse the request with (503 without a secret, 401 for a bad, missing or
    // stale signature; the reason goes to the log only), or nullopt.
    std::optional<HttpResponse> refuse(const HttpRequest& request, core::Time now) const;
    // The same, then the body read as a form (400 when it is not one).
    std::optional<HttpResponse> refuse_or_read_form(const HttpRequest& request, core::Time now,
                                                    std::map<std::string, std::string>& form) const;

private:
    const config::Settings& settings_;
    Metrics& metrics_;
};

}  // namespace goalpost::bot
