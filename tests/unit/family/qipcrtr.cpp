// SPDX-License-Identifier: MIT
// AF_QIPCRTR: the (node, port) codec against struct sockaddr_qrtr and its text form. The
// live tests are CPython's BasicQIPCRTRTest (cpython_qipcrtr.cpp).
#include "codec_checks.hpp"

#include <cstddef>
#include <linux/qrtr.h>
#include <socketx/family/qipcrtr.h>

using sxt::Addr;

namespace {

uint32_t node_of(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_qipcrtr_node(a, &v));
    return v;
}

uint32_t port_of(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_qipcrtr_port(a, &v));
    return v;
}

} // namespace

TEST_CASE("qipcrtr: struct sockaddr_qrtr is the layout the codec writes", "[family][qipcrtr]")
{
    STATIC_REQUIRE(sizeof(struct sockaddr_qrtr) == 12);
    STATIC_REQUIRE(offsetof(struct sockaddr_qrtr, sq_family) == 0);
    STATIC_REQUIRE(offsetof(struct sockaddr_qrtr, sq_node) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_qrtr, sq_port) == 8);
    const uint32_t values[] = {0, 1, 0x7fffffff, QRTR_PORT_CTRL, QRTR_NODE_BCAST};
    for (uint32_t node : values) {
        for (uint32_t port : values) {
            INFO("node " << node << " port " << port);
            Addr a;
            REQUIRE_SX(sx_addr_qipcrtr(node, port, a.out()));
            struct sockaddr_qrtr sq;
            std::memset(&sq, 0, sizeof sq);
            sq.sq_family = SX_AF_QIPCRTR;
            sq.sq_node = node;
            sq.sq_port = port;
            CHECK(sxt::raw(a) == sxt::bytes_of(sq));
            CHECK(sxt::family(a) == SX_AF_QIPCRTR);
            CHECK(node_of(a) == node);
            CHECK(port_of(a) == port);
            Addr back;
            REQUIRE_SX(sx_addr_from_sockaddr(&sq, sizeof sq, back.out()));
            CHECK(sxt::equal(a, back) == 1);
            sxt::check_text_round_trip(a, SX_AF_QIPCRTR);
        }
    }
}

TEST_CASE("qipcrtr: the text form and malformed text", "[family][qipcrtr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_qipcrtr(1, 4294967294u, a.out()));
    CHECK(sxt::text(a) == "qipcrtr:1:4294967294");
    sxt::check_bad_text(SX_AF_QIPCRTR, "qipcrtr:4294967296:0", SX_EOUTOFRANGE);
    sxt::check_bad_text(SX_AF_QIPCRTR, "qipcrtr:0:4294967296", SX_EOUTOFRANGE);
    for (const char *t : {"qipcrtr:", "qipcrtr:1", "qipcrtr:1:", "qipcrtr::1", "qipcrtr:1:2:3", "qipcrtr:-1:2",
                          "qipcrtr:1:2 ", "qipcrtr:one:2"})
        sxt::check_bad_text(SX_AF_QIPCRTR, t, SX_EARG);
}

TEST_CASE("qipcrtr: accessors refuse NULL, other families and bad handles", "[family][qipcrtr]")
{
    Addr a;
    REQUIRE_SX(sx_addr_qipcrtr(1, 2, a.out()));
    sxt::check_accessor_refusals(sx_addr_qipcrtr_node, a);
    sxt::check_accessor_refusals(sx_addr_qipcrtr_port, a);
    CHECK(sx_addr_qipcrtr(1, 2, nullptr) == SX_EARG);
}

TEST_CASE("qipcrtr: raw sockaddr bytes of every length 2..128 never crash an accessor", "[family][qipcrtr]")
{
    sxt::sweep_raw_bytes(SX_AF_QIPCRTR, sizeof(struct sockaddr_qrtr), "qipcrtr",
                         {[](sx_addr a) {
                              uint32_t v;
                              return sx_addr_qipcrtr_node(a, &v);
                          },
                          [](sx_addr a) {
                              uint32_t v;
                              return sx_addr_qipcrtr_port(a, &v);
                          }});
}
