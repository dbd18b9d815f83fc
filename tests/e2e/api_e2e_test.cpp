// The REST API over real HTTP against the real server: tokens made in chat, check-ins that
// are chat check-ins, what a token may see, Idempotency-Key, and every bad request answered
// with a JSON error and nothing changed. Every answer is also written to GOALPOST_API_SAMPLES
// for tests/api/check_openapi.py (the api_openapi ctest) to check against bot/api/openapi.json.
#include <atomic>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <unistd.h>

#include "core/time.hpp"
#include "tests/e2e/db_query.hpp"
#include "tests/e2e/session.hpp"

using namespace goalpost::testing;
namespace json = boost::json;

namespace {

// One workspace (T1) whose admin is U1, with a team, objectives and key results.
struct ApiWorld {
    explicit ApiWorld(const std::function<void(goalpost::config::Settings&)>& adjust = {})
        : server(65536, [&](goalpost::config::Settings& s) {
              s.admins = {"U1"};
              if (adjust) adjust(s);
          }) {}

    RunningServer server;
    SlackSession slack{server};
    std::unique_ptr<HttpClient> api_client = std::make_unique<HttpClient>(server.port());

    // After an answer that closes the connection (413).
    void reconnect() { api_client = std::make_unique<HttpClient>(server.port()); }

    std::string okr(const std::string& text, const std::string& user = "U1") { return slack.okr(text, user); }

    // "token create NAME ..." as U1; the secret from the reply.
    std::string token(const std::string& args, SlackSession* in = nullptr) {
        const auto reply = (in ? *in : slack).okr("token create " + args, "U1");
        std::smatch m;
        BOOST_REQUIRE_MESSAGE(std::regex_search(reply, m, std::regex("gp_[A-Za-z0-9_-]{43}")), reply);
        BOOST_TEST(has(reply, "ephemeral"));
        return m.str();
    }

    HttpClient::Reply call(const std::string& method, const std::string& target, const std::string& token,
                           const std::string& body = "",
                           std::vector<std::pair<std::string, std::string>> headers = {}, bool sample = true) {
        goalpost::bot::HttpRequest r;
        r.method = method;
        r.target = target;
        r.body = body;
        if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
        if (method == "POST" && std::none_of(headers.begin(), headers.end(), [](auto& h) { return h.first == "Content-Type"; })) {
            headers.emplace_back("Content-Type", "application/json");
        }
        for (auto& h : headers) r.headers.push_back(h);
        auto reply = api_client->send(r);
        BOOST_TEST(reply.content_type == "application/json", method << " " << target);
        if (sample) keep_sample(method, target, reply);
        return reply;
    }
    HttpClient::Reply get(const std::string& target, const std::string& token) { return call("GET", target, token); }
    HttpClient::Reply post(const std::string& body, const std::string& token,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
        return call("POST", "/api/v1/checkins", token, body, std::move(headers));
    }

    std::string db() const { return server.db_path(); }
    std::string checkins() const { return query(db(), "SELECT count(*) FROM checkins"); }

    static void keep_sample(const std::string& method, const std::string& target, const HttpClient::Reply& reply) {
        const char* dir = std::getenv("GOALPOST_API_SAMPLES");
        if (dir == nullptr) return;
        static std::atomic<int> counter{0};
        std::filesystem::create_directories(dir);
        json::object sample{{"method", method}, {"path", target}, {"status", reply.status}};
        boost::system::error_code ec;
        sample["body"] = json::parse(reply.body, ec);
        BOOST_TEST(!ec, "not JSON: " << reply.body);
        std::ofstream(std::filesystem::path(dir) / (std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".json"))
            << json::serialize(sample);
    }
};

json::object body_of(const HttpClient::Reply& r) { return json::parse(r.body).as_object(); }
std::string code_of(const HttpClient::Reply& r) {
    return std::string(body_of(r).at("error").as_object().at("code").as_string());
}

void growth_team(ApiWorld& w) {
    w.okr("team create growth channel=<#C9|growth>");
    w.okr("team add growth <@U2|ben>");
    w.okr("objective add \"Grow the pipeline\"");                      // O-1, public
    w.okr("kr add O-1 \"Qualified leads\" from=0 to=100 owner=<@U2|ben>");  // KR-1
    w.okr("kr add O-1 \"Partners\" from=0 to=10");                    // KR-2
    w.okr("team create platform parent=growth");
    w.okr("team add platform <@U3|cy>");
    w.okr("objective add \"Quiet on-call\" team=platform internal parent=O-1", "U3");  // O-2, internal
    w.okr("kr add O-2 \"Pages per week\" from=20 to=5", "U3");                        // KR-3
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_e2e)

BOOST_AUTO_TEST_CASE(a_token_checks_in_like_chat_and_posts_the_same_progress) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto token = w.token("ci");

