// SPDX-License-Identifier: MIT
// The families of other systems (socketx/family/elsewhere.h): on Linux every call checks its
// arguments (SX_EARG for a NULL pointer, SX_EBADHANDLE for a handle that is not an open
// address) and then answers SX_ENOTSUP with a detail naming the system that has the family.
#include "unit/addr/addr_helpers.hpp"

#include <string>

using sxt::Addr;

namespace {

const char *uuid = "a42e7cda-d03f-480c-9cc2-a4de20abb878";

// SX_ENOTSUP, a detail naming the family and its system, and no handle made.
void require_not_here(int32_t rc, const char *family, const char *system)
{
    REQUIRE_CODE(rc, SX_ENOTSUP);
    std::string d = sxt::detail();
    INFO("detail: " << d);
    CHECK(d.find(family) != std::string::npos);
    CHECK(d.find(system) != std::string::npos);
    CHECK(d.find("not on Linux") != std::string::npos);
}

} // namespace

TEST_CASE("elsewhere: AF_HYPERV is Windows only", "[family][elsewhere]")
{
    sx_addr out = 77;
    require_not_here(sx_addr_hyperv(uuid, uuid, &out), "AF_HYPERV", "Windows");
    CHECK(out == 0);
    out = 77;
    REQUIRE_CODE(sx_addr_hyperv(nullptr, uuid, &out), SX_EARG);
    CHECK(sxt::detail().find("vm_id is NULL") != std::string::npos);
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_hyperv(uuid, nullptr, &out), SX_EARG);
    CHECK(sxt::detail().find("service_id is NULL") != std::string::npos);
    REQUIRE_CODE(sx_addr_hyperv(uuid, uuid, nullptr), SX_EARG);

    Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, a.out()));
    char buf[64];
    size_t len = 0;
    require_not_here(sx_addr_hyperv_id(a, 0, buf, sizeof buf, &len), "AF_HYPERV", "Windows");
    require_not_here(sx_addr_hyperv_id(a, 1, nullptr, 0, &len), "AF_HYPERV", "Windows");
    REQUIRE_CODE(sx_addr_hyperv_id(a, 0, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_hyperv_id(a, 0, nullptr, 8, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_hyperv_id(a, 2, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_hyperv_id(a, -1, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_hyperv_id(0, 0, buf, sizeof buf, &len), SX_EBADHANDLE);
}

TEST_CASE("elsewhere: PF_SYSTEM is macOS only", "[family][elsewhere]")
{
    sx_addr out = 77;
    require_not_here(sx_addr_system(1, 0, &out), "PF_SYSTEM", "macOS");
    CHECK(out == 0);
    require_not_here(sx_addr_system(UINT32_MAX, UINT32_MAX, &out), "PF_SYSTEM", "macOS");
    REQUIRE_CODE(sx_addr_system(1, 0, nullptr), SX_EARG);
    out = 77;
    require_not_here(sx_addr_system_name("com.apple.network.statistics", &out), "PF_SYSTEM", "macOS");
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_system_name(nullptr, &out), SX_EARG);
    CHECK(sxt::detail().find("ctl_name is NULL") != std::string::npos);
    REQUIRE_CODE(sx_addr_system_name("x", nullptr), SX_EARG);

    Addr a;
    REQUIRE_SX(sx_addr_unix("/x", a.out()));
    uint32_t id, unit;
    require_not_here(sx_addr_system_fields(a, &id, &unit), "PF_SYSTEM", "macOS");
    REQUIRE_CODE(sx_addr_system_fields(a, nullptr, &unit), SX_EARG);
    REQUIRE_CODE(sx_addr_system_fields(a, &id, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_system_fields(0, &id, &unit), SX_EBADHANDLE);
}

TEST_CASE("elsewhere: AF_LINK is BSD and macOS only", "[family][elsewhere]")
{
    const unsigned char mac[6] = {2, 0, 0, 0, 0, 1};
    sx_addr out = 77;
    require_not_here(sx_addr_link(1, 6, "en0", mac, sizeof mac, &out), "AF_LINK", "BSD and macOS");
    CHECK(out == 0);
    require_not_here(sx_addr_link(1, 6, "", nullptr, 0, &out), "AF_LINK", "BSD and macOS");
    REQUIRE_CODE(sx_addr_link(1, 6, nullptr, mac, sizeof mac, &out), SX_EARG);
    CHECK(sxt::detail().find("name is NULL") != std::string::npos);
    REQUIRE_CODE(sx_addr_link(1, 6, "en0", nullptr, 6, &out), SX_EARG);
    CHECK(sxt::detail().find("lladdr is NULL") != std::string::npos);
    REQUIRE_CODE(sx_addr_link(1, 6, "en0", mac, sizeof mac, nullptr), SX_EARG);

    Addr a;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, a.out()));
    int32_t ifindex, type;
    require_not_here(sx_addr_link_fields(a, &ifindex, &type), "AF_LINK", "BSD and macOS");
    REQUIRE_CODE(sx_addr_link_fields(a, nullptr, &type), SX_EARG);
    REQUIRE_CODE(sx_addr_link_fields(a, &ifindex, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_link_fields(0, &ifindex, &type), SX_EBADHANDLE);

    unsigned char buf[32];
    size_t len;
    require_not_here(sx_addr_link_bytes(a, 0, buf, sizeof buf, &len), "AF_LINK", "BSD and macOS");
    require_not_here(sx_addr_link_bytes(a, 1, buf, sizeof buf, &len), "AF_LINK", "BSD and macOS");
    REQUIRE_CODE(sx_addr_link_bytes(a, 0, buf, sizeof buf, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_link_bytes(a, 0, nullptr, 4, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_link_bytes(a, 2, buf, sizeof buf, &len), SX_EARG);
    REQUIRE_CODE(sx_addr_link_bytes(0, 0, buf, sizeof buf, &len), SX_EBADHANDLE);
}

TEST_CASE("elsewhere: AF_DIVERT is FreeBSD only", "[family][elsewhere]")
{
    sx_addr out = 77;
    require_not_here(sx_addr_divert("127.0.0.1", 8668, &out), "AF_DIVERT", "FreeBSD");
    CHECK(out == 0);
    REQUIRE_CODE(sx_addr_divert(nullptr, 1, &out), SX_EARG);
    CHECK(sxt::detail().find("host is NULL") != std::string::npos);
    REQUIRE_CODE(sx_addr_divert("127.0.0.1", 1, nullptr), SX_EARG);
    REQUIRE_CODE(sx_addr_divert("127.0.0.1", 65536, &out), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_addr_divert("127.0.0.1", -1, &out), SX_EOUTOFRANGE);
}

TEST_CASE("elsewhere: none of these families is supported here", "[family][elsewhere]")
{
    // They have no AF_* value on Linux: sx_addr_from_string has no family to name for them,
    // and no address of theirs can come from the kernel.
    for (const char *name : {"AF_HYPERV", "PF_SYSTEM", "AF_LINK", "AF_DIVERT"}) {
        INFO(name);
        int64_t v = 0;
        CHECK(sx_constant(name, &v) == SX_ENOTFOUND);
    }
}
