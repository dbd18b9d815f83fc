// The one translation unit that defines the module (and so main()) for storage_tests.
#define BOOST_TEST_MODULE storage
#include <boost/test/unit_test.hpp>