    // Act: 42 through the API, then 80 (past 70%: celebrated), then a chat check-in to compare.
    const auto first = w.post(R"({"kr":"KR-1","value":42,"confidence":"at-risk","note":"blocked on legal"})", token);
    const auto second = w.post(R"({"kr":"kr-1","value":"80%"})", token);
    w.okr("checkin KR-2 5", "U2");

    // Check: the answer
    BOOST_TEST_REQUIRE(first.status == 201, first.body);
    const auto a = body_of(first);
    BOOST_TEST(json::serialize(a.at("checkin")) ==
               R"({"value":42,"confidence":5,"note":"blocked on legal","by":"api:ci","at":")" +
                   goalpost::core::iso_instant(goalpost::core::Time{std::chrono::seconds{w.server.now_s.load()}}) +
                   R"("})");
    BOOST_TEST(a.at("kr") == json::parse(R"({"id":"KR-1","title":"Qualified leads","current":42,"target":100,"progress":0.42})"));
    BOOST_TEST_REQUIRE(second.status == 201, second.body);
    BOOST_TEST(body_of(second).at("kr").at("current").as_int64() == 80);
    // ... the database, as by the token
    BOOST_TEST(query(w.db(), "SELECT user_id, value, confidence, note FROM checkins ORDER BY id") ==
               "api:ci|42.0|5|blocked on legal\napi:ci|80.0|NULL|\nU2|5.0|NULL|");
    // ... the progress post in the team's channel, as chat's reply reads, and the celebration
    const auto posts = query(w.db(), "SELECT destination || ' ' || payload FROM outbox WHERE dedupe_key IS NULL ORDER BY id");
    BOOST_TEST(has(posts, "C9 "));
    BOOST_TEST(has(posts, "via API: ci checked in *KR-1* Qualified leads"));
    BOOST_TEST(has(posts, "blocked on legal"));
    BOOST_TEST(query(w.db(), "SELECT destination FROM outbox WHERE dedupe_key = 'slack:T1|celebrate:kr:1:70'") == "C9");
    // ... and shown as by the token in chat.
    BOOST_TEST(has(w.okr("show KR-1"), "via API: ci"));
    const auto chat = w.okr("show KR-2");
    BOOST_TEST(has(chat, "<@U2>"));
}

BOOST_AUTO_TEST_CASE(forged_missing_revoked_and_other_workspaces_tokens_change_nothing) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto token = w.token("ci");
    SlackSession other{w.server};
    other.team_id = "T2";
    const auto foreign = w.token("ci", &other);  // workspace T2, where U1 is an admin too
    const auto before = w.checkins();

    // Act / Check: no token, a forged one
    auto missing = w.post(R"({"kr":"KR-1","value":1})", "");
    BOOST_TEST(missing.status == 401);
    BOOST_TEST(code_of(missing) == "unauthorized");
    BOOST_TEST(missing.header("WWW-Authenticate") == R"(Bearer realm="goalpost")");
    auto forged = w.post(R"({"kr":"KR-1","value":1})", "gp_" + std::string(43, 'A'));
    BOOST_TEST(forged.status == 401);
    BOOST_TEST(has(forged.header("WWW-Authenticate"), "invalid_token"));
    BOOST_TEST(w.get("/api/v1/objectives", token.substr(0, token.size() - 1)).status == 401);
    // ... another workspace's token only ever reaches its own workspace, where KR-1 does not exist
    auto elsewhere = w.post(R"({"kr":"KR-1","value":1})", foreign);
    BOOST_TEST(elsewhere.status == 404);
    BOOST_TEST(code_of(elsewhere) == "unknown_kr");
    BOOST_TEST(w.get("/api/v1/objectives", foreign).body == R"({"objectives":[]})");
    BOOST_TEST(w.get("/api/v1/key-results/KR-1/checkins", foreign).status == 404);
    // ... a revoked one, at once
    BOOST_TEST(w.post(R"({"kr":"KR-1","value":1})", token).status == 201);
    BOOST_TEST(has(w.okr("token revoke ci"), "revoked"));
    auto revoked = w.post(R"({"kr":"KR-1","value":2})", token);
    BOOST_TEST(revoked.status == 401);
    BOOST_TEST(std::stoi(w.checkins()) == std::stoi(before) + 1);
    BOOST_TEST(query(w.db(), "SELECT max(value) FROM checkins") == "1.0");
    // The database keeps only a hash of a token.
    BOOST_TEST(query(w.db(), "SELECT count(*) FROM api_tokens WHERE token_hash = '" + token + "'") == "0");
    BOOST_TEST(query(w.db(), "SELECT length(token_hash) FROM api_tokens LIMIT 1") == "64");
}

