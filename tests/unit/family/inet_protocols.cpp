// SPDX-License-Identifier: MIT
// The protocols on AF_INET sockets beyond TCP and UDP: MPTCP and UDP-Lite echoes over loopback,
// UDPLITE_SEND_CSCOV / RECV_CSCOV over Python's range(8, 2**16, 8), and ICMP echo through a raw
// IPPROTO_ICMP socket and through an unprivileged "ping" socket (SOCK_DGRAM, IPPROTO_ICMP).
#include "codec_checks.hpp"
#include "netns.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <fstream>
#include <unistd.h>

using sxt::Addr;
using sxt::Sock;

namespace {

// Bind a server to 127.0.0.1 port 0 and return its address.
void bind_loopback(sx_socket s, Addr &bound)
{
    Addr lo;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, lo.out()));
    REQUIRE_SX(sx_socket_bind(s, lo));
    REQUIRE_SX(sx_socket_getsockname(s, bound.out()));
}

std::string recv_some(sx_socket s)
{
    char buf[4096];
    size_t len = 0;
    REQUIRE_SX(sx_socket_recv(s, buf, sizeof buf, 0, &len));
    return std::string(buf, len);
}

std::string read_first_line(const char *path)
{
    std::ifstream f(path);
    std::string line;
    std::getline(f, line);
    return line;
}

// The Internet checksum (RFC 1071) of an ICMP message.
uint16_t inet_checksum(const std::string &data)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < data.size(); i += 2)
        sum += static_cast<uint32_t>(static_cast<unsigned char>(data[i]) << 8 | static_cast<unsigned char>(data[i + 1]));
    if (data.size() % 2)
        sum += static_cast<uint32_t>(static_cast<unsigned char>(data.back()) << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum);
}

// An ICMP echo request (type 8) with id, seq and payload, its checksum filled in.
std::string echo_request(uint16_t id, uint16_t seq, const std::string &payload)
{
    std::string m(8, '\0');
    m[0] = 8;
    m[4] = static_cast<char>(id >> 8), m[5] = static_cast<char>(id & 0xff);
    m[6] = static_cast<char>(seq >> 8), m[7] = static_cast<char>(seq & 0xff);
    m += payload;
    uint16_t sum = inet_checksum(m);
    m[2] = static_cast<char>(sum >> 8), m[3] = static_cast<char>(sum & 0xff);
    return m;
}

uint16_t u16_at(const std::string &m, size_t off)
{
    return static_cast<uint16_t>(static_cast<unsigned char>(m[off]) << 8 | static_cast<unsigned char>(m[off + 1]));
}

// Receive on s until an ICMP echo reply with seq arrives (ip_header: the datagrams start with
// an IPv4 header, as on raw sockets). Bounded: 50 datagrams, 5 seconds each. Returns the ICMP
// message and the sender in from.
std::string await_echo_reply(sx_socket s, bool ip_header, uint16_t seq, Addr &from)
{
    REQUIRE_SX(sx_socket_settimeout(s, 5.0));
    for (int i = 0; i < 50; i++) {
        char buf[2048];
        size_t len = 0;
        sx_addr sender = 0;
        REQUIRE_SX(sx_socket_recvfrom(s, buf, sizeof buf, 0, &len, &sender));
        Addr owner(sender);
        std::string m(buf, len);
        if (ip_header) {
            REQUIRE(len >= 20);
            m = m.substr(static_cast<size_t>(buf[0] & 0x0f) * 4);
        }
        // A raw socket also sees the request itself coming in on lo: wait for the reply.
        if (m.size() >= 8 && m[0] == 0 && u16_at(m, 6) == seq) {
            from.h = owner.h;
            owner.h = 0;
            return m;
        }
    }
    FAIL("no ICMP echo reply among 50 datagrams");
    return "";
}

} // namespace

