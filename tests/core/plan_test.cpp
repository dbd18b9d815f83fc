// Who gets which scheduled message, as a pure function of the platform, the team's settings
// and what was gathered: no storage, no clock.
#include <boost/test/unit_test.hpp>

#include "core/schedule/plan.hpp"

using namespace goalpost::core;

namespace {

// Team 7 "growth": ana and ben own a key result each; ana checked in this week, ben did not.
TeamReport week() {
    TeamReport r;
    r.team.id = 7;
    r.team.name = "growth";
    r.members = {"ana", "ben"};
    r.owners = {"ana", "ben"};
    ObjectiveView o;
    o.objective.number = 1;
    for (const char* owner : {"ana", "ben"}) {
        KrView k;
        k.kr.number = owner[0] == 'a' ? 1 : 2;
        k.kr.title = std::string("Leads of ") + owner;
        k.kr.owner = owner;
        o.krs.push_back(k);
    }
    r.objectives.push_back(o);
    Checkin c;
    c.user_id = "ana";
    r.checkins.push_back(c);
    return r;
}

ScheduledSlot slot(Platform platform, ScheduleKind kind, std::string channel = "C1", std::string stakeholders = "",
                   bool webhook = false) {
    ScheduledSlot s;
    s.platform = platform;
    s.team_id = 7;
    s.settings.channel = std::move(channel);
    s.settings.stakeholder_channel = std::move(stakeholders);
    s.settings.has_teams_webhook = webhook;
    s.kind = kind;
    s.period = kind == ScheduleKind::summary ? "2026-11" : "2026-W47";
    return s;
}

Message built(const std::string& text) {
    Message m;
    m.text = text;
    return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schedule_plan)

BOOST_AUTO_TEST_CASE(slack_reminds_each_person_who_has_not_checked_in_by_direct_message) {
    auto plan = plan_reminders(slot(Platform::slack, ScheduleKind::reminder), week(), "/okr");
    BOOST_TEST_REQUIRE(plan.messages.size() == 1u);
    const auto& m = plan.messages[0];
    BOOST_TEST((m.kind == Destination::user));
    BOOST_TEST(m.destination == "ben");
    BOOST_TEST(m.dedupe_key == "reminder:7:2026-W47:ben");
    BOOST_TEST(m.message.text.find("weekly check-in") != std::string::npos);
    BOOST_TEST(plan.warnings.empty());

    auto nudge = plan_reminders(slot(Platform::slack, ScheduleKind::nudge), week(), "/okr");
    BOOST_TEST_REQUIRE(nudge.messages.size() == 1u);
    BOOST_TEST(nudge.messages[0].dedupe_key == "nudge:7:2026-W47:ben");
    BOOST_TEST(nudge.messages[0].message.text.find("nudge") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(teams_reminds_in_one_channel_card_through_the_webhook) {
    auto plan = plan_reminders(slot(Platform::teams, ScheduleKind::reminder, "", "", true), week(), "@goalpost");
    BOOST_TEST_REQUIRE(plan.messages.size() == 1u);
    const auto& m = plan.messages[0];
    BOOST_TEST((m.kind == Destination::teams_webhook));
    BOOST_TEST(m.destination == "7");
    BOOST_TEST(m.dedupe_key == "reminder:7:2026-W47");
    BOOST_TEST(m.message.text.find("1 of 2 haven't checked in") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nobody_is_reminded_once_everyone_checked_in) {
    auto all_in = week();
    all_in.checkins.push_back(all_in.checkins[0]);
    all_in.checkins.back().user_id = "ben";
    for (auto platform : {Platform::slack, Platform::teams}) {
        auto plan = plan_reminders(slot(platform, ScheduleKind::reminder, "C1", "", true), all_in, "/okr");
        BOOST_TEST(plan.messages.empty());
        BOOST_TEST(plan.warnings.empty());
    }
}

BOOST_AUTO_TEST_CASE(the_digest_goes_to_the_team_channel_and_the_summary_to_the_stakeholders) {
    auto digest = plan_post(slot(Platform::slack, ScheduleKind::digest, "C1", "S1"), built("digest"));
    BOOST_TEST_REQUIRE(digest.messages.size() == 1u);
    BOOST_TEST((digest.messages[0].kind == Destination::channel));
    BOOST_TEST(digest.messages[0].destination == "C1");
    BOOST_TEST(digest.messages[0].dedupe_key == "digest:7:2026-W47");
    BOOST_TEST(digest.messages[0].message.text == "digest");

    auto summary = plan_post(slot(Platform::slack, ScheduleKind::summary, "C1", "S1"), built("summary"));
    BOOST_TEST_REQUIRE(summary.messages.size() == 1u);
    BOOST_TEST(summary.messages[0].destination == "S1");
    BOOST_TEST(summary.messages[0].dedupe_key == "summary:7:2026-11");
    // Without a stakeholders' channel the team channel gets it.
    auto fallback = plan_post(slot(Platform::slack, ScheduleKind::summary, "C1"), built("summary"));
    BOOST_TEST(fallback.messages.at(0).destination == "C1");
}

BOOST_AUTO_TEST_CASE(on_teams_every_post_goes_through_the_webhook) {
    for (auto kind : {ScheduleKind::digest, ScheduleKind::summary}) {
        auto plan = plan_post(slot(Platform::teams, kind, "19:x@thread", "S1", true), built("post"));
        BOOST_TEST_REQUIRE(plan.messages.size() == 1u);
        BOOST_TEST((plan.messages[0].kind == Destination::teams_webhook));
        BOOST_TEST(plan.messages[0].destination == "7");
    }
}

BOOST_AUTO_TEST_CASE(no_channel_or_no_webhook_is_not_posted_and_says_why) {
    auto slack = plan_post(slot(Platform::slack, ScheduleKind::digest, ""), built("digest"));
    BOOST_TEST(slack.messages.empty());
    BOOST_TEST_REQUIRE(slack.warnings.size() == 1u);
    BOOST_TEST(slack.warnings[0] == "team 7 has no channel: its digest is not posted");

    auto teams = plan_post(slot(Platform::teams, ScheduleKind::summary, "C1", "S1", false), built("summary"));
    BOOST_TEST(teams.messages.empty());
    BOOST_TEST_REQUIRE(teams.warnings.size() == 1u);
    BOOST_TEST(teams.warnings[0] == "team 7 has no Teams webhook: its summary is not posted");

    auto reminder = plan_reminders(slot(Platform::teams, ScheduleKind::nudge, "C1", "", false), week(), "/okr");
    BOOST_TEST(reminder.messages.empty());
    BOOST_TEST(reminder.warnings.at(0) == "team 7 has no Teams webhook: its nudge is not posted");
}

BOOST_AUTO_TEST_SUITE_END()