BOOST_AUTO_TEST_CASE(a_token_sees_internal_objectives_only_of_its_scope) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto open = w.token("open");
    const auto scoped = w.token("oncall scope=team:platform");
    const auto before = w.checkins();

    // Act
    const auto open_objectives = w.get("/api/v1/objectives", open);
    const auto scoped_objectives = w.get("/api/v1/objectives", scoped);
    const auto open_checkin = w.post(R"({"kr":"KR-3","value":12})", open);
    const auto open_history = w.get("/api/v1/key-results/KR-3/checkins", open);

    // Check: the unscoped token sees O-1 only, and KR-3 does not exist for it.
    BOOST_TEST_REQUIRE(open_objectives.status == 200);
    BOOST_TEST(has(open_objectives.body, "Grow the pipeline"));
    BOOST_TEST(!has(open_objectives.body, "Quiet on-call"));
    BOOST_TEST(!has(w.get("/api/v1/key-results", open).body, "Pages per week"));
    BOOST_TEST(open_checkin.status == 404);
    BOOST_TEST(code_of(open_checkin) == "unknown_kr");
    BOOST_TEST(open_history.status == 404);
    BOOST_TEST(w.checkins() == before);
    // ... the scoped one sees platform's internal objective, with its parent
    BOOST_TEST(has(scoped_objectives.body, R"("id":"O-2","title":"Quiet on-call","team":"platform","parent":"O-1","public":false)"));
    // ... checks in on platform's key results, and not on growth's (which it sees).
    BOOST_TEST(w.post(R"({"kr":"KR-3","value":12})", scoped).status == 201);
    const auto outside = w.post(R"({"kr":"KR-1","value":12})", scoped);
    BOOST_TEST(outside.status == 403);
    BOOST_TEST(code_of(outside) == "forbidden");
    BOOST_TEST(has(std::string(body_of(outside).at("error").at("message").as_string()), "team platform"));
    // An unscoped token checks in on any key result it sees.
    BOOST_TEST(w.post(R"({"kr":"KR-2","value":3})", open).status == 201);
    BOOST_TEST(std::stoi(w.checkins()) == std::stoi(before) + 2);
}

BOOST_AUTO_TEST_CASE(an_idempotent_retry_records_one_checkin) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto token = w.token("ci");
    const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "deploy-2027-01-31"}};

    // Act
    const auto first = w.post(R"({"kr":"KR-1","value":7})", token, key);
    w.server.now_s += 600;
    const auto retry = w.post(R"({"kr":"KR-1","value":7})", token, key);
    const auto reused = w.post(R"({"kr":"KR-1","value":8})", token, key);
    const auto other_key = w.post(R"({"kr":"KR-1","value":7})", token, {{"Idempotency-Key", "deploy-2027-02-01"}});

    // Check
    BOOST_TEST_REQUIRE(first.status == 201);
    BOOST_TEST(retry.status == 201);
    BOOST_TEST(retry.body == first.body);
    BOOST_TEST(retry.header("Idempotent-Replayed") == "true");
    BOOST_TEST(reused.status == 422);
    BOOST_TEST(code_of(reused) == "idempotency_key_reused");
    BOOST_TEST(other_key.status == 201);
    BOOST_TEST(w.checkins() == "2");
    // A day later the key is forgotten: the same request is a new check-in.
    w.server.now_s += 24 * 3600;
    BOOST_TEST(w.post(R"({"kr":"KR-1","value":7})", token, key).status == 201);
    BOOST_TEST(w.checkins() == "3");
}

