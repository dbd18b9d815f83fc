#define BOOST_TEST_MODULE bot
#include <boost/test/unit_test.hpp>
