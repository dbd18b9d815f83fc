#include "bot/api/endpoint.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <variant>

#include "bot/crypto/hmac.hpp"
#include "bot/service/command_runner.hpp"
#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"
#include "bot/slack/form.hpp"
#include "core/commands/dispatch.hpp"
#include "core/commands/grammar.hpp"
#include "core/message.hpp"
#include "core/okr/scoring.hpp"
#include "core/reads.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {

extern const char* const openapi_json_text;  // generated from bot/api/openapi.json

namespace json = boost::json;

namespace {

constexpr std::string_view api_prefix = "/api/v1/";
constexpr int default_limit = 50;
constexpr int max_limit = 200;
constexpr std::size_t max_idempotency_key = 255;
constexpr std::chrono::seconds touch_every{60};

using Query = std::map<std::string, std::string>;

// Integral values as JSON integers (42, not 4.2E1); others as doubles.
json::value number(double v) {
    if (std::trunc(v) == v && std::fabs(v) < 9007199254740992.0) return static_cast<std::int64_t>(v);
    return v;
}

json::value nullable(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

// A refusal written for chat, as plain text.
std::string plain(const core::UserError& e) {
    core::Message m;
    m.text = e.what;
    std::string text = core::plain_text(m);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

HttpResponse unauthorized(std::string_view message, bool invalid_token) {
    auto r = api_error(401, "unauthorized", message);
    r.headers.emplace_back("WWW-Authenticate",
                           invalid_token ? R"(Bearer realm="goalpost", error="invalid_token")" : R"(Bearer realm="goalpost")");
    return r;
}

HttpResponse unavailable() {
    return api_error(503, "unavailable", "goalpost couldn't read or save that just now; nothing was changed. Try again.");
}

HttpResponse created(std::string body) { return json_response(201, std::move(body)); }

json::object key_result_json(const core::KeyResultRead& r) {
    const auto& kr = r.kr;
    json::object o;
    o["id"] = fmt::format("KR-{}", kr.number);
    o["title"] = kr.title;
    o["objective"] = fmt::format("O-{}", kr.objective_number);
    o["team"] = r.team;
    o["start"] = number(kr.start);
    o["target"] = number(kr.target);
    o["current"] = number(kr.current);
    o["unit"] = kr.unit;
    o["progress"] = r.progress;
    o["confidence"] = nullable(kr.last_confidence);
    o["owner"] = kr.owner.empty() ? json::value(nullptr) : json::value(kr.owner);
    o["updated_at"] = core::iso_instant(kr.last_checkin_at.value_or(kr.created_at));
    return o;
}

json::object objective_json(const core::ObjectiveRead& r) {
    const auto& ob = r.objective;
    json::object o;
    o["id"] = fmt::format("O-{}", ob.number);
    o["title"] = ob.title;
    o["team"] = r.team;
    o["parent"] = ob.parent_number ? json::value(fmt::format("O-{}", *ob.parent_number)) : json::value(nullptr);
    o["public"] = ob.visibility == core::Visibility::public_;
    o["cycle"] = ob.cycle;
    o["progress"] = r.progress;
    json::array krs;
    for (const auto& kr : r.key_results) krs.push_back(key_result_json(kr));
    o["key_results"] = std::move(krs);
    return o;
}

json::object checkin_json(const core::Checkin& c) {
    json::object o;
    o["value"] = number(c.value);
    o["confidence"] = nullable(c.confidence);
    o["note"] = c.note;
    o["by"] = c.user_id;
    o["at"] = core::iso_instant(c.at);
    return o;
}

// The query string's parameters, each one of `allowed`; or the 400 to answer.
std::variant<Query, HttpResponse> query_of(const HttpRequest& request, std::initializer_list<std::string_view> allowed) {
    const auto q = request.target.find('?');
    if (q == std::string::npos) return Query{};
    auto params = parse_form(std::string_view(request.target).substr(q + 1));
    if (!params) return api_error(400, "invalid_field", "The query string is malformed.");
    for (const auto& [key, value] : *params) {
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            std::string names;
            for (auto a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
            return api_error(400, "invalid_field",
                             fmt::format("Unknown query parameter `{}`; this path takes {}.", key, names));
        }
    }
    return std::move(*params);
}

std::optional<std::string> param(const Query& q, const std::string& name) {
    auto it = q.find(name);
    if (it == q.end()) return std::nullopt;
    return it->second;
}

// "application/json", with or without parameters such as charset.
bool is_json(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    std::string type = core::ascii_lower(content_type.substr(0, semicolon));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type == "application/json";
}

// The body of POST /api/v1/checkins as a command; or the 400 to answer.
std::variant<core::CheckinCmd, HttpResponse> checkin_of(const std::string& body) {
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec) return api_error(400, "malformed_json", "The body isn't valid JSON.");
    const auto* o = doc.if_object();
    if (!o) return api_error(400, "invalid_field", R"(The body must be a JSON object like {"kr":"KR-7","value":42}.)");
    for (const auto& field : *o) {
        const std::string_view key = field.key();
        if (key != "kr" && key != "value" && key != "confidence" && key != "note") {
            return api_error(400, "invalid_field",
                             fmt::format("Unknown field `{}`; a check-in has kr, value, confidence and note.",
                                         std::string(key).substr(0, 64)));
        }
    }
    core::CheckinCmd cmd;
    const auto* kr = o->if_contains("kr");
    const std::optional<int> number = kr && kr->is_string() ? core::parse_ref(kr->get_string(), "kr") : std::nullopt;
    if (!number) return api_error(400, "invalid_field", R"("kr" must be a key result id like "KR-7".)");
    cmd.kr = *number;
    const auto* value = o->if_contains("value");
    std::optional<double> v;
    if (value && value->is_number()) v = value->to_number<double>();
    else if (value && value->is_string()) v = core::parse_checkin_value(value->get_string());
    if (!v || !std::isfinite(*v)) {
        return api_error(400, "invalid_field",
                         R"("value" must be a number, or text as in chat: "1,200", "45%", "$3,500", "done".)");
    }
    cmd.value = *v;
    if (const auto* c = o->if_contains("confidence"); c && !c->is_null()) {
        std::optional<int> confidence;
        if (c->is_int64() && c->get_int64() >= 1 && c->get_int64() <= 10) confidence = static_cast<int>(c->get_int64());
        if (c->is_string()) confidence = core::parse_confidence(c->get_string());
        if (!confidence) {
            return api_error(400, "invalid_field",
                             R"("confidence" must be a whole number from 1 to 10, or "on-track", "at-risk", "off-track".)");
        }
        cmd.confidence = confidence;
    }
    if (const auto* n = o->if_contains("note"); n && !n->is_null()) {
        if (!n->is_string()) return api_error(400, "invalid_field", R"("note" must be text.)");
        cmd.note = std::string(n->get_string());
        if (core::utf8_length(cmd.note) > 1000) {
            return api_error(400, "invalid_field", R"("note" is longer than 1,000 characters.)");
        }
    }
    return cmd;
}

// The status and code of a command's refusal.
HttpResponse refused(const core::UserError& e, std::string_view not_found_code) {
    switch (e.reason) {
        case core::UserError::Reason::not_found: return api_error(404, not_found_code, plain(e));
        case core::UserError::Reason::forbidden: return api_error(403, "forbidden", plain(e));
        case core::UserError::Reason::invalid: break;
    }
    return api_error(400, "invalid_field", plain(e));
}

struct Caller {
    storage::ApiCaller token;
    core::Actor actor;
};

}  // namespace

core::IssuedToken issue_api_token() {
    core::IssuedToken t;
    t.secret = "gp_" + crypto::base64url_encode(crypto::random_bytes(32));
    t.hash = api_token_hash(t.secret);
    return t;
}

std::string api_token_hash(std::string_view secret) { return crypto::to_hex(crypto::sha256(secret)); }

HttpResponse api_error(int status, std::string_view code, std::string_view message) {
    json::object error;
    error["code"] = code;
    error["message"] = message;
    json::object body;
    body["error"] = std::move(error);
    return json_response(status, json::serialize(body));
}

const std::string& openapi_document() {
    static const std::string document = openapi_json_text;
    return document;
}

HttpResponse ApiEndpoint::handle(const HttpRequest& request, core::Time now) const {
    const std::string path = request.path();
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool post = request.method == "POST";
    auto wrong_method = [](const char* allow) {
        auto r = api_error(405, "method_not_allowed", fmt::format("This path takes {} only.", allow));
        r.headers.emplace_back("Allow", allow);
        return r;
    };
    if (path == "/api/v1/openapi.json") {
        if (!get) return wrong_method("GET");
        return HttpResponse{200, "application/json", openapi_document(), {}};
    }

    // Which route, before anything is read.
    enum class Route { checkins, objectives, key_results, kr_checkins } route;
    std::string kr_ref;
    if (path == "/api/v1/checkins") {
        route = Route::checkins;
    } else if (path == "/api/v1/objectives") {
        route = Route::objectives;
    } else if (path == "/api/v1/key-results") {
        route = Route::key_results;
    } else if (path.starts_with("/api/v1/key-results/") && path.ends_with("/checkins") &&
               path.size() > std::string_view("/api/v1/key-results//checkins").size()) {
        route = Route::kr_checkins;
        kr_ref = path.substr(20, path.size() - 20 - 9);
    } else {
        return api_error(404, "not_found",
                         fmt::format("There is no {} here; see /api/v1/openapi.json.", path.starts_with(api_prefix) ? "such path" : "API"));
    }
    if (route == Route::checkins ? !post : !get) return wrong_method(route == Route::checkins ? "POST" : "GET");

    // Who: a bearer token of this workspace, not revoked.
    const std::string& authorization = request.header("Authorization");
    if (authorization.size() < 7 || core::ascii_lower(authorization.substr(0, 7)) != "bearer ") {
        return unauthorized("Send a token: Authorization: Bearer TOKEN (an admin makes one with /okr token create).", false);
    }
    std::string secret = authorization.substr(7);
    while (!secret.empty() && secret.front() == ' ') secret.erase(secret.begin());
    std::optional<storage::ApiCaller> token;
    try {
        token = access_.find_token(api_token_hash(secret));
    } catch (const std::exception& e) {
        log::error("api: reading tokens failed: {}", e.what());
        edge_.metrics.record_storage_failure();
        return unavailable();
    }
    if (!token) return unauthorized("This token isn't valid: it is mistyped, revoked or was never made.", true);
    if (!token->last_used_at || now - *token->last_used_at >= touch_every) {
        try {
            access_.touch_token(token->token_id, now);
        } catch (const std::exception& e) {
            log::warn("api: recording when token {} was used failed: {}", token->name, e.what());
        }
    }
    core::HandlerContext ctx{edge_.repos, {}, now, edge_.settings.admins, edge_.settings.slack.command};
    ctx.actor.workspace = token->workspace;
    ctx.actor.user_id = "api:" + token->name;
    ctx.actor.user_name = token->name;
    ctx.api = core::ApiGrant{token->scope_team_id};

    // The same limits as commands: per token, and the workspace's.
    if (auto limited = edge_.runner.admit(ctx.actor, now)) {
        const auto seconds = std::max<long long>(1, limited->retry_after.count());
        auto r = api_error(429, "rate_limited",
                           fmt::format("Too many requests {}; try again in {} s.",
                                       limited->scope == core::RateLimited::Scope::user ? "with this token"
                                                                                      : "in this workspace",
                                       seconds));
        r.headers.emplace_back("Retry-After", std::to_string(seconds));
        return r;
    }

    if (route != Route::checkins) {
        auto read = [&]() -> HttpResponse {
            core::Context cx(ctx);
            if (route == Route::kr_checkins) {
                auto q = query_of(request, {"limit", "before"});
                if (auto* r = std::get_if<HttpResponse>(&q)) return *r;
                const auto& params = std::get<Query>(q);
                int limit = default_limit;
                if (auto l = param(params, "limit")) {
                    const auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
                    if (ec != std::errc{} || end != l->data() + l->size() || limit < 1 || limit > max_limit) {
                        return api_error(400, "invalid_field", fmt::format("`limit` is a whole number from 1 to {}.", max_limit));
                    }
                }
                std::optional<core::Time> before;
                if (auto b = param(params, "before")) {
                    before = core::parse_instant(*b);
                    if (!before) return api_error(400, "invalid_field", "`before` is an ISO-8601 instant like 2027-01-31T09:00:00Z.");
                }
                const auto number = core::parse_ref(kr_ref, "kr");
                if (!number) {
                    return api_error(404, "unknown_kr", fmt::format("`{}` isn't a key result id like KR-7.", kr_ref.substr(0, 64)));
                }
                auto checkins = core::read_checkins(cx, *number, before, limit);
                if (!checkins) return refused(checkins.error(), "unknown_kr");
                json::array list;
                for (const auto& c : *checkins) list.push_back(checkin_json(c));
                return json_response(200, json::serialize(json::object{{"checkins", std::move(list)}}));
            }
            auto q = query_of(request, {"team", "cycle"});
            if (auto* r = std::get_if<HttpResponse>(&q)) return *r;
            const auto& params = std::get<Query>(q);
            auto objectives = core::read_objectives(cx, param(params, "team"), param(params, "cycle"));
            if (!objectives) {
                const auto& e = objectives.error();
                if (e.reason == core::UserError::Reason::not_found) return api_error(404, "unknown_team", plain(e));
                return api_error(400, "unknown_cycle", plain(e));
            }
            json::array list;
            for (const auto& o : *objectives) {
                if (route == Route::objectives) {
                    list.push_back(objective_json(o));
                } else {
                    for (const auto& kr : o.key_results) list.push_back(key_result_json(kr));
                }
            }
            const char* name = route == Route::objectives ? "objectives" : "key_results";
            return json_response(200, json::serialize(json::object{{name, std::move(list)}}));
        };
        try {
            return read();
        } catch (const std::exception& e) {
            log::error("api: reading failed: {}", e.what());
            edge_.metrics.record_storage_failure();
            return unavailable();
        }
    }

    // POST /api/v1/checkins
    if (!is_json(request.header("Content-Type"))) {
        return api_error(415, "unsupported_media_type", "Send the check-in as Content-Type: application/json.");
    }
    auto parsed = checkin_of(request.body);
    if (auto* r = std::get_if<HttpResponse>(&parsed)) return *r;
    const auto cmd = std::get<core::CheckinCmd>(parsed);

    const std::string& key = request.header("Idempotency-Key");
    if (!key.empty() && key.size() > max_idempotency_key) {
        return api_error(400, "invalid_field", "An Idempotency-Key is at most 255 characters.");
    }
    if (!key.empty()) {
        storage::IdempotencyClaim claim;
        try {
            claim = access_.claim_idempotency_key(token->token_id, key, crypto::to_hex(crypto::sha256(request.body)), now,
                                                  idempotency_keep);
        } catch (const std::exception& e) {
            log::error("api: claiming an idempotency key failed: {}", e.what());
            edge_.metrics.record_storage_failure();
            return unavailable();
        }
        using State = storage::IdempotencyClaim::State;
        if (claim.state == State::answered) {
            HttpResponse replay{claim.status, "application/json", claim.body, {}};
            replay.headers.emplace_back("Idempotent-Replayed", "true");
            return replay;
        }
        if (claim.state == State::reused) {
            return api_error(422, "idempotency_key_reused",
                             "This Idempotency-Key was used with another body; use a new key for a new check-in.");
        }
        if (claim.state == State::in_use) {
            return api_error(409, "idempotency_key_in_use",
                             "The first request with this Idempotency-Key has not finished; retry it in a moment.");
        }
    }
    auto release = [&] {
        if (key.empty()) return;
        try {
            access_.release_idempotency_key(token->token_id, key);
        } catch (const std::exception& e) {
            log::warn("api: releasing an idempotency key failed: {}", e.what());
        }
    };
    auto outcome = edge_.runner.execute(ctx.actor, now, [&] {
        auto out = core::handle(core::Command{cmd}, ctx);
        // The same post in the team's channel as a chat check-in's reply.
        if (out.checkin_recorded) out.announcements.insert(out.announcements.begin(), {out.team_id, "", out.message});
        return out;
    });
    if (!outcome) {
        release();
        return unavailable();
    }
    if (!outcome->checkin_recorded || !outcome->checked_in) {
        release();
        return refused(outcome->refusal.value_or(core::UserError{"The check-in was refused.", ""}), "unknown_kr");
    }
    const auto& kr = *outcome->checked_in;
    json::object summary;
    summary["id"] = fmt::format("KR-{}", kr.number);
    summary["title"] = kr.title;
    summary["current"] = number(kr.current);
    summary["target"] = number(kr.target);
    summary["progress"] = core::progress(kr);
    json::object body;
    body["checkin"] = checkin_json(core::Checkin{0, kr.id, ctx.actor.user_id, cmd.value, cmd.confidence, cmd.note, now});
    body["kr"] = std::move(summary);
    std::string text = json::serialize(body);
    if (!key.empty()) {
        try {
            access_.answer_idempotency_key(token->token_id, key, 201, text);
        } catch (const std::exception& e) {
            // The check-in is in: a retry with this key gets 409 until the key expires, never a
            // second check-in.
            log::error("api: keeping the answer for an idempotency key failed: {}", e.what());
        }
    }
    return created(std::move(text));
}

}  // namespace goalpost::bot
