// The playbook commands against an in-memory store: wins, edits with history, archive,
// grading and retros, cycles and carry-over (the views: playbook_views_test.cpp).
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include "core/okr/playbook_view.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "core/schedule/report.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(playbook)

// ---- quick wins -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_win_is_recorded_announced_and_summarised) {
    World w;
    seed_growth(w);
    auto out = w.run("ben", "win \"Shipped the partner portal\" kr=KR-2");
    auto text = all_text(out.message);
    BOOST_TEST(has(text, "Quick win logged for team *growth*"));
    BOOST_TEST_REQUIRE(out.announcements.size() == 1u);
    BOOST_TEST(out.announcements[0].key == "celebrate:win:1");
    auto post = all_text(out.announcements[0].message);
    BOOST_TEST(has(post, "Shipped the partner portal"));
    BOOST_TEST(has(post, "<@ben>"));
    BOOST_TEST(has(post, "KR-2"));
    w.say("ana", "win \u201cFirst webinar\u201d");
    auto team = *w.store.find_team("slack:T1", "growth");
    auto wins = w.playbook().wins_of_team("slack:T1", team.id, t0 - std::chrono::hours(1), t0 + std::chrono::hours(1));
    BOOST_TEST_REQUIRE(wins.size() == 2u);
    BOOST_TEST(*wins[0].kr_number == 2);
    BOOST_TEST(!wins[1].kr_number.has_value());

    auto month = month_range("UTC", "2026-11");
    auto summary = all_text(monthly_summary(w.repos(), "slack:T1", team, month->first, month->second, "2026-11"));
    BOOST_TEST(has(summary, "Quick wins this month* (2)"), summary);
    BOOST_TEST(has(summary, "Shipped the partner portal"));
    BOOST_TEST(has(summary, "First webinar"));
    auto october = month_range("UTC", "2026-10");
    BOOST_TEST(!has(all_text(monthly_summary(w.repos(), "slack:T1", team, october->first, october->second, "2026-10")),
                    "Quick wins"));
    BOOST_TEST(has(all_text(weekly_digest(w.repos(), "slack:T1", team, "UTC", t0 + std::chrono::hours(1))),
                   "First webinar"));
}

BOOST_AUTO_TEST_CASE(a_win_on_an_internal_kr_stays_out_of_the_stakeholder_summary) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Our own\" internal");
    w.say("ana", "kr add O-2 Secret from=0 to=5");
    w.say("ana", "win \"Secret thing done\" kr=KR-3");
    auto team = *w.store.find_team("slack:T1", "growth");
    auto month = month_range("UTC", "2026-11");
    auto summary = all_text(monthly_summary(w.repos(), "slack:T1", team, month->first, month->second, "2026-11"));
    BOOST_TEST(!has(summary, "Secret thing done"));
}

BOOST_AUTO_TEST_CASE(win_mistakes_change_nothing) {
    World w;
    seed_growth(w);
    w.say("cy", "team create platform");
    BOOST_TEST(has(w.say("ana", "win"), "What shipped?"));
    BOOST_TEST(has(w.say("ana", "win \"x\" kr=banana"), "isn't a key result id"));
    BOOST_TEST(has(w.say("ana", "win \"x\" colour=red"), "isn't an option of win"));
    BOOST_TEST(has(w.say("ana", "win \"x\" kr=KR-99"), "KR-99 doesn't exist"));
    BOOST_TEST(has(w.say("ana", "win \"x\" kr=KR-1 team=platform"), "belongs to team *growth*, not *platform*"));
    BOOST_TEST(has(w.say("ana", "win \"x\" team=platform"), "Only members of team *platform*"));
    BOOST_TEST(has(w.say("ana", "win \"x\" team=nope"), "no team called"));
    BOOST_TEST(has(w.say("zed", "win \"x\""), "aren't in a team"));
    BOOST_TEST(w.run("zed", "win \"x\"").announcements.empty());
    for (const auto& t : w.store.teams("slack:T1")) {
        BOOST_TEST(w.playbook().wins_of_team("slack:T1", t.id, Time{}, t0 + std::chrono::hours(1)).empty());
    }
}

