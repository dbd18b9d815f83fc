// `/okr kr source` and `/okr kr sync` in core: what each kind takes, who may set a source,
// what `show` says about it, and what a sync answers (the reading itself is the edge's:
// tests/sources/ and tests/bot/source_sync_test.cpp).
#include <boost/test/unit_test.hpp>

#include "core/sources.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

namespace {

// Hooks whose configuration lacks what `lacking` says and whose sync answers `report`.
struct Hooks {
    std::optional<std::string> lacking;
    SyncReport report;
    int syncs = 0;
    std::function<void(const SyncReport&)> later;  // what the last sync was given
    SourceHooks hooks;
    Hooks() {
        hooks.interval_minutes = 30;
        hooks.check = [this](const SourceSpec&) { return lacking; };
        hooks.sync = [this](const WorkspaceKey&, const KeyResult&, Time, std::function<void(const SyncReport&)> l) {
            ++syncs;
            later = std::move(l);
            return report;
        };
    }
};

struct Fixture {
    World w;
    Hooks h;
    Fixture() {
        seed_growth(w);
        w.sources = &h.hooks;
    }
    std::optional<KrSource> source(int kr) { return w.store.repositories().sources->source_of("slack:T1", w.kr(kr).id); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(kr_sources, Fixture)

BOOST_AUTO_TEST_CASE(each_kind_is_set_with_its_arguments_and_shown) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"jira \"project = OPS AND statusCategory = Done\"", "Jira issues matching `project = OPS AND statusCategory = Done`"},
        {"asana 1204567890123456 completed", "completed tasks of Asana project 1204567890123456"},
        {"trello 5f1a2b3c4d5e6f7a8b9c0d1e", "cards in Trello list 5f1a2b3c4d5e6f7a8b9c0d1e"},
        {"github \"repo:acme/app is:pr is:merged\"", "GitHub issues and pull requests matching `repo:acme/app is:pr is:merged`"},
        {"sheets 1AbCdEfGhIjKlMnOp \"Q1!B4\"", "cell Q1!B4 of Google Sheet 1AbCdEfGhIjKlMnOp"},
        {"url metrics /data/signups", "`/data/signups` of the URL metrics"},
    };
    for (const auto& [args, described] : cases) {
        BOOST_TEST_INFO(args);
        auto reply = w.say("ben", "kr source KR-1 " + args);
        BOOST_TEST(has(reply, "*KR-1* now reads its value from " + described));
        BOOST_TEST(has(reply, "every 30 minutes"));
        BOOST_TEST(has(w.say("ben", "show KR-1"), "Reads " + described + " · not read yet"));
    }
    auto s = source(1);
    BOOST_REQUIRE(s.has_value());
    BOOST_TEST(s->spec.kind == "url");
    BOOST_TEST((s->spec.args == std::vector<std::string>{"metrics", "/data/signups"}));
    BOOST_TEST(s->set_by == "ben");
}

BOOST_AUTO_TEST_CASE(a_source_off_and_a_second_off) {
    w.say("ana", "kr source KR-1 github \"is:pr is:merged\"");
    BOOST_TEST(has(w.say("ana", "kr source KR-1 off"), "no longer reads its value from a source"));
    BOOST_TEST(!source(1).has_value());
    BOOST_TEST(!has(w.say("ana", "show KR-1"), "Reads"));
    BOOST_TEST(has(w.say("ana", "kr source KR-1 off"), "KR-1 has no source"));
}

BOOST_AUTO_TEST_CASE(bad_arguments_say_what_to_type_and_save_nothing) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"kr source KR-1", "Where should KR-1 read its value from?"},
        {"kr source KR-1 jira", "A jira source takes \"JQL query\""},
        {"kr source KR-1 jira project = OPS", "Put the JQL query in quotes."},
        {"kr source KR-1 github is:pr is:merged", "Put the search query in quotes."},
        {"kr source KR-1 zendesk 42", "`zendesk` isn't a source; the sources are jira, asana, trello, github, sheets, url"},
        {"kr source KR-1 asana 12x4 completed", "isn't an Asana project id"},
        {"kr source KR-1 asana 1204 done", "counts completed, incomplete or all tasks, not `done`"},
        {"kr source KR-1 trello 5f1a", "isn't a Trello list id"},
        {"kr source KR-1 sheets 1AbCdEfGhIjKlMnOp B4:B9", "isn't one cell"},
        {"kr source KR-1 sheets short B4", "isn't a spreadsheet id"},
        {"kr source KR-1 url metrics data/signups", "isn't a JSON Pointer"},
        {"kr source KR-1 url Metrics! /x", "isn't the name of a URL under sources.urls"},
        {"kr source KR-1 jira \"\"", "The JQL query is empty"},
        {"kr source O-1 jira \"x\"", "isn't a key result id like KR-7"},
        {"kr sync", "Which key result?"},
        {"kr sync KR-1 now", "I didn't understand"},
    };
    for (const auto& [typed, expected] : cases) {
        BOOST_TEST_INFO(typed);
        BOOST_TEST(has(w.say("ana", typed), expected));
    }
    BOOST_TEST(!source(1).has_value());
}