BOOST_AUTO_TEST_CASE(bad_requests_get_json_errors_and_change_nothing) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto token = w.token("ci");
    w.okr("kr add O-1 \"Launch\" binary");  // KR-4
    const auto before = w.checkins();
    auto expect = [&](const HttpClient::Reply& r, int status, const std::string& code) {
        BOOST_TEST(r.status == status, r.body);
        BOOST_TEST(code_of(r) == code, r.body);
        BOOST_TEST(!body_of(r).at("error").at("message").as_string().empty());
    };

    // Act / Check
    expect(w.post("not json", token), 400, "malformed_json");
    expect(w.post(R"([1,2])", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":1,"colour":"red"})", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"7","value":1})", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":"lots"})", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":true})", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":1,"confidence":11})", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":1,"note":")" + std::string(1001, 'x') + "\"}", token), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-4","value":5})", token), 400, "invalid_field");  // done or not done
    expect(w.post(R"({"kr":"KR-99","value":5})", token), 404, "unknown_kr");
    expect(w.post(R"({"kr":"KR-1","value":1})", token, {{"Content-Type", "text/plain"}}), 415, "unsupported_media_type");
    expect(w.post(R"({"kr":"KR-1","value":1})", token, {{"Idempotency-Key", std::string(256, 'k')}}), 400, "invalid_field");
    expect(w.post(R"({"kr":"KR-1","value":1,"note":")" + std::string(70000, 'x') + "\"}", token), 413, "payload_too_large");
    w.reconnect();  // the server closes a connection after a 413
    expect(w.get("/api/v1/objectives?teem=growth", token), 400, "invalid_field");
    expect(w.get("/api/v1/objectives?team=nobody", token), 404, "unknown_team");
    expect(w.get("/api/v1/key-results?cycle=someday", token), 400, "unknown_cycle");
    expect(w.get("/api/v1/key-results/KR-1/checkins?limit=0", token), 400, "invalid_field");
    expect(w.get("/api/v1/key-results/KR-1/checkins?limit=201", token), 400, "invalid_field");
    expect(w.get("/api/v1/key-results/KR-1/checkins?before=yesterday", token), 400, "invalid_field");
    // Not in the OpenAPI document's operations: an unknown path and a wrong method.
    expect(w.call("GET", "/api/v1/teams", token, "", {}, false), 404, "not_found");
    auto wrong = w.call("GET", "/api/v1/checkins", token, "", {}, false);
    expect(wrong, 405, "method_not_allowed");
    BOOST_TEST(wrong.header("Allow") == "POST");
    // Nothing changed.
    BOOST_TEST(w.checkins() == before);
    BOOST_TEST(query(w.db(), "SELECT count(*) FROM api_idempotency") == "0");
}

BOOST_AUTO_TEST_CASE(rate_limits_answer_429_with_retry_after) {
    // Setup: two commands a minute per user (a token is one), as chat.
    ApiWorld w([](goalpost::config::Settings& s) {
        s.limits.commands_per_user_per_minute = 2;
        s.limits.commands_per_workspace_per_minute = 1000;
    });
    // U1's own commands count too: a minute apart.
    for (const char* setup : {"team create growth", "objective add \"Grow\"", "kr add O-1 \"Leads\" from=0 to=100"}) {
        w.okr(setup);
        w.server.now_s += 60;
    }
    const auto token = w.token("ci");
    w.server.now_s += 60;

    // Act
    const auto a = w.post(R"({"kr":"KR-1","value":1})", token);
    const auto b = w.get("/api/v1/key-results", token);
    const auto c = w.post(R"({"kr":"KR-1","value":2})", token);

    // Check
    BOOST_TEST(a.status == 201);
    BOOST_TEST(b.status == 200);
    BOOST_TEST(c.status == 429);
    BOOST_TEST(code_of(c) == "rate_limited");
    BOOST_TEST(std::stoi(c.header("Retry-After")) >= 1);
    BOOST_TEST(w.checkins() == "1");
    w.server.now_s += 60;
    BOOST_TEST(w.post(R"({"kr":"KR-1","value":2})", token).status == 201);
}

