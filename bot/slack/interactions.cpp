#include "bot/slack/interactions.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include "bot/outbox/writer.hpp"
#include "bot/service/command_runner.hpp"
#include "bot/http/client.hpp"
#include "bot/service/log.hpp"
#include "bot/slack/block_kit.hpp"
#include "core/commands/checkin.hpp"
#include "core/commands/dispatch.hpp"
#include "core/commands/grammar.hpp"
#include "core/numbers.hpp"
#include "core/slack_text.hpp"
#include "core/text.hpp"

namespace goalpost::bot {
namespace json = boost::json;

namespace {

std::string str(const json::value* v) {
    if (v && v->is_string()) return std::string(v->as_string());
    return {};
}

const json::value* at(const json::value& v, std::initializer_list<std::string_view> path) {
    const json::value* cur = &v;
    for (auto key : path) {
        if (!cur->is_object()) return nullptr;
        cur = cur->as_object().if_contains(key);
        if (!cur) return nullptr;
    }
    return cur;
}

json::object plain(std::string text) {
    return json::object{{"type", "plain_text"}, {"text", std::move(text)}, {"emoji", true}};
}

json::object option(const char* label, const char* value) {
    return json::object{{"text", plain(label)}, {"value", value}};
}

}  // namespace

std::optional<Interaction> parse_interaction(std::string_view payload_json) {
    boost::system::error_code ec;
    auto v = json::parse(payload_json, ec);
    if (ec || !v.is_object()) return std::nullopt;
    Interaction i;
    i.type = str(at(v, {"type"}));
    i.team_id = str(at(v, {"team", "id"}));
    i.user_id = str(at(v, {"user", "id"}));
    i.user_name = str(at(v, {"user", "username"}));
    i.trigger_id = str(at(v, {"trigger_id"}));
    if (i.type.empty() || i.team_id.empty() || i.user_id.empty()) return std::nullopt;
    if (auto* actions = at(v, {"actions"}); actions && actions->is_array() && !actions->as_array().empty()) {
        const auto& a = actions->as_array().front();
        i.action_id = str(at(a, {"action_id"}));
        i.action_value = str(at(a, {"value"}));
    }
    i.callback_id = str(at(v, {"view", "callback_id"}));
    i.private_metadata = str(at(v, {"view", "private_metadata"}));
    // Input values are user text: Slack escapes & < > in them as in any other.
    i.value = core::decode_slack_text(str(at(v, {"view", "state", "values", "value", "value", "value"})));
    i.confidence = str(at(v, {"view", "state", "values", "confidence", "confidence", "selected_option", "value"}));
    i.note = core::decode_slack_text(str(at(v, {"view", "state", "values", "note", "note", "value"})));
    return i;
}

std::string checkin_modal(const std::string& trigger_id, const core::KeyResult& kr) {
    std::string now = kr.binary ? (kr.current >= 1 ? "done" : "not done")
                                : core::format_value(kr.current, kr.unit) + " of " + core::format_value(kr.target, kr.unit);
    json::array blocks;
    blocks.push_back(json::object{
        {"type", "section"},
        {"text", json::object{{"type", "mrkdwn"},
                              {"text", fmt::format("*KR-{}* {}\nNow: {}", kr.number, core::escape_text(kr.title),
                                                   core::escape_text(now))}}}});
    blocks.push_back(json::object{
        {"type", "input"},
        {"block_id", "value"},
        {"label", plain(kr.binary ? "Done? (done / not-done)" : "New value")},
        {"element", json::object{{"type", "plain_text_input"},
                                 {"action_id", "value"},
                                 {"placeholder", plain(kr.binary ? "done" : "e.g. 1,200 or 5%")}}}});
    blocks.push_back(json::object{
        {"type", "input"},
        {"block_id", "confidence"},
        {"optional", true},
        {"label", plain("Confidence")},
        {"element", json::object{{"type", "static_select"},
                                 {"action_id", "confidence"},
                                 {"options", json::array{option("On track", "8"), option("At risk", "5"),
                                                         option("Off track", "2")}}}}});
    blocks.push_back(json::object{
        {"type", "input"},
        {"block_id", "note"},
        {"optional", true},
        {"label", plain("Note")},
        {"element", json::object{{"type", "plain_text_input"}, {"action_id", "note"}, {"multiline", true}}}});
    json::object view{{"type", "modal"},
                      {"callback_id", checkin_callback},
                      {"private_metadata", fmt::format("KR-{}", kr.number)},
                      {"title", plain(core::truncate_utf8(fmt::format("Check in KR-{}", kr.number), 24))},
                      {"submit", plain("Check in")},
                      {"close", plain("Cancel")},
                      {"blocks", std::move(blocks)}};
    return core::sanitize_utf8(json::serialize(json::object{{"trigger_id", trigger_id}, {"view", std::move(view)}}));
}

std::string modal_error(const std::string& block_id, const std::string& message) {
    return json::serialize(json::object{{"response_action", "errors"},
                                        {"errors", json::object{{block_id, core::truncate_utf8(message, 150)}}}});
}

HttpResponse SlackInteractions::handle(const HttpRequest& request, core::Time now) const {
    std::map<std::string, std::string> form;
    if (auto refused = verifier_.refuse_or_read_form(request, now, form)) return *refused;
    auto interaction = parse_interaction(form["payload"]);
    if (!interaction) {
        log::warn("slack interaction refused (400): no interaction payload");
        return json_error(400, "malformed body");
    }
    if (interaction->type == "block_actions" && interaction->action_id == checkin_action) {
        open_modal(*interaction);
        return json_response(200, "");
    }
    if (interaction->type == "view_submission" && interaction->callback_id == checkin_callback) {
        return submit(*interaction, now);
    }
    return json_response(200, "");  // other interactions are acknowledged and ignored
}

// views.open is called here, not through the outbox: its trigger_id expires 3 s after the click.
void SlackInteractions::open_modal(const Interaction& interaction) const {
    const auto ws = core::workspace_key(core::Platform::slack, interaction.team_id);
    auto number = core::parse_ref(interaction.action_value, "kr");
    auto kr = number ? edge_.repos.objectives.find_key_result(ws, *number) : std::nullopt;
    if (!kr) return;  // a button of a deleted KR: nothing to open
    const auto& slack = edge_.settings.slack;
    if (edge_.http == nullptr || !slack.bot_token) {
        log::warn("cannot open the check-in modal: slack.bot_token is not set");
        return;
    }
    auto result = edge_.http->post(slack.api_base_url + "/views.open", {{"Authorization", "Bearer " + *slack.bot_token}},
                                   checkin_modal(interaction.trigger_id, *kr));
    if (result.network_error || result.status != 200 || result.body.find("\"ok\":true") == std::string::npos) {
        log::warn("views.open failed: status {} {}", result.status, result.network_error ? result.error : "");
    }
}

HttpResponse SlackInteractions::submit(const Interaction& interaction, core::Time now) const {
    const auto ws = core::workspace_key(core::Platform::slack, interaction.team_id);
    auto number = core::parse_ref(interaction.private_metadata, "kr");
    if (!number) return json_error(400, "malformed body");
    core::CheckinCmd cmd;
    cmd.kr = *number;
    auto value = core::parse_checkin_value(interaction.value);
    if (!value) {
        return json_response(200, modal_error("value", fmt::format("\"{}\" isn't a number. Try 1,200, 5% or $1,200.",
                                                                  core::escape_text(core::truncate_utf8(interaction.value, 40)))));
    }
    cmd.value = *value;
    if (!interaction.confidence.empty()) {
        // The modal offers 1..10; anything else is not a payload Slack sent for it.
        cmd.confidence = core::parse_confidence(interaction.confidence);
        if (!cmd.confidence) return json_response(200, modal_error("confidence", "Pick a confidence from 1 to 10."));
    }
    cmd.note = interaction.note;
    const auto& settings = edge_.settings;
    core::HandlerContext ctx{edge_.repos, {ws, interaction.user_id, interaction.user_name, ""}, now, settings.admins,
                             settings.slack.command};
    auto outcome = edge_.runner.run(ctx.actor, now, [&] { return core::handle(core::Command{cmd}, ctx); });
    if (!outcome.checkin_recorded) {
        // The same words the slash command would answer, under the value field.
        return json_response(200, modal_error("value", outcome.message.text));
    }
    // The team sees the new progress in its channel, as after /okr checkin.
    auto kr = edge_.repos.objectives.find_key_result(ws, *number);
    auto objective = kr ? edge_.repos.objectives.find_objective(ws, kr->objective_number) : std::nullopt;
    if (objective) edge_.outbox.announce(ws, {{objective->team_id, {}, outcome.message}}, now);
    return json_response(200, "");
}

}  // namespace goalpost::bot
