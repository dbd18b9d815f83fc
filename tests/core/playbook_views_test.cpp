// The playbook's views against an in-memory store: the alignment tree with rolled-up
// progress, pace and confidence, SMART hints, templates.
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include "core/okr/playbook_view.hpp"
#include "core/schedule/digest.hpp"
#include "core/schedule/report.hpp"
#include "tests/support/world.hpp"

using namespace goalpost::core;
using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(playbook_views)

// ---- alignment tree ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(progress_rolls_up_three_levels) {
    std::map<int, AlignmentNode> nodes;
    auto node = [&](int n, std::optional<int> parent, std::vector<double> krs) {
        Objective o;
        o.number = n;
        o.parent_number = parent;
        nodes.emplace(n, AlignmentNode{o, std::move(krs)});
    };
    node(1, std::nullopt, {0.6});
    node(2, 1, {0.4});
    node(3, 2, {1.0});
    node(4, 2, {});  // no KRs: counts as 0 for its parent
    BOOST_TEST(rolled_up_progress(nodes, 3) == 1.0);
    BOOST_TEST(rolled_up_progress(nodes, 2) == (0.4 + 1.0 + 0.0) / 3, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(rolled_up_progress(nodes, 1) == (0.6 + (1.4 / 3)) / 2, boost::test_tools::tolerance(1e-9));
    // A cycle in the data does not loop forever.
    nodes.at(1).objective.parent_number = 3;
    BOOST_TEST(rolled_up_progress(nodes, 1) >= 0.0);
}

BOOST_AUTO_TEST_CASE(tree_shows_alignment_with_rolled_up_progress_and_flags_unaligned) {
    World w;
    w.say("ana", "team create company");
    w.say("ana", "team create sales parent=company");
    w.say("ana", "team create emea parent=sales");
    w.say("ana", "objective add \"Double revenue\" team=company");
    w.say("ana", "kr add O-1 ARR from=0 to=10");
    w.say("ana", "objective add \"Win mid-market\" team=sales parent=O-1");
    w.say("ana", "kr add O-2 Deals from=0 to=10");
    w.say("ana", "objective add \"Open Germany\" team=emea parent=O-2");
    w.say("ana", "kr add O-3 Customers from=0 to=10");
    w.say("ana", "objective add \"Tidy the CRM\" team=emea");
    w.say("ana", "checkin KR-1 6");
    w.say("ana", "checkin KR-2 4");
    w.say("ana", "checkin KR-3 10");
    auto text = w.say("ana", "tree");
    // O-2 = mean(0.4, 1.0) = 70%; O-1 = mean(0.6, 0.7) = 65%.
    BOOST_TEST(has(text, "65% *O-1* Double revenue · company"));
    BOOST_TEST(has(text, "70% *O-2* Win mid-market · sales"));
    BOOST_TEST(has(text, "100% *O-3* Open Germany · emea"));
    BOOST_TEST(has(text, "*O-4* Tidy the CRM · emea · :warning: unaligned"));
    BOOST_TEST(!has(text, "Double revenue · company · :warning:"));  // the company has no parent team
    BOOST_TEST(text.find("O-1") < text.find("O-2"));
    BOOST_TEST(text.find("O-2") < text.find("O-3"));
    auto sales = w.say("ana", "tree team sales");
    BOOST_TEST(has(sales, "*O-2*"));
    BOOST_TEST(has(sales, "*O-3*"));
    BOOST_TEST(!has(sales, "*O-1* Double"));
    BOOST_TEST(has(w.say("ana", "show O-1"), "Rolled up with 1 aligned objective"));
    BOOST_TEST(has(w.say("ana", "tree team nope"), "no team called"));
    BOOST_TEST(has(w.say("ana", "tree colour=red"), "isn't an option of tree"));
    // Objective add in a team with a parent team suggests aligning.
    BOOST_TEST(has(w.say("ana", "objective add \"Another\" team=emea"), "parent=O-N"));
}

