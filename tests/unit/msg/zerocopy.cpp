// SPDX-License-Identifier: MIT
// sx_socket_zerocopy_completion: MSG_ZEROCOPY sends on TCP loopback complete in order and are
// all reported; another error at the head of the error queue is reported by its code; bad input.
#include "msg_helpers.hpp"

#include <linux/errqueue.h>
#include <thread>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif
#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

using namespace sxm;

TEST_CASE("zerocopy: N sends with MSG_ZEROCOPY complete as ranges covering 0..N-1 in order",
          "[msg][zerocopy][threads]")
{
    Sock a, b;
    tcp_pair(a, b);
    if (sx_socket_setsockopt_int(a, SOL_SOCKET, SO_ZEROCOPY, 1) != 0) {
        WARN("SO_ZEROCOPY not available: " << sxt::detail());
        return;
    }
    uint32_t first = 0, last = 0;
    int copied = -1;
    REQUIRE_CODE(sx_socket_zerocopy_completion(a, &first, &last, &copied), SX_EAGAIN);
    const uint32_t sends = 50;
    std::vector<char> data = pattern(20000, 12);
    uint64_t sum = 0;
    std::thread reader([&] { recv_exact(b, (size_t)sends * data.size(), &sum); });
    for (uint32_t i = 0; i < sends; i++) {
        size_t n = 0;
        REQUIRE_SX(sx_socket_sendall(a, data.data(), data.size(), MSG_ZEROCOPY, &n));
    }
    reader.join();
    CHECK(sum == [&] {
        uint64_t want = 0;
        for (uint32_t i = 0; i < sends; i++)
            for (char c : data)
                want = want * 1099511628211ull + (unsigned char)c;
        return want;
    }());
    // The ranges arrive in order, each starting after the last: together exactly 0..sends-1.
    // sendall may split a send in several, each numbered: so the count is at least `sends`.
    uint32_t next = 0;
    int ranges = 0, copies = 0;
    double limit = mono() + 10;
    while (mono() < limit) {
        int32_t rc = sx_socket_zerocopy_completion(a, &first, &last, &copied);
        if (rc == SX_EAGAIN) {
            if (next >= sends)
                break; // all reported; a split send may add more, which would show up at once
            sleep_ms(1);
            continue;
        }
        REQUIRE_SX(rc);
        INFO("range " << first << ".." << last);
        CHECK(first == next);
        CHECK(last >= first);
        CHECK((copied == 0 || copied == 1));
        copies += copied;
        next = last + 1;
        ranges++;
    }
    INFO("ranges " << ranges << ", copied " << copies);
    CHECK(next >= sends);
    CHECK(ranges >= 1);
    // Nothing more is queued.
    REQUIRE_CODE(sx_socket_zerocopy_completion(a, &first, &last, &copied), SX_EAGAIN);
}

TEST_CASE("zerocopy: another error at the head of the queue is consumed and reported", "[msg][zerocopy][emptyiov]")
{
    // A connected UDP socket with IP_RECVERR sending to a port nobody listens on: the ICMP port
    // unreachable is queued as an extended error (origin ICMP).
    Sock u(open_sock(AF_INET, SOCK_DGRAM));
    REQUIRE_SX(sx_socket_setsockopt_int(u, IPPROTO_IP, IP_RECVERR, 1));
    Addr to(loopback(AF_INET, unused_port()));
    REQUIRE_SX(sx_socket_connect(u, to));
    size_t n = 0;
    REQUIRE_SX(sx_socket_send(u, "x", 1, 0, &n));
    uint32_t first = 0, last = 0;
    int copied = 0;
    int32_t rc = SX_EAGAIN;
    for (int i = 0; i < 200 && rc == SX_EAGAIN; i++) {
        rc = sx_socket_zerocopy_completion(u, &first, &last, &copied);
        if (rc == SX_EAGAIN)
            sleep_ms(5);
    }
    REQUIRE_CODE(rc, SX_ECONNREFUSED);
    REQUIRE_CODE(sx_socket_zerocopy_completion(u, &first, &last, &copied), SX_EAGAIN);
}

TEST_CASE("zerocopy: bad input", "[msg][zerocopy]")
{
    Sock a, b;
    tcp_pair(a, b);
    uint32_t first = 0, last = 0;
    int copied = 0;
    REQUIRE_CODE(sx_socket_zerocopy_completion(a, nullptr, &last, &copied), SX_EARG);
    REQUIRE_CODE(sx_socket_zerocopy_completion(a, &first, nullptr, &copied), SX_EARG);
    REQUIRE_CODE(sx_socket_zerocopy_completion(a, &first, &last, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_zerocopy_completion(0, &first, &last, &copied), SX_EBADHANDLE);
    sx_socket gone = open_sock(AF_INET, SOCK_STREAM);
    REQUIRE_SX(sx_socket_close(gone));
    REQUIRE_CODE(sx_socket_zerocopy_completion(gone, &first, &last, &copied), SX_EBADHANDLE);
}
