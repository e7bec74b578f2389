// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, RFC3542AncillaryTest, ported to the C API: all 18 cases, as
// TEST_CASEs "RFC3542AncillaryTest.*", over UDP6 and UDPLITE6 (RecvmsgRFC3542AncillaryUDP6Test,
// RecvmsgIntoRFC3542AncillaryUDP6Test, RecvmsgRFC3542AncillaryUDPLITE6Test,
// RecvmsgIntoRFC3542AncillaryUDPLITE6Test), in both modes (recvmsg, recvmsg_into).
// Beyond CPython: every whole IPV6_HOPLIMIT / IPV6_TCLASS item is also decoded with
// sx_msg_item_int() and must agree with its raw bytes; an item cut inside its data must not decode
// (SX_EARG). The cases that send items (testSet*) run twice: the raw int bytes, as CPython sends
// them (array("i", [v])), and the typed sx_msg_add_int().
// No C counterpart: the RuntimeWarning CPython gives for an item cut inside its header.
#include "cpython_helpers.hpp"

using namespace sxcp;

namespace {

constexpr int HOP_LIMIT = 2;       // RFC3542AncillaryTest.hop_limit
constexpr int TRAFFIC_CLASS = -1;  // RFC3542AncillaryTest.traffic_class: the kernel's default

#define FOR_RFC3542                                                                                 \
    const Transport t = GENERATE(UDP6, UDPLITE6);                                                   \
    const Mode mode = GENERATE(Mode::Recvmsg, Mode::RecvmsgInto);                                   \
    INFO("transport " << t.name << ", mode " << mode_name(mode));                                   \
    SXCP_REQUIRE_TRANSPORT(t)

void want_hoplimit(const Pair &p) { REQUIRE_SX(sx_socket_setsockopt_int(p.serv, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)); }

void want_tclass(const Pair &p) { REQUIRE_SX(sx_socket_setsockopt_int(p.serv, IPPROTO_IPV6, IPV6_RECVTCLASS, 1)); }

// A whole int item: 4 bytes, its value in [0, maxval], and sx_msg_item_int() agreeing.
void check_int_item(const Result &r, size_t index, int maxval)
{
    const Item &it = r.anc[index];
    REQUIRE(it.data.size() == (size_t)SIZEOF_INT);
    int v;
    std::memcpy(&v, it.data.data(), sizeof v);
    CHECK(v >= 0);
    CHECK(v <= maxval);
    int64_t decoded = -12345;
    REQUIRE_SX(sx_msg_item_int(r.msg, (uint32_t)index, &decoded));
    CHECK(decoded == v);
}

// An item cut inside its data: shorter than an int, and not decodable as one.
void check_cut_item(const Result &r, size_t index)
{
    const Item &it = r.anc[index];
    CHECK(it.data.size() < (size_t)SIZEOF_INT);
    int64_t decoded = -12345;
    CHECK(sx_msg_item_int(r.msg, (uint32_t)index, &decoded) == SX_EARG);
}

// checkHopLimit(ancbufsize, maxhop, ignoreflags); the sending is the caller's.
void check_hop_limit(const Pair &p, Mode mode, size_t ancbufsize, int maxhop = 255, int32_t ignoreflags = 0)
{
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), ancbufsize, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    check_flags(p, r.flags, 1, 0, MSG_CTRUNC, ignoreflags);
    REQUIRE(r.anc.size() == 1);
    CHECK(r.anc[0].level == IPPROTO_IPV6);
    CHECK(r.anc[0].type == IPV6_HOPLIMIT);
    check_int_item(r, 0, maxhop);
    uint32_t found = 99;
    REQUIRE_SX(sx_msg_find(r.msg, IPPROTO_IPV6, IPV6_HOPLIMIT, &found));
    CHECK(found == 0);
}

// checkTrafficClassAndHopLimit(ancbufsize, maxhop, ignoreflags).
void check_tclass_and_hop_limit(const Pair &p, Mode mode, size_t ancbufsize, int maxhop = 255, int32_t ignoreflags = 0)
{
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), ancbufsize, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    check_flags(p, r.flags, 1, 0, MSG_CTRUNC, ignoreflags);
    REQUIRE(r.anc.size() == 2);
    // ancillaryMapping(): no (level, type) twice.
    CHECK(!(r.anc[0].level == r.anc[1].level && r.anc[0].type == r.anc[1].type));
    uint32_t tc = 99, hl = 99;
    REQUIRE_SX(sx_msg_find(r.msg, IPPROTO_IPV6, IPV6_TCLASS, &tc));
    REQUIRE_SX(sx_msg_find(r.msg, IPPROTO_IPV6, IPV6_HOPLIMIT, &hl));
    check_int_item(r, tc, 255);
    check_int_item(r, hl, maxhop);
}

