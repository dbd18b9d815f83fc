// Text as Slack really sends it (&, < and > escaped, links and mentions as control
// sequences): what is stored is what the person typed, and what goes back to Slack is that
// text escaped exactly once, in the reply and in every post.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <functional>

#include "core/playbook.hpp"
#include "core/text.hpp"
#include "storage/ports.hpp"
#include "tests/bot/slack_app_fixture.hpp"

using namespace goalpost;
namespace json = boost::json;

namespace {

using Fixture = testing::SlackAppFixture;
const core::WorkspaceKey ws = "slack:T1";

// Every "text" string of a Block Kit JSON document (fallback, blocks, labels), one per line.
void collect_texts(const json::value& v, std::string& out) {
    if (v.is_object()) {
        for (const auto& [key, value] : v.as_object()) {
            if (key == "text" && value.is_string()) out += std::string(value.as_string()) + "\n";
            else collect_texts(value, out);
        }
    } else if (v.is_array()) {
        for (const auto& e : v.as_array()) collect_texts(e, out);
    }
}
std::string texts_of(const std::string& json_body) {
    std::string out;
    collect_texts(json::parse(json_body), out);
    return out;
}

bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

std::string with(std::string command, const std::string& text) {
    return command.replace(command.find("{}"), 2, text);
}

// `typed` appears escaped once: never raw (where that differs) and never escaped twice.
void check_shown_once(const std::string& shown, const std::string& typed, const std::string& where) {
    const std::string once = core::escape_text(typed);
    BOOST_TEST(has(shown, once), where << ": expected " << once << " in\n" << shown);
    BOOST_TEST(!has(shown, core::escape_text(once)), where << ": escaped twice in\n" << shown);
    if (once == typed) return;
    // Raw anywhere else ("&amp;" typed is a prefix of its own escaped form "&amp;amp;").
    std::string rest = shown;
    for (auto at = rest.find(once); at != std::string::npos; at = rest.find(once, at)) rest.erase(at, once.size());
    BOOST_TEST(!has(rest, typed), where << ": raw in\n" << shown);
}

struct Field {
    const char* name;
    const char* command;  // `{}` is where Slack's escaped text goes
    const char* view;     // a command whose reply shows the text
    std::function<std::string(Fixture&)> stored;
};

const Field fields[] = {
    {"objective title", "objective add \"{}\"", "show O-2",
     [](Fixture& f) { return f.store.find_objective(ws, 2)->title; }},
    {"key result title", "kr add O-1 \"{}\" from=0 to=10", "show KR-2",
     [](Fixture& f) { return f.store.find_key_result(ws, 2)->title; }},
    {"check-in note", "checkin KR-1 600 \"{}\"", "show KR-1",
     [](Fixture& f) { return f.store.checkins_of(ws, f.store.find_key_result(ws, 1)->id, 1).at(0).note; }},
    {"win", "win \"{}\" team=growth", "digest",
     [](Fixture& f) {
         auto team = f.store.find_team(ws, "growth");
         return f.store.repositories().playbook->wins_of_team(ws, team->id, f.now, f.now + std::chrono::seconds(1))
             .at(0)
             .title;
     }},
    {"retro", "retro O-1 \"{}\"", "show O-1",
     [](Fixture& f) {
         return f.store.repositories().playbook->retros_of(ws, f.store.find_objective(ws, 1)->id).at(0).text;
     }},
    {"edit reason", "edit KR-1 to=1,500 because \"{}\"", "show KR-1 history",
     [](Fixture& f) {
         return f.store.repositories()
             .playbook->history_of(ws, core::EditTarget::key_result, f.store.find_key_result(ws, 1)->id)
             .at(0)
             .reason;
     }},
    {"edited title", "edit O-1 title=\"{}\"", "show O-1 history",
     [](Fixture& f) {
         return f.store.repositories()
             .playbook->history_of(ws, core::EditTarget::objective, f.store.find_objective(ws, 1)->id)
             .at(0)
             .change.new_value;
     }},
};

// What people type; Slack sends each with & < > escaped (core::escape_text is that escaping).
const std::string typed_texts[] = {
    "R&D: fewer than 5 bugs & <2 outages",
    "Latency p99 < 200 ms",
    "Q&A done; next: cache > db",
    "&amp; typed on purpose",
    "<!channel> and <https://evil.example|docs> typed as text",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(slack_escaping)

BOOST_AUTO_TEST_CASE(every_text_field_is_stored_as_typed_and_shown_escaped_once) {
    for (const Field& field : fields) {
        for (const std::string& typed : typed_texts) {
            // Setup
            Fixture f;
            const std::string where = std::string(field.name) + " \"" + typed + "\"";

            // Act
            auto reply = f.command(with(field.command, core::escape_text(typed)));
            auto view = f.command(field.view);

            // Check
            BOOST_TEST(reply.status == 200);
            BOOST_TEST(field.stored(f) == typed, where);
            check_shown_once(texts_of(view.body), typed, where + " in `" + field.view + "`");
            for (const auto& post : f.store.outbox().due(f.now, 50)) {
                check_shown_once(texts_of(post.payload), typed, where + " in a post");
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_team_name_is_stored_as_typed_and_found_again) {
    for (const std::string typed : {"R&D", "Q&A", "&amp;"}) {
        // Setup
        Fixture f;

        // Act
        auto created = f.command("team create " + core::escape_text(typed));
        auto shown = f.command("team show " + core::escape_text(typed));

        // Check
        BOOST_TEST(texts_of(created.body).find("created") != std::string::npos, typed);
        BOOST_TEST(f.store.find_team(ws, typed).has_value(), typed);
        check_shown_once(texts_of(shown.body), "Team " + typed, typed + " in team show");
    }
}

BOOST_AUTO_TEST_CASE(a_win_is_announced_with_its_title_escaped_once) {
    // Setup
    Fixture f;
    const std::string typed = "Q&A shipped <2 days late";

    // Act
    f.command("win \"" + core::escape_text(typed) + "\" team=growth");

    // Check
    auto posts = f.store.outbox().due(f.now, 50);
    BOOST_REQUIRE_EQUAL(posts.size(), 1u);
    BOOST_TEST(posts[0].destination == "C42");
    check_shown_once(texts_of(posts[0].payload), typed, "the win's post");
}

BOOST_AUTO_TEST_CASE(links_and_special_mentions_are_stored_as_typed) {
    // Setup: Slack turns a typed URL into a link and @here into a special mention.
    struct Case {
        const char* sent;
        const char* stored;
        const char* shown;  // in `show O-2`: escaped once; Slack makes the bare URL a link again
    };
    const Case cases[] = {
        {"Read <https://example.com/?a=1&amp;b=2|example.com/?a=1&amp;b=2> first",
         "Read https://example.com/?a=1&b=2 first", "Read https://example.com/?a=1&amp;b=2 first"},
        {"See <https://example.com>", "See https://example.com", "See https://example.com"},
        {"Ping <!here> now", "Ping @here now", "Ping @here now"},
        {"Ask <mailto:ana@example.com|ana@example.com>", "Ask ana@example.com", "Ask ana@example.com"},
    };
    for (const auto& c : cases) {
        Fixture f;

        // Act
        f.command(std::string("objective add \"") + c.sent + "\"");
        auto view = texts_of(f.command("show O-2").body);

        // Check
        BOOST_TEST(f.store.find_objective(ws, 2)->title == c.stored);
        BOOST_TEST(has(view, c.shown), c.sent << " shown as\n" << view);
        BOOST_TEST(!has(view, "<!here>"));
        BOOST_TEST(!has(view, "<https://"));
    }
}

BOOST_AUTO_TEST_CASE(hints_quote_typed_text_escaped_once) {
    // Setup
    Fixture f;
    f.command("team create R&amp;D");

    // Act: an unknown team named with a broadcast typed as text, and a bad setting of R&D.
    const std::string unknown = texts_of(f.command("list team &lt;!here&gt;").body);
    const std::string bad_time = texts_of(f.command("team set R&amp;D reminder=someday").body);

    // Check
    BOOST_TEST(has(unknown, "There's no team called *&lt;!here&gt;* here."));
    BOOST_TEST(has(unknown, "Try: `/okr team create &lt;!here&gt;`"));
    BOOST_TEST(!has(unknown, "<!here>"));
    BOOST_TEST(has(bad_time, "Try: `/okr team set R&amp;D reminder=mon 09:00`"));
    BOOST_TEST(!has(bad_time, "R&D"));
}

BOOST_AUTO_TEST_CASE(a_mistyped_command_is_answered_with_a_suggestion_and_changes_nothing) {
    // Setup
    Fixture f;

    // Act
    auto reply = f.command("chekin KR-1 40 \"R&amp;D\"");

    // Check
    auto v = json::parse(reply.body);
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(v.at("response_type").as_string() == "ephemeral");
    const std::string shown = texts_of(reply.body);
    BOOST_TEST(has(shown, "I don't know `chekin`. Did you mean `checkin`?"));
    BOOST_TEST(has(shown, "Try: `/okr checkin KR-1 40 \"R&amp;D\"`"));
    auto kr = f.store.find_key_result(ws, 1);
    BOOST_TEST(kr->current == 0);
    BOOST_TEST(f.store.checkins_of(ws, kr->id, 5).empty());
    BOOST_TEST(f.store.outbox().counts().pending == 0);
}

BOOST_AUTO_TEST_SUITE_END()
