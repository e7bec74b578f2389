// SPDX-License-Identifier: MIT
// Running part of a test inside a network namespace of its own.
//
// The namespace belongs to one thread: unshare(CLONE_NEWNET) moves only the calling thread,
// so the body runs on a new thread, which everything it creates (sockets, the `ip` commands
// it starts) inherits, and the namespace and its interfaces vanish when that thread ends and
// its sockets are closed. The host's interfaces are never touched. The test thread waits,
// so Catch2's assertions run one at a time; a failed REQUIRE in the body is carried back and
// rethrown on the test thread.
#pragma once

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <sched.h>
#include <string>
#include <thread>

namespace sxt {

// Run body in a fresh network namespace. Returns "" when it ran, or why it could not
// (the caller then skips with that reason). body may return a reason to skip too.
inline std::string in_new_netns(const std::function<std::string()> &body)
{
    std::string skip;
    std::exception_ptr failure;
    std::thread t([&] {
        try {
            if (unshare(CLONE_NEWNET) != 0)
                skip = std::string("cannot make a network namespace: unshare(CLONE_NEWNET): ") + std::strerror(errno);
            else
                skip = body();
        } catch (...) {
            failure = std::current_exception();
        }
    });
    t.join();
    if (failure)
        std::rethrow_exception(failure);
    return skip;
}

// Run a shell command (an `ip` invocation) in the calling thread's namespace; true if it succeeded.
inline bool run_quietly(const std::string &command)
{
    std::string quiet = command + " >/dev/null 2>&1";
    return std::system(quiet.c_str()) == 0;
}

} // namespace sxt
