// SPDX-License-Identifier: MIT
// Helpers for the live AF_BLUETOOTH tests: what this kernel answers, asked directly.
#pragma once

#include "support.hpp"

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace sxt {

// errno of socket(AF_BLUETOOTH, type, proto) made with the system call itself, or 0 when it
// succeeds: the reference the library's answer is compared with.
inline int bluetooth_socket_errno(int type, int proto)
{
    int fd = socket(SX_AF_BLUETOOTH, type | SOCK_CLOEXEC, proto);
    if (fd < 0)
        return errno;
    close(fd);
    return 0;
}

// CPython's _have_socket_bluetooth(): an RFCOMM stream socket can be made.
inline bool have_socket_bluetooth() { return bluetooth_socket_errno(SOCK_STREAM, SX_BTPROTO_RFCOMM) == 0; }

} // namespace sxt

// Catch2 2.13 has no SKIP: say why in the report and leave the test case.
#define SXT_SKIP(reason)                                                                            \
    do {                                                                                            \
        WARN("skipped: " << reason);                                                                \
        return;                                                                                     \
    } while (0)
