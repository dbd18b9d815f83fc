// POST /teams/messages: a Teams outgoing webhook. The body is verified on its raw bytes, the
// Activity parsed, checked for age and replay, and its text run through the same /okr
// grammar as Slack. Teams waits at most 5 seconds for the reply; nothing here waits on
// anything but the local database.
#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "bot/adaptive_card.hpp"
#include "bot/app.hpp"
#include "bot/log.hpp"
#include "bot/teams.hpp"
#include "core/commands/dispatch.hpp"
#include "storage/sqlite_store.hpp"
#include "storage/teams_store.hpp"

namespace goalpost::bot {
namespace {

// The Activity's timestamp is inside the signed body; one further off than this is refused.
constexpr std::chrono::seconds max_skew{300};

HttpResponse json(int status, std::string body) { return HttpResponse{status, "application/json", std::move(body), {}}; }

HttpResponse error_json(int status, std::string_view message) {
    return json(status, fmt::format("{{\"error\":\"{}\"}}", message));
}

core::Message storage_failure_message() {
    return core::error_message(
        {"goalpost couldn't save or read that just now, so nothing was changed. Please try again in a minute.", {}});
}

}  // namespace

HttpResponse App::teams_message(const HttpRequest& request, core::Time now) {
    const auto& secret = settings_.teams.outgoing_webhook_secret;
    if (!secret) {
        log::warn("teams message refused: teams.outgoing_webhook_secret is not set");
        return error_json(503, "teams is not configured");
    }
    if (auto key = base64_decode(*secret); !key || key->empty()) {
        // Teams shows the security token as base64; anything else cannot verify a request.
        log::error("teams message refused: teams.outgoing_webhook_secret is not the base64 token Teams showed");
        return error_json(503, "teams is not configured");
    }
    auto check = verify_teams_signature(*secret, request.header("Authorization"), request.body);
    if (check != TeamsSignatureCheck::ok) {
        log::warn("teams message refused (401): {}", describe(check));
        metrics_.record_refused(describe(check));
        return error_json(401, "unauthorized");
    }
    auto parsed = parse_teams_activity(request.body);
    if (!parsed.activity) {
        log::warn("teams message refused (400): {}", parsed.problem);
        return error_json(400, "malformed body");
    }
    const auto& activity = *parsed.activity;
    // The webhook signs no timestamp header: the Activity's own timestamp bounds a replay.
    auto skew = (now - activity.timestamp).count();
    if (std::llabs(skew) > max_skew.count()) {
        log::warn("teams message refused (401): Activity {} is {} s {} now", activity.id, std::llabs(skew),
                  skew > 0 ? "older than" : "ahead of");
        metrics_.record_refused("teams: timestamp more than 300 s from now");
        return error_json(401, "unauthorized");
    }

    storage::TeamsStore teams(store_);
    // Message ids are unique within a conversation, so the key names tenant and conversation too.
    std::string key = activity.tenant + "|" + activity.conversation_id + "|" + activity.id;
    TeamsNames names;
    names.users = activity.names;
    names.channels[activity.channel_id] = activity.channel_name.empty() ? "this channel" : "#" + activity.channel_name;
    try {
        if (!teams.remember_activity(key, now)) {
            log::info("teams Activity {} was already handled; not run again", activity.id);
            return json(200, R"({"type":"message","text":"already handled"})");
        }
    } catch (const std::exception& e) {
        log::error("teams message failed: {}", e.what());
        metrics_.record_storage_failure();
        return json(200, render_teams_reply(storage_failure_message(), names));
    }

    core::HandlerContext ctx{repositories(), {}, now, settings_.admins, settings_.slack.command};
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
    auto outcome = run_command(ctx.actor, now, [&] {
        try {
            return core::handle_text(activity.text, ctx);
        } catch (const std::exception&) {
            // The environment failed: let a retry of this Activity run (run_command logs it
            // and tells the user plainly).
            try {
                teams.forget_activity(key);
            } catch (const std::exception& again) {
                log::error("teams message: could not forget Activity {}: {}", activity.id, again.what());
            }
            throw;
        }
    });
    return json(200, render_teams_reply(outcome.message, names));
}

}  // namespace goalpost::bot
