// SPDX-License-Identifier: MIT
// At the descriptor limit, looking up an interface name reports SX_EMFILE, not an unknown
// name: glibc's if_nametoindex says ENOENT when it cannot open its own socket.
#include "fdlimit.hpp"
#include "support.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <string>

TEST_CASE("fd limit: an interface lookup without a descriptor left is SX_EMFILE on every path", "[addr][netif][zones]")
{
    char h[NI_MAXHOST], s[NI_MAXSERV];
    size_t hl = 0, sl = 0;
    sx_addr a = 0;
    sx_list l = 0;
    uint32_t index = 0;
    {
        sxt::FdLimit limit;
        REQUIRE_CODE(sx_addr_inet6("fe80::1%lo", 80, 0, 0, &a), SX_EMFILE);
        REQUIRE_CODE(sx_if_nametoindex("lo", &index), SX_EMFILE);
        REQUIRE_CODE(sx_getaddrinfo("fe80::1%lo", "80", AF_INET6, SOCK_DGRAM, 0, AI_NUMERICHOST, &l), SX_EMFILE);
        REQUIRE_CODE(sx_getnameinfo_host("fe80::1%lo", 80, 0, 0, NI_NUMERICHOST, h, sizeof h, &hl, s, sizeof s, &sl),
                     SX_EMFILE);
        // A numeric zone needs no lookup when no interface has that name, but the name is tried first.
        REQUIRE_CODE(sx_addr_inet6("fe80::1%1", 80, 0, 0, &a), SX_EMFILE);
        char name[32];
        size_t len = 0;
        REQUIRE_CODE(sx_if_indextoname(1, name, sizeof name, &len), SX_EMFILE);
    }
    CHECK(a == 0);
    CHECK(l == 0);
    // With a descriptor free the same calls succeed.
    {
        sxt::FdLimit limit(1);
        REQUIRE_SX(sx_addr_inet6("fe80::1%lo", 80, 0, 0, &a));
        REQUIRE_SX(sx_if_nametoindex("lo", &index));
        char name[32];
        size_t len = 0;
        REQUIRE_SX(sx_if_indextoname(index, name, sizeof name, &len));
        CHECK(std::string(name, len) == "lo");
    }
    sx_addr_close(a);
    CHECK(index > 0);
    REQUIRE_CODE(sx_if_nametoindex("bogus0", &index), SX_ENOTFOUND);
}
