// SPDX-License-Identifier: MIT
// sx_socket_can_set_filters, sx_socket_can_isotp_options and sx_socket_sendmsg_afalg: the
// argument checks made before any system call, the answer on a socket of another family,
// and, where the kernel has AF_CAN (a vcan0 in a namespace of the test's own) or AF_ALG,
// the real thing. The AF_RDS entry's address check runs on an adopted UDP socket.
#include "can_helpers.hpp"

#include <cstring>
#include <linux/can.h>
#include <linux/can/isotp.h>
#include <linux/can/raw.h>
#include <linux/if_alg.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <vector>

using sxt::Addr;
using sxt::Sock;

TEST_CASE("can options: set_filters checks count and arrays before any system call", "[family][can]")
{
    static uint32_t ids[SX_CAN_RAW_FILTER_MAX + 1], masks[SX_CAN_RAW_FILTER_MAX + 1];
    // Handle 0 is never open: the argument error comes first.
    REQUIRE_CODE(sx_socket_can_set_filters(0, ids, masks, SX_CAN_RAW_FILTER_MAX + 1), SX_EARG);
    CHECK(sxt::detail().find("at most 512") != std::string::npos);
    REQUIRE_CODE(sx_socket_can_set_filters(0, nullptr, masks, 1), SX_EARG);
    REQUIRE_CODE(sx_socket_can_set_filters(0, ids, nullptr, 1), SX_EARG);
    REQUIRE_CODE(sx_socket_can_set_filters(0, ids, masks, SX_CAN_RAW_FILTER_MAX), SX_EBADHANDLE);
    REQUIRE_CODE(sx_socket_can_set_filters(0, nullptr, nullptr, 0), SX_EBADHANDLE);
}

TEST_CASE("can options: isotp_options checks its 8-bit fields before any system call", "[family][can]")
{
    for (int32_t bad : {-1, 256, INT32_MIN, INT32_MAX}) {
        REQUIRE_CODE(sx_socket_can_isotp_options(0, 0, 0, bad, 0, 0, 0), SX_EOUTOFRANGE);
        CHECK(sxt::detail().find("ext_address must be 0-255") != std::string::npos);
        REQUIRE_CODE(sx_socket_can_isotp_options(0, 0, 0, 0, bad, 0, 0), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_socket_can_isotp_options(0, 0, 0, 0, 0, bad, 0), SX_EOUTOFRANGE);
        REQUIRE_CODE(sx_socket_can_isotp_options(0, 0, 0, 0, 0, 0, bad), SX_EOUTOFRANGE);
    }
    REQUIRE_CODE(sx_socket_can_isotp_options(0, UINT32_MAX, UINT32_MAX, 255, 255, 255, 255), SX_EBADHANDLE);
}

TEST_CASE("can options: on a socket of another family the kernel answers", "[family][can][canraw]")
{
    Sock udp, unx;
    REQUIRE_SX(sx_socket_open(SX_AF_INET, SX_SOCK_DGRAM, 0, udp.out()));
    uint32_t id = 0x200, mask = 0x700;
    // IP sockets know no SOL_CAN_RAW level (ENOPROTOOPT); AF_UNIX sockets no option at that level (EOPNOTSUPP).
    REQUIRE_CODE(sx_socket_can_set_filters(udp, &id, &mask, 1), SX_ENOPROTOOPT);
    REQUIRE_CODE(sx_socket_can_isotp_options(udp, 0, 0, 0, 0, 0, 0), SX_ENOPROTOOPT);
    REQUIRE_SX(sx_socket_open(SX_AF_UNIX, SX_SOCK_DGRAM, 0, unx.out()));
    REQUIRE_CODE(sx_socket_can_set_filters(unx, nullptr, nullptr, 0), SX_EOPNOTSUPP);
}