BOOST_AUTO_TEST_CASE(owner_members_leads_and_admins_set_a_source_others_do_not) {
    // Setup: squad under growth; sam owns squad's KR-3; lena leads growth; ada is an admin.
    w.admins = {"ada"};
    w.say("ada", "team create squad parent=growth");
    w.say("ada", "team add squad <@sam>");
    w.say("ada", "team remove squad <@ada>");
    w.say("ada", "team lead growth <@lena>");
    w.say("sam", "objective add \"Squad work\" team=squad");
    w.say("sam", "kr add O-2 Tickets from=0 to=10 owner=<@sam>");
    BOOST_TEST_REQUIRE(w.store.find_key_result("slack:T1", 3).has_value());
    const std::string set = "kr source KR-3 github \"is:pr\"";

    // Check: someone of no team, and a member of the team above who does not lead it.
    for (const char* who : {"nina", "ben"}) {
        BOOST_TEST_INFO(who);
        BOOST_TEST(has(w.say(who, set), "Only KR-3's owner, its team's members, their leads and admins"));
    }
    BOOST_TEST(!source(3).has_value());
    for (const char* who : {"sam", "lena", "ada"}) {
        BOOST_TEST_INFO(who);
        BOOST_TEST(has(w.say(who, set), "now reads its value"));
    }
    BOOST_TEST(has(w.say("ben", "kr sync KR-3"), "Only KR-3's owner"));
    BOOST_TEST(h.syncs == 0);
    BOOST_TEST(has(w.say("ben", "kr source KR-3 off"), "Only KR-3's owner"));
    BOOST_TEST(source(3).has_value());
}

BOOST_AUTO_TEST_CASE(a_kind_the_server_cannot_read_is_refused) {
    h.lacking = "sources.jira.api_token isn't set";
    auto reply = w.say("ana", "kr source KR-1 jira \"project = OPS\"");
    BOOST_TEST(has(reply, "goalpost can't read jira on this server yet: sources.jira.api_token isn't set"));
    BOOST_TEST(!source(1).has_value());
    // A done-or-not KR takes no numbers.
    w.say("ana", "kr add O-1 Launch binary");
    BOOST_TEST(has(w.say("ana", "kr source KR-3 github \"is:pr\""), "KR-3 is done or not done"));
    // Without the edge's hooks (a test, a tool), sources are not available.
    w.sources = nullptr;
    BOOST_TEST(has(w.say("ana", "kr source KR-1 github \"is:pr\""), "Key-result sources aren't available"));
    BOOST_TEST(has(w.say("ana", "kr sync KR-1"), "Key-result sources aren't available"));
}

BOOST_AUTO_TEST_CASE(sync_answers_with_the_value_or_the_error) {
    BOOST_TEST(has(w.say("ana", "kr sync KR-1"), "KR-1 has no source to read."));
    BOOST_TEST(h.syncs == 0);
    w.say("ana", "kr source KR-1 github \"is:pr is:merged\"");

    h.report = SyncReport{42, true, ""};
    BOOST_TEST(has(w.say("ana", "kr sync KR-1"), "Read *42* from GitHub issues and pull requests matching `is:pr "
                                                 "is:merged`: checked in on KR-1"));
    h.report = SyncReport{42, false, ""};
    BOOST_TEST(has(w.say("ana", "kr sync KR-1"), "the same as now, so nothing was recorded"));
    h.report = SyncReport{std::nullopt, false, "GitHub refused the token (401)"};
    auto failed = w.say("ana", "kr sync KR-1");
    BOOST_TEST(has(failed, "Couldn't read KR-1's value from GitHub issues and pull requests matching `is:pr "
                           "is:merged`: GitHub refused the token (401)"));
    BOOST_TEST(has(failed, "Nothing was recorded. goalpost tries again within 30 minutes."));
    BOOST_TEST(h.syncs == 3);
}

