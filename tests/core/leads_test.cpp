// Team leads: `/okr team lead`, who sees a team's internal objectives (members, leads of the
// teams above it, admins) and who may look after them; stakeholder summaries stay public.
#include <boost/test/unit_test.hpp>

#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

namespace {

// company (lead lena, member carl) > dept (lead dave) > squad (sam); other (lead olga), unrelated.
// ada is the configured admin and no member of squad. O-1 "Squad secret" is squad's internal
// objective with KR-1, O-2 "Squad public" its public one, O-3 "Company secret" company's own.
void org(World& w) {
    w.admins = {"ada"};
    w.say("ada", "team create company");
    w.say("ada", "team create dept parent=company");
    w.say("ada", "team create squad parent=dept");
    w.say("ada", "team create other");
    w.say("ada", "team add squad <@sam>");
    w.say("ada", "team remove squad <@ada>");
    w.say("ada", "team add company <@carl>");
    w.say("ada", "team lead company <@lena>");
    w.say("ada", "team lead dept <@dave>");
    w.say("ada", "team lead other <@olga>");
    w.say("sam", "objective add \"Squad secret\" internal");
    w.say("sam", "kr add O-1 \"Hidden metric\" from=0 to=10");
    w.say("sam", "objective add \"Squad public\" public");
    w.say("sam", "kr add O-2 \"Open metric\" from=0 to=10");
    w.say("lena", "objective add \"Company secret\" internal team=company");
}

bool sees(World& w, const std::string& user, int objective) {
    auto text = w.say(user, "show O-" + std::to_string(objective));
    return !has(text, "doesn't exist");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(team_leads)

BOOST_AUTO_TEST_CASE(who_sees_an_internal_objective) {
    World w;
    org(w);
    BOOST_TEST_REQUIRE(w.objective(1).title == "Squad secret");
    BOOST_TEST(sees(w, "sam", 1));     // member
    BOOST_TEST(!sees(w, "nina", 1));   // nobody in particular
    BOOST_TEST(sees(w, "dave", 1));    // lead of the parent team
    BOOST_TEST(sees(w, "lena", 1));    // lead of the grandparent team
    BOOST_TEST(!sees(w, "olga", 1));   // lead of an unrelated team
    BOOST_TEST(!sees(w, "carl", 1));   // member (not lead) of the grandparent team
    BOOST_TEST(sees(w, "ada", 1));     // admin, not a member
    // Leads look down, not up.
    BOOST_TEST(sees(w, "lena", 3));
    BOOST_TEST(!sees(w, "dave", 3));
    BOOST_TEST(!sees(w, "sam", 3));
    // Public objectives: everyone.
    for (const char* u : {"sam", "nina", "olga", "carl"}) BOOST_TEST(sees(w, u, 2), u);

    // The same rule in lists, the tree and key results.
    BOOST_TEST(has(w.say("lena", "list team squad"), "Squad secret"));
    BOOST_TEST(!has(w.say("olga", "list team squad"), "Squad secret"));
    BOOST_TEST(has(w.say("olga", "list team squad"), "Squad public"));
    BOOST_TEST(has(w.say("dave", "list all"), "Squad secret"));
    BOOST_TEST(!has(w.say("carl", "list all"), "Squad secret"));
    BOOST_TEST(has(w.say("lena", "tree"), "Squad secret"));
    BOOST_TEST(!has(w.say("olga", "tree"), "Squad secret"));
    BOOST_TEST(has(w.say("dave", "show KR-1"), "Hidden metric"));
    BOOST_TEST(has(w.say("olga", "show KR-1"), "KR-1 doesn't exist"));

    // Taking the role away takes the view away (lena stays a member of company).
    w.say("ada", "team lead company <@lena> off");
    BOOST_TEST(!sees(w, "lena", 1));
    BOOST_TEST(sees(w, "lena", 3));
}

BOOST_AUTO_TEST_CASE(leads_above_may_edit_grade_archive_and_write_retros) {
    World w;
    org(w);
    BOOST_TEST(has(w.say("lena", "edit O-1 title=\"Squad focus\" because \"clearer\""), "title Squad secret → Squad focus"));
    BOOST_TEST(w.objective(1).title == "Squad focus");
    BOOST_TEST(has(w.say("dave", "edit KR-1 to=12"), "target 10 → 12"));
    BOOST_TEST(has(w.say("lena", "grade O-1"), "Scorecard"));
    BOOST_TEST(w.playbook().grade_of_objective("slack:T1", w.objective(1).id).has_value());
    BOOST_TEST(has(w.say("dave", "retro O-1 \"Start earlier\""), "Start earlier"));
    // Someone outside: the internal objective does not exist for them, the public one is not theirs.
    BOOST_TEST(has(w.say("olga", "edit O-1 title=x"), "O-1 doesn't exist"));
    auto refused = w.say("olga", "edit O-2 title=x");
    BOOST_TEST(has(refused, "Only members of team *squad* (or leads of a team above it, or admins) can edit O-2."), refused);
    BOOST_TEST(has(w.say("carl", "archive O-2"), "Only members of team *squad*"));
    BOOST_TEST(has(w.say("olga", "retro O-2 \"x\""), "Only members of team *squad*"));
    BOOST_TEST(w.objective(2).title == "Squad public");
    BOOST_TEST(w.playbook().retros_of("slack:T1", w.objective(2).id).empty());
    BOOST_TEST(has(w.say("lena", "archive O-1"), "archived"));
    BOOST_TEST(w.playbook().is_archived("slack:T1", w.objective(1).id));
    // A lead of a team below may not touch the company's objective.
    BOOST_TEST(has(w.say("dave", "edit O-3 title=x"), "O-3 doesn't exist"));
}

BOOST_AUTO_TEST_CASE(stakeholder_summaries_stay_public_and_digest_previews_follow_the_rule) {
    World w;
    org(w);
    auto squad = *w.store.find_team("slack:T1", "squad");
    auto month = month_range("UTC", "2026-11");
    auto summary = all_text(monthly_summary(w.repos(), "slack:T1", squad, month->first, month->second, "2026-11"));
    BOOST_TEST(has(summary, "Squad public"));
    BOOST_TEST(!has(summary, "Squad secret"));
    BOOST_TEST(!has(summary, "Hidden metric"));
    auto company = *w.store.find_team("slack:T1", "company");
    BOOST_TEST(!has(all_text(monthly_summary(w.repos(), "slack:T1", company, month->first, month->second, "2026-11")),
                    "Company secret"));
    // The summary preview is the same for a lead.
    BOOST_TEST(!has(w.say("lena", "summary team squad"), "Squad secret"));
    // The digest preview shows internal objectives only to those who may see them.
    BOOST_TEST(has(w.say("lena", "digest team squad"), "Squad secret"));
    BOOST_TEST(has(w.say("sam", "digest team squad"), "Squad secret"));
    auto outsider = w.say("olga", "digest team squad");
    BOOST_TEST(!has(outsider, "Squad secret"));
    BOOST_TEST(has(outsider, "Squad public"));
    BOOST_TEST(has(outsider, "Public objectives only"));
    // The team channel's digest still has everything.
    BOOST_TEST(has(all_text(weekly_digest(w.repos(), "slack:T1", squad, "UTC", t0 + std::chrono::hours(1))), "Squad secret"));
}

BOOST_AUTO_TEST_CASE(team_lead_adds_removes_and_answers) {
    World w;
    w.admins = {"ada"};
    w.say("ada", "team create company");
    w.say("ada", "team create dept parent=company");
    w.say("ada", "team create squad parent=dept");
    auto company = *w.store.find_team("slack:T1", "company");

    auto made = w.say("ada", "team lead company <@U7|lena>");
    BOOST_TEST(has(made, ":crown: <@U7> now leads team *company*."), made);
    BOOST_TEST(has(made, "<@U7> joined the team as well."));
    BOOST_TEST(has(made, "Leads see the internal objectives of dept, squad"));
    BOOST_TEST(has(made, "Leads now: <@U7>"));
    BOOST_TEST(w.store.leads("slack:T1", company.id) == std::vector<std::string>{"U7"});
    BOOST_TEST(w.store.members("slack:T1", company.id).size() == 2u);  // ada and U7

    BOOST_TEST(has(w.say("ada", "team lead company <@U7>"), "<@U7> already was a lead of team *company*."));
    w.say("ada", "team add company <@U8>");
    auto two = w.say("ada", "team lead company <@U8> <@U9>");
    BOOST_TEST(has(two, "<@U8>, <@U9> now lead team *company*."), two);
    BOOST_TEST(has(two, "<@U9> joined the team as well."));
    BOOST_TEST(!has(two, "<@U8> joined"));

    auto shown = w.say("carl", "team show company");
    BOOST_TEST(has(shown, "*Members* (4): <@U7> (lead), <@U8> (lead), <@U9> (lead), <@ada>"), shown);
    BOOST_TEST(has(shown, "*Leads*: <@U7>, <@U8>, <@U9>"));
    BOOST_TEST(has(shown, "Teams below: dept, squad."));
    auto dept = w.say("carl", "team show dept");
    BOOST_TEST(has(dept, "part of *company*"));
    BOOST_TEST(!has(dept, "*Leads*"));

    auto off = w.say("ada", "team lead company <@U8> off");
    BOOST_TEST(has(off, "<@U8> no longer leads team *company* (still member)."), off);
    BOOST_TEST(has(w.say("ada", "team lead company <@U8> off"), "<@U8> wasn't a lead of team *company*."));
    BOOST_TEST(w.store.leads("slack:T1", company.id) == (std::vector<std::string>{"U7", "U9"}));
    BOOST_TEST(w.store.members("slack:T1", company.id).size() == 4u);
    // A lead of a team with nothing below it is told so.
    BOOST_TEST(has(w.say("ada", "team lead squad <@U7>"), "it has none yet"));
}

BOOST_AUTO_TEST_CASE(team_lead_mistakes_change_nothing) {
    World w;
    w.admins = {"ada"};
    w.say("ada", "team create company");
    auto company = *w.store.find_team("slack:T1", "company");
    BOOST_TEST(has(w.say("ada", "team lead company"), "Who should lead the team? Mention them."));
    auto not_person = w.say("ada", "team lead company lena");
    BOOST_TEST(has(not_person, "`lena` isn't a person"), not_person);
    BOOST_TEST(has(not_person, "/okr team lead company @ana"));
    BOOST_TEST(has(w.say("ada", "team lead"), "The team needs a name."));
    BOOST_TEST(has(w.say("ada", "team lead nope <@U7>"), "There's no team called *nope* here. Teams: company."));
    BOOST_TEST(has(w.say("sam", "team lead company <@sam>"), "Only goalpost admins can manage teams"));
    BOOST_TEST(has(w.say("ada", "team show nope"), "There's no team called *nope*"));
    BOOST_TEST(has(w.say("ada", "team show company extra"), "I didn't understand `extra`"));
    BOOST_TEST(w.store.leads("slack:T1", company.id).empty());
    BOOST_TEST(w.store.members("slack:T1", company.id) == std::vector<std::string>{"ada"});
    BOOST_TEST(has(w.say("ada", "help team"), "team lead NAME @person [off]"));
}

BOOST_AUTO_TEST_SUITE_END()