// ---- edit, history, archive -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(edit_changes_a_kr_and_keeps_the_audit_trail) {
    World w;
    seed_growth(w);
    auto out = w.run("ana", "edit KR-1 to=60 due=2027-03-31 owner=<@ben> title=\"Qualified leads\" because \"the market shrank\"");
    BOOST_TEST((out.message.audience == Audience::channel));
    auto text = all_text(out.message);
    BOOST_TEST(has(text, "target 100 → 60"));
    BOOST_TEST(has(text, "owner <@ana> → <@ben>"));
    BOOST_TEST(has(text, "the market shrank"));
    auto kr = w.kr(1);
    BOOST_TEST(kr.target == 60);
    BOOST_TEST(*kr.due == "2027-03-31");
    BOOST_TEST(kr.owner == "ben");
    BOOST_TEST(kr.title == "Qualified leads");
    w.now = t0 + std::chrono::hours(2);
    w.say("ben", "edit KR-1 due=none");
    BOOST_TEST(!w.kr(1).due.has_value());

    auto history = w.playbook().history_of("slack:T1", EditTarget::key_result, kr.id);
    BOOST_TEST_REQUIRE(history.size() == 5u);
    BOOST_TEST(history[0].user_id == "ana");
    BOOST_TEST(history[0].reason == "the market shrank");
    BOOST_TEST(history[4].change.field == "due");
    BOOST_TEST(history[4].change.old_value == "2027-03-31");
    BOOST_TEST(history[4].change.new_value == "");
    auto shown = w.say("ana", "show KR-1 history");
    BOOST_TEST(has(shown, "KR-1 history"));
    BOOST_TEST(has(shown, "target 100 → 60"));
    BOOST_TEST(has(shown, "_the market shrank_"));
    BOOST_TEST(has(shown, "due 2027-03-31 → none"));
    BOOST_TEST(has(shown, "2026-11-18"));
    BOOST_TEST(has(w.say("ana", "show KR-2 history"), "hasn't been edited"));
}

BOOST_AUTO_TEST_CASE(edit_an_objective_title_visibility_and_kind) {
    World w;
    seed_growth(w);
    auto text = w.say("ben", "edit O-1 title=\"Grow revenue\" internal committed because \"focus\"");
    BOOST_TEST(has(text, "visibility public → internal"));
    auto o = w.objective(1);
    BOOST_TEST(o.title == "Grow revenue");
    BOOST_TEST((o.visibility == Visibility::internal));
    BOOST_TEST((o.kind == ObjectiveKind::committed));
    BOOST_TEST(has(w.say("ana", "show O-1 history"), "kind aspirational → committed"));
    // Internal now: a non-member neither sees nor edits it.
    BOOST_TEST(has(w.say("zed", "show O-1"), "O-1 doesn't exist"));
    BOOST_TEST(has(w.say("zed", "edit O-1 public"), "O-1 doesn't exist"));
}

BOOST_AUTO_TEST_CASE(edit_mistakes_change_nothing) {
    World w;
    seed_growth(w);
    w.say("ana", "kr add O-1 Launch binary");
    w.say("cy", "team create platform");
    BOOST_TEST(has(w.say("cy", "edit KR-1 to=50"), "Only members of team *growth*"));
    BOOST_TEST(has(w.say("ana", "edit KR-1"), "What should I change?"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 to=lots"), "isn't a number"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 due=tomorrow"), "isn't a date"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 owner=ben"), "needs a person"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 colour=red"), "isn't something you can edit on a key result"));
    BOOST_TEST(has(w.say("ana", "edit O-1 to=5"), "isn't something you can edit on an objective"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 to=60 because"), "needs the reason"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 to=0"), "measures nothing"));
    BOOST_TEST(has(w.say("ana", "edit KR-3 to=5"), "no target to change"));
    BOOST_TEST(has(w.say("ana", "edit KR-1 to=100"), "Nothing to change"));
    BOOST_TEST(has(w.say("ana", "edit KR-99 to=5"), "KR-99 doesn't exist"));
    BOOST_TEST(has(w.say("ana", "edit X-1 to=5"), "isn't an id"));
    auto kr = w.kr(1);
    BOOST_TEST(kr.target == 100);
    BOOST_TEST(kr.owner == "ana");
    BOOST_TEST(w.playbook().history_of("slack:T1", EditTarget::key_result, kr.id).empty());
    // Listed admins may edit any team's goals.
    w.admins = {"boss"};
    BOOST_TEST(has(w.say("boss", "edit KR-1 to=90"), "target 100 → 90"));
}

