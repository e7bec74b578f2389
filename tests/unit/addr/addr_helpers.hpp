// SPDX-License-Identifier: MIT
// Helpers for the address tests: read an address's fields and forms back as C++ values.
#pragma once

#include "support.hpp"

#include <cstdint>
#include <string>

namespace sxt {

// "<error NAME>": what a reader below gives for a failure, so that it shows in the comparison.
inline std::string error_text(int32_t rc)
{
    return std::string("<error ") + sx_error_name(rc) + ">";
}

// What an address reader of the (buf, cap, len_out) convention gives, read into Cap bytes.
template <size_t Cap, typename Get> std::string read_out(Get get, sx_addr a)
{
    char buf[Cap];
    size_t len = 0;
    int32_t rc = get(a, buf, sizeof buf, &len);
    return rc == 0 ? std::string(buf, len) : error_text(rc);
}

// sx_addr_to_string, or "<error NAME>".
inline std::string text(sx_addr a)
{
    return read_out<600>(sx_addr_to_string, a);
}

inline std::string host(sx_addr a)
{
    return read_out<64>(sx_addr_host, a);
}

inline int32_t port(sx_addr a)
{
    int32_t p = -1;
    return sx_addr_port(a, &p) == 0 ? p : -1;
}

inline std::string unix_path(sx_addr a)
{
    return read_out<200>(sx_addr_unix_path, a);
}

// The raw sockaddr bytes, as a string of bytes for easy comparison.
inline std::string raw(sx_addr a)
{
    return read_out<200>(sx_addr_to_sockaddr, a);
}

inline int32_t family(sx_addr a)
{
    int32_t f = -1;
    return sx_addr_family(a, &f) == 0 ? f : -1;
}

inline int equal(sx_addr a, sx_addr b)
{
    int eq = -1;
    return sx_addr_equal(a, b, &eq) == 0 ? eq : -1;
}

// What a name that does not resolve gives. Python reports gaierror EAI_NONAME on a machine
// with working DNS; a sandbox without a resolver may answer EAI_AGAIN or EAI_FAIL instead.
inline bool is_lookup_failure(int32_t rc)
{
    return rc == SX_EAI_NONAME || rc == SX_EAI_AGAIN || rc == SX_EAI_FAIL || rc == SX_EAI_NODATA;
}

} // namespace sxt
