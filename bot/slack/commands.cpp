#include "bot/slack/commands.hpp"

#include "bot/api/endpoint.hpp"
#include "bot/dashboard/endpoint.hpp"
#include "bot/http/client.hpp"
#include "bot/service/command_runner.hpp"
#include "bot/service/log.hpp"
#include "bot/slack/block_kit.hpp"
#include "core/commands/dispatch.hpp"
#include "core/slack_text.hpp"

namespace goalpost::bot {

HttpResponse SlackCommands::handle(const HttpRequest& request, core::Time now) const {
    std::map<std::string, std::string> form;
    if (auto refused = verifier_.refuse_or_read_form(request, now, form)) return *refused;
    auto field = [&](const char* name) -> std::string {
        auto it = form.find(name);
        return it == form.end() ? std::string() : it->second;
    };
    const auto& settings = edge_.settings;
    core::HandlerContext ctx{edge_.repos, {}, now, settings.admins, settings.slack.command};
    ctx.sources = edge_.sources;
    ctx.issue_token = issue_api_token;
    ctx.actor.workspace = core::workspace_key(core::Platform::slack, field("team_id"));
    ctx.actor.user_id = field("user_id");
    ctx.actor.user_name = field("user_name");
    ctx.actor.channel_id = field("channel_id");
    if (field("team_id").empty() || ctx.actor.user_id.empty()) {
        log::warn("slack command refused (400): team_id or user_id missing");
        return json_error(400, "malformed body");
    }
    if (auto name = field("command"); !name.empty()) ctx.command_name = name;
    if (auto* dashboard = edge_.dashboard) {
        ctx.dashboard_link = [dashboard, &settings, ws = ctx.actor.workspace, user = ctx.actor.user_id,
                              now](const core::DashboardLink& link) {
            return issue_dashboard_link(*dashboard, settings, ws, user, link, now);
        };
    }
    // A later answer (a `kr sync` that outlasts Slack's 3 seconds) goes to the command's
    // response_url, which Slack accepts for 30 minutes; the request was signed, so it is Slack's.
    if (auto* http = edge_.http; http && !field("response_url").empty()) {
        ctx.reply_later = [http, url = field("response_url")](const core::Message& m) {
            const auto result = http->post(url, {}, render_slash_reply(m));
            if (result.network_error || result.status < 200 || result.status >= 300) {
                log::warn("a later answer to a slash command was not taken by Slack (status {}): {}", result.status,
                          result.error);
            }
        };
    }
    // Slack escapes & < > in what people type; the parser and the store see what was typed.
    const std::string typed = core::decode_slack_text(field("text"));
    auto outcome = edge_.runner.run(ctx.actor, now, [&] { return core::handle_text(typed, ctx); });
    return json_response(200, render_slash_reply(outcome.message));
}

}  // namespace goalpost::bot