TEST_CASE("can options: filters and ISO-TP options read back from a CAN socket", "[family][can][canraw]")
{
    if (!sxt::kernel_has(SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW))
        FAMILY_SKIP(SXT_NO_CAN);
    Sock s;
    REQUIRE_SX(sx_socket_open(SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW, s.out()));
    uint32_t ids[3] = {0x200, SX_CAN_EFF_FLAG | 0x1234, SX_CAN_INV_FILTER | 0x7},
             masks[3] = {0x700, SX_CAN_EFF_MASK, 0x7ff};
    REQUIRE_SX(sx_socket_can_set_filters(s, ids, masks, 3));
    struct can_filter expect[3];
    for (int i = 0; i < 3; i++)
        expect[i] = {ids[i], masks[i]};
    unsigned char got[64];
    size_t len = 0;
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SX_SOL_CAN_RAW, SX_CAN_RAW_FILTER, got, sizeof got, &len));
    CHECK(std::string(reinterpret_cast<char *>(got), len) ==
          std::string(reinterpret_cast<char *>(expect), sizeof expect));
    REQUIRE_SX(sx_socket_can_set_filters(s, nullptr, nullptr, 0));
    REQUIRE_SX(sx_socket_getsockopt_bytes(s, SX_SOL_CAN_RAW, SX_CAN_RAW_FILTER, got, sizeof got, &len));
    CHECK(len == 0);

    if (!sxt::kernel_has(SX_AF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP))
        FAMILY_SKIP("the kernel has AF_CAN but no CAN_ISOTP (needs the can-isotp module)");
    Sock tp;
    REQUIRE_SX(sx_socket_open(SX_AF_CAN, SX_SOCK_DGRAM, SX_CAN_ISOTP, tp.out()));
    REQUIRE_SX(sx_socket_can_isotp_options(tp, SX_CAN_ISOTP_TX_PADDING | SX_CAN_ISOTP_RX_PADDING, 1000, 0x11, 0xAA,
                                           0x55, 0x22));
    struct can_isotp_options opts;
    REQUIRE_SX(sx_socket_getsockopt_bytes(tp, SX_SOL_CAN_ISOTP, SX_CAN_ISOTP_OPTS, &opts, sizeof opts, &len));
    CHECK(len == sizeof opts);
    CHECK(opts.flags == (CAN_ISOTP_TX_PADDING | CAN_ISOTP_RX_PADDING));
    CHECK(opts.frame_txtime == 1000);
    CHECK(opts.ext_address == 0x11);
    CHECK(opts.txpad_content == 0xAA);
    CHECK(opts.rxpad_content == 0x55);
    CHECK(opts.rx_ext_address == 0x22);
}

TEST_CASE("can options: a filter passes only matching frames on vcan0", "[family][can][canraw]")
{
    if (!sxt::kernel_has(SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW))
        FAMILY_SKIP(SXT_NO_CAN);
    sxt::VcanNamespace ns;
    if (!ns.ok())
        FAMILY_SKIP(ns.why());
    Sock tx, rx;
    Addr vcan;
    REQUIRE_SX(sx_addr_can("vcan0", vcan.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW, tx.out()));
    REQUIRE_SX(sx_socket_open(SX_AF_CAN, SX_SOCK_RAW, SX_CAN_RAW, rx.out()));
    uint32_t id = 0x200, mask = 0x700;
    REQUIRE_SX(sx_socket_can_set_filters(rx, &id, &mask, 1));
    REQUIRE_SX(sx_socket_bind(rx, vcan));
    REQUIRE_SX(sx_socket_bind(tx, vcan));
    REQUIRE_SX(sx_socket_settimeout(rx, 5.0));
    unsigned char frame[SX_CAN_MTU];
    size_t flen = 0, sent = 0;
    for (uint32_t can_id : {0x123u, 0x234u}) {
        REQUIRE_SX(sx_can_frame_encode(can_id, 0, "\x01\x02", 2, frame, sizeof frame, &flen));
        REQUIRE_SX(sx_socket_send(tx, frame, flen, 0, &sent));
    }
    unsigned char got[SX_CANFD_MTU];
    size_t glen = 0;
    sx_addr from = 0;
    REQUIRE_SX(sx_socket_recvfrom(rx, got, sizeof got, 0, &glen, &from));
    Addr from_owner(from);
    uint32_t can_id = 0, flags = 0;
    unsigned char data[8];
    size_t dlen = 0;
    REQUIRE_SX(sx_can_frame_decode(got, glen, &can_id, &flags, data, sizeof data, &dlen));
    CHECK(can_id == 0x234); // 0x123 & 0x700 is not 0x200
    CHECK(sxt::can_ifname(from) == "vcan0");
    CHECK(sxt::can_protocol(from) == SX_CAN_RAW);
    REQUIRE_CODE(sx_socket_recv(rx, got, sizeof got, SX_MSG_DONTWAIT, &glen), SX_EAGAIN);
}

