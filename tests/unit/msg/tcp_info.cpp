// SPDX-License-Identifier: MIT
// TCP_INFO as numbers: sx_socket_tcp_info, sx_socket_tcp_info_get, sx_tcp_info_field_name, checked
// against the kernel's own struct on a connected TCP pair.
#include "unit/socket/helpers.hpp"

#include <set>

using namespace sxs;

namespace {

std::vector<std::string> field_names()
{
    std::vector<std::string> names;
    for (uint32_t i = 0;; i++) {
        const char *name = nullptr;
        int32_t rc = sx_tcp_info_field_name(i, &name);
        if (rc == SX_EOUTOFRANGE)
            break;
        REQUIRE_SX(rc);
        REQUIRE(name != nullptr);
        names.emplace_back(name);
        REQUIRE(i < 1000);
    }
    return names;
}

std::vector<uint64_t> info_of(sx_socket s)
{
    size_t n = 0;
    REQUIRE_CODE(sx_socket_tcp_info(s, nullptr, 0, &n), SX_ETRUNC);
    std::vector<uint64_t> v(n);
    size_t m = 0;
    REQUIRE_SX(sx_socket_tcp_info(s, v.data(), v.size(), &m));
    REQUIRE(m == n);
    return v;
}

size_t index_of(const std::vector<std::string> &names, const char *name)
{
    for (size_t i = 0; i < names.size(); i++)
        if (names[i] == name)
            return i;
    FAIL("no field " << name);
    return 0;
}

} // namespace

TEST_CASE("tcp_info: field names are unique and cover struct tcp_info", "[msg][tcp_info]")
{
    std::vector<std::string> names = field_names();
    std::set<std::string> unique(names.begin(), names.end());
    CHECK(unique.size() == names.size());
    for (const char *must : {"state", "ca_state", "snd_wscale", "rcv_wscale", "delivery_rate_app_limited",
                             "fastopen_client_fail", "rtt", "snd_cwnd", "bytes_acked", "snd_wnd"})
        CHECK(unique.count(must) == 1);
    CHECK(names.front() == "state");
    CHECK(names.back() == "snd_wnd"); // the header's last field
    for (auto &n : names)
        CHECK(n.rfind("tcpi_", 0) == std::string::npos);
    const char *name = nullptr;
    REQUIRE_CODE(sx_tcp_info_field_name(0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_tcp_info_field_name((uint32_t)names.size(), &name), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_tcp_info_field_name(UINT32_MAX, &name), SX_EOUTOFRANGE);
}

TEST_CASE("tcp_info: a connected pair reads as the kernel's struct says", "[msg][tcp_info][tcpinfo]")
{
    Sock a, b;
    tcp_pair(a, b);
    // Some traffic, so the counters are not all zero.
    std::vector<char> data = pattern(100000, 2);
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendall(a, data.data(), data.size(), 0, &sent));
    uint64_t sum = 0;
    REQUIRE_SX(recv_exact(b, data.size(), &sum));
    std::vector<std::string> names = field_names();
    std::vector<uint64_t> v = info_of(a);
    REQUIRE(v.size() >= index_of(names, "total_retrans") + 1); // every kernel since 2.6 fills these
    // This kernel is at least as new as the header: every field is filled.
    CHECK(v.size() == names.size());

    // The same values as the kernel's struct, read directly (the fields that do not move).
    unsigned char raw[512] = {};
    struct tcp_info ti {};
    socklen_t len = sizeof raw;
    REQUIRE(getsockopt(fd_of(a), IPPROTO_TCP, TCP_INFO, raw, &len) == 0);
    std::memcpy(&ti, raw, sizeof ti);
    CHECK(v[index_of(names, "state")] == TCP_ESTABLISHED);
    CHECK(v[index_of(names, "state")] == ti.tcpi_state);
    CHECK(v[index_of(names, "options")] == ti.tcpi_options);
    CHECK(v[index_of(names, "snd_wscale")] == ti.tcpi_snd_wscale);
    CHECK(v[index_of(names, "rcv_wscale")] == ti.tcpi_rcv_wscale);
    // glibc's struct tcp_info stops before these bitfields: the byte after the wscale nibbles,
    // bit 0 and bits 1-2 as GCC lays out linux/tcp.h's bitfields on a little-endian machine.
    unsigned char bits = raw[7];
    CHECK(v[index_of(names, "delivery_rate_app_limited")] == (bits & 1u));
    CHECK(v[index_of(names, "fastopen_client_fail")] == ((bits >> 1) & 3u));
    CHECK(v[index_of(names, "snd_mss")] == ti.tcpi_snd_mss);
    CHECK(v[index_of(names, "advmss")] == ti.tcpi_advmss);
    CHECK(v[index_of(names, "pmtu")] == ti.tcpi_pmtu);
    CHECK(v[index_of(names, "bytes_acked")] >= data.size());
    CHECK(v[index_of(names, "bytes_sent")] >= data.size());
    CHECK(v[index_of(names, "snd_wscale")] <= 15);
    // Loopback negotiates window scaling and timestamps: the nibbles are decoded, not the byte.
    CHECK(v[index_of(names, "snd_wscale")] > 0);
    CHECK(v[index_of(names, "snd_wnd")] > 0);
    std::vector<uint64_t> vb = info_of(b);
    CHECK(vb[index_of(names, "bytes_received")] >= data.size());

    // By name: the same value as in the array, for every field whose value does not move on an
    // idle connection (the times since the last packet do, the state does not).
    for (const char *name : {"state", "ca_state", "options", "snd_wscale", "rcv_wscale", "snd_mss", "rcv_mss",
                             "pmtu", "advmss", "bytes_acked", "bytes_received", "bytes_sent", "segs_out",
                             "total_retrans", "snd_wnd", "fastopen_client_fail"}) {
        INFO(name);
        std::vector<uint64_t> now = info_of(a);
        uint64_t got = 0;
        REQUIRE_SX(sx_socket_tcp_info_get(a, name, &got));
        CHECK(got == now[index_of(names, name)]);
    }
}