// ---- pace and confidence -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(pace_and_colour_at_several_moments_of_a_cycle) {
    Objective o;
    o.cycle = "2027-Q1";
    KeyResult kr;
    kr.start = 0;
    kr.target = 100;
    kr.created_at = utc(2027, 1, 1);
    const Time start = utc(2027, 1, 1), end = utc(2027, 4, 1);
    auto at_share = [&](double share) {
        return start + std::chrono::seconds(static_cast<long>(share * std::chrono::duration<double>(end - start).count()));
    };
    BOOST_TEST(expected_progress(kr, o, start) == 0.0);
    BOOST_TEST(expected_progress(kr, o, at_share(0.5)) == 0.5, boost::test_tools::tolerance(1e-3));
    BOOST_TEST(expected_progress(kr, o, end + std::chrono::days(3)) == 1.0);
    auto pace_at = [&](double share, double progress_now) {
        kr.current = progress_now * 100;
        kr.last_checkin_at = at_share(share);  // fresh
        return pace_of(progress_now, expected_progress(kr, o, at_share(share)),
                       risk_of(kr, o, progress_now, at_share(share)));
    };
    BOOST_TEST((pace_at(0.1, 0.05) == Pace::on_track));  // 5 under
    BOOST_TEST((pace_at(0.5, 0.38) == Pace::behind));    // 12 under
    BOOST_TEST((pace_at(0.5, 0.24) == Pace::at_risk));   // 26 under
    BOOST_TEST((pace_at(0.9, 0.95) == Pace::on_track));  // ahead
    BOOST_TEST((pace_at(1.0, 1.0) == Pace::on_track));   // done
    // Low confidence turns an on-pace KR red.
    kr.last_confidence = 3;
    BOOST_TEST((pace_at(0.5, 0.5) == Pace::at_risk));
}

BOOST_AUTO_TEST_CASE(a_confidence_drop_of_three_in_a_week_is_at_risk) {
    auto c = [](int conf, Time at) {
        Checkin x;
        x.confidence = conf;
        x.at = at;
        return x;
    };
    const Time t = utc(2027, 2, 1);
    BOOST_TEST(confidence_dropped({c(5, t), c(8, t - std::chrono::days(7))}));
    BOOST_TEST(!confidence_dropped({c(6, t), c(8, t - std::chrono::days(7))}));   // only 2
    BOOST_TEST(!confidence_dropped({c(5, t), c(8, t - std::chrono::days(8))}));   // more than a week
    BOOST_TEST(!confidence_dropped({c(9, t), c(5, t - std::chrono::days(3))}));   // a rise
    Checkin no_conf;
    no_conf.at = t + std::chrono::days(1);
    BOOST_TEST(confidence_dropped({no_conf, c(5, t), c(8, t - std::chrono::days(2))}));

    World w;
    seed_growth(w);
    w.now = t0 - std::chrono::days(6);
    w.say("ana", "checkin KR-1 60 confidence=9");
    w.now = t0;
    w.say("ana", "checkin KR-1 62 confidence=6");
    auto show = w.say("ana", "show KR-1");
    BOOST_TEST(has(show, "at risk"));
    BOOST_TEST(has(show, "confidence dropped by 3 or more in a week"));
    BOOST_TEST(has(show, "Confidence 6/10 (at risk)"));
    auto team = *w.store.find_team("slack:T1", "growth");
    BOOST_TEST(has(all_text(weekly_digest(w.repos(), "slack:T1", team, "UTC", t0 + std::chrono::hours(1))),
                   "confidence dropped"));
}

BOOST_AUTO_TEST_CASE(show_explains_the_colour) {
    World w;
    w.now = utc(2026, 10, 1);
    seed_growth(w);
    w.now = utc(2026, 11, 15);  // 48.9% through 2026-Q4
    w.say("ana", "checkin KR-1 45 on-track");
    w.say("ben", "checkin KR-2 3 on-track");
    auto on = w.say("ana", "show KR-1");
    BOOST_TEST(has(on, "*on track*: expected 48% by now (48% of the cycle elapsed on 2026-11-15), actual 45%"), on);
    BOOST_TEST(has(on, "within 10 points of pace"));
    BOOST_TEST(has(on, "Confidence 8/10 (on track)"));
    auto behind = w.say("ben", "show KR-2");
    BOOST_TEST(has(behind, "*behind*: expected 48% by now"), behind);  // 30% vs 48.9%: 19 under
    BOOST_TEST(has(behind, "19 points under pace (behind from 10, at risk from 25)"));
}