TEST_CASE("alg sendmsg: argument checks come before any system call", "[family][alg]")
{
    size_t sent = 0;
    const char iv[4] = {1, 2, 3, 4};
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, SX_ALG_OP_ENCRYPT, nullptr, 0, -2, 0, &sent), SX_EARG);
    CHECK(sxt::detail().find("assoclen must be positive") != std::string::npos);
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, SX_ALG_OP_ENCRYPT, nullptr, 0, INT64_MIN, 0, &sent),
                 SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, SX_ALG_OP_ENCRYPT, nullptr, 0,
                                         static_cast<int64_t>(UINT32_MAX) + 1, 0, &sent),
                 SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, -2, nullptr, 0, -1, 0, &sent), SX_EARG);
    CHECK(sxt::detail().find("op must be") != std::string::npos);
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, INT32_MIN, nullptr, 0, -1, 0, &sent), SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, 0, nullptr, 4, -1, 0, &sent), SX_EARG);
    if (SIZE_MAX > UINT32_MAX) { // an IV length the kernel's 32-bit ivlen cannot hold (none with a 32-bit size_t)
        REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, 0, iv, size_t(uint64_t(UINT32_MAX) + 1), -1, 0,
                                             &sent),
                     SX_EARG);
    }
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, 0, iv, 4, -1, 0, nullptr), SX_EARG);
    // Valid arguments reach the handle.
    REQUIRE_CODE(sx_socket_sendmsg_afalg(0, nullptr, nullptr, 0, SX_ALG_OP_DECRYPT, iv, 4, UINT32_MAX, 0, &sent),
                 SX_EBADHANDLE);
}

TEST_CASE("alg sendmsg: a socket of another family is refused as CPython refuses it", "[family][alg]")
{
    // The kernel would drop the SOL_ALG items there and send the data: CPython's check instead.
    Sock a, b;
    REQUIRE_SX(sx_socketpair(SX_AF_UNIX, SX_SOCK_SEQPACKET, 0, a.out(), b.out()));
    const void *bufs[] = {"data"};
    size_t lens[] = {4}, sent = 99;
    REQUIRE_CODE(sx_socket_sendmsg_afalg(a, bufs, lens, 1, SX_ALG_OP_ENCRYPT, nullptr, 0, -1, 0, &sent), SX_EARG);
    CHECK(sxt::detail().find("algset is only supported for AF_ALG") != std::string::npos);
    char buf[8];
    size_t len = 0;
    REQUIRE_CODE(sx_socket_recv(b, buf, sizeof buf, SX_MSG_DONTWAIT, &len), SX_EAGAIN); // nothing went out
}

namespace {

// A socketpair end wrapped as if it were an AF_ALG socket: the items pass the family check
// and reach the kernel, which ignores them on AF_UNIX, so what is tested is the path the
// data takes: sx_socket_sendmsg with its timeout, its EINTR rule and its close handling.
struct FakeAlg {
    Sock alg, peer;
    FakeAlg()
    {
        int fds[2];
        REQUIRE(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) == 0);
        REQUIRE_SX(sx_socket_adopt(fds[0], SX_AF_ALG, SX_SOCK_SEQPACKET, 0, alg.out()));
        REQUIRE_SX(sx_socket_adopt(fds[1], SX_AF_UNIX, SX_SOCK_SEQPACKET, 0, peer.out()));
    }
};

} // namespace

TEST_CASE("alg sendmsg: the data goes out through the message path, with every item", "[family][alg]")
{
    FakeAlg f;
    const char iv[16] = "0123456789abcde";
    const void *bufs[] = {"Single ", "block msg"};
    size_t lens[] = {7, 9}, sent = 0;
    REQUIRE_SX(sx_socket_sendmsg_afalg(f.alg, bufs, lens, 2, SX_ALG_OP_ENCRYPT, iv, sizeof iv, 16, 0, &sent));
    CHECK(sent == 16);
    char buf[32];
    size_t len = 0;
    REQUIRE_SX(sx_socket_recv(f.peer, buf, sizeof buf, 0, &len));
    CHECK(std::string(buf, len) == "Single block msg");
    // No data and no items at all, and an empty IV: still one (empty) record.
    REQUIRE_SX(sx_socket_sendmsg_afalg(f.alg, nullptr, nullptr, 0, -1, iv, 0, -1, 0, &sent));
    CHECK(sent == 0);
    // A long IV goes through the heap.
    std::vector<char> long_iv(4096, 'v');
    REQUIRE_SX(sx_socket_sendmsg_afalg(f.alg, bufs, lens, 1, 0, long_iv.data(), long_iv.size(), -1, 0, &sent));
    CHECK(sent == 7);
}

TEST_CASE("alg sendmsg: timeout mode gives SX_ETIMEOUT as every send does", "[family][alg]")
{
    FakeAlg f;
    REQUIRE_SX(sx_socket_settimeout(f.alg, 0.05));
    std::vector<char> chunk(4096, 'x');
    const void *bufs[] = {chunk.data()};
    size_t lens[] = {chunk.size()}, sent = 0;
    int32_t rc = 0;
    for (int i = 0; i < 100000 && rc == 0; i++) // bounded: the buffer fills within a few hundred records
        rc = sx_socket_sendmsg_afalg(f.alg, bufs, lens, 1, SX_ALG_OP_ENCRYPT, nullptr, 0, -1, 0, &sent);
    REQUIRE_CODE(rc, SX_ETIMEOUT);
    // Non-blocking mode: EAGAIN at once.
    REQUIRE_SX(sx_socket_setblocking(f.alg, 0));
    REQUIRE_CODE(sx_socket_sendmsg_afalg(f.alg, bufs, lens, 1, SX_ALG_OP_ENCRYPT, nullptr, 0, -1, 0, &sent), SX_EAGAIN);
}

