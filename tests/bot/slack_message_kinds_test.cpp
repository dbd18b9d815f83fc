// One piece of typed text with every character Slack treats specially, put into every text
// field through Slack (which escapes it), then looked for in every kind of message goalpost
// sends back: replies, posts, the digest, the summary, reminders, the App Home and the modal.
// Each shows it escaped exactly once, and nowhere can it ping or link.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/slack/block_kit.hpp"
#include "bot/slack/interactions.hpp"
#include "core/commands/dispatch.hpp"
#include "core/schedule/digest.hpp"
#include "core/schedule/report.hpp"
#include "core/text.hpp"
#include "storage/ports.hpp"
#include "tests/bot/slack_app_fixture.hpp"

using namespace goalpost;
namespace json = boost::json;

namespace {

const core::WorkspaceKey ws = "slack:T1";

// What the person typed: an ampersand, a broadcast and a disguised link typed as text, and an
// entity typed on purpose.
const std::string typed = "R&D <!here> <https://evil.example|docs> &amp;";
const std::string once = "R&amp;D &lt;!here&gt; &lt;https://evil.example|docs&gt; &amp;amp;";

void collect_texts(const json::value& v, std::string& out) {
    if (v.is_object()) {
        for (const auto& [key, value] : v.as_object()) {
            if ((key == "text" || key == "title") && value.is_string()) out += std::string(value.as_string()) + "\n";
            else collect_texts(value, out);
        }
    } else if (v.is_array()) {
        for (const auto& e : v.as_array()) collect_texts(e, out);
    }
}

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

struct Rendered {
    std::string kind;
    std::string json;
};

struct World : testing::SlackAppFixture {
    std::vector<Rendered> rendered;

    void say(const std::string& text) {
        auto r = command(text);
        BOOST_REQUIRE_EQUAL(r.status, 200);
        rendered.push_back({"/okr " + text, r.body});
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_message_kinds)

BOOST_AUTO_TEST_CASE(typed_text_is_escaped_once_in_every_kind_of_message) {
    // Setup: the text in every field, sent as Slack sends it.
    World w;
    const std::string sent = core::escape_text(typed);
    w.say("objective add \"" + sent + " goal\" team=growth public");
    w.say("kr add O-2 \"" + sent + " kr\" from=0 to=10 owner=<@U1|ana>");
    w.say("checkin KR-2 8 on-track \"" + sent + " note\"");
    w.say("win \"" + sent + " win\" team=growth kr=KR-2");
    w.say("retro O-2 \"" + sent + " retro\"");
    w.say("edit O-2 title=\"" + sent + " renamed\" because \"" + sent + " reason\"");
    w.say("grade O-2 KR-2=0.6 because \"" + sent + " override\"");
    BOOST_TEST_REQUIRE(w.store.find_objective(ws, 2)->title == typed + " renamed");

    // Act: every view, post and scheduled message.
    for (const char* view : {"list team growth", "list mine", "list all", "tree", "show O-2", "show KR-2",
                             "show O-2 history", "digest", "summary"}) {
        w.say(view);
    }
    for (const auto& post : w.store.outbox().due(w.now, 100)) {
        w.rendered.push_back({"post to " + post.destination, post.payload});
    }
    core::HandlerContext ctx{w.app->repositories(), {ws, "U1", "ana", "C1"}, w.now, {}, "/okr"};
    w.rendered.push_back({"App Home", bot::render_slack_home_view(core::home_tab(ctx))});
    const auto team = w.store.find_team(ws, "growth");
    const auto week = core::gather_report(ctx.repos, ws, *team, w.now + std::chrono::hours(24 * 7),
                                          w.now + std::chrono::hours(24 * 14), false);
    for (const auto& reminder : core::build_reminders(week, false, "/okr")) {
        w.rendered.push_back({"reminder", bot::render_slack_message(reminder.message)});
    }
    w.rendered.push_back({"channel reminder", bot::render_slack_message(core::build_channel_reminder(week, true, "/okr"))});
    w.rendered.push_back({"check-in modal", bot::checkin_modal("1.2.3", *w.store.find_key_result(ws, 2))});

    // Check
    for (const auto& r : w.rendered) {
        std::string texts;
        collect_texts(json::parse(r.json), texts);
        BOOST_TEST(has(texts, once), r.kind << ": the text is missing from\n" << texts);
        BOOST_TEST(!has(texts, "<!here>"), r.kind << ": a broadcast in\n" << texts);
        BOOST_TEST(!has(texts, "<https://evil"), r.kind << ": a link in\n" << texts);
        BOOST_TEST(!has(texts, "R&D"), r.kind << ": an unescaped & in\n" << texts);
        BOOST_TEST(!has(texts, "&amp;amp;amp;"), r.kind << ": escaped twice in\n" << texts);
        BOOST_TEST(!has(texts, "&amp;lt;"), r.kind << ": escaped twice in\n" << texts);
    }
    BOOST_TEST(w.rendered.size() == 23u);
}

BOOST_AUTO_TEST_SUITE_END()
