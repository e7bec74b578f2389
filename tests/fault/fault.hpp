// SPDX-License-Identifier: MIT
// The fault-injection sweep, in the manner of SQLite's malloc-failure tests: run an operation
// with the 1st, 2nd, ... allocation (or handle creation) failing, until a run finishes without
// reaching the armed fault. Every run that reached it must fail with the clear code, say why
// in the detail message, and leave nothing behind: no descriptor, no live allocation (so no
// handle, whose object is an allocation), and its outputs 0 (each operation checks its own).
#pragma once

#include "support.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" {
// Exported by the socketx_fault twin only (src/core/fault.h).
void sxi_fault_alloc_after(uint32_t n);
void sxi_fault_handles_after(uint32_t n);
uint32_t sxi_fault_hits(void);
int64_t sxi_fault_live_allocs(void);
}

namespace sxf {

enum class Fault { alloc, handle };

inline void arm(Fault f, uint32_t n)
{
    if (f == Fault::alloc)
        sxi_fault_alloc_after(n);
    else
        sxi_fault_handles_after(n);
}

// No operation here makes more than this many allocations or handles: the sweep is bounded.
constexpr uint32_t kMaxPoints = 64;

// Sweep op (returns its status; closes what it made when it succeeds) over every failure point
// of kind f. Returns the number of failure points found; SX_FAULT_REPORT=1 prints it.
template <class Op>
uint32_t sweep(const char *name, Fault f, Op op)
{
    const int32_t want = f == Fault::alloc ? SX_ENOMEM : SX_ENOHANDLES;
    for (uint32_t n = 1; n <= kMaxPoints; n++) {
        INFO(name << ": " << (f == Fault::alloc ? "allocation" : "handle creation") << " #" << n << " fails");
        int fds = sxt::open_fd_count();
        int64_t live = sxi_fault_live_allocs();
        arm(f, n);
        int32_t rc = op();
        uint32_t hits = sxi_fault_hits();
        arm(f, 0);
        INFO("status " << sx_error_name(rc) << " (" << sxt::detail() << ")");
        CHECK(sxt::open_fd_count() == fds);
        CHECK(sxi_fault_live_allocs() == live);
        if (hits == 0) {
            REQUIRE(rc == 0);
            if (std::getenv("SX_FAULT_REPORT"))
                std::printf("fault: %-44s %-6s %u point(s)\n", name, f == Fault::alloc ? "alloc" : "handle", n - 1);
            return n - 1;
        }
        REQUIRE(hits == 1);
        CHECK(rc == want);
        CHECK_FALSE(sxt::detail().empty());
    }
    FAIL(name << ": still reaching the fault after " << kMaxPoints << " points");
    return 0;
}

// Both sweeps; each operation must have at least min_alloc / min_handle failure points, so a
// sweep that silently stopped reaching the library (a broken hook) fails.
template <class Op>
void sweep_both(const char *name, uint32_t min_alloc, uint32_t min_handle, Op op)
{
    CHECK(sweep(name, Fault::alloc, op) >= min_alloc);
    CHECK(sweep(name, Fault::handle, op) >= min_handle);
}

// A library listener on 127.0.0.1 (sx_create_server with this backlog); its port.
inline int32_t listen_on_loopback(sxt::Sock &listener, int32_t backlog)
{
    sxt::Addr a;
    REQUIRE_SX(sx_addr_inet("127.0.0.1", 0, a.out()));
    REQUIRE_SX(sx_create_server(a, backlog, 0, 0, listener.out()));
    sxt::Addr bound;
    REQUIRE_SX(sx_socket_getsockname(listener, bound.out()));
    int32_t port = 0;
    REQUIRE_SX(sx_addr_port(bound, &port));
    return port;
}

} // namespace sxf