TEST_CASE("alg sendmsg: a close from another thread ends a blocked send", "[family][alg][spawns]")
{
    FakeAlg f;
    std::vector<char> chunk(4096, 'x');
    const void *bufs[] = {chunk.data()};
    size_t lens[] = {chunk.size()}, sent = 0;
    REQUIRE_SX(sx_socket_setblocking(f.alg, 0));
    int32_t rc = 0;
    for (int i = 0; i < 100000 && rc == 0; i++)
        rc = sx_socket_sendmsg_afalg(f.alg, bufs, lens, 1, -1, nullptr, 0, -1, 0, &sent);
    REQUIRE_CODE(rc, SX_EAGAIN);
    REQUIRE_SX(sx_socket_setblocking(f.alg, 1));
    sx_socket h = f.alg.h;
    std::thread closer([h] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        sx_socket_close(h);
    });
    rc = sx_socket_sendmsg_afalg(h, bufs, lens, 1, -1, nullptr, 0, -1, 0, &sent);
    closer.join();
    f.alg.h = 0;
    CHECK((rc == SX_ECLOSED || rc == SX_EBADHANDLE));
}

TEST_CASE("rds: an AF_RDS socket is checked for an AF_INET address before bind", "[family][rds]")
{
    // This kernel has no AF_RDS: a UDP socket adopted as one stands in for it, and the
    // family table's socket_takes makes the library refuse any address but AF_INET.
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    Sock s;
    REQUIRE_SX(sx_socket_adopt(fd, SX_AF_RDS, SX_SOCK_SEQPACKET, 0, s.out()));
    Addr unix_addr, inet6, inet;
    REQUIRE_SX(sx_addr_unix("/tmp/not-for-rds", unix_addr.out()));
    REQUIRE_SX(sx_addr_inet6("::1", 0, 0, 0, inet6.out()));
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, inet.out()));
    REQUIRE_CODE(sx_socket_bind(s, unix_addr), SX_EARG);
    REQUIRE_CODE(sx_socket_bind(s, inet6), SX_EARG);
    REQUIRE_SX(sx_socket_bind(s, inet));
}

TEST_CASE("can and alg: their sockets are checked for an address of their own family before bind", "[family][can][alg]")
{
    // No AF_CAN or AF_ALG here: a UDP socket adopted as one stands in for it; the library's
    // check (the family table's socket_takes) answers before the kernel is asked.
    for (int32_t family : {SX_AF_CAN, SX_AF_ALG}) {
        INFO("family " << family);
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        Sock s;
        REQUIRE_SX(sx_socket_adopt(fd, family, SX_SOCK_DGRAM, 0, s.out()));
        Addr inet, other;
        REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, inet.out()));
        REQUIRE_CODE(sx_socket_bind(s, inet), SX_EARG);
        if (family == SX_AF_CAN)
            REQUIRE_SX(sx_addr_alg("hash", "sha256", 0, 0, other.out()));
        else
            REQUIRE_SX(sx_addr_can("", other.out()));
        REQUIRE_CODE(sx_socket_bind(s, other), SX_EARG);
        REQUIRE_CODE(sx_socket_connect(s, other), SX_EARG);
    }
}

TEST_CASE("can: the live tests' vcan namespace is made and left again", "[family][can]")
{
    // The helper the live CAN tests rely on, exercised where they skip: the thread enters a
    // namespace of its own (or says why not) and is back in its own at the end.
    struct stat before, inside, after;
    REQUIRE(stat("/proc/thread-self/ns/net", &before) == 0);
    {
        sxt::VcanNamespace ns;
        INFO(ns.why());
        CHECK((ns.ok() || !ns.why().empty()));
        REQUIRE(stat("/proc/thread-self/ns/net", &inside) == 0);
        uint32_t index = 0;
        if (ns.ok())
            REQUIRE_SX(sx_if_nametoindex("vcan0", &index));
        else if (inside.st_ino != before.st_ino)
            CHECK(sx_if_nametoindex("vcan0", &index) == SX_ENOTFOUND); // a new namespace has lo only
    }
    REQUIRE(stat("/proc/thread-self/ns/net", &after) == 0);
    CHECK(after.st_ino == before.st_ino);
}
