// SPDX-License-Identifier: MIT
// For the differentials against python3, whose results are those of python3's own ABI.
#pragma once

#include "support.hpp"

#include <string>
#include <sys/socket.h>

namespace sxt {

// python3's CMSG_LEN(0) and CMSG_SPACE(1) must be the target's for its ancillary sizes to be
// the target's (not so for an i386 build run against the build host's 64-bit python3).
// Returns "" if they are, else both layouts for the failure message.
inline std::string python_cmsg_layout_differs()
{
    std::string theirs;
    for (const std::string &line :
         command_lines("python3 -c 'import socket; print(socket.CMSG_LEN(0), socket.CMSG_SPACE(1))' 2>&1"))
        theirs += (theirs.empty() ? "" : "\n") + line;
    std::string ours = std::to_string(CMSG_LEN(0)) + " " + std::to_string(CMSG_SPACE(1));
    if (theirs == ours)
        return "";
    return "python3's CMSG_LEN(0) CMSG_SPACE(1) are '" + theirs + "', the target's '" + ours + "'";
}

} // namespace sxt
