// Custom cycles: names, the current cycle at many dates (overlaps and gaps), the cycle
// commands and their mistakes, pace inside a custom cycle, carry-over into the next cycle,
// and two workspaces with the same cycle name but different dates.
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include "core/okr/cycles.hpp"
#include "core/schedule/digest.hpp"
#include "core/schedule/report.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

namespace {

Cycle cycle(std::string name, std::string start, std::string end) {
    Cycle c;
    c.name = std::move(name);
    c.start = std::move(start);
    c.end = std::move(end);
    return c;
}

// FY27 runs a year; Autumn and Sprint overlap it; a gap follows FY27 until Fall27 and Q4x.
CycleCalendar sample_calendar() {
    return CycleCalendar{{cycle("FY27", "2026-07-01", "2027-06-30"), cycle("Autumn", "2026-09-01", "2026-11-30"),
                          cycle("Sprint", "2026-11-10", "2026-11-20"), cycle("Q4x", "2027-09-01", "2027-12-31"),
                          cycle("Fall27", "2027-09-01", "2027-10-31")}};
}

std::vector<Cycle> cycles_of(World& w) { return w.store.repositories().cycles->cycles(w.workspace); }

}  // namespace

BOOST_AUTO_TEST_SUITE(custom_cycles)

// ---- pure rules -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(cycle_names_and_quarter_look_alikes) {
    BOOST_TEST(valid_cycle_name("2027-H1"));
    BOOST_TEST(valid_cycle_name("FY_2027"));
    BOOST_TEST(valid_cycle_name(std::string(32, 'a')));
    BOOST_TEST(!valid_cycle_name(std::string(33, 'a')));
    BOOST_TEST(!valid_cycle_name(""));
    BOOST_TEST(!valid_cycle_name("H1 2027"));
    BOOST_TEST(!valid_cycle_name("h\u00e9"));
    BOOST_TEST(!valid_cycle_name("<!channel>"));
    BOOST_TEST(looks_like_quarter("2027-Q1"));
    BOOST_TEST(looks_like_quarter("2027q5"));
    BOOST_TEST(!looks_like_quarter("2027-H1"));
    BOOST_TEST(!looks_like_quarter("FY2027Q1"));
    BOOST_TEST(*canonical_quarter("2027q3") == "2027-Q3");
    BOOST_TEST(*canonical_quarter("2027-Q1") == "2027-Q1");
    BOOST_TEST(!canonical_quarter("2027-Q5").has_value());
    BOOST_TEST(!canonical_quarter("2027-Q11").has_value());
    BOOST_TEST(!canonical_quarter("1999-Q1").has_value());
}

BOOST_AUTO_TEST_CASE(the_current_cycle_at_many_dates_with_overlaps_and_gaps) {
    const auto cal = sample_calendar();
    auto at = [&](Time t) { return cal.current(t).name; };
    BOOST_TEST(at(utc(2026, 6, 15)) == "2026-Q2");                             // before any custom cycle
    BOOST_TEST(at(utc(2026, 7, 1)) == "FY27");                                 // its first instant
    BOOST_TEST(at(utc(2026, 8, 15)) == "FY27");
    BOOST_TEST(at(utc(2026, 9, 1)) == "Autumn");                               // overlaps: the later start wins
    BOOST_TEST(at(utc(2026, 11, 9) + std::chrono::hours(23)) == "Autumn");
    BOOST_TEST(at(utc(2026, 11, 15)) == "Sprint");                             // three overlap
    BOOST_TEST(at(utc(2026, 11, 21) - std::chrono::seconds(1)) == "Sprint");   // last day counts whole
    BOOST_TEST(at(utc(2026, 11, 21)) == "Autumn");
    BOOST_TEST(at(utc(2026, 12, 1)) == "FY27");
    BOOST_TEST(at(utc(2027, 6, 30) + std::chrono::hours(12)) == "FY27");
    BOOST_TEST(at(utc(2027, 7, 15)) == "2027-Q3");                             // a gap: the calendar quarter
    BOOST_TEST(at(utc(2027, 9, 1)) == "Fall27");                               // same start: the shorter one
    BOOST_TEST(at(utc(2027, 11, 5)) == "Q4x");
    BOOST_TEST(at(utc(2028, 1, 1)) == "2028-Q1");
    BOOST_TEST(cal.current(utc(2027, 7, 15)).custom == false);
    // Without custom cycles: always the quarter.
    BOOST_TEST(CycleCalendar{}.current(utc(2027, 2, 3)).name == "2027-Q1");
}

