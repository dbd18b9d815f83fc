// The dashboard over real HTTP: the chat link signs in once, the session cookie opens what
// that person may see in chat and nothing of another workspace, every refusal is a 403 with
// no data, user text is shown as text, and every answer carries the security headers.
#include <boost/test/unit_test.hpp>
#include <regex>
#include <set>

#include "bot/dashboard/endpoint.hpp"
#include "bot/crypto/hmac.hpp"
#include "bot/service/cadence_service.hpp"
#include "core/time.hpp"
#include "tests/e2e/db_query.hpp"
#include "tests/e2e/session.hpp"

using namespace goalpost::testing;

namespace {

struct DashWorld {
    RunningServer server{65536, [](goalpost::config::Settings& s) { s.server.public_url = "https://okr.example.com"; }};
    SlackSession slack{server};
    HttpClient browser{server.port()};

    DashWorld() {
        okr("team create growth channel=<#C9|growth>");
        okr("team add growth <@U2|ben>");
        okr("objective add \"Grow the pipeline\"");                        // O-1, public
        okr("kr add O-1 \"Qualified leads\" from=0 to=100 owner=<@U2|ben>");  // KR-1
        okr("checkin KR-1 30 on-track \"first week\"");
        okr("checkin KR-1 45 at-risk");
        okr("objective add \"Secret growth plan\" internal");                // O-2, internal to growth
        okr("kr add O-2 \"Hidden metric\" from=0 to=10");                    // KR-2
        okr("team create ops", "U5");
        okr("objective add \"Ops stuff\" team=ops", "U5");                    // O-3
    }

    std::string okr(const std::string& text, const std::string& user = "U1") { return slack.okr(text, user); }

