#pragma once
// A property check for fuzz targets: prints what failed and aborts, so libFuzzer records the
// input as a crash (assert would vanish under NDEBUG in RelWithDebInfo builds).
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                             \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "fuzz check failed: %s (%s) at %s:%d\n", what, #cond,    \
                         __FILE__, __LINE__);                                              \
            std::abort();                                                                  \
        }                                                                                  \
    } while (0)