BOOST_AUTO_TEST_CASE(next_and_previous_cycles_mix_custom_cycles_and_quarters) {
    auto cal = CycleCalendar{{cycle("FY27", "2026-07-01", "2027-06-30"), cycle("FY28", "2027-07-01", "2028-06-30"),
                              cycle("Autumn", "2026-09-01", "2026-11-30")}};
    BOOST_TEST(cal.next_after(*cal.find("FY27")).name == "FY28");           // tie with 2027-Q3: custom wins
    BOOST_TEST(cal.next_after(*cal.find("2026-Q3")).name == "2026-Q4");     // FY27 and Autumn started earlier
    BOOST_TEST(cal.next_after(*cal.find("Autumn")).name == "2027-Q1");      // ends in November
    BOOST_TEST(cal.next_after(*cal.find("FY28")).name == "2028-Q3");
    BOOST_TEST(cal.previous_before(*cal.find("FY28")).name == "FY27");
    BOOST_TEST(cal.previous_before(*cal.find("2026-Q4")).name == "2026-Q3");
    BOOST_TEST(cal.previous_before(*cal.find("Autumn")).name == "2026-Q2");  // FY27 still runs
    BOOST_TEST(cal.find("fy27")->name == "FY27");
    BOOST_TEST(!cal.find("FY29").has_value());
    BOOST_TEST(!cal.find("").has_value());
    BOOST_TEST(cal.find("FY27")->last_day() == "2027-06-30");
    BOOST_TEST(cal.known_text() == "FY27 (2026-07-01 to 2027-06-30), Autumn (2026-09-01 to 2026-11-30), "
                                   "FY28 (2027-07-01 to 2028-06-30)");
}

BOOST_AUTO_TEST_CASE(expected_progress_uses_the_custom_cycle_dates) {
    Objective o;
    o.cycle = "Nov";
    KeyResult kr;
    kr.target = 100;
    kr.created_at = utc(2026, 11, 1);
    auto nov = CycleCalendar{{cycle("Nov", "2026-11-01", "2026-11-30")}}.find("Nov");
    BOOST_TEST(expected_progress(kr, o, utc(2026, 11, 7), nov) == 0.2, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(expected_progress(kr, o, utc(2026, 12, 1), nov) == 1.0);
    BOOST_TEST(expected_progress(kr, o, utc(2026, 11, 7)) == 0.0);  // unknown as a quarter
    // 40% under at 60% of the cycle: at risk against the custom dates.
    kr.last_checkin_at = utc(2026, 11, 19);
    BOOST_TEST(risk_of(kr, o, 0.2, utc(2026, 11, 19), nov).behind_pace);
    BOOST_TEST(!risk_of(kr, o, 0.2, utc(2026, 11, 19)).behind_pace);
}

// ---- parsing --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(cycle_commands_parse) {
    auto add = parse_command("cycle add 2027-H1 start=2027-01-01 end=2027-06-30");
    BOOST_TEST_REQUIRE(add.command.has_value());
    const auto& a = std::get<CycleAddCmd>(*add.command);
    BOOST_TEST(a.name == "2027-H1");
    BOOST_TEST(a.start == "2027-01-01");
    BOOST_TEST(a.end == "2027-06-30");
    BOOST_TEST(std::holds_alternative<CycleListCmd>(*parse_command("cycle list").command));
    BOOST_TEST(std::holds_alternative<CycleListCmd>(*parse_command("cycles").command));
    BOOST_TEST(std::get<CycleRemoveCmd>(*parse_command("cycle remove 2027-H1").command).name == "2027-H1");
    // A quarter spelled loosely is read as the quarter.
    BOOST_TEST(*std::get<ListCmd>(*parse_command("list all cycle=2027q2").command).cycle == "2027-Q2");
    BOOST_TEST(*std::get<ObjectiveAddCmd>(*parse_command("objective add x cycle=FY27").command).cycle == "FY27");
    BOOST_TEST(*std::get<CarryCmd>(*parse_command("carry O-1 to FY28").command).cycle == "FY28");
    BOOST_TEST(*std::get<TreeCmd>(*parse_command("tree team growth cycle=FY27").command).cycle == "FY27");
    // The quarter itself with its own dates is allowed (it changes nothing but is listed).
    BOOST_TEST(parse_command("cycle add 2027-Q1 start=2027-01-01 end=2027-03-31").command.has_value());
}

