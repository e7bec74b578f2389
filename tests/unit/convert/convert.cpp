// SPDX-License-Identifier: MIT
// Byte-order and address conversions: values, Python's legacy inet_aton forms, strict
// inet_pton, inet_ntop's ValueError cases, CMSG sizes, buffers and bad input.
#include "support.hpp"

#include <arpa/inet.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <sys/socket.h>

namespace {

std::string aton(const char *s)
{
    unsigned char b[4];
    size_t len = 0;
    REQUIRE_SX(sx_inet_aton(s, b, sizeof b, &len));
    REQUIRE(len == 4);
    char text[16];
    snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return text;
}

} // namespace

TEST_CASE("convert: byte order functions swap to network order and check their range", "[convert]")
{
    uint32_t out = 0;
    REQUIRE_SX(sx_htons(0x1234, &out));
    CHECK(out == htons(0x1234));
    REQUIRE_SX(sx_ntohs(htons(80), &out));
    CHECK(out == 80);
    REQUIRE_SX(sx_htonl(0x12345678, &out));
    CHECK(out == htonl(0x12345678));
    REQUIRE_SX(sx_ntohl(htonl(0xdeadbeefu), &out));
    CHECK(out == 0xdeadbeefu);
    REQUIRE_SX(sx_htonl(UINT32_MAX, &out));
    CHECK(out == UINT32_MAX);

    for (int64_t bad : {int64_t(-1), int64_t(65536), int64_t(INT64_MIN), int64_t(INT64_MAX)}) {
        INFO("16-bit value " << bad);
        REQUIRE_CODE(sx_htons(bad, &out), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_ntohs(bad, &out), SX_EOUTOFRANGE);
    }
    for (int64_t bad : {int64_t(-1), int64_t(1) << 32, int64_t(INT64_MIN)}) {
        INFO("32-bit value " << bad);
        REQUIRE_CODE(sx_htonl(bad, &out), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_ntohl(bad, &out), SX_EOUTOFRANGE);
    }
    REQUIRE_CODE(sx_htons(1, nullptr), SX_EARG);
    REQUIRE_CODE(sx_ntohl(1, nullptr), SX_EARG);
}

TEST_CASE("convert: inet_aton accepts the BSD legacy forms Python accepts", "[convert]")
{
    CHECK(aton("1") == "0.0.0.1");
    CHECK(aton("127.1") == "127.0.0.1");
    CHECK(aton("127.0.1") == "127.0.0.1");
    CHECK(aton("0x7f.1") == "127.0.0.1");
    CHECK(aton("017.0.0.1") == "15.0.0.1");
    CHECK(aton("4294967295") == "255.255.255.255");
    CHECK(aton("1.16777215") == "1.255.255.255");
    CHECK(aton("1.2.3.4 junk") == "1.2.3.4");
    CHECK(aton("1.2.3.4\n") == "1.2.3.4");

    unsigned char b[4];
    size_t len = 0;
    for (const char *bad : {"", " 1.2.3.4", "256.0.0.1", "1.2.3.4.5", "4294967296", "abc", "1.2.3.4x"}) {
        INFO("'" << bad << "'");
        REQUIRE_CODE(sx_inet_aton(bad, b, sizeof b, &len), SX_EARG);
        CHECK(sxt::detail() == "illegal IP address string passed to inet_aton");
    }
}

TEST_CASE("convert: inet_pton is strict and inet_ntop compresses IPv6 as RFC 5952", "[convert]")
{
    unsigned char b[16];
    size_t len = 0;
    REQUIRE_SX(sx_inet_pton(AF_INET, "127.0.0.1", b, sizeof b, &len));
    CHECK(len == 4);
    CHECK(std::memcmp(b, "\x7f\0\0\1", 4) == 0);
    REQUIRE_SX(sx_inet_pton(AF_INET6, "2001:db8:1:0:1::1", b, sizeof b, &len));
    CHECK(len == 16);

    char text[64];
    size_t tl = 0;
    REQUIRE_SX(sx_inet_ntop(AF_INET6, b, 16, text, sizeof text, &tl));
    CHECK(std::string(text, tl) == "2001:db8:1:0:1::1");
    CHECK(text[tl] == '\0');

    for (const char *bad : {"127.1", "01.2.3.4", "1.2.3.4 ", "", "::1"}) {
        INFO("'" << bad << "'");
        REQUIRE_CODE(sx_inet_pton(AF_INET, bad, b, sizeof b, &len), SX_EARG);
        CHECK(sxt::detail() == "illegal IP address string passed to inet_pton");
    }
    REQUIRE_CODE(sx_inet_pton(AF_INET6, "fe80::1%lo", b, sizeof b, &len), SX_EARG);
    REQUIRE_CODE(sx_inet_pton(AF_UNIX, "1.2.3.4", b, sizeof b, &len), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_inet_pton(-1, "1.2.3.4", b, sizeof b, &len), SX_EAFNOSUPPORT);

    REQUIRE_CODE(sx_inet_ntop(AF_INET, b, 3, text, sizeof text, &tl), SX_EARG);
    REQUIRE_CODE(sx_inet_ntop(AF_INET6, b, 4, text, sizeof text, &tl), SX_EARG);
    REQUIRE_CODE(sx_inet_ntop(AF_UNIX, b, 4, text, sizeof text, &tl), SX_EARG);
    CHECK(sxt::detail().find("unknown address family") == 0);
}

