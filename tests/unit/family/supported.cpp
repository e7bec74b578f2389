// SPDX-License-Identifier: MIT
// sx_family_supported for the families of this directory: this build has each one's codec,
// and the kernel answer agrees with socket(2) asked by hand.
#include "codec_checks.hpp"

#include <cerrno>
#include <unistd.h>

TEST_CASE("family: netlink, packet, vsock, qipcrtr and tipc are in this build, the kernel answer is socket(2)'s", "[family]")
{
    for (int32_t af : {SX_AF_NETLINK, SX_AF_PACKET, SX_AF_VSOCK, SX_AF_QIPCRTR, SX_AF_TIPC}) {
        INFO("family " << af);
        int build = -1, kernel = -1;
        REQUIRE_SX(sx_family_supported(af, &build, &kernel));
        CHECK(build == 1);
        // By hand: the family exists unless every type is refused with EAFNOSUPPORT.
        int exists = 0;
        for (int type : {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW}) {
            int fd = socket(af, type | SOCK_CLOEXEC, 0);
            if (fd >= 0)
                close(fd);
            if (fd >= 0 || errno != EAFNOSUPPORT)
                exists = 1;
        }
        CHECK(kernel == exists);
    }
    // What this kernel is known to have (the preamble's list): netlink, packet and vsock.
    int build = 0, kernel = 0;
    REQUIRE_SX(sx_family_supported(SX_AF_NETLINK, &build, &kernel));
    CHECK(kernel == 1);
    REQUIRE_SX(sx_family_supported(SX_AF_PACKET, &build, &kernel));
    CHECK(kernel == 1);
}
