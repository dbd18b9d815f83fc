// /okr team set, digest and summary against an in-memory database with the cadence store.
#include <boost/test/unit_test.hpp>

#include "tests/support/world.hpp"

using namespace goalpost::core;
using goalpost::testing::all_text;
using goalpost::testing::has;

namespace {

struct World : goalpost::testing::World {
    TeamSettings settings(const std::string& team) {
        return *cadence.settings_of("slack:T1", store.find_team("slack:T1", team)->id);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cadence_commands)

BOOST_AUTO_TEST_CASE(team_set_changes_the_cadence) {
    World w;
    w.say("ana", "team create growth");
    auto defaults = w.settings("growth");
    BOOST_TEST(format_weekly(defaults.cadence.reminder) == "mon 09:00");
    BOOST_TEST(format_weekly(defaults.cadence.digest) == "fri 16:00");
    BOOST_TEST(format_monthly(defaults.cadence.summary) == "1 10:00");

    auto text = w.say("ana", "team set growth reminder=tue 08:30 digest=thu 17:00 summary=15 09:00 "
                             "stakeholders=<#C9|leads> tz=Asia/Kolkata teams_webhook=<https://example.webhook.office.com/x?sig=secret>");
    auto s = w.settings("growth");
    BOOST_TEST(format_weekly(s.cadence.reminder) == "tue 08:30");
    BOOST_TEST(format_weekly(s.cadence.digest) == "thu 17:00");
    BOOST_TEST(format_monthly(s.cadence.summary) == "15 09:00");
    BOOST_TEST(s.stakeholder_channel == "C9");
    BOOST_TEST(s.cadence.timezone == "Asia/Kolkata");
    BOOST_TEST(s.has_teams_webhook);
    BOOST_TEST(has(text, "tue 08:30"));
    BOOST_TEST(!has(text, "sig=secret"));  // the webhook URL is a secret: never echoed
    BOOST_TEST(*w.store.outbox().teams_webhook_url(w.store.find_team("slack:T1", "growth")->id) ==
               "https://example.webhook.office.com/x?sig=secret");

    w.say("ana", "team set growth digest=off teams_webhook=off");
    BOOST_TEST(!w.settings("growth").cadence.digest.enabled);
    BOOST_TEST(!w.settings("growth").has_teams_webhook);
}

BOOST_AUTO_TEST_CASE(team_set_mistakes_change_nothing) {
    World w;
    w.say("ana", "team create growth");
    BOOST_TEST(has(w.say("ana", "team set growth reminder=moon 09:00"), "isn't a weekly time"));
    BOOST_TEST(has(w.say("ana", "team set growth summary=40 10:00"), "isn't a monthly time"));
    BOOST_TEST(has(w.say("ana", "team set growth tz=Mars/Base"), "isn't a time zone"));
    BOOST_TEST(has(w.say("ana", "team set growth teams_webhook=http://plain"), "https://"));
    BOOST_TEST(has(w.say("ana", "team set growth colour=red"), "isn't a team setting"));
    BOOST_TEST(has(w.say("ana", "team set growth"), "What should I change"));
    BOOST_TEST(has(w.say("ana", "team set nope digest=fri 10:00"), "no team called"));
    auto s = w.settings("growth");
    BOOST_TEST(format_weekly(s.cadence.reminder) == "mon 09:00");
    BOOST_TEST(s.cadence.timezone == "UTC");
    BOOST_TEST(!s.has_teams_webhook);
}

BOOST_AUTO_TEST_CASE(digest_and_summary_previews_are_ephemeral) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "objective add \"Grow\" public");
    w.say("ana", "objective add \"Our secret\" internal");
    w.say("ana", "kr add O-1 Leads from=0 to=100");
    w.say("ana", "kr add O-2 Hidden from=0 to=10");
    w.say("ana", "checkin KR-1 80");
    auto digest = w.run("ana", "digest");
    BOOST_TEST((digest.message.audience == Audience::ephemeral));
    auto d = all_text(digest.message);
    BOOST_TEST(has(d, "Weekly digest"));
    BOOST_TEST(has(d, "Our secret"));  // the team's own digest includes internal goals
    BOOST_TEST(has(d, "Preview"));
    auto summary = w.run("ana", "summary team growth");
    auto s = all_text(summary.message);
    BOOST_TEST((summary.message.audience == Audience::ephemeral));
    BOOST_TEST(has(s, "Monthly summary"));
    BOOST_TEST(has(s, "Grow"));
    BOOST_TEST(!has(s, "Our secret"));
    BOOST_TEST(has(w.say("ana", "summary month=2026-10"), "2026-10"));
    BOOST_TEST(has(w.say("ana", "summary month=2026-13"), "isn't a month"));
    BOOST_TEST(has(w.say("zed", "digest"), "aren't in a team"));
}

BOOST_AUTO_TEST_SUITE_END()
