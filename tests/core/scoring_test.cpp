#include <boost/test/unit_test.hpp>

#include "core/message.hpp"
#include "core/okr/scoring.hpp"

using namespace goalpost::core;

namespace {
KeyResult kr(double start, double target, double current, bool binary = false) {
    KeyResult k;
    k.start = start;
    k.target = target;
    k.current = current;
    k.binary = binary;
    return k;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(scoring)

BOOST_AUTO_TEST_CASE(spec_examples) {
    BOOST_TEST(progress(kr(0, 1200, 600)) == 0.5);   // 600 of 1,200 leads
    BOOST_TEST(progress(kr(5, 3, 4)) == 0.5);        // churn 5% -> 3%, at 4%
    BOOST_TEST(progress(kr(30, 50, 40)) == 0.5);     // NPS 30 -> 50, at 40
    BOOST_TEST(progress(kr(0, 1, 1, true)) == 1.0);  // binary done
    BOOST_TEST(progress(kr(0, 1, 0, true)) == 0.0);  // binary not done
}

BOOST_AUTO_TEST_CASE(progress_is_clamped) {
    BOOST_TEST(progress(kr(0, 100, 150)) == 1.0);
    BOOST_TEST(progress(kr(0, 100, -20)) == 0.0);
    BOOST_TEST(progress(kr(5, 3, 6)) == 0.0);  // churn got worse
    BOOST_TEST(progress(kr(5, 3, 2)) == 1.0);  // churn better than target
}

BOOST_AUTO_TEST_CASE(kinds) {
    BOOST_TEST((kind_of(kr(0, 10, 0)) == KrKind::increasing));
    BOOST_TEST((kind_of(kr(10, 0, 0)) == KrKind::decreasing));
    BOOST_TEST((kind_of(kr(0, 1, 0, true)) == KrKind::binary));
}

BOOST_AUTO_TEST_CASE(objective_is_the_mean_of_its_krs) {
    BOOST_TEST(objective_progress({kr(0, 100, 50), kr(0, 1, 1, true), kr(5, 3, 5)}) == 0.5);
    BOOST_TEST(objective_progress({}) == 0.0);
}

BOOST_AUTO_TEST_CASE(grade_colours_at_their_edges) {
    BOOST_TEST((grade_of(0.39) == Grade::red));
    BOOST_TEST((grade_of(0.4) == Grade::yellow));
    BOOST_TEST((grade_of(0.69) == Grade::yellow));
    BOOST_TEST((grade_of(0.7) == Grade::green));
    BOOST_TEST((grade_of(1.0) == Grade::green));
    BOOST_TEST(success_threshold(ObjectiveKind::committed) == 1.0);
    BOOST_TEST(success_threshold(ObjectiveKind::aspirational) == 0.7);
}

BOOST_AUTO_TEST_CASE(progress_bar_shows_colour_cells_and_percent) {
    BOOST_TEST(progress_bar(0.5) == "\U0001F7E1 \u25B0\u25B0\u25B0\u25B0\u25B0\u25B1\u25B1\u25B1\u25B1\u25B1 50%");
    BOOST_TEST(progress_bar(1.0).find("100%") != std::string::npos);
    BOOST_TEST(progress_bar(0.0).starts_with("\U0001F534"));
    BOOST_TEST(percent(0.7) == "70%");
}

BOOST_AUTO_TEST_SUITE_END()