BOOST_AUTO_TEST_CASE(cycle_command_mistakes_say_what_to_type) {
    auto what = [](const char* text) {
        auto p = parse_command(text);
        BOOST_TEST_REQUIRE(p.error.has_value(), text);
        BOOST_TEST(!p.command.has_value(), text);
        return p.error->what + " | " + p.error->hint;
    };
    BOOST_TEST(has(what("cycle add"), "The cycle needs a name."));
    BOOST_TEST(has(what("cycle add start=2027-01-01 end=2027-06-30"), "The cycle needs a name."));
    BOOST_TEST(has(what("cycle add \"H1 2027\" start=2027-01-01 end=2027-06-30"), "can't be a cycle name"));
    BOOST_TEST(has(what("cycle add H1<x> start=2027-01-01 end=2027-06-30"), "`H1&lt;x&gt;` can't be a cycle name"));
    BOOST_TEST(has(what(("cycle add " + std::string(33, 'x') + " start=2027-01-01 end=2027-06-30").c_str()),
                   "up to 32"));
    BOOST_TEST(has(what("cycle add 2027-H1 start=2027-01-01"), "needs both dates"));
    BOOST_TEST(has(what("cycle add 2027-H1 end=2027-06-30"), "needs both dates"));
    BOOST_TEST(has(what("cycle add 2027-H1 start=2027-02-30 end=2027-06-30"), "`start=2027-02-30` isn't a date"));
    BOOST_TEST(has(what("cycle add 2027-H1 start=2027-01-01 end=June"), "`end=June` isn't a date"));
    BOOST_TEST(has(what("cycle add 2027-H1 start=2027-06-30 end=2027-01-01"),
                   "The cycle ends (2027-01-01) before it starts (2027-06-30)."));
    BOOST_TEST(has(what("cycle add 2027-H1 start=2027-01-01 end=2027-06-30 colour=red"), "`colour=` isn't an option of cycle add"));
    BOOST_TEST(has(what("cycle add 2027-H1 soon"), "I didn't understand `soon`"));
    BOOST_TEST(has(what("cycle add 2027-Q1 start=2027-01-01 end=2027-06-30"),
                   "`2027-Q1` is the calendar quarter 2027-01-01 to 2027-03-31"));
    BOOST_TEST(has(what("cycle add 2027q1 start=2027-01-01 end=2027-03-31"), "looks like a calendar quarter but isn't one"));
    BOOST_TEST(has(what("cycle add 2027-Q5 start=2027-01-01 end=2027-03-31"), "looks like a calendar quarter"));
    BOOST_TEST(has(what("cycle remove"), "Which cycle should I remove?"));
    BOOST_TEST(has(what("cycle remove a b"), "I didn't understand `b`"));
    BOOST_TEST(has(what("cycle remove x!"), "isn't a cycle"));
    BOOST_TEST(has(what("cycle list extra"), "I didn't understand `extra`"));
    BOOST_TEST(has(what("cycle rename a b"), "isn't a cycle command"));
    BOOST_TEST(has(what("list cycle=2027-Q9"), "isn't a cycle"));
    BOOST_TEST(has(what("objective add x cycle=H1!"), "isn't a cycle"));
    BOOST_TEST(has(what("tree cycle=H1!"), "isn't a cycle"));
    BOOST_TEST(has(what("carry O-1 to=2027-Q0"), "isn't a cycle"));
}