TEST_CASE("convert: inet_ntoa formats 4 bytes and refuses other lengths", "[convert]")
{
    char text[16];
    size_t len = 0;
    REQUIRE_SX(sx_inet_ntoa("\x0a\x00\x00\xff", 4, text, sizeof text, &len));
    CHECK(std::string(text, len) == "10.0.0.255");
    REQUIRE_CODE(sx_inet_ntoa("\x0a\x00\x00", 3, text, sizeof text, &len), SX_EARG);
    CHECK(sxt::detail().find("packed IP wrong length for inet_ntoa") == 0);
    REQUIRE_CODE(sx_inet_ntoa(nullptr, 4, text, sizeof text, &len), SX_EARG);
    REQUIRE_CODE(sx_inet_ntoa(nullptr, 0, text, sizeof text, &len), SX_EARG);
}

TEST_CASE("convert: results too large for the buffer give SX_ETRUNC with the needed length", "[convert]")
{
    char small[4];
    size_t len = 0;
    REQUIRE_CODE(sx_inet_ntoa("\x7f\x00\x00\x01", 4, small, sizeof small, &len), SX_ETRUNC);
    CHECK(len == 9);
    REQUIRE_CODE(sx_inet_ntoa("\x7f\x00\x00\x01", 4, nullptr, 0, &len), SX_ETRUNC);
    CHECK(len == 9);
    unsigned char b[4];
    REQUIRE_CODE(sx_inet_pton(AF_INET6, "::1", b, sizeof b, &len), SX_ETRUNC);
    CHECK(len == 16);
    REQUIRE_CODE(sx_inet_aton("1.2.3.4", b, 3, &len), SX_ETRUNC);
    CHECK(len == 4);
    REQUIRE_CODE(sx_inet_aton("1.2.3.4", b, sizeof b, nullptr), SX_EARG);
    REQUIRE_CODE(sx_inet_aton(nullptr, b, sizeof b, &len), SX_EARG);
    REQUIRE_CODE(sx_inet_pton(AF_INET, nullptr, b, sizeof b, &len), SX_EARG);
    REQUIRE_CODE(sx_inet_aton("1.2.3.4", nullptr, 4, &len), SX_EARG);
}

TEST_CASE("convert: CMSG_LEN and CMSG_SPACE match the C macros up to the socklen_t limit", "[convert]")
{
    int64_t out = 0;
    for (int64_t n : {0, 1, 4, 7, 8, 100}) {
        INFO("length " << n);
        REQUIRE_SX(sx_cmsg_len(n, &out));
        CHECK(out == int64_t(CMSG_LEN(size_t(n))));
        REQUIRE_SX(sx_cmsg_space(n, &out));
        CHECK(out == int64_t(CMSG_SPACE(size_t(n))));
    }
    // The largest arguments: the header is 16 bytes on 64-bit Linux, 12 where size_t has 32 bits.
    const int64_t header = int64_t(CMSG_LEN(0));
    REQUIRE_SX(sx_cmsg_len(INT32_MAX - header, &out));
    CHECK(out == INT32_MAX);
    REQUIRE_CODE(sx_cmsg_len(INT32_MAX - header + 1, &out), SX_EOUTOFRANGE);
    CHECK(sxt::detail().find("CMSG_LEN() argument out of range") == 0);
    const int64_t space_max = INT32_MAX - int64_t(CMSG_SPACE(1)); // CPython's limit
    REQUIRE_SX(sx_cmsg_space(space_max, &out));
    REQUIRE_CODE(sx_cmsg_space(space_max + 1, &out), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_cmsg_len(-1, &out), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_cmsg_space(INT64_MIN, &out), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_cmsg_len(1, nullptr), SX_EARG);
}
