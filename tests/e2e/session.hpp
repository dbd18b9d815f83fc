#pragma once
// One Slack workspace talking to the real server over a keep-alive connection: signed
// slash commands in, the reply's text and blocks out.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/e2e/server.hpp"
#include "tests/support/http_client.hpp"

namespace goalpost::testing {

struct SlackSession {
    RunningServer& server;
    HttpClient client{server.port()};
    std::string team_id = "T1";

    // The whole reply as JSON; any status but 200 fails the test.
    boost::json::object reply(const std::string& text, const std::string& user = "U1") {
        SlashCommand c;
        c.team_id = team_id;
        c.user_id = user;
        c.user_name = user;
        c.text = text;
        // Any failure to answer (no reply within 3 s, a closed connection) fails the test here.
        const auto r = client.send(signed_request(c.body(), server.now_s.load()));
        BOOST_REQUIRE_EQUAL(r.status, 200);
        return boost::json::parse(r.body).as_object();
    }
    // The response type, the reply's text and every block, for "does it mention ..." checks.
    std::string okr(const std::string& text, const std::string& user = "U1") {
        auto json = reply(text, user);
        std::string s(json.at("response_type").as_string());
        s += "\n" + std::string(json.at("text").as_string());
        for (const auto& b : json.at("blocks").as_array()) s += "\n" + boost::json::serialize(b);
        return s;
    }
    int get(const std::string& path, std::string* body = nullptr) {
        bot::HttpRequest r;
        r.method = "GET";
        r.target = path;
        auto reply = client.send(r);
        if (body) *body = reply.body;
        return reply.status;
    }
};

// A server of its own and one workspace (T1) talking to it.
struct SlackWorld {
    RunningServer server;
    SlackSession slack{server};
    HttpClient& client = slack.client;

    std::string okr(const std::string& text, const std::string& user = "U1") { return slack.okr(text, user); }
};

}  // namespace goalpost::testing
