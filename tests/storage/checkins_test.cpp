#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;

namespace {

std::vector<double> values(const std::vector<core::Checkin>& checkins) {
    std::vector<double> out;
    for (const auto& checkin : checkins) out.push_back(checkin.value);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checkin_repository)

BOOST_AUTO_TEST_CASE(checkin_moves_the_current_value_and_returns_the_key_result) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);

    // Act
    const auto updated = store.record_checkin(ws_a, a_checkin(seeded.kr.id, 600, at(4, 10), 7));

    // Check
    BOOST_TEST(updated.id == seeded.kr.id);
    BOOST_TEST(updated.number == seeded.kr.number);
    BOOST_TEST(updated.objective_number == seeded.objective.number);
    BOOST_TEST(updated.current == 600);
    BOOST_TEST((updated.last_checkin_at == std::optional<core::Time>{at(4, 10)}));
    BOOST_TEST((updated.last_confidence == std::optional<int>{7}));
    BOOST_TEST(store.find_key_result(ws_a, seeded.kr.number)->current == 600);
}

BOOST_AUTO_TEST_CASE(checkins_come_newest_first_up_to_the_limit) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 100, at(3)));
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 200, at(10)));
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 300, at(17)));
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 350, at(17)));  // same second: insertion order

    // Act
    const auto latest_two = store.checkins_of(ws_a, seeded.kr.id, 2);
    const auto all = store.checkins_of(ws_a, seeded.kr.id, 10);

    // Check
    BOOST_TEST(values(latest_two) == (std::vector<double>{350, 300}), boost::test_tools::per_element());
    BOOST_TEST(values(all) == (std::vector<double>{350, 300, 200, 100}), boost::test_tools::per_element());
    BOOST_TEST(store.checkins_of(ws_a, seeded.kr.id, 0).empty());
}

BOOST_AUTO_TEST_CASE(checkin_fields_round_trip) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);
    auto input = a_checkin(seeded.kr.id, 12.5, at(5, 14), 3);
    input.user_id = "U_BEN";
    input.note = "blocked on legal, “again”";

    // Act
    store.record_checkin(ws_a, input);
    const auto checkins = store.checkins_of(ws_a, seeded.kr.id, 1);

    // Check
    BOOST_TEST_REQUIRE(checkins.size() == 1u);
    BOOST_TEST(checkins[0].id > 0);
    BOOST_TEST(checkins[0].kr_id == seeded.kr.id);
    BOOST_TEST(checkins[0].user_id == "U_BEN");
    BOOST_TEST(checkins[0].value == 12.5);
    BOOST_TEST((checkins[0].confidence == std::optional<int>{3}));
    BOOST_TEST(checkins[0].note == "blocked on legal, “again”");
    BOOST_TEST((checkins[0].at == at(5, 14)));
}

BOOST_AUTO_TEST_CASE(last_checkin_and_confidence_come_from_the_latest_checkin) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 100, at(3), 4));

    // Act
    const auto updated = store.record_checkin(ws_a, a_checkin(seeded.kr.id, 200, at(10)));

    // Check: the latest check-in gave no confidence
    BOOST_TEST((updated.last_checkin_at == std::optional<core::Time>{at(10)}));
    BOOST_TEST(!updated.last_confidence.has_value());
    const auto listed = store.key_results_of(ws_a, seeded.objective.id);
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST((listed[0].last_checkin_at == std::optional<core::Time>{at(10)}));
}

BOOST_AUTO_TEST_CASE(backdated_checkin_joins_history_without_rewinding_the_value) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);
    store.record_checkin(ws_a, a_checkin(seeded.kr.id, 900, at(20), 8));

    // Act
    const auto updated = store.record_checkin(ws_a, a_checkin(seeded.kr.id, 100, at(3), 2));

    // Check
    BOOST_TEST(updated.current == 900);
    BOOST_TEST((updated.last_checkin_at == std::optional<core::Time>{at(20)}));
    BOOST_TEST((updated.last_confidence == std::optional<int>{8}));
    BOOST_TEST(values(store.checkins_of(ws_a, seeded.kr.id, 10)) == (std::vector<double>{900, 100}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(confidence_outside_one_to_ten_is_refused_and_changes_nothing) {
    // Setup
    Store store(":memory:");
    const auto seeded = seed(store, ws_a);

    // Act / Check
    BOOST_CHECK_THROW(store.record_checkin(ws_a, a_checkin(seeded.kr.id, 500, at(4), 11)), StorageError);
    BOOST_CHECK_THROW(store.record_checkin(ws_a, a_checkin(seeded.kr.id, 500, at(4), 0)), StorageError);
    BOOST_TEST(store.checkins_of(ws_a, seeded.kr.id, 10).empty());
    BOOST_TEST(store.find_key_result(ws_a, seeded.kr.number)->current == seeded.kr.current);
    BOOST_TEST(store.healthy());
}

BOOST_AUTO_TEST_SUITE_END()
