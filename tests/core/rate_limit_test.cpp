#include <boost/test/unit_test.hpp>

#include "core/rate_limit.hpp"
#include "tests/support/clock.hpp"

using namespace goalpost::core;
using goalpost::testing::t0;
using std::chrono::seconds;

BOOST_AUTO_TEST_SUITE(rate_limit)

BOOST_AUTO_TEST_CASE(a_user_may_burst_to_the_limit_then_waits_for_the_refill) {
    RateLimiter limiter({3, 100});
    for (int i = 0; i < 3; ++i) BOOST_TEST(!limiter.admit("slack:T1", "U1", t0).has_value());
    auto held = limiter.admit("slack:T1", "U1", t0);
    BOOST_REQUIRE(held.has_value());
    BOOST_TEST((held->scope == RateLimited::Scope::user));
    // 3 a minute refills one every 20 s.
    BOOST_TEST(held->retry_after.count() == 20);
    BOOST_TEST(limiter.admit("slack:T1", "U1", t0 + seconds{19}).has_value());
    BOOST_TEST(!limiter.admit("slack:T1", "U1", t0 + seconds{20}).has_value());
    BOOST_TEST(limiter.admit("slack:T1", "U1", t0 + seconds{20}).has_value());
    // A quiet minute fills the bucket again, never beyond the limit.
    for (int i = 0; i < 3; ++i) BOOST_TEST(!limiter.admit("slack:T1", "U1", t0 + seconds{600}).has_value());
    BOOST_TEST(limiter.admit("slack:T1", "U1", t0 + seconds{600}).has_value());
}

BOOST_AUTO_TEST_CASE(one_noisy_user_does_not_hold_back_another) {
    RateLimiter limiter({2, 100});
    limiter.admit("slack:T1", "U1", t0);
    limiter.admit("slack:T1", "U1", t0);
    BOOST_TEST(limiter.admit("slack:T1", "U1", t0).has_value());
    BOOST_TEST(!limiter.admit("slack:T1", "U2", t0).has_value());
    // The same user id in another workspace is another person.
    BOOST_TEST(!limiter.admit("slack:T2", "U1", t0).has_value());
}

BOOST_AUTO_TEST_CASE(the_workspace_limit_holds_back_everyone_in_it_and_nobody_else) {
    RateLimiter limiter({10, 4});
    for (int i = 0; i < 4; ++i) BOOST_TEST(!limiter.admit("slack:T1", "U" + std::to_string(i), t0).has_value());
    auto held = limiter.admit("slack:T1", "U9", t0);
    BOOST_REQUIRE(held.has_value());
    BOOST_TEST((held->scope == RateLimited::Scope::workspace));
    BOOST_TEST(held->retry_after.count() == 15);
    BOOST_TEST(!limiter.admit("teams:tenant", "U9", t0).has_value());
}

BOOST_AUTO_TEST_CASE(a_user_held_back_does_not_use_up_the_workspace) {
    RateLimiter limiter({1, 2});
    BOOST_TEST(!limiter.admit("slack:T1", "U1", t0).has_value());
    for (int i = 0; i < 50; ++i) BOOST_TEST(limiter.admit("slack:T1", "U1", t0).has_value());
    BOOST_TEST(!limiter.admit("slack:T1", "U2", t0).has_value());
}

BOOST_AUTO_TEST_CASE(idle_keys_are_forgotten_so_memory_stays_bounded) {
    RateLimiter limiter({5, 1000000}, 100);
    for (int i = 0; i < 100; ++i) limiter.admit("slack:T1", "U" + std::to_string(i), t0);
    BOOST_TEST(limiter.tracked_keys() == 101u);  // 100 users and the workspace
    // 1,000 more users, one a second: only about a minute's worth is ever kept.
    std::size_t most = 0;
    for (int i = 0; i < 1000; ++i) {
        limiter.admit("slack:T1", "V" + std::to_string(i), t0 + seconds{61 + i});
        most = std::max(most, limiter.tracked_keys());
    }
    BOOST_TEST(most <= 110u);
}

BOOST_AUTO_TEST_CASE(the_reply_says_what_happened_and_when_to_try_again) {
    RateLimits limits{30, 600};
    auto user = describe({RateLimited::Scope::user, seconds{2}}, limits);
    BOOST_TEST(user.find("30 commands a minute from you") != std::string::npos);
    BOOST_TEST(user.find("nothing was changed") != std::string::npos);
    BOOST_TEST(user.find("Try again in 2 seconds.") != std::string::npos);
    auto ws = describe({RateLimited::Scope::workspace, seconds{1}}, limits);
    BOOST_TEST(ws.find("This workspace") != std::string::npos);
    BOOST_TEST(ws.find("600 commands a minute") != std::string::npos);
    BOOST_TEST(ws.find("Try again in a second.") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
