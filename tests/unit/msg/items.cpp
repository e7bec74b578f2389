// SPDX-License-Identifier: MIT
// Building and reading items: raw and integer items and their widths, the decoders' checks
// (wrong kind, truncated, out of range, NULL out-pointers), the batch slot setters, and the
// arguments sendmsg and recvmsg refuse before any system call.
#include "msg_helpers.hpp"

#include <climits>
#include <netinet/udp.h>
#include <cstring>

using namespace sxm;

TEST_CASE("msg: integer items take the width the kernel expects, and refuse what does not fit", "[msg][items]")
{
    Msg m(new_msg());
    struct Case {
        int32_t level, type;
        int64_t value;
        size_t width;
        int64_t read_back;
    };
    const Case fits[] = {
        {IPPROTO_IP, IP_TTL, 42, sizeof(int), 42},
        {IPPROTO_IP, IP_TOS, 0x10, sizeof(int), 0x10},
        {IPPROTO_IPV6, IPV6_HOPLIMIT, -1, sizeof(int), -1},
        {IPPROTO_IPV6, IPV6_TCLASS, INT32_MAX, sizeof(int), INT32_MAX},
        {SOL_UDP, UDP_SEGMENT, 65535, 2, 65535},
        {SOL_SOCKET, SO_MARK, 0xffffffffLL, 4, 0xffffffffLL},
        {SOL_SOCKET, SO_PRIORITY, 6, 4, 6},
        {SOL_SOCKET, SO_TXTIME, INT64_MAX, 8, INT64_MAX},
        {12345, 7, INT32_MIN, sizeof(int), INT32_MIN}, // unknown: a C int
    };
    uint32_t i = 0;
    for (const Case &c : fits) {
        INFO("level " << c.level << " type " << c.type);
        REQUIRE_SX(sx_msg_add_int(m, c.level, c.type, c.value));
        CHECK(item_kind(m, i) == std::make_pair(c.level, c.type));
        CHECK(item_bytes(m, i).size() == c.width);
        CHECK(item_int(m, i) == c.read_back);
        i++;
    }
    const Case too_big[] = {
        {IPPROTO_IP, IP_TTL, (int64_t)INT32_MAX + 1, 0, 0},
        {IPPROTO_IP, IP_TTL, (int64_t)INT32_MIN - 1, 0, 0},
        {SOL_UDP, UDP_SEGMENT, 65536, 0, 0},
        {SOL_UDP, UDP_SEGMENT, -1, 0, 0},
        {SOL_SOCKET, SO_MARK, 0x100000000LL, 0, 0},
        {SOL_SOCKET, SO_MARK, -1, 0, 0},
        {SOL_SOCKET, SO_TXTIME, -1, 0, 0},
    };
    for (const Case &c : too_big) {
        INFO("level " << c.level << " type " << c.type << " value " << c.value);
        REQUIRE_CODE(sx_msg_add_int(m, c.level, c.type, c.value), SX_EOUTOFRANGE);
    }
    CHECK(items_of(m) == i); // refused values add nothing
}

