// The one translation unit that defines the module (and so main()) for transfer_tests.
#define BOOST_TEST_MODULE transfer
#include <boost/test/unit_test.hpp>
