// SPDX-License-Identifier: MIT
// Fault injection on the calls that make result lists (and the lookups built on them):
// getaddrinfo, if_nameindex, the host database, getfqdn.
#include "fault/fault.hpp"

#include <netdb.h>

#include <functional>

using sxf::sweep_both;

namespace {

void sweep_list(const char *name, uint32_t min_alloc, const std::function<int32_t(sx_list *)> &make)
{
    sweep_both(name, min_alloc, 1, [&] {
        sx_list l = 0;
        int32_t rc = make(&l);
        if (rc)
            CHECK(l == 0);
        sx_list_close(l);
        return rc;
    });
}

} // namespace

TEST_CASE("fault: getaddrinfo, numeric, with enough entries to grow the list", "[fault]")
{
    // NULL host, AI_PASSIVE, any family and type: 6 entries, each a string and an address.
    sweep_list("sx_getaddrinfo (6 entries)", 13,
               [](sx_list *l) { return sx_getaddrinfo(nullptr, "80", AF_UNSPEC, 0, 0, AI_PASSIVE, l); });
    sweep_list("sx_getaddrinfo_port", 3, [](sx_list *l) {
        return sx_getaddrinfo_port("127.0.0.1", 80, AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST, l);
    });
}

TEST_CASE("fault: if_nameindex", "[fault]")
{
    sweep_list("sx_if_nameindex", 2, [](sx_list *l) { return sx_if_nameindex(l); });
}

TEST_CASE("fault: gethostbyname_ex and gethostbyaddr", "[fault]")
{
    sweep_list("sx_gethostbyname_ex", 3, [](sx_list *l) { return sx_gethostbyname_ex("localhost", l); });
    sweep_list("sx_gethostbyaddr", 3, [](sx_list *l) { return sx_gethostbyaddr("127.0.0.1", l); });
}

TEST_CASE("fault: gethostbyname and getfqdn report the failure instead of a wrong answer", "[fault]")
{
    sweep_both("sx_gethostbyname", 1, 1, [] {
        char buf[64];
        size_t len = 0;
        return sx_gethostbyname("localhost", buf, sizeof buf, &len);
    });
    // Python's getfqdn swallows lookup errors (OSError), not MemoryError.
    sweep_both("sx_getfqdn", 3, 1, [] {
        char buf[256];
        size_t len = 0;
        return sx_getfqdn("localhost", buf, sizeof buf, &len);
    });
}
