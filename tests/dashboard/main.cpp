#define BOOST_TEST_MODULE dashboard_browser
#include <boost/test/unit_test.hpp>