// ---- SMART hints ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(smart_hints_never_refuse) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "objective add \"Grow the pipeline\"");
    auto first = w.say("ana", "kr add O-1 \"Grow the pipeline faster\" from=0 to=10 due=2026-12-31");
    BOOST_TEST(has(first, "KR-1"));
    BOOST_TEST(has(first, "repeats the objective's title"));
    BOOST_TEST(has(first, "O-1 has 1 key result; 3 to 5"));
    BOOST_TEST(!has(w.say("ana", "kr add O-1 Leads from=0 to=10 due=2026-12-31"), "repeats"));
    auto third = w.say("ana", "kr add O-1 Demos from=0 to=10 due=2026-12-31");
    BOOST_TEST(!has(third, "3 to 5"));
    w.say("ana", "kr add O-1 Calls from=0 to=10");
    w.say("ana", "kr add O-1 Emails from=0 to=10");
    BOOST_TEST(has(w.say("ana", "kr add O-1 Posts from=0 to=10"), "O-1 has 6 key results; 3 to 5 keep it focused"));
    BOOST_TEST(w.kr(6).title == "Posts");
    BOOST_TEST(has(w.say("ana", "show O-1"), "O-1 has 6 key results"));
    for (int i = 2; i <= 5; ++i) {
        BOOST_TEST(!has(w.say("ana", fmt::format("objective add \"Goal {}\"", i)), "objectives in"));
    }
    auto sixth = w.say("ana", "objective add \"Goal 6\"");
    BOOST_TEST(has(sixth, "now has 6 objectives in 2026-Q4"));
    BOOST_TEST(w.store.find_objective("slack:T1", 6).has_value());
    BOOST_TEST(has(w.say("ana", "show O-2"), "O-2 has 0 key results") == false);  // no KRs: the add hint instead
}

BOOST_AUTO_TEST_CASE(a_kr_seen_in_an_earlier_cycle_gets_its_baseline) {
    World w;
    w.say("ana", "team create growth");
    w.say("ana", "objective add \"Q3 goals\" cycle=2026-Q3");
    w.say("ana", "kr add O-1 \"Weekly demos\" from=30 to=50");
    w.say("ana", "checkin KR-1 38");
    w.say("ana", "objective add \"Q4 goals\"");
    auto text = w.say("ana", "kr add O-2 \"weekly demos\" from=38 to=55");
    BOOST_TEST(has(text, "Last quarter you went 30 → 38 (target 50, KR-1, 2026-Q3)"));
    BOOST_TEST(!has(w.say("ana", "kr add O-2 Other from=0 to=1"), "Last quarter"));
}

// ---- templates ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(templates_propose_copyable_commands) {
    World w;
    for (const auto& name : template_names()) {
        auto text = w.say("ana", "template " + name);
        BOOST_TEST(has(text, "/okr objective add"), name);
        auto t = template_named(name);
        BOOST_TEST_REQUIRE(t.has_value());
        BOOST_TEST(t->krs.size() >= 3u);
        BOOST_TEST(t->krs.size() <= 4u);
        for (const auto& k : t->krs) BOOST_TEST(has(text, "/okr kr add O-N \"" + k.title + "\""));
        // Each proposed KR parses as a real command.
        for (const auto& k : t->krs) {
            auto parsed = parse_command(fmt::format("kr add O-1 \"{}\" {} due=2027-03-31", k.title, k.options));
            BOOST_TEST(!parsed.error.has_value(), k.title);
        }
    }
    BOOST_TEST(has(w.say("ana", "template"), "sales, marketing, product, customer-success"));
    BOOST_TEST(has(w.say("ana", "template finance"), "There's no template `finance`"));
    BOOST_TEST(has(w.say("ana", "template sales extra"), "I didn't understand"));
}

BOOST_AUTO_TEST_SUITE_END()
