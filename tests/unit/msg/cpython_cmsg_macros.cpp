// SPDX-License-Identifier: MIT
// CPython 3.11 Lib/test/test_socket.py, CmsgMacroTests, ported to sx_cmsg_len() / sx_cmsg_space()
// (socketx/convert.h): TEST_CASEs "CmsgMacroTests.testCMSG_LEN" and "CmsgMacroTests.testCMSG_SPACE".
// socklen_t_limit is min(0x7fffffff, INT_MAX), as in the test; Python's OverflowError is
// SX_EOUTOFRANGE. sys.maxsize is INT64_MAX here.
// Beyond CPython: the values equal the C library's own CMSG_LEN / CMSG_SPACE, and NULL out is SX_EARG.
#include "cpython_helpers.hpp"

#include <climits>

using namespace sxcp;

namespace {

constexpr int64_t SOCKLEN_T_LIMIT = 0x7fffffff;

int64_t len_of(int64_t n)
{
    int64_t v = -1;
    REQUIRE_SX(sx_cmsg_len(n, &v));
    return v;
}

int64_t space_of(int64_t n)
{
    int64_t v = -1;
    REQUIRE_SX(sx_cmsg_space(n, &v));
    return v;
}

// range(257) + range(toobig - 257, toobig)
std::vector<int64_t> values_below(int64_t toobig)
{
    std::vector<int64_t> v;
    for (int64_t n = 0; n < 257; n++)
        v.push_back(n);
    for (int64_t n = toobig - 257; n < toobig; n++)
        v.push_back(n);
    return v;
}

// toobig - 1, the largest argument whose result fits a socklen_t, is INT32_MAX less the
// target's own header (what the macros say) and Linux's documented figure for its ABI.
void check_limit(int64_t toobig, int64_t header, int64_t if_lp64, int64_t if_ilp32)
{
    CHECK(toobig - 1 == INT32_MAX - header);
    CHECK(toobig - 1 == (sizeof(long) == 8 ? if_lp64 : if_ilp32));
}

} // namespace

TEST_CASE("CmsgMacroTests.testCMSG_LEN", "[msg][cpython]")
{
    const int64_t toobig = SOCKLEN_T_LIMIT - len_of(0) + 1;
    // struct cmsghdr has at least three members, two of which are ints.
    CHECK(len_of(0) > 2 * SIZEOF_INT);
    for (int64_t n : values_below(toobig)) {
        INFO("n = " << n);
        int64_t ret = len_of(n);
        // This is how recvmsg() calculates the data size.
        REQUIRE(ret - len_of(0) == n);
        REQUIRE(ret <= SOCKLEN_T_LIMIT);
        REQUIRE(ret == (int64_t)CMSG_LEN((size_t)n));
    }
    int64_t out = 77;
    CHECK(sx_cmsg_len(-1, &out) == SX_EOUTOFRANGE);
    // sendmsg() shares the code and must reject values over the limit.
    CHECK(sx_cmsg_len(toobig, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_len(INT64_MAX, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_len(INT64_MIN, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_len(0, nullptr) == SX_EARG);
    // cmsghdr is 16 bytes where long has 64 bits (x86-64, arm64), 12 where it has 32 (i386).
    check_limit(toobig, (int64_t)CMSG_LEN(0), 2147483631, 2147483635);
}

TEST_CASE("CmsgMacroTests.testCMSG_SPACE", "[msg][cpython]")
{
    const int64_t toobig = SOCKLEN_T_LIMIT - space_of(1) + 1;
    int64_t last = space_of(0);
    CHECK(last > 2 * SIZEOF_INT);
    for (int64_t n : values_below(toobig)) {
        INFO("n = " << n);
        int64_t ret = space_of(n);
        REQUIRE(ret >= last);
        REQUIRE(ret >= len_of(n));
        REQUIRE(ret >= n + len_of(0));
        REQUIRE(ret <= SOCKLEN_T_LIMIT);
        REQUIRE(ret == (int64_t)CMSG_SPACE((size_t)n));
        last = ret;
    }
    int64_t out = 77;
    CHECK(sx_cmsg_space(-1, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_space(toobig, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_space(INT64_MAX, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_space(INT64_MIN, &out) == SX_EOUTOFRANGE);
    CHECK(sx_cmsg_space(0, nullptr) == SX_EARG);
    // CMSG_SPACE(1): 16 + 8 where long has 64 bits, 12 + 4 where it has 32 (i386).
    check_limit(toobig, (int64_t)CMSG_SPACE(1), 2147483623, 2147483631);
}
