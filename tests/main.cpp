// SPDX-License-Identifier: MIT
// The Catch2 runner for the C tests (tests/unit/<area>/*.cpp hold the cases).
// It also checks that the run as a whole leaves no file descriptor open.
#define CATCH_CONFIG_RUNNER
#include "support.hpp"

#include <cstdio>

int main(int argc, char **argv)
{
    int before = sxt::open_fd_count();
    int rc = Catch::Session().run(argc, argv);
    int after = sxt::open_fd_count();
    if (after != before) {
        std::fprintf(stderr, "fd leak: %d open before the tests, %d after\n", before, after);
        return rc ? rc : 1;
    }
    return rc;
}
