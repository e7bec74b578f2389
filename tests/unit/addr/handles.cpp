// SPDX-License-Identifier: MIT
// Address handles: every function refuses zero, closed, stale, wrong-kind and never-issued
// handles with SX_EBADHANDLE; close is idempotent; handles are safe to share across threads.
#include "addr_helpers.hpp"

#include <atomic>
#include <sys/socket.h>
#include <thread>
#include <vector>

using sxt::Addr;

namespace {

// Every address function that takes a handle, called with h, all other arguments valid.
std::vector<std::pair<const char *, int32_t>> call_all(sx_addr h, sx_addr good)
{
    char buf[256];
    size_t len = 0;
    int32_t i32 = 0;
    uint32_t u32 = 0;
    int eq = 0;
    return {
        {"sx_addr_to_sockaddr", sx_addr_to_sockaddr(h, buf, sizeof buf, &len)},
        {"sx_addr_family", sx_addr_family(h, &i32)},
        {"sx_addr_host", sx_addr_host(h, buf, sizeof buf, &len)},
        {"sx_addr_port", sx_addr_port(h, &i32)},
        {"sx_addr_flowinfo", sx_addr_flowinfo(h, &u32)},
        {"sx_addr_scope_id", sx_addr_scope_id(h, &u32)},
        {"sx_addr_unix_path", sx_addr_unix_path(h, buf, sizeof buf, &len)},
        {"sx_addr_to_string", sx_addr_to_string(h, buf, sizeof buf, &len)},
        {"sx_addr_equal(h, good)", sx_addr_equal(h, good, &eq)},
        {"sx_addr_equal(good, h)", sx_addr_equal(good, h, &eq)},
    };
}

void require_all_bad(sx_addr h, sx_addr good)
{
    for (auto &r : call_all(h, good)) {
        INFO(r.first << " -> " << sx_error_name(r.second));
        CHECK(r.second == SX_EBADHANDLE);
    }
}

// The same slot and generation as h, but tagged as another kind of handle.
sx_addr as_other_kind(sx_addr h, uint64_t kind)
{
    return (h & ((1ull << 48) - 1)) | (kind << 48);
}

} // namespace

TEST_CASE("addr: Address functions refuse handle 0 with SX_EBADHANDLE", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));
    require_all_bad(0, good);
}

TEST_CASE("addr: Address functions refuse a closed handle, and closing again is harmless", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));
    sx_addr h = 0;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, &h));
    REQUIRE_SX(sx_addr_close(h));
    require_all_bad(h, good);
    REQUIRE_SX(sx_addr_close(h));
    REQUIRE_SX(sx_addr_close(0));
}

TEST_CASE("addr: A stale handle stays refused after its slot is reused", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));
    sx_addr stale = 0;
    REQUIRE_SX(sx_addr_unix("/stale", &stale));
    REQUIRE_SX(sx_addr_close(stale));
    // Churn through enough handles that the freed slot comes back under a new generation.
    std::vector<sx_addr> fresh;
    for (int i = 0; i < 3000; i++) {
        sx_addr h = 0;
        REQUIRE_SX(sx_addr_unix("/fresh", &h));
        fresh.push_back(h);
    }
    for (sx_addr h : fresh)
        sx_addr_close(h);
    for (int i = 0; i < 3000; i++) {
        Addr h;
        REQUIRE_SX(sx_addr_unix("/fresh", h.out()));
        REQUIRE(h.h != stale);
    }
    require_all_bad(stale, good);
    REQUIRE_SX(sx_addr_close(stale));
}

TEST_CASE("addr: Address functions refuse a handle of another kind", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));

    sxt::Sock s;
    REQUIRE_SX(sx_socket_open(AF_INET, SOCK_DGRAM, 0, s.out()));
    require_all_bad(s.h, good);
    REQUIRE_CODE(sx_addr_close(s.h), SX_EBADHANDLE);

    // An address handle re-tagged as a socket or list handle: right slot, wrong kind.
    for (uint64_t kind : {1ull, 3ull, 15ull}) {
        INFO("kind " << kind);
        require_all_bad(as_other_kind(good, kind), good);
        REQUIRE_CODE(sx_addr_close(as_other_kind(good, kind)), SX_EBADHANDLE);
    }
    CHECK(sxt::port(good) == 1); // untouched by all that
}