// ---- commands -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(cycle_add_list_and_remove) {
    World w;  // today: 2026-11-18
    w.say("ana", "team create growth");
    auto added = w.run("ana", "cycle add Nov26 start=2026-11-01 end=2026-11-30");
    BOOST_TEST((added.message.audience == Audience::ephemeral));
    auto text = all_text(added.message);
    BOOST_TEST(has(text, "Cycle *Nov26* added: 2026-11-01 to 2026-11-30 (30 days)."), text);
    BOOST_TEST(has(text, "It is the current cycle now"));
    BOOST_TEST(has(w.say("ana", "cycle add 2027-H1 start=2027-01-01 end=2027-06-30"), "The current cycle is still *Nov26*"));

    auto list = w.say("ben", "cycle list");
    BOOST_TEST(has(list, ":arrow_forward: *Nov26* 2026-11-01 to 2026-11-30 (30 days) · 0 objectives · *current*"), list);
    BOOST_TEST(has(list, "*2027-H1* 2027-01-01 to 2027-06-30 (181 days) · 0 objectives"));
    BOOST_TEST(list.find("Nov26") < list.find("2027-H1"));

    // Objectives default to the current (custom) cycle; lists and the tree show it.
    BOOST_TEST(has(w.say("ana", "objective add \"Close November\""), "Nov26"));
    BOOST_TEST(w.objective(1).cycle == "Nov26");
    w.say("ana", "objective add \"Half year\" cycle=2027-h1");  // any case; stored as defined
    BOOST_TEST(w.objective(2).cycle == "2027-H1");
    auto team_list = w.say("ana", "list team growth");
    BOOST_TEST(has(team_list, "Team growth · Nov26"));
    BOOST_TEST(has(team_list, "Close November"));
    BOOST_TEST(!has(team_list, "Half year"));
    BOOST_TEST(has(w.say("ana", "list team growth cycle=2027-H1"), "Half year"));
    BOOST_TEST(has(w.say("ana", "tree"), "Alignment · Nov26"));
    BOOST_TEST(has(w.say("ana", "tree cycle=2027-H1"), "Half year"));
    BOOST_TEST(has(w.say("ana", "cycle list"), "*Nov26* 2026-11-01 to 2026-11-30 (30 days) · 1 objective · *current*"));

    // In use: refused, nothing removed.
    auto refused = w.say("ana", "cycle remove nov26");
    BOOST_TEST(has(refused, "Cycle *Nov26* can't be removed: 1 objective is in it"), refused);
    BOOST_TEST(has(refused, "/okr list all cycle=Nov26"));
    BOOST_TEST(cycles_of(w).size() == 2u);
    w.say("ana", "archive O-1");
    BOOST_TEST(has(w.say("ana", "cycle remove Nov26"), "archived ones count too"));

    // Free: removed; the current cycle falls back to the quarter.
    w.say("ana", "cycle add Spare start=2026-12-01 end=2026-12-31");
    auto removed = w.say("ana", "cycle remove Spare");
    BOOST_TEST(has(removed, "Cycle *Spare* (2026-12-01 to 2026-12-31) removed."), removed);
    BOOST_TEST(cycles_of(w).size() == 2u);
    BOOST_TEST(has(w.say("ana", "cycle remove Spare"), "There's no custom cycle called *Spare* here. Cycles: Nov26"));
}

BOOST_AUTO_TEST_CASE(cycle_mistakes_change_nothing) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "cycle add 2027-H1 start=2027-01-01 end=2027-06-30");
    const auto before = cycles_of(w);
    BOOST_TEST(has(w.say("ana", "cycle add 2027-h1 start=2027-02-01 end=2027-03-31"),
                   "A cycle called *2027-H1* already exists (2027-01-01 to 2027-06-30)."));
    BOOST_TEST(has(w.say("ana", "cycle add 2027-Q2 start=2027-04-01 end=2027-07-31"), "is the calendar quarter"));
    BOOST_TEST(has(w.say("ana", "cycle add X start=2027-01-01"), "needs both dates"));
    BOOST_TEST(has(w.say("ana", "cycle remove nope"), "There's no custom cycle called *nope*"));
    BOOST_TEST(has(w.say("ana", "cycle remove 2027-Q1"), "There's no custom cycle called *2027-Q1*"));
    // Unknown names where a cycle is accepted: the error lists the known ones.
    auto unknown = w.say("ana", "objective add \"x\" cycle=FY99");
    BOOST_TEST(has(unknown, "`FY99` isn't a cycle of this workspace. Cycles: 2027-H1 (2027-01-01 to 2027-06-30), and "
                            "calendar quarters like 2027-Q1."),
               unknown);
    BOOST_TEST(has(unknown, "/okr cycle add FY99 start=YYYY-MM-DD end=YYYY-MM-DD"));
    BOOST_TEST(!w.store.find_objective("slack:T1", 1).has_value());
    BOOST_TEST(has(w.say("ana", "list all cycle=FY99"), "isn't a cycle of this workspace"));
    BOOST_TEST(has(w.say("ana", "list mine cycle=FY99"), "isn't a cycle of this workspace"));
    BOOST_TEST(has(w.say("ana", "tree cycle=FY99"), "isn't a cycle of this workspace"));
    const auto after = cycles_of(w);
    BOOST_TEST_REQUIRE(after.size() == before.size());
    BOOST_TEST(after[0].start == "2027-01-01");
    // A workspace without custom cycles says so.
    auto empty_ws = World{};
    BOOST_TEST(has(empty_ws.say("ana", "list all cycle=a_b"), "It has no custom cycles, only calendar quarters"));
}