TEST_CASE("tcp_info: bad input, unknown names and sockets that are not TCP", "[msg][tcp_info]")
{
    Sock a, b;
    tcp_pair(a, b);
    uint64_t value = 0;
    size_t n = 0;
    uint64_t few[3];
    REQUIRE_CODE(sx_socket_tcp_info_get(a, "no_such_field", &value), SX_ENOTFOUND);
    REQUIRE_CODE(sx_socket_tcp_info_get(a, "tcpi_state", &value), SX_ENOTFOUND); // names have no prefix
    REQUIRE_CODE(sx_socket_tcp_info_get(a, "", &value), SX_ENOTFOUND);
    REQUIRE_CODE(sx_socket_tcp_info_get(a, nullptr, &value), SX_EARG);
    REQUIRE_CODE(sx_socket_tcp_info_get(a, "state", nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_tcp_info(a, few, 3, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_tcp_info(a, nullptr, 3, &n), SX_EARG);
    // Too small: nothing written, the count reported.
    few[0] = few[1] = few[2] = 42;
    REQUIRE_CODE(sx_socket_tcp_info(a, few, 3, &n), SX_ETRUNC);
    CHECK(n > 3);
    CHECK(few[0] == 42);
    REQUIRE_CODE(sx_socket_tcp_info(0, few, 3, &n), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_tcp_info_get(0, "state", &value), SX_EBADHANDLE);
    Sock u(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_CODE(sx_socket_tcp_info_get(u, "state", &value), SX_EOPNOTSUPP);
    REQUIRE_CODE(sx_socket_tcp_info(u, nullptr, 0, &n), SX_EOPNOTSUPP);
    // A TCP socket not yet connected still answers: TCP_CLOSE.
    Sock fresh(open_sock(AF_INET, SOCK_STREAM));
    REQUIRE_SX(sx_socket_tcp_info_get(fresh, "state", &value));
    CHECK(value == TCP_CLOSE);
}
