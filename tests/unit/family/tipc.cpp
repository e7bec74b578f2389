// SPDX-License-Identifier: MIT
// AF_TIPC: the (addr_type, v1, v2, v3, scope) codec against struct sockaddr_tipc, CPython's
// output quirks (NAME repeats the instance as v3, ID gives 0), the text form, malformed input.
// The live tests are CPython's TIPCTest and TIPCThreadableTest (cpython_tipc.cpp).
#include "codec_checks.hpp"

#include <array>
#include <cstddef>
#include <linux/tipc.h>
#include <socketx/family/tipc.h>

using sxt::Addr;

namespace {

std::array<uint32_t, 3> values_of(sx_addr a)
{
    std::array<uint32_t, 3> v{0xdeadbeef, 0xdeadbeef, 0xdeadbeef};
    REQUIRE_SX(sx_addr_tipc_values(a, &v[0], &v[1], &v[2]));
    return v;
}

int32_t type_of(sx_addr a)
{
    int32_t v = -1;
    REQUIRE_SX(sx_addr_tipc_addr_type(a, &v));
    return v;
}

int32_t scope_of(sx_addr a)
{
    int32_t v = -1;
    REQUIRE_SX(sx_addr_tipc_scope(a, &v));
    return v;
}

struct sockaddr_tipc blank(unsigned char addrtype, int scope)
{
    struct sockaddr_tipc st;
    std::memset(&st, 0, sizeof st);
    st.family = AF_TIPC;
    st.addrtype = addrtype;
    st.scope = static_cast<signed char>(scope);
    return st;
}

} // namespace

TEST_CASE("tipc: struct sockaddr_tipc is the layout the codec writes", "[family][tipc]")
{
    STATIC_REQUIRE(sizeof(struct sockaddr_tipc) == 16);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, family) == 0);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addrtype) == 2);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, scope) == 3);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr.nameseq.lower) == 8);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr.name.name.instance) == 8);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr.name.domain) == 12);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr.id.ref) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_tipc, addr.id.node) == 8);
    STATIC_REQUIRE(SX_TIPC_ADDR_NAMESEQ == TIPC_ADDR_NAMESEQ);
    STATIC_REQUIRE(SX_TIPC_ADDR_NAME == TIPC_ADDR_NAME);
    STATIC_REQUIRE(SX_TIPC_ADDR_ID == TIPC_ADDR_ID);
    STATIC_REQUIRE(SX_TIPC_ZONE_SCOPE == TIPC_ZONE_SCOPE);
    STATIC_REQUIRE(SX_TIPC_CLUSTER_SCOPE == TIPC_CLUSTER_SCOPE);
    STATIC_REQUIRE(SX_TIPC_NODE_SCOPE == TIPC_NODE_SCOPE);

    for (int32_t scope : {0, SX_TIPC_ZONE_SCOPE, SX_TIPC_CLUSTER_SCOPE, SX_TIPC_NODE_SCOPE, 127, 128, 255}) {
        INFO("scope " << scope);
        Addr seq, name, id;
        // NAMESEQ: type, lower, upper.
        REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAMESEQ, 2000, 200, 0xffffffffu, scope, seq.out()));
        struct sockaddr_tipc st = blank(TIPC_ADDR_NAMESEQ, scope);
        st.addr.nameseq.type = 2000;
        st.addr.nameseq.lower = 200;
        st.addr.nameseq.upper = 0xffffffffu;
        CHECK(sxt::raw(seq) == sxt::bytes_of(st));
        CHECK(type_of(seq) == SX_TIPC_ADDR_NAMESEQ);
        CHECK(values_of(seq) == (std::array<uint32_t, 3>{2000, 200, 0xffffffffu}));
        CHECK(scope_of(seq) == scope);
        sxt::check_text_round_trip(seq, SX_AF_TIPC);

        // NAME: type, instance; v3 is ignored, and reads back as the instance (CPython's output).
        REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAME, 18888, 17, 99, scope, name.out()));
        st = blank(TIPC_ADDR_NAME, scope);
        st.addr.name.name.type = 18888;
        st.addr.name.name.instance = 17;
        CHECK(sxt::raw(name) == sxt::bytes_of(st)); // domain stays 0
        CHECK(values_of(name) == (std::array<uint32_t, 3>{18888, 17, 17}));
        sxt::check_text_round_trip(name, SX_AF_TIPC);

        // ID: node, ref; v3 is ignored, and reads back as 0.
        REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_ID, 0x01001001u, 4242, 77, scope, id.out()));
        st = blank(TIPC_ADDR_ID, scope);
        st.addr.id.node = 0x01001001u;
        st.addr.id.ref = 4242;
        CHECK(sxt::raw(id) == sxt::bytes_of(st));
        CHECK(values_of(id) == (std::array<uint32_t, 3>{0x01001001u, 4242, 0}));
        sxt::check_text_round_trip(id, SX_AF_TIPC);

        Addr back;
        REQUIRE_SX(sx_addr_from_sockaddr(&st, sizeof st, back.out()));
        CHECK(sxt::equal(id, back) == 1);
    }
}