// The items testSetHopLimit / testSetTrafficClassAndHopLimit send: raw int bytes or typed.
void add_int_item(sx_msg m, bool typed, int type, int value)
{
    if (typed) {
        REQUIRE_SX(sx_msg_add_int(m, IPPROTO_IPV6, type, value));
    } else {
        std::string raw = int_bytes(value);
        REQUIRE_SX(sx_msg_add(m, IPPROTO_IPV6, type, raw.data(), raw.size()));
    }
}

// checkHopLimitTruncatedHeader(ancbufsize, ignoreflags): no item, MSG_CTRUNC.
void check_hop_limit_truncated_header(Mode mode, size_t ancbufsize, const Transport &t, int32_t ignoreflags = 0)
{
    Pair p(t);
    want_hoplimit(p);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), ancbufsize, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    CHECK(r.anc.empty());
    check_flags(p, r.flags, 1, MSG_CTRUNC, 0, ignoreflags);
}

// checkTruncatedSecondHeader(ancbufsize, ignoreflags): the first item only, whole.
void check_truncated_second_header(Mode mode, size_t ancbufsize, const Transport &t, int32_t ignoreflags = 0)
{
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), ancbufsize, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    check_flags(p, r.flags, 1, MSG_CTRUNC, 0, ignoreflags);
    REQUIRE(r.anc.size() == 1);
    CHECK(r.anc[0].level == IPPROTO_IPV6);
    CHECK((r.anc[0].type == IPV6_TCLASS || r.anc[0].type == IPV6_HOPLIMIT));
    check_int_item(r, 0, 255);
}

} // namespace

TEST_CASE("RFC3542AncillaryTest.testRecvHopLimit", "[msg][cpython]")
{
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    p.send_to_server(MSG);
    check_hop_limit(p, mode, 10240);
}

TEST_CASE("RFC3542AncillaryTest.testRecvHopLimitCMSG_SPACE", "[msg][cpython]")
{
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    p.send_to_server(MSG);
    check_hop_limit(p, mode, cmsg_space(SIZEOF_INT));
}

TEST_CASE("RFC3542AncillaryTest.testSetHopLimit", "[msg][cpython]")
{
    FOR_RFC3542;
    const bool typed = GENERATE(false, true);
    INFO((typed ? "sx_msg_add_int" : "raw int bytes"));
    Pair p(t);
    want_hoplimit(p);
    Msg anc;
    anc.h = new_msg();
    add_int_item(anc, typed, IPV6_HOPLIMIT, HOP_LIMIT);
    CHECK(p.sendmsg_to_server({MSG}, anc) == MSG.size());
    check_hop_limit(p, mode, 10240, HOP_LIMIT);
}

TEST_CASE("RFC3542AncillaryTest.testRecvTrafficClassAndHopLimit", "[msg][cpython]")
{
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    p.send_to_server(MSG);
    check_tclass_and_hop_limit(p, mode, 10240);
}

TEST_CASE("RFC3542AncillaryTest.testRecvTrafficClassAndHopLimitCMSG_SPACE", "[msg][cpython]")
{
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    p.send_to_server(MSG);
    check_tclass_and_hop_limit(p, mode, cmsg_space(SIZEOF_INT) * 2);
}

TEST_CASE("RFC3542AncillaryTest.testSetTrafficClassAndHopLimit", "[msg][cpython]")
{
    FOR_RFC3542;
    const bool typed = GENERATE(false, true);
    INFO((typed ? "sx_msg_add_int" : "raw int bytes"));
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    Msg anc;
    anc.h = new_msg();
    add_int_item(anc, typed, IPV6_TCLASS, TRAFFIC_CLASS);
    add_int_item(anc, typed, IPV6_HOPLIMIT, HOP_LIMIT);
    CHECK(p.sendmsg_to_server({MSG}, anc) == MSG.size());
    check_tclass_and_hop_limit(p, mode, 10240, HOP_LIMIT);
}

TEST_CASE("RFC3542AncillaryTest.testOddCmsgSize", "[msg][cpython]")
{
    // The first item one byte too long: Linux refuses it (Python 3.11: OSError EINVAL); then the
    // items are sent at their right sizes and the second must have been honoured.
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    Msg odd;
    odd.h = new_msg();
    std::string tc = int_bytes(TRAFFIC_CLASS) + std::string(1, '\0');
    std::string hl = int_bytes(HOP_LIMIT);
    REQUIRE_SX(sx_msg_add(odd, IPPROTO_IPV6, IPV6_TCLASS, tc.data(), tc.size()));
    REQUIRE_SX(sx_msg_add(odd, IPPROTO_IPV6, IPV6_HOPLIMIT, hl.data(), hl.size()));
    size_t sent = 0;
    int32_t rc = p.sendmsg_rc({MSG}, odd, 0, &sent);
    if (rc != 0) {
        INFO("sendmsg with the odd item -> " << sx_error_name(rc));
        CHECK(rc == SX_EINVAL); // an OS code from the system call, as in Python
        Msg good;
        good.h = new_msg();
        add_int_item(good, false, IPV6_TCLASS, TRAFFIC_CLASS);
        add_int_item(good, false, IPV6_HOPLIMIT, HOP_LIMIT);
        CHECK(p.sendmsg_to_server({MSG}, good) == MSG.size());
    }
    check_tclass_and_hop_limit(p, mode, 10240, HOP_LIMIT);
}