BOOST_AUTO_TEST_CASE(only_admins_manage_cycles_when_admins_are_configured) {
    World w;
    w.admins = {"boss"};
    auto refused = w.say("ana", "cycle add 2027-H1 start=2027-01-01 end=2027-06-30");
    BOOST_TEST(has(refused, "Only goalpost admins can manage cycles on this server."), refused);
    BOOST_TEST(cycles_of(w).empty());
    BOOST_TEST(has(w.say("boss", "cycle add 2027-H1 start=2027-01-01 end=2027-06-30"), "added"));
    BOOST_TEST(has(w.say("ana", "cycle remove 2027-H1"), "Only goalpost admins"));
    BOOST_TEST(cycles_of(w).size() == 1u);
    BOOST_TEST(has(w.say("ana", "cycle list"), "2027-H1"));  // anyone may look
    BOOST_TEST(has(w.say("boss", "cycle remove 2027-H1"), "removed"));
    BOOST_TEST(cycles_of(w).empty());
}

BOOST_AUTO_TEST_CASE(cycle_list_without_custom_cycles_names_the_quarter) {
    World w;
    auto list = w.say("ana", "cycle");
    BOOST_TEST(has(list, "no custom cycles"));
    BOOST_TEST(has(list, "Current: *2026-Q4*, the calendar quarter 2026-10-01 to 2026-12-31 (92 days), since no custom cycle"), list);
    BOOST_TEST(has(w.say("ana", "help cycle"), "cycle add NAME start=YYYY-MM-DD end=YYYY-MM-DD"));
    BOOST_TEST(has(w.say("ana", "help"), "cycle list"));
}

