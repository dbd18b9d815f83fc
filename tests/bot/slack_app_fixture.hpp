#pragma once
// The App wired to a fake Slack, as serve wires it, with workspace T1's team "growth"
// (channel C42), O-1 "Grow" and KR-1 "Leads" 0 -> 1,200. Signed requests at a fixed time.
#include <chrono>
#include <memory>
#include <string>

#include "bot/service/app.hpp"
#include "bot/http/client.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/slack_request.hpp"

namespace goalpost::testing {

struct SlackAppFixture {
    static constexpr long long now_s = 1795000000;
    const core::Time now{std::chrono::seconds{now_s}};

    FakeSlack slack;
    config::Settings settings;
    testing::Store store{":memory:"};
    std::unique_ptr<bot::OutboundHttp> http = bot::make_outbound_http(std::chrono::seconds(2));
    std::unique_ptr<bot::App> app;
    int woken = 0;  // times the app said the outbox has something new

    SlackAppFixture() {
        settings.slack.signing_secret = sample_secret;
        settings.slack.bot_token = "xoxb-test-token";
        settings.slack.api_base_url = slack.base_url();
        app = std::make_unique<bot::App>(settings, store);
        app->set_outbound(http.get(), [this] { ++woken; });
        command("team create growth channel=<#C42|growth>");
        command("objective add Grow");
        command("kr add O-1 Leads from=0 to=1,200");
    }
    bot::HttpResponse command(const std::string& text, const std::string& team = "T1") {
        SlashCommand c;
        c.team_id = team;
        c.text = text;
        return app->handle(signed_request(c.body(), now_s), now);
    }
    bot::HttpResponse interact(const std::string& payload, long long ts = now_s) {
        return app->handle(signed_request("payload=" + form_encode(payload), ts, sample_secret, "/slack/interactions"),
                           now);
    }
};

}  // namespace goalpost::testing
