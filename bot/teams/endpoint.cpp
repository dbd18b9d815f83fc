#include "bot/teams/endpoint.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <variant>

#include "bot/teams/adaptive_card.hpp"
#include "bot/service/command_runner.hpp"
#include "bot/service/metrics.hpp"
#include "bot/dashboard/endpoint.hpp"
#include "bot/service/log.hpp"
#include "bot/crypto/hmac.hpp"
#include "bot/teams/signature.hpp"
#include "bot/teams/activity.hpp"
#include "core/commands/dispatch.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {
namespace {

// The Activity's timestamp is inside the signed body; one further off than this is refused.
constexpr std::chrono::seconds max_skew{300};

core::Message storage_failure_message() {
    return core::error_message(
        {"goalpost couldn't save or read that just now, so nothing was changed. Please try again in a minute.", {}});
}

}  // namespace

// The secret usable, the signature good, the body an Activity, its timestamp recent: the
// Activity; else the response that refuses the request.
std::variant<HttpResponse, TeamsActivity> TeamsEndpoint::verify(const HttpRequest& request, core::Time now) const {
    const auto& secret = edge_.settings.teams.outgoing_webhook_secret;
    if (!secret) {
        log::warn("teams message refused: teams.outgoing_webhook_secret is not set");
        return json_error(503, "teams is not configured");
    }
    if (auto key = crypto::base64_decode(*secret); !key || key->empty()) {
        // Teams shows the security token as base64; anything else cannot verify a request.
        log::error("teams message refused: teams.outgoing_webhook_secret is not the base64 token Teams showed");
        return json_error(503, "teams is not configured");
    }
    auto check = verify_teams_signature(*secret, request.header("Authorization"), request.body);
    if (check != TeamsSignatureCheck::ok) {
        log::warn("teams message refused (401): {}", describe(check));
        edge_.metrics.record_refused(describe(check));
        return json_error(401, "unauthorized");
    }
    auto parsed = parse_teams_activity(request.body);
    if (!parsed.activity) {
        log::warn("teams message refused (400): {}", parsed.problem);
        return json_error(400, "malformed body");
    }
    auto& activity = *parsed.activity;
    // The webhook signs no timestamp header: the Activity's own timestamp bounds a replay.
    auto skew = (now - activity.timestamp).count();
    if (std::llabs(skew) > max_skew.count()) {
        log::warn("teams message refused (401): Activity {} is {} s {} now", activity.id, std::llabs(skew),
                  skew > 0 ? "older than" : "ahead of");
        edge_.metrics.record_refused("teams: timestamp more than 300 s from now");
        return json_error(401, "unauthorized");
    }
    return std::move(activity);
}

// Who typed the Activity, where, and under which name the hints address goalpost.
core::HandlerContext TeamsEndpoint::context_for(const TeamsActivity& activity, core::Time now) const {
    core::HandlerContext ctx{edge_.repos, {}, now, edge_.settings.admins, edge_.settings.slack.command};
    ctx.sources = edge_.sources;
    // An operator may list a Teams admin by the Azure AD object id they can see in the admin
    // centre, or by the "29:" id goalpost uses.
    if (!activity.aad_object_id.empty() &&
        std::find(ctx.admins.begin(), ctx.admins.end(), activity.aad_object_id) != ctx.admins.end()) {
        ctx.admins.push_back(activity.user_id);
    }
    ctx.actor.workspace = core::workspace_key(core::Platform::teams, activity.tenant);
    ctx.actor.user_id = activity.user_id;
    ctx.actor.user_name = activity.user_name;
    ctx.actor.channel_id = activity.channel_id;
    // Hints read "@goalpost checkin ...", which is what a Teams user types.
    if (!activity.bot_name.empty()) ctx.command_name = "@" + activity.bot_name;
    if (auto* dashboard = edge_.dashboard) {
        ctx.dashboard_link = [dashboard, &settings = edge_.settings, ws = ctx.actor.workspace, user = ctx.actor.user_id,
                              now](const core::DashboardLink& link) {
            return issue_dashboard_link(*dashboard, settings, ws, user, link, now);
        };
    }
    return ctx;
}

HttpResponse TeamsEndpoint::handle(const HttpRequest& request, core::Time now) const {
    auto verified = verify(request, now);
    if (auto* refused = std::get_if<HttpResponse>(&verified)) return std::move(*refused);
    const auto& activity = std::get<TeamsActivity>(verified);

    auto& teams = edge_.handled;
    // Message ids are unique within a conversation, so the key names tenant and conversation too.
    std::string key = activity.tenant + "|" + activity.conversation_id + "|" + activity.id;
    TeamsNames names;
    names.users = activity.names;
    names.channels[activity.channel_id] = activity.channel_name.empty() ? "this channel" : "#" + activity.channel_name;
    try {
        if (!teams.remember_activity(key, now)) {
            log::info("teams Activity {} was already handled; not run again", activity.id);
            return json_response(200, R"({"type":"message","text":"already handled"})");
        }
    } catch (const std::exception& e) {
        log::error("teams message failed: {}", e.what());
        edge_.metrics.record_storage_failure();
        return json_response(200, render_teams_reply(storage_failure_message(), names));
    }

    auto ctx = context_for(activity, now);
    auto outcome = edge_.runner.run(ctx.actor, now, [&] {
        try {
            return core::handle_text(activity.text, ctx);
        } catch (const std::exception&) {
            // The environment failed: let a retry of this Activity run (the runner logs it
            // and tells the user plainly).
            try {
                teams.forget_activity(key);
            } catch (const std::exception& again) {
                log::error("teams message: could not forget Activity {}: {}", activity.id, again.what());
            }
            throw;
        }
    });
    return json_response(200, render_teams_reply(outcome.message, names));
}

}  // namespace goalpost::bot
