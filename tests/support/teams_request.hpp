#pragma once
// Builders for signed Teams outgoing-webhook requests, shared by the bot and e2e tests.
#include <boost/json.hpp>
#include <chrono>
#include <fmt/format.h>
#include <string>
#include <utility>
#include <vector>

#include "bot/http/types.hpp"
#include "bot/teams/signature.hpp"

namespace goalpost::testing {

// A stand-in for the security token Teams shows when an outgoing webhook is created:
// base64 of the 32 bytes 00 01 .. 1f.
inline const std::string teams_sample_secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

// "2026-11-18T09:20:00.437Z" for a unix time, with the milliseconds Teams sends.
inline std::string activity_time(long long unix_seconds, int millis = 437) {
    using namespace std::chrono;
    sys_seconds t{seconds{unix_seconds}};
    auto day = floor<days>(t);
    year_month_day ymd{day};
    hh_mm_ss hms{t - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count(), millis);
}

// A channel message to the webhook, shaped like the Activity in
// tests/fixtures/teams-outgoing-webhook-activity.json plus the tenant Teams sends today.
struct TeamsMessage {
    std::string id = "1700000000001";
    long long unix_time = 1795000000;
    std::string tenant = "tenant-a";
    std::string user_id = "29:ana";  // from.id, the Bot Framework id mentions carry too
    std::string aad_object_id = "aad-ana";  // from.aadObjectId
    std::string user_name = "Ana Lima";
    std::string conversation = "19:growth@thread.skype;messageid=1700000000000";
    std::string bot_name = "goalpost";
    std::string text;  // what follows the bot's mention; may hold <at>Name</at> for `mentions`
    std::vector<std::pair<std::string, std::string>> mentions;  // (user id, display name)

    std::string body() const {
        boost::json::array entities;
        entities.push_back({{"type", "mention"},
                            {"mentioned", {{"id", "28:webhook-" + bot_name}, {"name", bot_name}}},
                            {"text", "<at>" + bot_name + "</at>"}});
        for (const auto& [id, name] : mentions) {
            entities.push_back(
                {{"type", "mention"}, {"mentioned", {{"id", id}, {"name", name}}}, {"text", "<at>" + name + "</at>"}});
        }
        boost::json::object a;
        a["type"] = "message";
        a["id"] = id;
        a["timestamp"] = activity_time(unix_time);
        a["serviceUrl"] = "https://smba.trafficmanager.net/amer/";
        a["channelId"] = "msteams";
        a["from"] = {{"id", user_id}, {"name", user_name}, {"aadObjectId", aad_object_id}};
        a["conversation"] = {{"id", conversation}, {"isGroup", true}};
        a["recipient"] = {{"id", "28:webhook-" + bot_name}, {"name", bot_name}};
        a["textFormat"] = "plain";
        a["text"] = "<at>" + bot_name + "</at> " + text;
        a["entities"] = std::move(entities);
        a["channelData"] = {{"teamsChannelId", conversation.substr(0, conversation.find(';'))},
                            {"teamsTeamId", "19:team@thread.skype"},
                            {"tenant", {{"id", tenant}}}};
        return boost::json::serialize(a);
    }
};

inline bot::HttpRequest signed_teams_request(const std::string& body, const std::string& secret = teams_sample_secret) {
    bot::HttpRequest r;
    r.method = "POST";
    r.target = "/teams/messages";
    r.headers = {{"Content-Type", "application/json; charset=utf-8"},
                 {"Authorization", bot::teams_signature(secret, body)}};
    r.body = body;
    return r;
}

}  // namespace goalpost::testing