BOOST_AUTO_TEST_CASE(reads_list_objectives_key_results_and_history) {
    // Setup
    ApiWorld w;
    growth_team(w);
    const auto token = w.token("reader scope=team:platform");
    w.okr("checkin KR-1 10 on-track", "U2");
    w.server.now_s += 3600;
    w.okr("checkin KR-1 20", "U2");
    w.server.now_s += 3600;
    w.okr("checkin KR-1 30 \"more leads & <partners>\"", "U2");

    // Act
    const auto objectives = w.get("/api/v1/objectives?team=growth", token);
    const auto krs = w.get("/api/v1/key-results", token);
    const auto history = w.get("/api/v1/key-results/KR-1/checkins?limit=2", token);
    const auto older = w.get("/api/v1/key-results/KR-1/checkins?before=" +
                                 goalpost::core::iso_instant(goalpost::core::Time{std::chrono::seconds{w.server.now_s - 1}}),
                             token);
    const auto doc = w.api_client->get("/api/v1/openapi.json");

    // Check
    BOOST_TEST_REQUIRE(objectives.status == 200);
    const auto objectives_body = body_of(objectives);
    const auto& list = objectives_body.at("objectives").as_array();
    BOOST_TEST_REQUIRE(list.size() == 1u);  // exactly growth's, not platform's under it
    BOOST_TEST(list[0].at("id").as_string() == "O-1");
    BOOST_TEST(list[0].at("parent").is_null());
    BOOST_TEST(list[0].at("key_results").as_array().size() == 2u);
    BOOST_TEST(std::abs(list[0].at("progress").as_double() - 0.15) < 1e-9);  // mean of 30% and 0%
    const auto krs_body = body_of(krs);
    const auto& kr_list = krs_body.at("key_results").as_array();
    BOOST_TEST(kr_list.size() == 3u);
    BOOST_TEST(kr_list[0] ==
               json::parse(R"({"id":"KR-1","title":"Qualified leads","objective":"O-1","team":"growth","start":0,"target":100,)"
                           R"("current":30,"unit":"","progress":0.3,"confidence":null,"owner":"U2","updated_at":")" +
                           goalpost::core::iso_instant(goalpost::core::Time{std::chrono::seconds{w.server.now_s.load()}}) +
                           "\"}"),
               json::serialize(kr_list[0]));
    BOOST_TEST(kr_list[1].at("owner").as_string() == "U1");  // whoever added it, when no owner= was given
    const auto history_body = body_of(history);
    const auto& h = history_body.at("checkins").as_array();
    BOOST_TEST_REQUIRE(h.size() == 2u);
    BOOST_TEST(h[0].at("note").as_string() == "more leads & <partners>");  // as typed
    BOOST_TEST(h[1].at("value").as_int64() == 20);
    const auto older_body = body_of(older);
    const auto& o = older_body.at("checkins").as_array();
    BOOST_TEST_REQUIRE(o.size() == 2u);
    BOOST_TEST(o[0].at("value").as_int64() == 20);
    BOOST_TEST(o[1].at("confidence").as_int64() == 8);
    BOOST_TEST(doc.status == 200);
    BOOST_TEST(json::parse(doc.body).at("openapi").as_string() == "3.1.0");
}

BOOST_AUTO_TEST_CASE(token_commands_are_for_admins_and_never_show_a_secret_again) {
    // Setup
    ApiWorld w;
    growth_team(w);

    // Act
    const auto refused = w.okr("token create mine", "U2");
    const auto token = w.token("ci");
    const auto twice = w.okr("token create ci");
    const auto bad_scope = w.okr("token create x scope=team:nobody");
    const auto list = w.okr("token list");
    w.get("/api/v1/key-results", token);
    const auto used = w.okr("token list");

    // Check
    BOOST_TEST(has(refused, "Only goalpost admins"));
    BOOST_TEST(!has(refused, "gp_"));
    BOOST_TEST(has(twice, "exists already"));
    BOOST_TEST(has(bad_scope, "nobody"));
    BOOST_TEST(has(list, "*ci*"));
    BOOST_TEST(has(list, "never used"));
    BOOST_TEST(!has(list, token));
    BOOST_TEST(has(used, "last used"));
    BOOST_TEST(query(w.db(), "SELECT count(*) FROM api_tokens") == "1");
    // The secret went nowhere but the reply: not into the outbox, not into any row.
    BOOST_TEST(query(w.db(), "SELECT count(*) FROM outbox WHERE payload LIKE '%" + token.substr(3) + "%'") == "0");
}

BOOST_AUTO_TEST_SUITE_END()