// ---- Truncation of the only item --------------------------------------------------------------

TEST_CASE("RFC3542AncillaryTest.testCmsgTruncNoBufSize", "[msg][cpython]")
{
    // No ancbufsize: the C default, 0, passed explicitly.
    FOR_RFC3542;
    check_hop_limit_truncated_header(mode, 0, t, MSG_CTRUNC);
}

TEST_CASE("RFC3542AncillaryTest.testSingleCmsgTrunc0", "[msg][cpython]")
{
    FOR_RFC3542;
    check_hop_limit_truncated_header(mode, 0, t, MSG_CTRUNC);
}

TEST_CASE("RFC3542AncillaryTest.testSingleCmsgTrunc1", "[msg][cpython]")
{
    FOR_RFC3542;
    check_hop_limit_truncated_header(mode, 1, t);
}

TEST_CASE("RFC3542AncillaryTest.testSingleCmsgTrunc2Int", "[msg][cpython]")
{
    FOR_RFC3542;
    check_hop_limit_truncated_header(mode, 2 * SIZEOF_INT, t);
}

TEST_CASE("RFC3542AncillaryTest.testSingleCmsgTruncLen0Minus1", "[msg][cpython][ctrunc]")
{
    FOR_RFC3542;
    check_hop_limit_truncated_header(mode, cmsg_len(0) - 1, t);
}

TEST_CASE("RFC3542AncillaryTest.testSingleCmsgTruncInData", "[msg][cpython][ctrunc]")
{
    // Cut inside the data: the item comes with its data cut short, or not at all
    // (Python 3.11 on Linux: 3 bytes).
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), cmsg_len(SIZEOF_INT) - 1, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    check_flags(p, r.flags, 1, MSG_CTRUNC);
    CHECK(r.anc.size() <= 1);
    if (!r.anc.empty()) {
        CHECK(r.anc[0].level == IPPROTO_IPV6);
        CHECK(r.anc[0].type == IPV6_HOPLIMIT);
        check_cut_item(r, 0);
    }
}

// ---- Truncation of the second item -------------------------------------------------------------

TEST_CASE("RFC3542AncillaryTest.testSecondCmsgTrunc0", "[msg][cpython]")
{
    FOR_RFC3542;
    check_truncated_second_header(mode, cmsg_space(SIZEOF_INT), t, MSG_CTRUNC);
}

TEST_CASE("RFC3542AncillaryTest.testSecondCmsgTrunc1", "[msg][cpython][ctrunc]")
{
    FOR_RFC3542;
    check_truncated_second_header(mode, cmsg_space(SIZEOF_INT) + 1, t);
}

TEST_CASE("RFC3542AncillaryTest.testSecondCmsgTrunc2Int", "[msg][cpython][ctrunc]")
{
    FOR_RFC3542;
    check_truncated_second_header(mode, cmsg_space(SIZEOF_INT) + 2 * SIZEOF_INT, t);
}

TEST_CASE("RFC3542AncillaryTest.testSecondCmsgTruncLen0Minus1", "[msg][cpython][ctrunc]")
{
    FOR_RFC3542;
    check_truncated_second_header(mode, cmsg_space(SIZEOF_INT) + cmsg_len(0) - 1, t);
}

TEST_CASE("RFC3542AncillaryTest.testSecondCmsgTruncInData", "[msg][cpython][ctrunc]")
{
    // The second item cut inside its data (Python 3.11 on Linux: 3 bytes of it).
    FOR_RFC3542;
    Pair p(t);
    want_hoplimit(p);
    want_tclass(p);
    p.send_to_server(MSG);
    Result r;
    do_recvmsg(p.serv, mode, MSG.size(), cmsg_space(SIZEOF_INT) + cmsg_len(SIZEOF_INT) - 1, 0, r);
    CHECK(r.data == MSG);
    check_address(p, r);
    check_flags(p, r.flags, 1, MSG_CTRUNC);
    REQUIRE(!r.anc.empty());
    REQUIRE(r.anc.size() <= 2);
    CHECK(r.anc[0].level == IPPROTO_IPV6);
    CHECK((r.anc[0].type == IPV6_TCLASS || r.anc[0].type == IPV6_HOPLIMIT));
    check_int_item(r, 0, 255);
    if (r.anc.size() == 2) {
        CHECK(r.anc[1].level == IPPROTO_IPV6);
        CHECK((r.anc[1].type == IPV6_TCLASS || r.anc[1].type == IPV6_HOPLIMIT));
        CHECK(r.anc[1].type != r.anc[0].type);
        check_cut_item(r, 1);
    }
}