BOOST_AUTO_TEST_CASE(archive_takes_an_objective_out_of_lists) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Second\"");
    BOOST_TEST(has(w.say("zed", "archive O-1"), "Only members of team *growth*"));
    BOOST_TEST(has(w.say("ana", "list team growth"), "Grow the pipeline"));
    auto text = w.say("ana", "archive O-1 because \"replaced by O-2\"");
    BOOST_TEST(has(text, "archived *O-1*"));
    BOOST_TEST(!has(w.say("ana", "list team growth"), "Grow the pipeline"));
    BOOST_TEST(!has(w.say("ana", "list all"), "Grow the pipeline"));
    BOOST_TEST(!has(w.say("ana", "list mine"), "KR-1"));
    BOOST_TEST(has(w.say("ana", "show O-1"), "Archived"));
    BOOST_TEST(has(w.say("ana", "show O-1 history"), "archived no → yes"));
    BOOST_TEST(has(w.say("ana", "archive O-1"), "already archived"));
    BOOST_TEST(has(w.say("ana", "archive"), "Which objective?"));
    BOOST_TEST(has(w.say("ana", "archive O-9"), "O-9 doesn't exist"));
}

// ---- grading and retros ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(grading_with_an_owner_override) {
    World w;
    seed_growth(w);
    w.say("ana", "checkin KR-1 90");
    w.say("ben", "checkin KR-2 3");
    auto out = w.run("ben", "grade O-1 KR-2=0.5 because \"two partners signed after the deadline\"");
    auto text = all_text(out.message);
    BOOST_TEST((out.message.audience == Audience::ephemeral));
    BOOST_TEST(has(text, "*KR-1* Leads: *0.90* green"));
    BOOST_TEST(has(text, "*KR-2* Partners: *0.50* yellow (computed 0.30; set by the owner: _two partners signed after the deadline_)"));
    BOOST_TEST(has(text, "grade *0.70*"));
    BOOST_TEST(has(text, "aspirational objective, success at 0.7: *achieved*"));
    BOOST_TEST(has(text, "<@ben>, *KR-2* closed at 0.50: what did you learn?"));  // the retro prompt
    BOOST_TEST(!has(text, "<@ana>, *KR-1* closed"));
    BOOST_TEST_REQUIRE(out.announcements.size() == 1u);
    BOOST_TEST(has(out.announcements[0].key, "scorecard:objective:1:"));
    BOOST_TEST(has(all_text(out.announcements[0].message), "Scorecard · O-1"));

    auto o = w.objective(1);
    auto grade = w.playbook().grade_of_objective("slack:T1", o.id);
    BOOST_TEST_REQUIRE(grade.has_value());
    BOOST_TEST(grade->score == 0.7, boost::test_tools::tolerance(1e-9));
    auto overrides = w.playbook().overrides_of("slack:T1", o.id);
    BOOST_TEST_REQUIRE(overrides.size() == 1u);
    BOOST_TEST(overrides[0].score == 0.5);
    BOOST_TEST(overrides[0].reason == "two partners signed after the deadline");
    BOOST_TEST(has(w.say("ana", "show O-1"), "Graded *0.70* (green)"));

    // Regrading keeps earlier overrides; committed objectives are judged against 1.0.
    w.say("ana", "edit O-1 committed");
    auto again = w.say("ana", "grade O-1");
    BOOST_TEST(has(again, "(computed 0.30; set by the owner"));
    BOOST_TEST(has(again, "committed objective, success at 1.0: *not achieved*"));
}

BOOST_AUTO_TEST_CASE(grading_mistakes_change_nothing) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Empty\"");
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-2=0.5 because \"x\""), "Only KR-2's owner <@ben>"));
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-1=0.5"), "needs a reason"));
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-1=1.5 because \"x\""), "scores run from 0.0 to 1.0"));
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-1=lots because \"x\""), "isn't a score"));
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-1=0.5 because \"x\" KR-1=0.6 because \"y\""), "scored twice"));
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-9=0.5 because \"x\""), "KR-9 isn't a key result of O-1"));
    BOOST_TEST(has(w.say("ana", "grade O-1 whatever"), "I didn't understand"));
    BOOST_TEST(has(w.say("ana", "grade O-2"), "no key results to grade"));
    BOOST_TEST(has(w.say("zed", "grade O-1"), "Only members of team *growth*"));
    BOOST_TEST(has(w.say("ana", "grade"), "Which objective?"));
    auto o = w.objective(1);
    BOOST_TEST(!w.playbook().grade_of_objective("slack:T1", o.id).has_value());
    BOOST_TEST(w.playbook().overrides_of("slack:T1", o.id).empty());
    // A percentage is a score too.
    BOOST_TEST(has(w.say("ana", "grade O-1 KR-1=60% because \"close\""), "*0.60*"));
}

