// The dashboard in a real headless Chromium: the chat link, then the tree, a team and a KR,
// each checked by tests/dashboard/browse.py for its text, a non-blank screenshot (kept under
// build/dashboard-screenshots), no request to another host and no console error (CSP
// violations included). Then the same link again: 403.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <sys/wait.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/session.hpp"

using namespace goalpost::testing;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dashboard_browser)

BOOST_AUTO_TEST_CASE(every_page_renders_in_chromium_with_nothing_from_another_host) {
    // Setup: a server whose public URL is its loopback address, a workspace with a tree.
    RunningServer server{65536, [](goalpost::config::Settings& s) { s.server.public_url = "http://127.0.0.1"; }};
    SlackSession slack{server};
    slack.okr("team create company");
    slack.okr("objective add \"Win the market\" team=company");  // O-1
    slack.okr("team create growth parent=company channel=<#C9|growth>");
    slack.okr("objective add \"Grow the pipeline\" team=growth parent=O-1");  // O-2
    slack.okr("kr add O-2 \"Qualified leads\" from=0 to=200 owner=<@U1|ana>");  // KR-1
    slack.okr("checkin KR-1 40 on-track \"first week\"");
    server.now_s += 7 * 24 * 3600;
    slack.okr("checkin KR-1 90 at-risk \"<b>not bold</b>\"");
    slack.okr("win \"Signed the first partner\" team=growth kr=KR-1");
    const auto reply = slack.okr("dashboard");
    std::smatch m;
    BOOST_REQUIRE_MESSAGE(std::regex_search(reply, m, std::regex(R"(http://127\.0\.0\.1(/d/login\?t=[A-Za-z0-9_-]{43}))")),
                          reply);
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    const fs::path out = fs::path(GOALPOST_SCREENSHOTS);
    fs::remove_all(out);
    fs::create_directories(out);
    json::array plan{
        json::object{{"url", base + m[1].str()}, {"expect", json::array{"Alignment", "Win the market", "Grow the pipeline", "45%"}}},
        json::object{{"url", base + "/d/team/growth"},
                     {"expect", json::array{"Qualified leads", "90 of 200", "45%", "At risk", "Signed the first partner"}}},
        json::object{{"url", base + "/d/kr/KR-1"},
                     {"expect", json::array{"Qualified leads", "Check-ins", "first week", "<b>not bold</b>"}}},
    };
    std::ofstream(out / "plan.json") << json::serialize(plan);

    // Act
    const std::string command = std::string(GOALPOST_PYTHON3) + " " + GOALPOST_BROWSE_PY + " --strict --out " +
                                out.string() + " --plan " + (out / "plan.json").string() + " > " +
                                (out / "browse.log").string() + " 2>&1";
    const int status = std::system(command.c_str());

    // Check: browse.py found no problem on any page (its report says which if it did).
    const std::string report_text = slurp(out / "report.json");
    BOOST_TEST_INFO(slurp(out / "browse.log") << report_text.substr(0, 4000));
    BOOST_REQUIRE(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    const auto report = json::parse(report_text).as_object();
    BOOST_TEST(report.at("ok").as_bool());
    const auto& pages = report.at("pages").as_array();
    BOOST_REQUIRE_EQUAL(pages.size(), 3u);
    for (const auto& p : pages) {
        const auto& page = p.as_object();
        BOOST_TEST_INFO(json::serialize(page.at("url")));
        BOOST_TEST(page.at("problems").as_array().empty());
        BOOST_TEST(page.at("console").as_array().empty());
        BOOST_TEST(page.at("colours").as_int64() >= 3);  // not a blank page
        BOOST_TEST(fs::file_size(std::string(page.at("screenshot").as_string())) > 2000u);
    }
    // The login left a session cookie only the server can read.
    BOOST_TEST(json::serialize(pages[0].as_object().at("cookies")).find("\"httpOnly\":true") != std::string::npos);

    // The link worked once: the same link again is refused without data.
    HttpClient client{server.port()};
    const auto again = client.get(m[1].str());
    BOOST_TEST(again.status == 403);
    BOOST_TEST(again.body.find("Win the market") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
