// Asana: GET /projects/{gid}/task_counts?opt_fields=... with a bearer token.
#include <boost/test/unit_test.hpp>

#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;

BOOST_AUTO_TEST_SUITE(asana_source)

BOOST_AUTO_TEST_CASE(reads_completed_tasks_asking_for_that_field_only) {
    // Setup
    FakePlatform fake;
    fake.script({ok(source_fixture("asana-task-counts.completed.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    // Act
    const auto reading = read_source("asana", settings, *http, {"1201234567890", "completed"});

    // Check
    BOOST_TEST(reading.value.value_or(-1) == 150);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 1u);
    BOOST_TEST(requests[0].method == "GET");
    BOOST_TEST(requests[0].path() == "/api/1.0/projects/1201234567890/task_counts");
    BOOST_TEST(requests[0].query() == "opt_fields=num_completed_tasks");
    BOOST_TEST(requests[0].header("Authorization") == "Bearer " + asana_token);
    BOOST_TEST(requests[0].body.empty());
}

BOOST_AUTO_TEST_CASE(incomplete_and_all_read_their_own_fields) {
    FakePlatform fake;
    fake.script({ok(source_fixture("asana-task-counts.all-fields.json")),
                 ok(source_fixture("asana-task-counts.all-fields.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto incomplete = read_source("asana", settings, *http, {"1201234567890", "incomplete"});
    const auto all = read_source("asana", settings, *http, {"1201234567890", "all"});

    BOOST_TEST(incomplete.value.value_or(-1) == 50);
    BOOST_TEST(all.value.value_or(-1) == 200);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 2u);
    BOOST_TEST(requests[0].query() == "opt_fields=num_incomplete_tasks");
    BOOST_TEST(requests[1].query() == "opt_fields=num_tasks");
}

BOOST_AUTO_TEST_CASE(an_answer_without_the_field_asked_for_is_an_error) {
    FakePlatform fake;
    fake.script({ok(source_fixture("asana-task-counts.completed.json"))});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("asana", settings, *http, {"1201234567890", "all"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(
        reading.error.starts_with("Asana answered without data.num_tasks (\"/data\" has no member \"num_tasks\")"),
        reading.error);
}

BOOST_AUTO_TEST_CASE(a_project_gid_is_one_path_segment) {
    FakePlatform fake;
    fake.script({answer(404, R"({"errors":[{"message":"project: Unknown object: ../users"}]})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("asana", settings, *http, {"../users", "all"});

    BOOST_TEST(fake.requests().at(0).path() == "/api/1.0/projects/..%2Fusers/task_counts");
    BOOST_TEST(reading.error ==
               "Asana found nothing to read there (404: project: Unknown object: ../users): check the project gid (the "
               "number in the project's URL)");
}

BOOST_AUTO_TEST_CASE(an_unknown_mode_is_refused_without_a_request) {
    FakePlatform fake;
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("asana", settings, *http, {"1201234567890", "done"});

    BOOST_TEST(reading.error.starts_with("An asana source needs a project gid and completed, incomplete or all"));
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_403_says_the_token_owner_must_be_in_the_project) {
    FakePlatform fake;
    fake.script({answer(403, R"({"errors":[{"message":"Forbidden"}]})")});
    const auto settings = settings_for(fake);
    auto http = test_http();

    const auto reading = read_source("asana", settings, *http, {"1201234567890", "all"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "Asana refused access (403: Forbidden): check sources.asana.token and that its owner is a member of the "
               "project");
}

BOOST_AUTO_TEST_SUITE_END()