TEST_CASE("addr: Address functions refuse handles that were never issued", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));
    for (sx_addr h : {sx_addr{2ull << 48 | 0xFFFFFF}, sx_addr{1ull << 53}, ~sx_addr{0}, sx_addr{2ull << 48}}) {
        INFO("handle " << h);
        require_all_bad(h, good);
        REQUIRE_CODE(sx_addr_close(h), SX_EBADHANDLE);
    }
}

TEST_CASE("addr: NULL out-pointers are refused with SX_EARG before the handle is looked at", "[addr]")
{
    Addr good;
    REQUIRE_SX(sx_addr_inet6("::1", 1, 0, 0, good.out()));
    char buf[64];
    for (sx_addr h : {sx_addr{good}, sx_addr{0}}) {
        INFO("handle " << h);
        REQUIRE_CODE(sx_addr_to_sockaddr(h, buf, sizeof buf, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_family(h, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_host(h, buf, sizeof buf, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_port(h, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_flowinfo(h, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_scope_id(h, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_unix_path(h, buf, sizeof buf, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_to_string(h, buf, sizeof buf, nullptr), SX_EARG);
        REQUIRE_CODE(sx_addr_equal(h, good, nullptr), SX_EARG);
    }
}

TEST_CASE("addr: Address handles are safe to create, read and close from many threads", "[addr][threads]")
{
    const int threads = 4, rounds = sxt::under_valgrind() ? 200 : 2000;
    std::atomic<int> failures{0};
    std::atomic<sx_addr> shared{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++)
        pool.emplace_back([&, t] {
            for (int i = 0; i < rounds; i++) {
                sx_addr a = 0;
                if (sx_addr_inet6("2001:db8::1", (t * rounds + i) % 65536, 0, 0, &a) != 0) {
                    failures++;
                    continue;
                }
                // Publish it and close whatever another thread published: readers of a handle
                // closed under them must see 0 or SX_EBADHANDLE, never freed memory.
                char buf[64];
                size_t len = 0;
                int32_t rc = sx_addr_to_string(shared.load(), buf, sizeof buf, &len);
                if (rc != 0 && rc != SX_EBADHANDLE)
                    failures++;
                sx_addr old = shared.exchange(a);
                if (sx_addr_close(old) != 0)
                    failures++;
            }
        });
    for (auto &th : pool)
        th.join();
    sx_addr_close(shared.load());
    CHECK(failures == 0);
}

TEST_CASE("addr: close tells a handle closed before from a generation its slot never reached", "[addr]")
{
    sx_addr h = 0;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 1, &h));
    const uint64_t next_gen = 1ull << 24; // the generation field starts at bit 24
    // While h is open: the later generations of its slot were never issued.
    for (uint64_t ahead : {1ull, 2ull, 1000ull}) {
        INFO("generation +" << ahead);
        REQUIRE_CODE(sx_addr_close(h + ahead * next_gen), SX_EBADHANDLE);
    }
    // The same slot and generation under another kind was never issued either.
    REQUIRE_CODE(sx_socket_close((h & ~(0xfull << 48)) | 1ull << 48), SX_EBADHANDLE);
    REQUIRE_SX(sx_addr_close(h));
    // Closed: closing it again is harmless, and the slot's next generation is still unissued
    // (a freed slot waits in a queue of 1,024 before reuse, so nothing takes it meanwhile).
    REQUIRE_SX(sx_addr_close(h));
    REQUIRE_CODE(sx_addr_close(h + next_gen), SX_EBADHANDLE);
    REQUIRE_CODE(sx_addr_close(h + 5 * next_gen), SX_EBADHANDLE);
}