TEST_CASE("inet protocols: MPTCP echo over loopback", "[family][inet][mptcp][live]")
{
    if (read_first_line("/proc/sys/net/mptcp/enabled") == "0") {
        WARN("skipped: MPTCP is disabled (net.mptcp.enabled = 0)");
        return;
    }
    Sock srv;
    int32_t rc = sx_socket_open(SX_AF_INET, SX_SOCK_STREAM, SX_IPPROTO_MPTCP, srv.out());
    if (rc == SX_EPROTONOSUPPORT || rc == SX_EINVAL || rc == SX_ENOPROTOOPT) {
        WARN("skipped: this kernel has no MPTCP (" << sx_error_name(rc) << ")");
        return;
    }
    REQUIRE_SX(rc);
    int32_t proto = 0;
    REQUIRE_SX(sx_socket_proto(srv, &proto));
    CHECK(proto == SX_IPPROTO_MPTCP);
    Addr bound;
    bind_loopback(srv, bound);
    REQUIRE_SX(sx_socket_listen(srv, 5));
    REQUIRE_SX(sx_socket_settimeout(srv, 5.0));
    Sock cli, conn;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_STREAM, SX_IPPROTO_MPTCP, cli.out()));
    REQUIRE_SX(sx_socket_settimeout(cli, 5.0));
    REQUIRE_SX(sx_socket_connect(cli, bound));
    Addr peer;
    REQUIRE_SX(sx_socket_accept(srv, conn.out(), peer.out()));
    CHECK(sxt::host(peer) == "127.0.0.1");
    REQUIRE_SX(sx_socket_settimeout(conn, 5.0));
    const std::string msg = "multipath hello";
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendall(cli, msg.data(), msg.size(), 0, &sent));
    std::string got = recv_some(conn);
    REQUIRE(got == msg);
    REQUIRE_SX(sx_socket_sendall(conn, got.data(), got.size(), 0, &sent));
    CHECK(recv_some(cli) == msg);
}

TEST_CASE("inet protocols: UDPLITE_SEND_CSCOV and RECV_CSCOV take Python's range(8, 2**16, 8)", "[family][inet][udplite]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, SX_IPPROTO_UDPLITE, s.out());
    if (rc == SX_EPROTONOSUPPORT) {
        WARN("skipped: this kernel has no UDP-Lite");
        return;
    }
    REQUIRE_SX(rc);
    int mismatches = 0;
    for (int32_t option : {SX_UDPLITE_SEND_CSCOV, SX_UDPLITE_RECV_CSCOV}) {
        for (int64_t v = 8; v < 65536; v += 8) {
            int64_t back = -1;
            if (sx_socket_setsockopt_int(s, SX_IPPROTO_UDPLITE, option, v) != 0 ||
                sx_socket_getsockopt_int(s, SX_IPPROTO_UDPLITE, option, &back) != 0 || back != v) {
                if (mismatches++ == 0)
                    FAIL_CHECK("option " << option << " value " << v << " read back as " << back << " ("
                                         << sxt::detail() << ")");
            }
        }
    }
    CHECK(mismatches == 0);
    // 0 means "the whole datagram".
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_IPPROTO_UDPLITE, SX_UDPLITE_SEND_CSCOV, 0));
    int64_t back = -1;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_IPPROTO_UDPLITE, SX_UDPLITE_SEND_CSCOV, &back));
    CHECK(back == 0);
}

TEST_CASE("inet protocols: UDP-Lite echo with partial checksum coverage", "[family][inet][udplite][live]")
{
    Sock srv, cli;
    int32_t rc = sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, SX_IPPROTO_UDPLITE, srv.out());
    if (rc == SX_EPROTONOSUPPORT) {
        WARN("skipped: this kernel has no UDP-Lite");
        return;
    }
    REQUIRE_SX(rc);
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, SX_IPPROTO_UDPLITE, cli.out()));
    Addr srv_addr, cli_addr;
    bind_loopback(srv, srv_addr);
    bind_loopback(cli, cli_addr);
    // Cover the 8-byte header and 8 bytes of data; each side demands at least that much.
    for (sx_socket s : {srv.h, cli.h}) {
        REQUIRE_SX(sx_socket_setsockopt_int(s, SX_IPPROTO_UDPLITE, SX_UDPLITE_SEND_CSCOV, 16));
        REQUIRE_SX(sx_socket_setsockopt_int(s, SX_IPPROTO_UDPLITE, SX_UDPLITE_RECV_CSCOV, 16));
        REQUIRE_SX(sx_socket_settimeout(s, 5.0));
    }
    const std::string msg = "lightweight: only the first 8 bytes are checksummed";
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(cli, msg.data(), msg.size(), 0, srv_addr, &sent));
    char buf[256];
    size_t len = 0;
    Addr from;
    REQUIRE_SX(sx_socket_recvfrom(srv, buf, sizeof buf, 0, &len, from.out()));
    REQUIRE(std::string(buf, len) == msg);
    CHECK(sxt::equal(from, cli_addr) == 1);
    REQUIRE_SX(sx_socket_sendto(srv, buf, len, 0, from, &sent));
    Addr back_from;
    REQUIRE_SX(sx_socket_recvfrom(cli, buf, sizeof buf, 0, &len, back_from.out()));
    CHECK(std::string(buf, len) == msg);
    CHECK(sxt::equal(back_from, srv_addr) == 1);
    // A receiver demanding more coverage than the sender gives drops the datagram.
    REQUIRE_SX(sx_socket_setsockopt_int(srv, SX_IPPROTO_UDPLITE, SX_UDPLITE_RECV_CSCOV, 40));
    REQUIRE_SX(sx_socket_sendto(cli, msg.data(), msg.size(), 0, srv_addr, &sent));
    REQUIRE_SX(sx_socket_settimeout(srv, 0.3));
    CHECK(sx_socket_recvfrom(srv, buf, sizeof buf, 0, &len, from.out()) == SX_ETIMEOUT);
}

