// Secrets never reach a log line, a reply or a message. A whole session, as `goalpost serve`
// wires it (App, HttpServer, the cadence's Delivery with the real outbound HTTP client), with a
// Slack signing secret, a Slack bot token, a Teams outgoing-webhook key and a Teams Workflows
// webhook URL whose query carries a signature; good and bad requests; a fake Slack that fails
// deliveries (500, invalid_auth, an error that echoes the token); `goalpost check-config` on
// broken configurations next to secrets. Every line the logger writes, every HTTP reply body,
// every request the fake Slack receives (but its Authorization header) and every byte
// check-config prints is searched for each secret, raw, as hex and as base64.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "bot/cli/cadence.hpp"
#include "bot/service/log.hpp"
#include "bot/crypto/hmac.hpp"
#include "tests/e2e/db_query.hpp"
#include "tests/e2e/server.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_client.hpp"

#ifndef GOALPOST_BINARY
#error "GOALPOST_BINARY (the goalpost executable) must be defined by the build"
#endif

extern char** environ;

using namespace goalpost;
using namespace goalpost::testing;

namespace {

const std::string signing_secret = "5e3c0a9d7b1f42e8a6c4d2b0f9e7c5a3";
const std::string bot_token = "xoxb-271828182845-314159265358-Zq9XkTOKENvalueW4s";
// base64 of 32 bytes 0xC0..0xDF: a key Teams could show, unlike the sample one.
const std::string teams_key = [] {
    std::string bytes;
    for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(0xC0 + i));
    return bot::crypto::base64_encode(bytes);
}();
const std::string webhook_sig = "hKt9WEBHOOKsig0x7731qPz";

std::string hex(std::string_view bytes, bool upper) {
    static const char* lower_digits = "0123456789abcdef";
    static const char* upper_digits = "0123456789ABCDEF";
    const char* d = upper ? upper_digits : lower_digits;
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(d[c >> 4]);
        out.push_back(d[c & 15]);
    }
    return out;
}

// Each secret in every form it could leak in.
std::vector<std::pair<std::string, std::string>> forbidden() {
    std::vector<std::pair<std::string, std::string>> out;
    auto forms = [&](const std::string& name, const std::string& s) {
        out.emplace_back(name, s);
        out.emplace_back(name + " (hex)", hex(s, false));
        out.emplace_back(name + " (HEX)", hex(s, true));
        out.emplace_back(name + " (base64)", bot::crypto::base64_encode(s));
    };
    forms("signing secret", signing_secret);
    forms("bot token", bot_token);
    out.emplace_back("bot token without its prefix", bot_token.substr(5));
    forms("Teams key", teams_key);
    const auto key = *bot::crypto::base64_decode(teams_key);
    out.emplace_back("Teams key (raw bytes)", key);
    out.emplace_back("Teams key (bytes as hex)", hex(key, false));
    out.emplace_back("Teams key (bytes as HEX)", hex(key, true));
    forms("webhook signature", webhook_sig);
    return out;
}

struct Captured {
    std::mutex mutex;
    std::vector<std::pair<std::string, std::string>> texts;  // (where, text)
    void add(std::string where, std::string text) {
        std::lock_guard lock(mutex);
        texts.emplace_back(std::move(where), std::move(text));
    }
};

// Routes the logger into `captured` for the life of the object.
struct LogCapture {
    explicit LogCapture(Captured& captured) {
        bot::log::set_level(bot::log::Level::debug);
        bot::log::set_sink([&captured](std::string_view line) { captured.add("log", std::string(line)); });
    }
    ~LogCapture() {
        bot::log::set_sink({});
        bot::log::set_level(bot::log::Level::info);
    }
};

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// `goalpost check-config --config FILE` with extra environment; (exit code, stdout + stderr).
std::pair<int, std::string> check_config(const std::filesystem::path& dir, const std::string& config_text,
                                         const std::vector<std::string>& env_extra) {
    const auto config = dir / "check.json";
    const auto out = dir / "check.out";
    std::ofstream(config) << config_text;
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        std::string_view v(*e);
        if (!v.starts_with("GOALPOST_")) env_strings.emplace_back(v);
    }
    env_strings.insert(env_strings.end(), env_extra.begin(), env_extra.end());
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::string binary = GOALPOST_BINARY, sub = "check-config", flag = "--config", file = config.string();
    char* argv[] = {binary.data(), sub.data(), flag.data(), file.data(), nullptr};
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start " << binary << ": " << std::strerror(rc));
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out)};
}

