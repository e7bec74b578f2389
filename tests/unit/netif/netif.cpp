// SPDX-License-Identifier: MIT
// Interface names and indexes on this machine's loopback interface, and the error codes.
#include "support.hpp"

#include <net/if.h>
#include <string>

TEST_CASE("netif: the loopback interface lo maps to its index and back", "[netif]")
{
    uint32_t idx = 0;
    REQUIRE_SX(sx_if_nametoindex("lo", &idx));
    CHECK(idx == if_nametoindex("lo"));
    char name[IF_NAMESIZE];
    size_t len = 0;
    REQUIRE_SX(sx_if_indextoname(idx, name, sizeof name, &len));
    CHECK(std::string(name, len) == "lo");
}

TEST_CASE("netif: if_nameindex lists lo with its index, in a list handle", "[netif]")
{
    sx_list l = 0;
    REQUIRE_SX(sx_if_nameindex(&l));
    uint32_t n = 0;
    REQUIRE_SX(sx_list_count(l, &n));
    REQUIRE(n >= 1);
    bool found = false;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t idx = 0;
        char name[IF_NAMESIZE];
        size_t len = 0;
        REQUIRE_SX(sx_ifentry_index(l, i, &idx));
        REQUIRE_SX(sx_ifentry_name(l, i, name, sizeof name, &len));
        CHECK(idx == if_nametoindex(std::string(name, len).c_str()));
        found = found || std::string(name, len) == "lo";
    }
    CHECK(found);
    uint32_t idx = 0;
    char name[IF_NAMESIZE];
    size_t len = 0;
    REQUIRE_CODE(sx_ifentry_index(l, n, &idx), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_ifentry_name(l, 0, name, 1, &len), SX_ETRUNC);
    CHECK(len > 0);
    // An interface list is not a getaddrinfo list.
    int32_t fam = 0;
    REQUIRE_CODE(sx_addrinfo_entry(l, 0, &fam, nullptr, nullptr), SX_EBADHANDLE);
    REQUIRE_SX(sx_list_close(l));
    REQUIRE_SX(sx_list_close(l));
    REQUIRE_CODE(sx_list_count(l, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_ifentry_index(l, 0, &idx), SX_EBADHANDLE);
}

TEST_CASE("netif: unknown names give SX_ENOTFOUND and unknown indexes SX_ENXIO", "[netif]")
{
    uint32_t idx = 0;
    REQUIRE_CODE(sx_if_nametoindex("nonexistent0", &idx), SX_ENOTFOUND);
    CHECK(sxt::detail().find("no interface with this name") == 0);
    REQUIRE_CODE(sx_if_nametoindex("", &idx), SX_ENOTFOUND);
    REQUIRE_CODE(sx_if_nametoindex(std::string(300, 'x').c_str(), &idx), SX_ENOTFOUND);
    REQUIRE_CODE(sx_if_nametoindex(nullptr, &idx), SX_EARG);
    REQUIRE_CODE(sx_if_nametoindex("lo", nullptr), SX_EARG);
    char name[IF_NAMESIZE];
    size_t len = 0;
    REQUIRE_CODE(sx_if_indextoname(0, name, sizeof name, &len), SX_ENXIO);
    REQUIRE_CODE(sx_if_indextoname(999999, name, sizeof name, &len), SX_ENXIO);
    REQUIRE_CODE(sx_if_indextoname(UINT32_MAX, name, sizeof name, &len), SX_ENXIO);
    REQUIRE_CODE(sx_if_indextoname(1, name, sizeof name, nullptr), SX_EARG);
    REQUIRE_CODE(sx_if_nameindex(nullptr), SX_EARG);
}