TEST_CASE("inet protocols: ICMP echo through a raw IPPROTO_ICMP socket", "[family][inet][raw][live]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_INET, SX_SOCK_RAW, SX_IPPROTO_ICMP, s.out());
    if (rc == SX_EPERM || rc == SX_EACCES) {
        WARN("skipped: raw sockets need CAP_NET_RAW (" << sx_error_name(rc) << ")");
        return;
    }
    REQUIRE_SX(rc);
    Addr to;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, to.out()));
    const uint16_t id = static_cast<uint16_t>(getpid()), seq = 0x5eed;
    const std::string request = echo_request(id, seq, "raw socketx ping");
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(s, request.data(), request.size(), 0, to, &sent));
    REQUIRE(sent == request.size());
    Addr from;
    std::string reply = await_echo_reply(s, true, seq, from);
    CHECK(u16_at(reply, 4) == id);
    CHECK(reply.substr(8) == "raw socketx ping");
    CHECK(inet_checksum(reply) == 0);
    CHECK(sxt::host(from) == "127.0.0.1");
    CHECK(sxt::port(from) == 0);
}

namespace {

// Whether gid is inside the calling thread's namespace's net.ipv4.ping_group_range.
bool ping_allowed(gid_t gid)
{
    std::ifstream f("/proc/sys/net/ipv4/ping_group_range");
    long lo = 1, hi = 0;
    f >> lo >> hi;
    return static_cast<long>(gid) >= lo && static_cast<long>(gid) <= hi;
}

// Echo to 127.0.0.1 through a ping socket: the kernel sets the id (the socket's port) and the checksum.
void ping_loopback()
{
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, SX_IPPROTO_ICMP, s.out()));
    Addr to, name;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, to.out()));
    const uint16_t seq = 0x0b0e;
    const std::string request = echo_request(0, seq, "unprivileged ping");
    size_t sent = 0;
    REQUIRE_SX(sx_socket_sendto(s, request.data(), request.size(), 0, to, &sent));
    REQUIRE(sent == request.size());
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    Addr from;
    std::string reply = await_echo_reply(s, false, seq, from);
    CHECK(reply.substr(8) == "unprivileged ping");
    CHECK(u16_at(reply, 4) == static_cast<uint16_t>(sxt::port(name))); // the ICMP id is the socket's port
    CHECK(sxt::host(from) == "127.0.0.1");
}

} // namespace

TEST_CASE("inet protocols: ICMP echo through an unprivileged ping socket", "[family][inet][ping][live][spawns]")
{
    if (ping_allowed(getgid())) {
        ping_loopback();
        return;
    }
    // Not allowed here: in a namespace of its own the test may widen the range to its group.
    std::string skip = sxt::in_new_netns([]() -> std::string {
        if (!sxt::run_quietly("ip link set lo up"))
            return "net.ipv4.ping_group_range excludes this group, and no namespace's lo could be brought up";
        std::ofstream range("/proc/sys/net/ipv4/ping_group_range");
        range << getgid() << " " << getgid() << "\n";
        range.close();
        if (!range || !ping_allowed(getgid()))
            return "net.ipv4.ping_group_range excludes this group, and a private namespace's cannot be widened";
        ping_loopback();
        return "";
    });
    if (!skip.empty())
        WARN("skipped: " << skip);
}