    // `/okr dashboard ...` as `user`: the link's path and query.
    std::string link(const std::string& user = "U1", const std::string& args = "") {
        const auto reply = okr("dashboard" + (args.empty() ? "" : " " + args), user);
        std::smatch m;
        BOOST_REQUIRE_MESSAGE(std::regex_search(reply, m, std::regex(R"(https://okr\.example\.com(/d/login\?t=[A-Za-z0-9_-]{43}))")),
                              reply);
        return m[1].str();
    }
    HttpClient::Reply get(const std::string& target, const std::string& cookie = "") {
        goalpost::bot::HttpRequest r;
        r.method = "GET";
        r.target = target;
        if (!cookie.empty()) r.headers.emplace_back("Cookie", "theme=dark; gp_session=" + cookie);
        return browser.send(r);
    }
    // Signs in with a link: the session cookie's value.
    std::string sign_in(const std::string& target) {
        auto r = get(target);
        BOOST_REQUIRE_EQUAL(r.status, 303);
        std::smatch m;
        const std::string set = r.header("Set-Cookie");
        BOOST_REQUIRE(std::regex_search(set, m, std::regex("gp_session=([A-Za-z0-9_-]+)")));
        return m[1].str();
    }
};

void check_security_headers(const HttpClient::Reply& r) {
    BOOST_TEST(r.header("Content-Security-Policy") ==
               "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
               "form-action 'self'");
    BOOST_TEST(r.header("X-Content-Type-Options") == "nosniff");
    BOOST_TEST(r.header("Referrer-Policy") == "no-referrer");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dashboard_e2e)

BOOST_AUTO_TEST_CASE(the_chat_link_signs_in_once_and_the_pages_show_what_chat_shows) {
    DashWorld w;
    const auto reply = w.okr("dashboard");
    BOOST_TEST(has(reply, "ephemeral"));
    BOOST_TEST(has(reply, "Open dashboard"));

    // Act: open the link, then each page with the cookie.
    const auto target = w.link();
    auto login = w.get(target);
    BOOST_REQUIRE_EQUAL(login.status, 303);
    BOOST_TEST(login.header("Location") == "/d/");
    const std::string set = login.header("Set-Cookie");
    BOOST_TEST(has(set, "; Path=/d; Max-Age=43200; HttpOnly; SameSite=Lax; Secure"));
    check_security_headers(login);
    std::smatch m;
    BOOST_REQUIRE(std::regex_search(set, m, std::regex("gp_session=([A-Za-z0-9_-]+)")));
    const std::string cookie = m[1].str();
    const auto tree = w.get("/d/", cookie);
    const auto team = w.get("/d/team/growth", cookie);
    const auto kr = w.get("/d/kr/KR-1", cookie);
    const auto css = w.get("/d/style.css");

    // Check
    BOOST_TEST(tree.status == 200);
    BOOST_TEST(tree.content_type == "text/html; charset=utf-8");
    check_security_headers(tree);
    BOOST_TEST(has(tree.body, "Grow the pipeline"));
    BOOST_TEST(has(tree.body, "Secret growth plan"));  // U1 is a member of growth
    BOOST_TEST(has(tree.body, "45%"));
    BOOST_TEST(has(tree.body, "<svg"));
    BOOST_TEST(has(tree.body, "<title>"));
    BOOST_TEST(!has(tree.body, "style=\""));
    BOOST_TEST(!has(tree.body, "<script"));
    BOOST_TEST(team.status == 200);
    BOOST_TEST(has(team.body, "KR-1</a> Qualified leads"));
    BOOST_TEST(has(team.body, "45 of 100"));
    BOOST_TEST(has(team.body, "5/10, at risk"));  // the at-risk list
    check_security_headers(team);
    BOOST_TEST(kr.status == 200);
    BOOST_TEST(has(kr.body, "Burn-up of KR-1: Qualified leads against its expected pace"));
    BOOST_TEST(has(kr.body, "class=\"pace\""));
    BOOST_TEST(has(kr.body, "first week"));
    BOOST_TEST(css.status == 200);
    BOOST_TEST(css.content_type == "text/css; charset=utf-8");
    BOOST_TEST(has(css.body, "prefers-color-scheme: dark"));
    BOOST_TEST(has(css.body, "@media print"));
    // `dashboard team NAME` lands on the team's page.
    auto to_team = w.get(w.link("U1", "team growth"));
    BOOST_TEST(to_team.header("Location") == "/d/team/growth");
}

BOOST_AUTO_TEST_CASE(reused_expired_forged_and_missing_credentials_get_403_and_no_data) {
    DashWorld w;
    const auto target = w.link();
    const auto cookie = w.sign_in(target);
    auto expect_refused = [&](const HttpClient::Reply& r, const char* what) {
        BOOST_TEST_INFO(what);
        BOOST_TEST(r.status == 403);
        BOOST_TEST(!has(r.body, "Grow the pipeline"));
        BOOST_TEST(!has(r.body, "Qualified leads"));
        BOOST_TEST(r.header("Set-Cookie").empty());
        check_security_headers(r);
    };
    expect_refused(w.get(target), "the same link again");
    expect_refused(w.get("/d/login?t=" + std::string(43, 'A')), "a forged link");
    expect_refused(w.get("/d/login"), "no token");
    expect_refused(w.get("/d/"), "no cookie");
    expect_refused(w.get("/d/kr/KR-1"), "no cookie, a KR");
    expect_refused(w.get("/d/", "forged-session-value"), "a forged cookie");
    // A link older than 10 minutes.
    const auto late = w.link();
    w.server.now_s += 601;
    expect_refused(w.get(late), "an expired link");
    // A session older than 12 hours.
    BOOST_TEST(w.get("/d/", cookie).status == 200);
    w.server.now_s += 12 * 3600;
    expect_refused(w.get("/d/", cookie), "an expired session");
    // Not a GET.
    goalpost::bot::HttpRequest post;
    post.method = "POST";
    post.target = "/d/";
    BOOST_TEST(w.browser.send(post).status == 405);
}

BOOST_AUTO_TEST_CASE(a_session_sees_what_its_person_sees_and_nothing_of_another_workspace) {
    DashWorld w;
    // U5 is in ops only: growth's internal objective is not theirs to see.
    const auto outsider = w.sign_in(w.link("U5"));
    const auto tree = w.get("/d/", outsider);
    BOOST_TEST(has(tree.body, "Grow the pipeline"));
    BOOST_TEST(!has(tree.body, "Secret growth plan"));
    BOOST_TEST(!has(w.get("/d/team/growth", outsider).body, "Hidden metric"));
    const auto hidden = w.get("/d/kr/KR-2", outsider);
    BOOST_TEST(hidden.status == 404);
    BOOST_TEST(!has(hidden.body, "Hidden metric"));
    // Another workspace: its own O-1 only, never T1's.
    SlackSession other{w.server};
    other.team_id = "T2";
    other.okr("team create rivals");
    other.okr("objective add \"Rival plan\"");
    const auto reply = other.okr("dashboard");
    std::smatch m;
    BOOST_REQUIRE(std::regex_search(reply, m, std::regex(R"((/d/login\?t=[A-Za-z0-9_-]{43}))")));
    const auto rival = w.sign_in(m[1].str());
    const auto rival_tree = w.get("/d/", rival);
    BOOST_TEST(has(rival_tree.body, "Rival plan"));
    BOOST_TEST(!has(rival_tree.body, "Grow the pipeline"));
    BOOST_TEST(w.get("/d/team/growth", rival).status == 404);
    BOOST_TEST(w.get("/d/kr/KR-1", rival).status == 404);
}

BOOST_AUTO_TEST_CASE(user_text_is_shown_as_text) {
    DashWorld w;
    // As Slack sends them: & < > escaped.
    w.okr(R"(objective add "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co")");  // O-4
    w.okr(R"(kr add O-4 "x' onmouseover=alert(1) &gt;&lt;svg onload=alert(1)&gt;" from=0 to=5)");  // KR-3
    const auto cookie = w.sign_in(w.link());
    const auto tree = w.get("/d/", cookie);
    BOOST_TEST(has(tree.body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    BOOST_TEST(!has(tree.body, "<script>"));
    const auto team = w.get("/d/team/growth", cookie);
    BOOST_TEST(has(team.body, "x&#39; onmouseover=alert(1) &gt;&lt;svg onload=alert(1)&gt;"));
    BOOST_TEST(!has(team.body, "<svg onload"));
    const auto kr = w.get("/d/kr/KR-3", cookie);
    BOOST_TEST(kr.status == 200);
    BOOST_TEST(!has(kr.body, "<svg onload"));
}

BOOST_AUTO_TEST_CASE(a_link_shared_with_a_channel_opens_only_that_teams_public_view) {
    // Setup: what a Teams `dashboard` makes (a shared link for team growth), made directly.
    DashWorld w;
    const std::string token = "shared-test-token-0123456789";
    const auto growth_id = std::stoll(query(w.server.db_path(), "SELECT id FROM teams WHERE name = 'growth'"));
    w.server.store->dashboard_access().create_link(
        goalpost::bot::crypto::to_hex(goalpost::bot::crypto::sha256(token)),
        goalpost::storage::DashboardGrant{"slack:T1", "", growth_id, true},
        goalpost::core::Time{std::chrono::seconds{w.server.now_s.load() + 600}},
        goalpost::core::Time{std::chrono::seconds{w.server.now_s.load()}});

    // Act: two people open it.
    const auto first = w.sign_in("/d/login?t=" + token);
    const auto second = w.sign_in("/d/login?t=" + token);

    // Check: each a session limited to growth's public view.
    BOOST_TEST(first != second);
    const auto landing = w.get("/d/", first);
    BOOST_TEST(landing.status == 303);
    BOOST_TEST(landing.header("Location") == "/d/team/growth");
    const auto team = w.get("/d/team/growth", first);
    BOOST_TEST(has(team.body, "Grow the pipeline"));
    BOOST_TEST(!has(team.body, "Secret growth plan"));
    BOOST_TEST(!has(team.body, "Alignment tree"));
    BOOST_TEST(w.get("/d/team/ops", second).status == 404);
    BOOST_TEST(w.get("/d/kr/KR-1", second).status == 200);
    BOOST_TEST(w.get("/d/kr/KR-2", second).status == 404);
}

BOOST_AUTO_TEST_CASE(without_a_public_url_the_command_says_what_to_set) {
    RunningServer server;
    SlackSession slack{server};
    BOOST_TEST(has(slack.okr("dashboard"), "server.public_url"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dashboard_cadence_e2e)

BOOST_AUTO_TEST_CASE(summaries_link_a_stakeholder_view_until_the_next_and_digests_link_the_team_page) {
    // Setup: growth has a team under it with a public and an internal objective.
    DashWorld w;
    w.okr("team create squad parent=growth");
    w.okr("objective add \"Squad public goal\" team=squad");
    w.okr("objective add \"Squad secret goal\" team=squad internal");
    goalpost::bot::CadenceService cadence(*w.server.store, std::chrono::hours(12), "/okr", "https://okr.example.com");
    auto at = [](const char* iso) { return *goalpost::core::parse_instant(iso); };

    // Act: the monthly summary on 1 December, a digest on Friday 4 December.
    cadence.run_due(at("2026-12-01T10:00:00Z"));
    cadence.run_due(at("2026-12-04T16:00:00Z"));

    // Check: the summary links its own view; the digest the team's page.
    std::string summary_token;
    std::set<std::string> digest_links;
    for (const auto& item : w.server.store->outbox().due(at("2027-06-01T00:00:00Z"), 100)) {
        std::smatch m;
        if (std::regex_search(item.payload, m, std::regex(R"(https://okr\.example\.com/d/summary/([A-Za-z0-9_-]{43}))")) &&
            has(item.payload, "growth")) {
            summary_token = m[1].str();
        }
        if (std::regex_search(item.payload, m, std::regex(R"(https://okr\.example\.com(/d/team/[a-z]+))"))) {
            digest_links.insert(m[1].str());
        }
    }
    BOOST_REQUIRE(!summary_token.empty());
    BOOST_TEST(digest_links.count("/d/team/growth") == 1u);
    BOOST_TEST(digest_links.count("/d/team/squad") == 1u);
    w.server.now_s = at("2026-12-02T09:00:00Z").time_since_epoch().count();
    const auto view = w.get("/d/summary/" + summary_token);  // no cookie: the token is the credential
    BOOST_TEST(view.status == 200);
    check_security_headers(view);
    BOOST_TEST(has(view.body, "Grow the pipeline"));
    BOOST_TEST(has(view.body, "Squad public goal"));
    BOOST_TEST(!has(view.body, "Secret growth plan"));
    BOOST_TEST(!has(view.body, "Squad secret goal"));
    BOOST_TEST(!has(view.body, "Ops stuff"));  // not under growth
    BOOST_TEST(!has(view.body, "href=\"/d/kr/"));
    // A summary token is no sign-in link, and a sign-in link no summary token.
    BOOST_TEST(w.get("/d/login?t=" + summary_token).status == 403);
    BOOST_TEST(w.get("/d/summary/" + std::string(43, 'A')).status == 403);
    // After the next summary (1 January, 10:00 in the team's zone, UTC) the link is spent.
    w.server.now_s = at("2027-01-01T10:00:01Z").time_since_epoch().count();
    const auto late = w.get("/d/summary/" + summary_token);
    BOOST_TEST(late.status == 403);
    BOOST_TEST(!has(late.body, "Grow the pipeline"));
}

BOOST_AUTO_TEST_SUITE_END()