std::string json_config(const std::string& db, const std::string& extra_slack, const std::string& extra) {
    return R"({"storage": {"path": ")" + db + R"("}, "slack": {"signing_secret": ")" + signing_secret +
           R"(", "bot_token": ")" + bot_token + "\"" + extra_slack + R"(}, "teams": {"outgoing_webhook_secret": ")" +
           teams_key + "\"}" + extra + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(no_secret_reaches_a_log_line_a_reply_or_a_message) {
    Captured captured;
    LogCapture capture(captured);
    FakeSlack slack;
    RunningServer server(65536, [&](config::Settings& s) {
        s.slack.signing_secret = signing_secret;
        s.slack.bot_token = bot_token;
        s.slack.api_base_url = slack.base_url();
        s.teams.outgoing_webhook_secret = teams_key;
    });
    // As serve wires it: the cadence's outbound client opens modals and delivers the outbox.
    bot::CadenceWiring wiring(server.settings, *server.store, &server.app->metrics());
    server.app->set_outbound(wiring.http.get(), {});
    HttpClient client(server.port());
    auto now = [&] { return core::Time{std::chrono::seconds{server.now_s.load()}}; };
    int replies = 0;
    auto send = [&](const bot::HttpRequest& r, const std::string& what) {
        auto reply = client.send(r);
        captured.add("reply to " + what, reply.body);
        ++replies;
        return reply;
    };
    auto okr = [&](const std::string& text, const std::string& user = "U1") {
        SlashCommand c;
        c.team_id = "T1";
        c.user_id = user;
        c.text = text;
        return send(signed_request(c.body(), server.now_s.load(), signing_secret), "/okr " + text);
    };
    int activity = 1000;
    auto teams = [&](const std::string& text, const std::string& key = teams_key, long long skew = 0) {
        TeamsMessage m;
        m.id = std::to_string(++activity);
        m.unix_time = server.now_s.load() + skew;
        m.tenant = "tenant-s";
        m.text = text;
        return send(signed_teams_request(m.body(), key), "@goalpost " + text);
    };
    const std::string webhook = "https://127.0.0.1:" + std::to_string(slack.port()) + "/workflows/growth?api-version=1&sig=" +
                                webhook_sig;

    // Good requests: a Slack team and a Teams team, each with a webhook URL set by command.
    BOOST_TEST(okr("team create growth channel=<#C9|growth>").status == 200);
    BOOST_TEST(okr("team set growth teams_webhook=" + webhook).status == 200);
    BOOST_TEST(okr("team set growth teams_webhook=<" + webhook + "|hook>").status == 200);
    okr("team set growth teams_webhook=http://insecure.example/hook?sig=" + webhook_sig);  // refused: not https
    okr("objective add \"Grow\"");
    okr("kr add O-1 \"Leads\" from=0 to=100");
    okr("kr add O-1 \"Partners\" from=0 to=10");
    BOOST_TEST(teams("team create platform").status == 200);
    BOOST_TEST(teams("team set platform teams_webhook=" + webhook).status == 200);
    teams("objective add \"Platform\"");
    teams("kr add O-1 \"Uptime\" from=0 to=100");
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM teams WHERE teams_webhook_url LIKE '%" + webhook_sig + "'") ==
               "2");
    // Check-ins that celebrate: messages for the Slack channel and the Teams webhook.
    okr("checkin KR-1 80 on-track");
    okr("checkin KR-2 10");
    teams("checkin KR-1 100");
    okr("win \"Shipped\" kr=KR-1");

    // Bad requests: every way a signature can be wrong.
    SlashCommand c;
    c.text = "list all";
    const auto body = c.body();
    const auto ts = server.now_s.load();
    auto refused = [&](bot::HttpRequest r, const std::string& what) { BOOST_TEST(send(r, what).status == 401, what); };
    refused(signed_request(body, ts, bot_token), "signed with the bot token");
    refused(signed_request(body, ts, teams_key), "signed with the Teams key");
    refused(signed_request(body, ts - 3600, signing_secret), "stale");
    refused(signed_request(body, ts + 3600, signing_secret), "from the future");
    auto tampered = signed_request(body, ts, signing_secret);
    tampered.body += "&x=1";
    refused(tampered, "tampered body");
    auto bare = signed_request(body, ts, signing_secret);
    bare.headers.pop_back();
    refused(bare, "no signature");
    auto secret_as_signature = signed_request(body, ts, signing_secret);
    secret_as_signature.headers.back().second = "v0=" + signing_secret;
    refused(secret_as_signature, "the secret as signature");
    auto token_as_signature = signed_request(body, ts, signing_secret);
    token_as_signature.headers.back().second = bot_token;
    refused(token_as_signature, "the token as signature");
    refused(signed_request(body, ts, bot_token, "/slack/interactions"), "interaction signed with the token");
    BOOST_TEST(send(signed_request(body, ts, signing_secret, "/slack/interactions"), "no payload").status == 400);
    const auto other_key = bot::crypto::base64_encode(std::string(32, 'k'));
    BOOST_TEST(teams("list all", other_key).status == 401);
    BOOST_TEST(teams("list all", teams_key, 3600).status == 401);
    {
        TeamsMessage m;
        m.tenant = "tenant-s";
        m.unix_time = ts;
        m.text = "list all";
        auto r = signed_teams_request(m.body(), teams_key);
        r.headers.back().second = "HMAC " + teams_key;
        refused(r, "the Teams key as signature");
    }

    // The Check in button opens a modal through Slack, which refuses the token.
    slack.script({slack_error("invalid_auth")});
    boost::json::object click{{"type", "block_actions"},
                              {"team", {{"id", "T1"}}},
                              {"user", {{"id", "U1"}, {"username", "ana"}}},
                              {"trigger_id", "1.2.3"},
                              {"actions", boost::json::array{{{"action_id", "checkin_open"}, {"value", "KR-1"}}}}};
    send(signed_request("payload=" + form_encode(boost::json::serialize(click)), ts, signing_secret,
                        "/slack/interactions"),
         "Check in button");

    // Deliveries: 500, invalid_auth, an error text and a 401 that echo the token; the Teams
    // webhook (https) meets a plain-HTTP server and fails its TLS handshake.
    const std::string echo = "{\"ok\":false,\"error\":\"invalid_auth: Bearer " + bot_token + "\"}";
    slack.script({http_status(500, echo), slack_error("invalid_auth"), http_status(200, echo),
                  http_status(401, "Authorization: Bearer " + bot_token), too_many_requests(1), http_status(503)});
    for (int pass = 0; pass < 6; ++pass) {
        wiring.delivery.run_once(now());
        server.now_s += 120;
    }
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM outbox WHERE status = 'dead'") != "0");
    BOOST_TEST(query(server.db_path(), "SELECT count(*) FROM outbox WHERE platform = 'teams' AND attempts > 0") != "0");
    BOOST_TEST(slack.requests_to("chat.postMessage").size() >= 3u);

    captured.add("metrics", client.get("/metrics").body);
    captured.add("healthz", client.get("/healthz").body);
    captured.add("outbox last_error", query(server.db_path(), "SELECT " + concat_all(server.db_path(), "last_error", " / ") + " FROM outbox"));

    // check-config: broken values next to secrets, in the file and in the environment.
    const auto dir = server.dir;
    const auto db = (dir / "goalpost.db").string();
    if (!std::filesystem::exists(db)) testing::Store{db};  // the server itself ran on PostgreSQL
    int configs = 0;
    auto run_check = [&](const std::string& what, const std::string& text, const std::vector<std::string>& env,
                      int expected) {
        auto [code, out] = check_config(dir, text, env);
        BOOST_TEST(code == expected, what << ": " << out);
        captured.add("check-config " + what, out);
        ++configs;
    };
    run_check("valid", json_config(db, "", ""), {}, 0);
    // It names the database and its schema, read without migrating.
    BOOST_TEST(check_config(dir, json_config(db, "", ""), {}).second.find(
                   "database = sqlite " + db + " (schema " + std::to_string(storage::current_schema_version()) + ")\n") !=
               std::string::npos);
    const auto missing = (dir / "not-yet.db").string();
    BOOST_TEST(check_config(dir, json_config(missing, "", ""), {}).second.find("(not created yet: serve creates it)") !=
               std::string::npos);
    BOOST_TEST(!std::filesystem::exists(missing));
    run_check("bad port", json_config(db, "", R"(, "server": {"port": "eighty"})"), {}, 2);
    run_check("bad api url", json_config(db, R"(, "api_base_url": ")" + bot_token + "\"", ""), {}, 2);
    run_check("unknown key", json_config(db, R"(, "bot_tokn": ")" + bot_token + "\"", ""), {}, 2);
    run_check("token with a space",
           R"({"slack": {"signing_secret": ")" + signing_secret + R"( ", "bot_token": "x )" + bot_token + "\"}}", {}, 2);
    run_check("token as a number", R"({"slack": {"bot_token": 31415926535, "signing_secret": ")" + signing_secret + "\"}}",
           {}, 2);
    run_check("Teams key not base64", R"({"teams": {"outgoing_webhook_secret": ")" + teams_key + "!" + webhook_sig + "\"}}",
           {}, 2);
    run_check("JSON error after the token",
           R"({"slack": {"signing_secret": ")" + signing_secret + R"(", "bot_token": )" + bot_token + "}}", {}, 2);
    run_check("JSON error inside the token", R"({"slack": {"bot_token": ")" + bot_token + "\n\"}}", {}, 2);
    run_check("bad environment",
           json_config(db, "", R"(, "server": {"threads": -1})"),
           {"GOALPOST_SLACK_BOT_TOKEN=" + bot_token + " x", "GOALPOST_TEAMS_SECRET=" + webhook_sig + "!",
            "GOALPOST_SLACK_SIGNING_SECRET=" + signing_secret},
           2);

    // Check: not one secret anywhere.
    std::size_t lines = 0, bytes = 0;
    long leaks = 0;
    const auto secrets = forbidden();
    auto scan = [&](const std::string& where, const std::string& text) {
        bytes += text.size();
        for (const auto& [name, s] : secrets) {
            if (has(text, s) && ++leaks <= 10) BOOST_ERROR(where << " contains the " << name << ":\n" << text);
        }
    };
    {
        std::lock_guard lock(captured.mutex);
        for (const auto& [where, text] : captured.texts) {
            if (where == "log") ++lines;
            scan(where, text);
        }
    }
    const auto requests = slack.requests();
    for (const auto& r : requests) {
        std::string seen = r.path + "\n" + r.body;
        for (const auto& [name, value] : r.headers) {
            if (name == "Authorization" || name == "authorization") BOOST_TEST(value == "Bearer " + bot_token);
            else seen += "\n" + name + ": " + value;
        }
        scan("a request to Slack " + r.path, seen);
    }
    BOOST_TEST(leaks == 0);
    BOOST_TEST(lines >= 10u);
    BOOST_TEST_MESSAGE(lines << " log lines, " << replies << " replies, " << requests.size()
                             << " requests to the fake Slack, " << configs << " check-config runs; " << bytes
                             << " bytes searched for " << secrets.size() << " forms of 4 secrets");
}

BOOST_AUTO_TEST_SUITE_END()