BOOST_AUTO_TEST_CASE(retro_lines_are_stored_and_shown) {
    World w;
    seed_growth(w);
    auto text = w.say("ben", "retro O-1 \"Partners need a named contact from day one\"");
    BOOST_TEST(has(text, "Partners need a named contact"));
    auto show = w.say("ana", "show O-1");
    BOOST_TEST(has(show, "*Retro*"));
    BOOST_TEST(has(show, "<@ben>: Partners need a named contact from day one"));
    BOOST_TEST(has(w.say("ben", "retro O-1"), "What did you learn?"));
    BOOST_TEST(has(w.say("zed", "retro O-1 \"drive-by\""), "Only members of team *growth*"));
    BOOST_TEST(w.playbook().retros_of("slack:T1", w.objective(1).id).size() == 1u);
}

// ---- cycles and carry-over ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(lists_default_to_the_current_cycle) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Next year\" cycle=2027-Q1");
    w.say("ana", "kr add O-2 Future from=0 to=1");
    auto now = w.say("ana", "list team growth");
    BOOST_TEST(has(now, "Grow the pipeline"));
    BOOST_TEST(!has(now, "Next year"));
    BOOST_TEST(has(now, "1 more in other cycles"));
    auto next = w.say("ana", "list team growth cycle=2027-Q1");
    BOOST_TEST(has(next, "Next year"));
    BOOST_TEST(!has(next, "Grow the pipeline"));
    BOOST_TEST(!has(w.say("ana", "list all"), "Next year"));
    BOOST_TEST(has(w.say("ana", "list all cycle=2027-Q1"), "Next year"));
    BOOST_TEST(!has(w.say("ana", "list mine"), "Future"));
    BOOST_TEST(has(w.say("ana", "list mine cycle=2027-Q1"), "Future"));
    BOOST_TEST(has(w.say("ana", "list cycle=2027-Q5"), "isn't a cycle"));
}

BOOST_AUTO_TEST_CASE(carry_copies_unfinished_krs_into_the_next_cycle) {
    World w;
    seed_growth(w);
    w.say("ana", "kr add O-1 Launch binary");
    w.say("ana", "checkin KR-1 100");
    w.say("ben", "checkin KR-2 4 on-track");
    auto out = w.say("ana", "carry O-1");
    BOOST_TEST(has(out, "carried into *2027-Q1* as *O-2* with 2 unfinished key results"));
    BOOST_TEST(has(out, "*KR-4* Partners (from KR-2) 40%"));
    BOOST_TEST(has(out, "*KR-5* Launch (from KR-3) 0%"));
    auto copy = w.objective(2);
    BOOST_TEST(copy.cycle == "2027-Q1");
    BOOST_TEST(copy.title == "Grow the pipeline");
    auto partners = w.kr(4);
    BOOST_TEST(partners.current == 4);
    BOOST_TEST(partners.target == 10);
    BOOST_TEST(partners.owner == "ben");
    BOOST_TEST(*w.playbook().carried_from("slack:T1", partners.id) == 2);
    BOOST_TEST(has(w.say("ana", "show KR-4"), "Carried over from KR-2"));
    BOOST_TEST(w.kr(2).current == 4);  // the old KR keeps its history
    BOOST_TEST(w.store.checkins_of("slack:T1", w.kr(2).id, 10).size() == 1u);
    BOOST_TEST(has(w.say("ana", "list team growth cycle=2027-Q1"), "Grow the pipeline"));
}

BOOST_AUTO_TEST_CASE(carry_mistakes_change_nothing) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Done\"");
    w.say("ana", "kr add O-2 X binary");
    w.say("ana", "checkin KR-3 done");
    BOOST_TEST(has(w.say("ana", "carry O-2"), "Every key result of O-2 is done"));
    BOOST_TEST(has(w.say("ana", "carry O-1 to=2026-Q3"), "carry it into a later cycle"));
    BOOST_TEST(has(w.say("ana", "carry O-1 to=soon"), "isn't a cycle"));
    BOOST_TEST(has(w.say("zed", "carry O-1"), "Only members of team *growth*"));
    BOOST_TEST(!w.store.find_objective("slack:T1", 3).has_value());
    BOOST_TEST(has(w.say("ana", "carry O-1 to 2027-Q2"), "*2027-Q2*"));
}

BOOST_AUTO_TEST_CASE(help_lists_the_playbook_commands) {
    World w;
    auto help = w.say("ana", "help");
    for (const char* c : {"win \"what shipped\"", "edit KR-7|O-3", "archive O-3", "grade O-3", "retro O-3", "tree [team NAME]",
                          "template sales", "carry O-3"}) {
        BOOST_TEST(has(help, c), c);
    }
    BOOST_TEST(has(w.say("ana", "help grade"), "owners may override"));
}

