#define BOOST_TEST_MODULE core_pure
#include <boost/test/unit_test.hpp>
