/* SPDX-License-Identifier: MIT */
/*
 * The conversions of socketx/convert.h: the text parsers sx_inet_pton (AF_INET, AF_INET6
 * and a fuzzed other family) and sx_inet_aton on the input as text, the formatters
 * sx_inet_ntop and sx_inet_ntoa on the input as packed bytes of every length, and the
 * range-checked byte-order and CMSG_* functions on its first bytes as integers.
 * Invariants: text -> bytes -> text -> bytes is stable, the strict parser accepts nothing
 * the permissive one reads differently, and the (buf, cap, len_out) convention holds.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "fuzz.h"

#define CANARY 0x5A

static int all_canary(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != CANARY)
            return 0;
    return 1;
}

/* packed -> text with ntop, then text -> packed with pton must give packed back. */
static void check_ntop(int family, const uint8_t *packed, size_t len)
{
    size_t want = family == AF_INET ? 4 : 16;
    char text[INET6_ADDRSTRLEN + 8];
    memset(text, CANARY, sizeof text);
    size_t n = 0;
    int32_t rc = sx_inet_ntop(family, packed, len, text, sizeof text, &n);
    if (len != want) {
        FZ_CHECK(rc == SX_EARG && all_canary((unsigned char *)text, sizeof text));
        return;
    }
    FZ_EXPECT_RC(rc, 0);
    FZ_CHECK(n < INET6_ADDRSTRLEN && text[n] == '\0' && strlen(text) == n);
    size_t n2 = 0;
    char small[INET6_ADDRSTRLEN];
    memset(small, CANARY, sizeof small);
    FZ_EXPECT_RC(sx_inet_ntop(family, packed, len, small, n, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == n && all_canary((unsigned char *)small, sizeof small));

    unsigned char back[16];
    FZ_EXPECT_RC(sx_inet_pton(family, text, back, sizeof back, &n2), 0);
    FZ_CHECK(n2 == want && memcmp(back, packed, want) == 0);
    if (family == AF_INET) {
        /* inet_ntoa is the IPv4 formatter Python keeps for old code: the same text. */
        char text2[INET_ADDRSTRLEN];
        FZ_EXPECT_RC(sx_inet_ntoa(packed, len, text2, sizeof text2, &n2), 0);
        FZ_CHECK(n2 == n && strcmp(text, text2) == 0);
        FZ_EXPECT_RC(sx_inet_aton(text, back, sizeof back, &n2), 0);
        FZ_CHECK(n2 == 4 && memcmp(back, packed, 4) == 0);
    }
}

/* text -> packed with pton; the canonical text of those bytes parses to the same bytes. */
static void check_pton(int family, const char *ip)
{
    size_t want = family == AF_INET ? 4 : 16;
    unsigned char packed[24];
    memset(packed, CANARY, sizeof packed);
    size_t n = 0;
    int32_t rc = sx_inet_pton(family, ip, packed, sizeof packed, &n);
    if (rc) {
        FZ_CHECK(rc == SX_EARG && all_canary(packed, sizeof packed));
        return;
    }
    FZ_CHECK(n == want && all_canary(packed + want, sizeof packed - want));
    size_t n2 = 0;
    unsigned char small[16];
    memset(small, CANARY, sizeof small);
    FZ_EXPECT_RC(sx_inet_pton(family, ip, small, want - 1, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == want && all_canary(small, sizeof small));
    FZ_EXPECT_RC(sx_inet_pton(family, ip, NULL, 0, &n2), SX_ETRUNC);
    /* The strict forms: no surrounding space, no scope, no legacy IPv4 shorthands. */
    FZ_CHECK(strpbrk(ip, " \t\n%") == NULL);
    if (family == AF_INET) {
        /* inet_pton's dotted quads are a subset of what inet_aton reads, with the same meaning. */
        unsigned char v4[4];
        FZ_EXPECT_RC(sx_inet_aton(ip, v4, sizeof v4, &n2), 0);
        FZ_CHECK(n2 == 4 && memcmp(v4, packed, 4) == 0);
    }
    check_ntop(family, packed, want);
}

static void check_aton(const char *ip)
{
    unsigned char packed[8];
    memset(packed, CANARY, sizeof packed);
    size_t n = 0;
    int32_t rc = sx_inet_aton(ip, packed, sizeof packed, &n);
    if (rc) {
        FZ_CHECK(rc == SX_EARG && all_canary(packed, sizeof packed));
        return;
    }
    FZ_CHECK(n == 4 && all_canary(packed + 4, 4));
    unsigned char small[4];
    memset(small, CANARY, sizeof small);
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_inet_aton(ip, small, 3, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == 4 && all_canary(small, sizeof small));
    check_ntop(AF_INET, packed, 4);
}

static void check_integers(int64_t x)
{
    uint32_t v = 0, back = 0;
    int in32 = x >= 0 && x <= (int64_t)UINT32_MAX, in16 = x >= 0 && x <= 65535;
    FZ_EXPECT_RC(sx_htonl(x, &v), in32 ? 0 : SX_EOUTOFRANGE);
    if (in32) {
        FZ_EXPECT_RC(sx_ntohl(v, &back), 0);
        FZ_CHECK(back == (uint32_t)x);
    }
    FZ_EXPECT_RC(sx_ntohl(x, &v), in32 ? 0 : SX_EOUTOFRANGE);
    FZ_EXPECT_RC(sx_htons(x, &v), in16 ? 0 : SX_EOUTOFRANGE);
    if (in16) {
        FZ_CHECK(v <= 65535);
        FZ_EXPECT_RC(sx_ntohs(v, &back), 0);
        FZ_CHECK(back == (uint32_t)x);
    }
    FZ_EXPECT_RC(sx_ntohs(x, &v), in16 ? 0 : SX_EOUTOFRANGE);
    FZ_EXPECT_RC(sx_htonl(x, NULL), SX_EARG);

    int64_t len = -1, space = -1;
    int32_t rl = sx_cmsg_len(x, &len), rs = sx_cmsg_space(x, &space);
    if (rl == 0) {
        FZ_CHECK(x >= 0 && len >= x && len <= INT32_MAX && len == (int64_t)CMSG_LEN((size_t)x));
    } else {
        FZ_CHECK(rl == SX_EOUTOFRANGE && len == -1);
        FZ_CHECK(x < 0 || x > INT32_MAX - (int64_t)CMSG_LEN(0));
    }
    if (rs == 0) {
        FZ_CHECK(rl == 0 && space >= len && space <= INT32_MAX && space == (int64_t)CMSG_SPACE((size_t)x));
    } else {
        FZ_CHECK(rs == SX_EOUTOFRANGE && space == -1);
        FZ_CHECK(x < 0 || x > INT32_MAX - (int64_t)CMSG_SPACE(1));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in = {data, size};
    char *ip = fz_string(&in);
    check_pton(AF_INET, ip);
    check_pton(AF_INET6, ip);
    check_aton(ip);
    size_t n = 0;
    unsigned char packed[16];
    int32_t other = (int32_t)(size ? data[0] : 0) - 64;
    if (other != AF_INET && other != AF_INET6) {
        FZ_EXPECT_RC(sx_inet_pton(other, ip, packed, sizeof packed, &n), SX_EAFNOSUPPORT);
        char text[64];
        FZ_EXPECT_RC(sx_inet_ntop(other, packed, 4, text, sizeof text, &n), SX_EARG);
    }
    FZ_EXPECT_RC(sx_inet_pton(AF_INET6, ip, packed, sizeof packed, NULL), SX_EARG);
    FZ_EXPECT_RC(sx_inet_aton(ip, packed, sizeof packed, NULL), SX_EARG);
    free(ip);

    /* The input as packed bytes: every length reaches the formatters, only 4 and 16 succeed. */
    uint8_t *bytes = malloc(size ? size : 1);
    FZ_CHECK(bytes != NULL);
    if (size)
        memcpy(bytes, data, size);
    check_ntop(AF_INET, bytes, size);
    check_ntop(AF_INET6, bytes, size);
    char text[INET_ADDRSTRLEN];
    int32_t rc = sx_inet_ntoa(bytes, size, text, sizeof text, &n);
    FZ_CHECK(size == 4 ? rc == 0 : rc == SX_EARG);
    if (size >= 16) {
        check_ntop(AF_INET, bytes + size - 4, 4);
        check_ntop(AF_INET6, bytes + size - 16, 16);
    }
    free(bytes);

    in = (struct fz_input){data, size};
    uint64_t hi = fz_u32(&in), lo = fz_u32(&in);
    check_integers((int64_t)(hi << 32 | lo));
    check_integers((int64_t)lo - 65536);
    return 0;
}