BOOST_AUTO_TEST_CASE(pace_inside_a_custom_cycle_uses_its_dates) {
    World w;
    w.now = utc(2026, 11, 1);
    w.say("ana", "team create growth");
    w.say("ana", "cycle add Nov26 start=2026-11-01 end=2026-11-30");
    w.say("ana", "objective add \"Close November\"");
    w.say("ana", "kr add O-1 Deals from=0 to=100");
    w.now = utc(2026, 11, 7);  // 6 of 30 days: 20% (the quarter would say 40%)
    w.say("ana", "checkin KR-1 5 on-track");
    auto shown = w.say("ana", "show KR-1");
    BOOST_TEST(has(shown, "expected 20% by now (20% of the cycle elapsed on 2026-11-07), actual 5%"), shown);
    BOOST_TEST(has(shown, "*behind*"));
    w.now = utc(2026, 11, 19);  // 60%: 55 points under is at risk
    BOOST_TEST(has(w.say("ana", "show KR-1"), "expected 60% by now"));
    // The digest judges pace the same way.
    auto team = *w.store.find_team("slack:T1", "growth");
    auto report = gather_report(w.repos(), "slack:T1", team, w.now - std::chrono::days(7), w.now, false);
    BOOST_TEST_REQUIRE(report.objectives.size() == 1u);
    BOOST_TEST(report.objectives[0].krs[0].expected == 0.6, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(report.objectives[0].krs[0].risk.behind_pace);
}

BOOST_AUTO_TEST_CASE(carry_goes_into_the_cycle_that_starts_next) {
    World w;  // today 2026-11-18, in 2026-Q4
    w.say("ana", "team create growth");
    w.say("ana", "cycle add 2027-H1 start=2027-01-01 end=2027-06-30");
    w.say("ana", "objective add \"Grow the pipeline\"");
    w.say("ana", "kr add O-1 Leads from=0 to=100");
    w.say("ana", "checkin KR-1 40");
    // 2027-Q1 and 2027-H1 both start on 2027-01-01: the workspace's own cycle wins.
    auto out = w.say("ana", "carry O-1");
    BOOST_TEST(has(out, "carried into *2027-H1* as *O-2*"), out);
    BOOST_TEST(w.objective(2).cycle == "2027-H1");
    BOOST_TEST(w.kr(2).current == 40);
    // From H1, with no custom cycle after it: the quarter that starts once it ended.
    BOOST_TEST(has(w.say("ana", "carry O-2"), "carried into *2027-Q3* as *O-3*"));
    // A custom cycle starting right after H1 takes over.
    w.say("ana", "cycle add 2027-H2 start=2027-07-01 end=2027-12-31");
    BOOST_TEST(has(w.say("ana", "carry O-2"), "carried into *2027-H2* as *O-4*"));
    // Named targets: earlier ones are refused, unknown ones list the cycles, nothing is added.
    auto earlier = w.say("ana", "carry O-2 to=2026-Q4");
    BOOST_TEST(has(earlier, "O-2 is in 2027-H1 (from 2027-01-01); carry it into a later cycle."), earlier);
    BOOST_TEST(has(earlier, "/okr carry O-2 to=2027-H2"));
    BOOST_TEST(has(w.say("ana", "carry O-2 to=2027-Q1"), "carry it into a later cycle"));  // same start
    BOOST_TEST(has(w.say("ana", "carry O-2 to=FY99"), "Cycles: 2027-H1 (2027-01-01 to 2027-06-30), 2027-H2"));
    BOOST_TEST(!w.store.find_objective("slack:T1", 5).has_value());
    BOOST_TEST(has(w.say("ana", "carry O-1 to 2027-h2"), "carried into *2027-H2* as *O-5*"));
    BOOST_TEST(w.objective(5).cycle == "2027-H2");
}

BOOST_AUTO_TEST_CASE(workspaces_keep_their_own_cycles_under_one_name) {
    World w;
    w.now = utc(2026, 11, 7);
    w.say("ana", "team create growth");
    w.say("ana", "cycle add Sprint start=2026-11-01 end=2026-11-30");
    w.workspace = "slack:T2";
    w.say("ana", "team create growth");
    BOOST_TEST(has(w.say("ana", "cycle add Sprint start=2026-11-05 end=2026-11-08"), "added"));  // not a duplicate here
    w.say("ana", "objective add \"Short sprint\"");
    w.say("ana", "kr add O-1 Tasks from=0 to=10");
    // 2 of 4 days in T2's Sprint.
    BOOST_TEST(has(w.say("ana", "show KR-1"), "expected 50% by now"));
    BOOST_TEST(has(w.say("ana", "cycle list"), "*Sprint* 2026-11-05 to 2026-11-08 (4 days)"));
    w.workspace = "slack:T1";
    w.say("ana", "objective add \"Long sprint\"");
    w.say("ana", "kr add O-1 Tasks from=0 to=10");
    BOOST_TEST(has(w.say("ana", "show KR-1"), "expected 20% by now"));
    BOOST_TEST(has(w.say("ana", "cycle list"), "*Sprint* 2026-11-01 to 2026-11-30 (30 days) · 1 objective"));
    // T1's Sprint is held by its (archived) objective; T3 has no Sprint at all.
    w.say("ana", "archive O-1");
    BOOST_TEST(has(w.say("ana", "cycle remove Sprint"), "can't be removed"));
    w.workspace = "slack:T3";
    BOOST_TEST(has(w.say("ana", "cycle remove Sprint"), "There's no custom cycle called *Sprint*"));
    BOOST_TEST(has(w.say("ana", "list all cycle=Sprint"), "isn't a cycle of this workspace"));
}

BOOST_AUTO_TEST_CASE(a_baseline_from_an_earlier_custom_cycle) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "cycle add Autumn start=2026-09-01 end=2026-10-31");
    w.say("ana", "objective add \"Autumn goals\" cycle=Autumn");
    w.say("ana", "kr add O-1 \"Weekly demos\" from=30 to=50");
    w.say("ana", "checkin KR-1 38");
    w.say("ana", "cycle add Winter start=2026-11-01 end=2027-02-28");
    w.say("ana", "objective add \"Winter goals\"");
    BOOST_TEST(w.objective(2).cycle == "Winter");
    BOOST_TEST(has(w.say("ana", "kr add O-2 \"weekly demos\" from=38 to=55"),
                   "Last cycle you went 30 → 38 (target 50, KR-1, Autumn)"));
}

BOOST_AUTO_TEST_SUITE_END()