TEST_CASE("msg: raw items: lengths, limits, and the control buffer layout", "[msg][items]")
{
    Msg m(new_msg());
    REQUIRE_CODE(sx_msg_add(m, 1, 2, nullptr, 1), SX_EARG);
    // An item larger than socklen_t can describe with its header, refused before any allocation.
    char byte = 0;
    REQUIRE_CODE(sx_msg_add(m, 1, 2, &byte, (size_t)INT32_MAX), SX_EARG);
    REQUIRE_CODE(sx_msg_add(m, 1, 2, &byte, SIZE_MAX), SX_EARG);
    REQUIRE_CODE(sx_msg_add(m, 1, 2, &byte, (size_t)INT32_MAX - CMSG_SPACE(1) + 1), SX_EARG);
    CHECK(items_of(m) == 0);
    REQUIRE_SX(sx_msg_add(m, 1, 2, nullptr, 0)); // an empty item
    REQUIRE_SX(sx_msg_add(m, 3, 4, "abc", 3));
    std::string big(5000, 'z');
    REQUIRE_SX(sx_msg_add(m, 5, 6, big.data(), big.size()));
    REQUIRE(items_of(m) == 3);
    CHECK(item_bytes(m, 0).empty());
    CHECK(item_bytes(m, 1) == "abc");
    CHECK(item_bytes(m, 2) == big);
    CHECK(item_kind(m, 2) == std::make_pair(5, 6));

    // item_data: the length is reported even when the buffer is too small, which is left alone.
    char small[2] = {'!', '!'};
    size_t len = 0;
    REQUIRE_CODE(sx_msg_item_data(m, 1, small, sizeof small, &len), SX_ETRUNC);
    CHECK(len == 3);
    CHECK(small[0] == '!');
    REQUIRE_CODE(sx_msg_item_data(m, 1, nullptr, 5, &len), SX_EARG);
    REQUIRE_CODE(sx_msg_item_data(m, 1, small, sizeof small, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_data(m, 3, small, sizeof small, &len), SX_EOUTOFRANGE);

    uint32_t idx = 99;
    REQUIRE_SX(sx_msg_find(m, 3, 4, &idx));
    CHECK(idx == 1);
    REQUIRE_CODE(sx_msg_find(m, 3, 5, &idx), SX_ENOTFOUND);
    REQUIRE_CODE(sx_msg_find(m, 3, 4, nullptr), SX_EARG);
    int32_t level, type;
    REQUIRE_CODE(sx_msg_item(m, 3, &level, &type), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item(m, 0, nullptr, &type), SX_EARG);
    REQUIRE_CODE(sx_msg_item(m, 0, &level, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_count(m, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_nbytes(m, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_flags(m, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_address(m, nullptr), SX_EARG);
}

TEST_CASE("msg: each decoder refuses items of another kind, missing items and NULL out-pointers", "[msg][items]")
{
    Msg m(new_msg());
    REQUIRE_SX(sx_msg_add_int(m, IPPROTO_IP, IP_TTL, 9));                   // 0: an int
    REQUIRE_SX(sx_msg_add_credentials(m, getpid(), getuid(), getgid()));    // 1: credentials
    REQUIRE_SX(sx_msg_add(m, SOL_SOCKET, SCM_CREDENTIALS, "short", 5));     // 2: cut credentials
    REQUIRE_SX(sx_msg_add(m, 1, 2, "three", 3));                            // 3: 3 bytes, no integer
    Addr lo(loopback(AF_INET, 0));
    REQUIRE_SX(sx_msg_add_pktinfo(m, 1, lo));                               // 4: IP_PKTINFO
    int64_t v;
    int32_t pid;
    uint32_t uid, gid, ifindex, u[5];
    sx_addr a = 0, b = 0;
    int64_t sec, nsec;
    int32_t code;

    CHECK(item_int(m, 0) == 9);
    REQUIRE_CODE(sx_msg_item_int(m, 1, &v), SX_EARG);
    REQUIRE_CODE(sx_msg_item_int(m, 3, &v), SX_EARG);
    REQUIRE_CODE(sx_msg_item_int(m, 5, &v), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item_int(m, 0, nullptr), SX_EARG);

    REQUIRE_SX(sx_msg_item_credentials(m, 1, &pid, &uid, &gid));
    CHECK(pid == getpid());
    CHECK(uid == getuid());
    CHECK(gid == getgid());
    REQUIRE_CODE(sx_msg_item_credentials(m, 0, &pid, &uid, &gid), SX_EARG);
    REQUIRE_CODE(sx_msg_item_credentials(m, 2, &pid, &uid, &gid), SX_EARG);
    REQUIRE_CODE(sx_msg_item_credentials(m, 9, &pid, &uid, &gid), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item_credentials(m, 1, nullptr, &uid, &gid), SX_EARG);
    REQUIRE_CODE(sx_msg_item_credentials(m, 1, &pid, nullptr, &gid), SX_EARG);
    REQUIRE_CODE(sx_msg_item_credentials(m, 1, &pid, &uid, nullptr), SX_EARG);

    REQUIRE_SX(sx_msg_item_pktinfo(m, 4, &ifindex, &a, &b));
    Addr aa(a), bb(b);
    CHECK(ifindex == 1);
    CHECK(host_of(aa) == "0.0.0.0"); // ipi_addr is the kernel's to fill on receive
    CHECK(host_of(bb) == "127.0.0.1");
    REQUIRE_CODE(sx_msg_item_pktinfo(m, 0, &ifindex, &a, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_pktinfo(m, 9, &ifindex, &a, nullptr), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item_pktinfo(m, 4, nullptr, &a, nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_pktinfo(m, 4, &ifindex, nullptr, nullptr), SX_EARG);

    REQUIRE_CODE(sx_msg_item_timestamp(m, 0, &sec, &nsec), SX_EARG);
    REQUIRE_CODE(sx_msg_item_timestamp(m, 9, &sec, &nsec), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item_timestamp(m, 0, nullptr, &nsec), SX_EARG);
    REQUIRE_CODE(sx_msg_item_timestamp(m, 0, &sec, nullptr), SX_EARG);

    REQUIRE_CODE(sx_msg_item_exterr(m, 0, &code, &u[0], &u[1], &u[2], &u[3], &u[4], nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_exterr(m, 9, &code, &u[0], &u[1], &u[2], &u[3], &u[4], nullptr), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_msg_item_exterr(m, 0, nullptr, &u[0], &u[1], &u[2], &u[3], &u[4], nullptr), SX_EARG);
    REQUIRE_CODE(sx_msg_item_exterr(m, 0, &code, &u[0], &u[1], &u[2], &u[3], nullptr, nullptr), SX_EARG);

    // A message of items to send has no received descriptors.
    CHECK(fds_of(m) == 0);
    int32_t fd;
    REQUIRE_CODE(sx_msg_take_fd(m, 0, &fd), SX_EOUTOFRANGE);
}

TEST_CASE("msg: packet info to send needs an AF_INET or AF_INET6 source", "[msg][items]")
{
    Msg m(new_msg());
    Addr u(unix_bytes(abstract_name("pkt")));
    REQUIRE_CODE(sx_msg_add_pktinfo(m, 0, u), SX_EAFNOSUPPORT);
    REQUIRE_CODE(sx_msg_add_pktinfo(m, 0, 0), SX_EBADHANDLE);
    Addr six(loopback(AF_INET6, 0));
    REQUIRE_SX(sx_msg_add_pktinfo(m, 3, six));
    REQUIRE(items_of(m) == 1);
    CHECK(item_kind(m, 0) == std::make_pair((int32_t)IPPROTO_IPV6, (int32_t)IPV6_PKTINFO));
    uint32_t ifindex = 0;
    sx_addr a = 0, none = 77;
    REQUIRE_SX(sx_msg_item_pktinfo(m, 0, &ifindex, &a, &none));
    Addr aa(a);
    CHECK(ifindex == 3);
    CHECK(host_of(aa) == "::1");
    CHECK(none == 0); // IPV6_PKTINFO has no spec_dst
    REQUIRE_CODE(sx_msg_add_pktinfo(0, 0, six), SX_EBADHANDLE);
}

TEST_CASE("msg: the batch slot setters check their arguments", "[msg][items]")
{
    Msg m(new_msg());
    char b1[4], b2[8];
    void *bufs[2] = {b1, b2};
    size_t lens[2] = {sizeof b1, sizeof b2};
    REQUIRE_SX(sx_msg_set_buffers(m, bufs, lens, 2));
    REQUIRE_SX(sx_msg_set_buffers(m, nullptr, nullptr, 0));
    REQUIRE_CODE(sx_msg_set_buffers(m, nullptr, lens, 2), SX_EARG);
    REQUIRE_CODE(sx_msg_set_buffers(m, bufs, nullptr, 2), SX_EARG);
    std::vector<void *> many(1025, b1);
    std::vector<size_t> many_lens(1025, 1);
    REQUIRE_CODE(sx_msg_set_buffers(m, many.data(), many_lens.data(), 1025), SX_EMSGSIZE);
    REQUIRE_SX(sx_msg_set_buffers(m, many.data(), many_lens.data(), 1024));
    void *null_buf[1] = {nullptr};
    size_t one[1] = {1}, zero[1] = {0};
    REQUIRE_CODE(sx_msg_set_buffers(m, null_buf, one, 1), SX_EARG);
    REQUIRE_SX(sx_msg_set_buffers(m, null_buf, zero, 1));
    size_t huge[2] = {SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1};
    REQUIRE_CODE(sx_msg_set_buffers(m, bufs, huge, 2), SX_EARG);

    Addr to(loopback(AF_INET, 4242));
    REQUIRE_SX(sx_msg_set_address(m, to));
    Addr back;
    REQUIRE_SX(sx_msg_address(m, back.out()));
    CHECK(text_of(back) == text_of(to));
    REQUIRE_SX(sx_msg_set_address(m, 0));
    sx_addr none = 5;
    REQUIRE_SX(sx_msg_address(m, &none));
    CHECK(none == 0);
    sx_addr stale = 0;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, &stale));
    REQUIRE_SX(sx_addr_close(stale));
    REQUIRE_CODE(sx_msg_set_address(m, stale), SX_EBADHANDLE);

    REQUIRE_SX(sx_msg_set_ancbufsize(m, 64));
    REQUIRE_SX(sx_msg_set_ancbufsize(m, 0));
    REQUIRE_CODE(sx_msg_set_ancbufsize(m, (size_t)INT32_MAX + 1), SX_EARG);
    REQUIRE_CODE(sx_msg_set_ancbufsize(0, 64), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_set_buffers(0, bufs, lens, 2), SX_EBADHANDLE);
    REQUIRE_CODE(sx_msg_set_address(0, to), SX_EBADHANDLE);
}

TEST_CASE("msg: sendmsg and recvmsg refuse bad arguments before any system call", "[msg][items]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    char buf[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
    const void *cbufs[1] = {buf};
    void *rbufs[1] = {buf};
    size_t lens[1] = {sizeof buf};
    size_t sent = 0;
    sx_msg m = 0;
    REQUIRE_CODE(sx_socket_sendmsg(a, cbufs, lens, 1, 0, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg(a, nullptr, lens, 1, 0, 0, 0, &sent), SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg(a, cbufs, nullptr, 1, 0, 0, 0, &sent), SX_EARG);
    const void *null_buf[1] = {nullptr};
    REQUIRE_CODE(sx_socket_sendmsg(a, null_buf, lens, 1, 0, 0, 0, &sent), SX_EARG);
    std::vector<const void *> many(1025, buf);
    std::vector<size_t> many_lens(1025, 1);
    REQUIRE_CODE(sx_socket_sendmsg(a, many.data(), many_lens.data(), 1025, 0, 0, 0, &sent), SX_EMSGSIZE);
    size_t huge[2] = {SIZE_MAX / 2 + 1, SIZE_MAX / 2 + 1};
    const void *two[2] = {buf, buf};
    REQUIRE_CODE(sx_socket_sendmsg(a, two, huge, 2, 0, 0, 0, &sent), SX_EARG);
    REQUIRE_CODE(sx_socket_sendmsg(0, cbufs, lens, 1, 0, 0, 0, &sent), SX_EBADHANDLE);
    // 1024 buffers is the limit the kernel takes, on the stack or not.
    REQUIRE_SX(sx_socket_sendmsg(a, many.data(), many_lens.data(), 1024, 0, 0, 0, &sent));
    CHECK(sent == 1024);

    REQUIRE_CODE(sx_socket_recvmsg(b, rbufs, lens, 1, 0, 0, nullptr), SX_EARG);
    REQUIRE_CODE(sx_socket_recvmsg(b, rbufs, lens, 1, (size_t)INT32_MAX + 1, 0, &m), SX_EARG);
    REQUIRE_CODE(sx_socket_recvmsg(b, nullptr, lens, 1, 0, 0, &m), SX_EARG);
    std::vector<void *> rmany(1025, buf);
    REQUIRE_CODE(sx_socket_recvmsg(b, rmany.data(), many_lens.data(), 1025, 0, 0, &m), SX_EMSGSIZE);
    REQUIRE_CODE(sx_socket_recvmsg(0, rbufs, lens, 1, 0, 0, &m), SX_EBADHANDLE);
    CHECK(m == 0);
    // Scattered over 1024 one-byte buffers (allocated, not on the stack).
    std::vector<char> room(1024);
    for (size_t i = 0; i < 1024; i++)
        rmany[i] = &room[i];
    Msg got;
    REQUIRE_SX(sx_socket_recvmsg(b, rmany.data(), many_lens.data(), 1024, 0, 0, got.out()));
    CHECK(nbytes_of(got) == 1024);
    CHECK(std::string(room.data(), 8) == "aaaaaaaa"); // each sent buffer was buf's first byte
}

TEST_CASE("msg: a received message can be read from several threads and sent on", "[msg][items][threads]")
{
    Sock a, b;
    unix_pair(a, b, SOCK_DGRAM);
    REQUIRE_SX(sx_socket_setsockopt_int(b, SOL_SOCKET, SO_PASSCRED, 1));
    REQUIRE_SX(send1(a, "creds"));
    Msg m;
    REQUIRE_SX(recv1(b, 16, 256, 0, m.out()));
    REQUIRE(items_of(m) == 1);
    std::atomic<int> bad{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; t++)
        readers.emplace_back([&] {
            for (int i = 0; i < 2000; i++) {
                int32_t pid = 0;
                uint32_t uid, gid;
                if (sx_msg_item_credentials(m, 0, &pid, &uid, &gid) != 0 || pid != getpid())
                    bad++;
            }
        });
    for (auto &t : readers)
        t.join();
    CHECK(bad.load() == 0);
    // Forwarded as it is: the credentials item goes out again.
    REQUIRE_SX(send1(b, "again", m));
    Msg m2;
    REQUIRE_SX(recv1(a, 16, 256, 0, m2.out()));
    CHECK(items_of(m2) == 0); // a has no SO_PASSCRED: the kernel does not deliver them
}

TEST_CASE("msg: one message sent from several threads while another adds to it", "[msg][items][threads]")
{
    Msg shared(new_msg());
    REQUIRE_SX(sx_msg_add_int(shared, IPPROTO_IP, IP_TTL, 1));
    constexpr int kSenders = 3, kSends = 200, kAdds = 50;
    std::atomic<int> problems{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kSenders; t++)
        threads.emplace_back([&] {
            sx_socket a = 0, b = 0;
            if (sx_socketpair(AF_UNIX, SOCK_DGRAM, 0, &a, &b) != 0) {
                problems++;
                return;
            }
            uint32_t last = 0;
            for (int i = 0; i < kSends; i++) {
                const void *bufs[1] = {"m"};
                size_t lens[1] = {1}, sent = 0;
                sx_msg got = 0;
                char buf[4];
                void *rb[1] = {buf};
                size_t rl[1] = {sizeof buf};
                uint32_t n = 0;
                // The receiver asks for no ancillary data: only the sender reads the shared message.
                if (sx_socket_sendmsg(a, bufs, lens, 1, shared, 0, 0, &sent) != 0 ||
                    sx_socket_recvmsg(b, rb, rl, 1, 0, MSG_DONTWAIT, &got) != 0 ||
                    sx_msg_item_count(shared, &n) != 0 || n < last || n > 1 + kAdds)
                    problems++;
                last = n;
                sx_msg_close(got);
            }
            sx_socket_close(a);
            sx_socket_close(b);
        });
    threads.emplace_back([&] {
        for (int i = 0; i < kAdds; i++)
            if (sx_msg_add(shared, 12345, i, "item", 4) != 0)
                problems++;
    });
    for (auto &t : threads)
        t.join();
    CHECK(problems.load() == 0);
    CHECK(items_of(shared) == 1 + kAdds);
}