BOOST_AUTO_TEST_CASE(new_commands_parse_to_a_command_or_an_error_never_both) {
    for (const char* text : {"win", "win kr=", "win \"x\" kr=KR-", "edit", "edit KR-1 because", "edit O-1 title=",
                             "edit KR-1 due=", "archive O-", "grade O-1 KR-1=", "grade O-1 KR-1=0.5 because",
                             "grade O-1 =0.5", "grade O-1 KR-=1", "retro", "retro O-1", "tree team", "tree team=",
                             "template \"\"", "carry", "carry O-1 to", "carry O-1 to=", "list cycle=", "list team cycle=2027-Q1",
                             "show KR-1 history extra", "show O-1 History", "cycle"}) {
        auto p = parse_command(text);
        BOOST_TEST(p.command.has_value() != p.error.has_value(), text);
    }
    auto list = parse_command("list team cycle=2027-Q1");
    BOOST_TEST_REQUIRE(list.command.has_value());
    BOOST_TEST(!std::get<ListCmd>(*list.command).team.has_value());
    BOOST_TEST(*std::get<ListCmd>(*list.command).cycle == "2027-Q1");
    auto grade = parse_command("grade o3 kr7=0.6 because \u201cslipped a week\u201d KR-8=30% late");
    BOOST_TEST_REQUIRE(grade.command.has_value());
    const auto& g = std::get<GradeCmd>(*grade.command);
    BOOST_TEST(g.objective == 3);
    BOOST_TEST_REQUIRE(g.overrides.size() == 2u);
    BOOST_TEST(g.overrides[0].reason == "slipped a week");
    BOOST_TEST(g.overrides[1].score == 0.3, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(g.overrides[1].reason == "late");
    BOOST_TEST(std::holds_alternative<CycleListCmd>(*parse_command("cycle").command));
}

BOOST_AUTO_TEST_CASE(playbook_rows_never_cross_workspaces) {
    World w;
    seed_growth(w);
    auto kr = w.kr(1);
    auto o = w.objective(1);
    auto& pb = w.playbook();
    BOOST_CHECK_THROW(pb.edit_key_result("slack:T2", kr.id, KeyResultEdit{std::nullopt, 5.0, std::nullopt, std::nullopt},
                                         {{"target", "100", "5"}}, "mallory", "", t0),
                      goalpost::storage::StorageError);
    w.store.create_team("slack:T2", NewTeam{"evil", "", "UTC", std::nullopt, "mallory", t0});  // T2 exists now
    BOOST_CHECK_THROW(pb.edit_key_result("slack:T2", kr.id, KeyResultEdit{std::nullopt, 5.0, std::nullopt, std::nullopt},
                                         {{"target", "100", "5"}}, "mallory", "", t0),
                      goalpost::storage::StorageError);
    BOOST_CHECK_THROW(pb.archive_objective("slack:T2", o.id, "mallory", "", t0), goalpost::storage::StorageError);
    BOOST_CHECK_THROW(pb.add_retro("slack:T2", o.id, Retro{"mallory", "x", t0}), goalpost::storage::StorageError);
    BOOST_TEST(w.kr(1).target == 100);
    BOOST_TEST(!pb.is_archived("slack:T1", o.id));
    w.say("ana", "edit KR-1 to=90");
    BOOST_TEST(pb.history_of("slack:T2", EditTarget::key_result, kr.id).empty());
    BOOST_TEST(pb.history_of("slack:T1", EditTarget::key_result, kr.id).size() == 1u);
    BOOST_TEST(pb.all_objectives("slack:T2").empty());
}

BOOST_AUTO_TEST_CASE(internal_objectives_stay_with_the_team_in_the_playbook_commands) {
    World w;
    seed_growth(w);
    w.say("ana", "objective add \"Hiring plan\" internal");
    w.say("ana", "kr add O-2 Hires from=0 to=3");
    BOOST_TEST(has(w.say("ana", "tree"), "Hiring plan"));   // a member
    BOOST_TEST(!has(w.say("zed", "tree"), "Hiring plan"));  // not a member
    BOOST_TEST(has(w.say("zed", "tree"), "Grow the pipeline"));
    BOOST_TEST(has(w.say("zed", "grade O-2"), "O-2 doesn't exist"));
    BOOST_TEST(has(w.say("zed", "retro O-2 \"x\""), "O-2 doesn't exist"));
    BOOST_TEST(has(w.say("zed", "carry O-2"), "O-2 doesn't exist"));
    BOOST_TEST(has(w.say("zed", "show KR-3 history"), "KR-3 doesn't exist"));
    BOOST_TEST(has(w.say("zed", "win \"peek\" kr=KR-3"), "KR-3 doesn't exist"));
}

BOOST_AUTO_TEST_SUITE_END()