BOOST_AUTO_TEST_CASE(a_slow_read_answers_reading_and_its_result_follows) {
    // Setup: the platform can answer again (Slack's response_url), and the read outlasts the wait.
    std::vector<std::string> answered_later;
    w.reply_later = [&](const Message& m) { answered_later.push_back(all_text(m)); };
    w.say("ana", "kr source KR-1 github \"is:pr is:merged\"");
    h.report = SyncReport{};
    h.report.pending = true;

    // Act
    auto now = w.say("ana", "kr sync KR-1");
    BOOST_REQUIRE(h.later);
    h.later(SyncReport{12, true, ""});

    // Check
    BOOST_TEST(has(now, "Reading KR-1's value from GitHub issues and pull requests matching `is:pr is:merged`; the "
                        "answer follows here."));
    BOOST_REQUIRE_EQUAL(answered_later.size(), 1u);
    BOOST_TEST(has(answered_later[0], "Read *12* from GitHub issues and pull requests matching `is:pr is:merged`: "
                                      "checked in on KR-1"));
    // Where the platform cannot answer later, the read is waited for (no `later`).
    w.reply_later = nullptr;
    h.report = SyncReport{12, false, ""};
    w.say("ana", "kr sync KR-1");
    BOOST_TEST(!h.later);
}

BOOST_AUTO_TEST_CASE(help_lists_the_source_commands) {
    auto help = w.say("ana", "help kr");
    BOOST_TEST(has(help, "kr source KR-7 jira|asana|trello|github|sheets|url ARGS..."));
    BOOST_TEST(has(help, "kr sync KR-7"));
}

BOOST_AUTO_TEST_SUITE_END()

// `/okr dashboard` in core: what it asks the edge to sign, per platform.
BOOST_AUTO_TEST_SUITE(dashboard_command)

BOOST_AUTO_TEST_CASE(slack_asks_for_a_personal_link_and_teams_for_the_channels_team_view) {
    World w;
    std::vector<DashboardLink> asked;
    std::optional<std::string> url = "https://okr.example.com/d/login?t=abc";
    auto hook = [&](const DashboardLink& l) {
        asked.push_back(l);
        return url;
    };
    // Slack: personal; `team NAME` names the landing team.
    seed_growth(w);
    HandlerContext slack{w.repos(), Actor{"slack:T1", "ana", "ana", "C1"}, w.now, {}, "/okr"};
    slack.dashboard_link = hook;
    auto reply = all_text(handle_text("dashboard", slack).message);
    BOOST_TEST(has(reply, "Your dashboard"));
    BOOST_REQUIRE_EQUAL(asked.size(), 1u);
    BOOST_TEST(!asked[0].shared);
    BOOST_TEST(!asked[0].team_id.has_value());
    const auto out = handle_text("dashboard team growth", slack);
    BOOST_REQUIRE(out.message.blocks.size() >= 1u);
    BOOST_REQUIRE(out.message.blocks[0].button.has_value());
    BOOST_TEST(out.message.blocks[0].button->url == *url);
    BOOST_TEST((out.message.audience == Audience::ephemeral));
    BOOST_TEST(asked[1].team_id.value_or(0) == w.store.find_team("slack:T1", "growth")->id);
    BOOST_TEST(has(all_text(handle_text("dashboard team nope", slack).message), "no team called"));

    // Teams: shared, for the team whose channel the command was typed in; elsewhere, name it.
    w.workspace = "teams:tenant-1";
    w.channel = "19:growth@thread.tacv2";
    w.say("tara", "team create squad channel=<#19:growth@thread.tacv2|squad>");
    HandlerContext teams{w.repos(), Actor{"teams:tenant-1", "tara", "tara", "19:growth@thread.tacv2"}, w.now, {}, "/okr"};
    teams.dashboard_link = hook;
    auto shared = all_text(handle_text("dashboard", teams).message);
    BOOST_TEST(has(shared, "Anyone in this channel may open it within 10 minutes"));
    BOOST_TEST(asked.back().shared);
    BOOST_TEST(asked.back().team_id.value_or(0) == w.store.find_team("teams:tenant-1", "squad")->id);
    teams.actor.channel_id = "19:other@thread.tacv2";
    const auto before = asked.size();
    BOOST_TEST(has(all_text(handle_text("dashboard", teams).message), "name the team"));
    BOOST_TEST(asked.size() == before);

    // Without server.public_url the edge signs nothing, and says what to set.
    url.reset();
    BOOST_TEST(has(all_text(handle_text("dashboard", slack).message), "server.public_url"));
}

BOOST_AUTO_TEST_SUITE_END()
