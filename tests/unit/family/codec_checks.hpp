// SPDX-License-Identifier: MIT
// Checks every family codec of tests/unit/family/ shares: raw bytes, text round trips, and
// the sweep of malformed sockaddrs through every accessor.
#pragma once

#include "unit/addr/addr_helpers.hpp"

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace sxt {

inline std::string bytes_of(const void *p, size_t n)
{
    return std::string(static_cast<const char *>(p), n);
}

// The bytes of a struct, for comparing with sx_addr_to_sockaddr's.
template <typename T> std::string bytes_of(const T &v)
{
    return bytes_of(&v, sizeof v);
}

// sx_addr_from_string, with the code and the detail kept for the assertion message.
struct Parsed {
    int32_t rc;
    std::string detail;
    sx_addr h;
};

inline Parsed parse(int32_t family, const std::string &text)
{
    sx_addr h = 0;
    int32_t rc = sx_addr_from_string(family, text.c_str(), &h);
    return {rc, rc ? sxt::detail() : std::string(), h};
}

// The text of a, read back by family and by scheme: each gives the same bytes and the same text.
inline void check_text_round_trip(sx_addr a, int32_t family)
{
    const std::string t = sxt::text(a);
    INFO("text " << t);
    for (int32_t f : {family, 0}) {
        Parsed p = parse(f, t);
        Addr back(p.h);
        INFO("from_string family " << f << " -> " << sx_error_name(p.rc) << " " << p.detail);
        REQUIRE(p.rc == 0);
        CHECK(sxt::equal(a, back) == 1);
        CHECK(sxt::text(back) == t);
    }
}

// Text that is not the family's form: the code expected, and a detail that says something.
inline void check_bad_text(int32_t family, const std::string &text, int32_t want)
{
    for (int32_t f : {family, 0}) {
        Parsed p = parse(f, text);
        Addr keep(p.h);
        INFO("'" << text << "' family " << f << " -> " << sx_error_name(p.rc) << " (" << p.detail << ")");
        CHECK(p.rc == want);
        CHECK(p.h == 0);
        CHECK(!p.detail.empty());
    }
}

// An accessor under test: calls it on a and returns its status.
using Accessor = std::function<int32_t(sx_addr)>;

// Codes an accessor may give for a well-formed handle of its family built from arbitrary bytes.
inline bool clear_accessor_code(int32_t rc)
{
    return rc == 0 || rc == SX_EARG || rc == SX_ENOTFOUND || rc == SX_ETRUNC;
}

/*
 * Every length 2..128 of sockaddr bytes of family af, filled three ways (zeros, 0xff, a
 * counting pattern): below min_len sx_addr_from_sockaddr refuses with SX_EARG; from there on
 * the address is taken, every accessor answers with a clear code, the text is either the
 * family's scheme (which reads back to an address of the same text) or the raw form.
 */
inline void sweep_raw_bytes(int32_t af, size_t min_len, const char *scheme, const std::vector<Accessor> &accessors)
{
    for (int fill = 0; fill < 3; fill++) {
        for (size_t len = 2; len <= sizeof(struct sockaddr_storage); len++) {
            unsigned char raw[sizeof(struct sockaddr_storage)];
            for (size_t i = 0; i < sizeof raw; i++)
                raw[i] = fill == 0 ? 0 : fill == 1 ? 0xff : static_cast<unsigned char>(i * 37 + 11);
            sa_family_t fam = static_cast<sa_family_t>(af);
            std::memcpy(raw, &fam, sizeof fam);
            INFO("fill " << fill << ", " << len << " bytes");
            sx_addr h = 0;
            int32_t rc = sx_addr_from_sockaddr(raw, len, &h);
            Addr a(h);
            if (len < min_len) {
                CHECK(rc == SX_EARG);
                CHECK(h == 0);
                continue;
            }
            REQUIRE(rc == 0);
            CHECK(sxt::raw(a) == bytes_of(raw, len));
            for (size_t i = 0; i < accessors.size(); i++) {
                int32_t arc = accessors[i](a);
                INFO("accessor " << i << " -> " << sx_error_name(arc) << " (" << sxt::detail() << ")");
                CHECK(clear_accessor_code(arc));
            }
            const std::string t = sxt::text(a);
            INFO("text " << t);
            REQUIRE(t.rfind("<error", 0) != 0);
            if (t.rfind(std::string(scheme) + ":", 0) == 0) {
                Parsed p = parse(0, t);
                Addr back(p.h);
                CHECK(p.rc == 0);
                CHECK(sxt::text(back) == t);
            } else {
                CHECK(t.rfind("family=" + std::to_string(af) + ":", 0) == 0);
            }
        }
    }
}

// The accessor opening every family shares: NULL out, another family, a bad handle.
template <typename Out> void check_accessor_refusals(int32_t (*get)(sx_addr, Out *), sx_addr good)
{
    Out v{};
    CHECK(get(good, nullptr) == SX_EARG);
    Addr other;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, other.out()));
    CHECK(get(other, &v) == SX_EARG);
    CHECK(sxt::detail().find("not an AF_") != std::string::npos);
    CHECK(get(0, &v) == SX_EBADHANDLE);
}

} // namespace sxt