TEST_CASE("tipc: address types and scopes out of range", "[family][tipc]")
{
    Addr a;
    for (int32_t t : {0, 4, -1, 255, INT32_MIN}) {
        REQUIRE_CODE(sx_addr_tipc(t, 1, 2, 3, SX_TIPC_CLUSTER_SCOPE, a.out()), SX_EARG);
        CHECK(sxt::detail().find("Invalid address type") != std::string::npos);
        CHECK(a.h == 0);
    }
    for (int32_t s : {-1, 256, INT32_MAX})
        REQUIRE_CODE(sx_addr_tipc(SX_TIPC_ADDR_NAME, 1, 2, 3, s, a.out()), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_addr_tipc(SX_TIPC_ADDR_NAME, 1, 2, 3, 2, nullptr), SX_EARG);
    // An address type the library does not know, from raw bytes: CPython's ValueError on output.
    struct sockaddr_tipc st = blank(9, 2);
    REQUIRE_SX(sx_addr_from_sockaddr(&st, sizeof st, a.out()));
    int32_t type = 0;
    uint32_t v1, v2, v3;
    REQUIRE_CODE(sx_addr_tipc_addr_type(a, &type), SX_EARG);
    CHECK(sxt::detail().find("Invalid address type") != std::string::npos);
    REQUIRE_CODE(sx_addr_tipc_values(a, &v1, &v2, &v3), SX_EARG);
    CHECK(scope_of(a) == 2);
    CHECK(sxt::text(a).rfind("family=30:", 0) == 0);
}

TEST_CASE("tipc: the text form and malformed text", "[family][tipc]")
{
    Addr name;
    REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_NAME, 18888, 17, 0, SX_TIPC_CLUSTER_SCOPE, name.out()));
    CHECK(sxt::text(name) == "tipc:name:18888:17:17:2");
    // v3 of NAME and ID is ignored on reading, as by the constructor.
    sxt::Parsed p = sxt::parse(0, "tipc:name:18888:17:5:2");
    Addr h(p.h);
    REQUIRE(p.rc == 0);
    CHECK(sxt::equal(h, name) == 1);
    for (const char *t : {"tipc:", "tipc:name", "tipc:name:1:2:3", "tipc:name:1:2:3:", "tipc:Name:1:2:3:2",
                          "tipc:nameseqx:1:2:3:2", "tipc:2:1:2:3:2", "tipc::1:2:3:2", "tipc:id:1:2:3:2:",
                          "tipc:id:1:-2:3:2", "tipc:id:1:2:3:2 "})
        sxt::check_bad_text(SX_AF_TIPC, t, SX_EARG);
    for (const char *t : {"tipc:id:4294967296:2:3:2", "tipc:nameseq:1:2:4294967296:2", "tipc:name:1:2:3:256"})
        sxt::check_bad_text(SX_AF_TIPC, t, SX_EOUTOFRANGE);
}

TEST_CASE("tipc: accessors refuse NULL, other families and bad handles", "[family][tipc]")
{
    Addr a;
    REQUIRE_SX(sx_addr_tipc(SX_TIPC_ADDR_ID, 1, 2, 0, 3, a.out()));
    sxt::check_accessor_refusals(sx_addr_tipc_addr_type, a);
    sxt::check_accessor_refusals(sx_addr_tipc_scope, a);
    uint32_t v1, v2, v3;
    CHECK(sx_addr_tipc_values(a, nullptr, &v2, &v3) == SX_EARG);
    CHECK(sx_addr_tipc_values(a, &v1, nullptr, &v3) == SX_EARG);
    CHECK(sx_addr_tipc_values(a, &v1, &v2, nullptr) == SX_EARG);
    Addr other;
    REQUIRE_SX(sx_addr_vsock(1, 2, other.out()));
    CHECK(sx_addr_tipc_values(other, &v1, &v2, &v3) == SX_EARG);
    CHECK(sx_addr_tipc_values(0, &v1, &v2, &v3) == SX_EBADHANDLE);
}

TEST_CASE("tipc: raw sockaddr bytes of every length 2..128 never crash an accessor", "[family][tipc]")
{
    sxt::sweep_raw_bytes(SX_AF_TIPC, sizeof(struct sockaddr_tipc), "tipc",
                         {[](sx_addr a) {
                              int32_t v;
                              return sx_addr_tipc_addr_type(a, &v);
                          },
                          [](sx_addr a) {
                              uint32_t v1, v2, v3;
                              return sx_addr_tipc_values(a, &v1, &v2, &v3);
                          },
                          [](sx_addr a) {
                              int32_t v;
                              return sx_addr_tipc_scope(a, &v);
                          }});
}
