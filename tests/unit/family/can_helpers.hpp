// SPDX-License-Identifier: MIT
// Helpers for the AF_CAN, AF_ALG and AF_RDS tests: field readers, the skip rule for families
// this kernel lacks, and a network namespace with a vcan interface for the live CAN tests.
#pragma once

#include "../addr/addr_helpers.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <string>
#include <unistd.h>

// Catch2 2.13 has no SKIP: the reason is reported as a warning and the test case ends here.
#define FAMILY_SKIP(reason)                                                                         \
    do {                                                                                            \
        WARN("SKIPPED: " << reason);                                                                \
        return;                                                                                     \
    } while (0)

namespace sxt {

inline std::string can_ifname(sx_addr a)
{
    return read_out<32>(sx_addr_can_ifname, a);
}

inline int32_t can_protocol(sx_addr a)
{
    int32_t p = -1;
    return sx_addr_can_protocol(a, &p) == 0 ? p : -1;
}

inline std::string alg_type(sx_addr a)
{
    return read_out<200>(sx_addr_alg_type, a);
}

inline std::string alg_name(sx_addr a)
{
    return read_out<200>(sx_addr_alg_name, a);
}

// Whether this kernel opens sockets of (family, type, proto): CPython's _have_socket_* probes.
inline bool kernel_has(int32_t family, int32_t type, int32_t proto)
{
    sx_socket s = 0;
    if (sx_socket_open(family, type, proto, &s) != 0)
        return false;
    sx_socket_close(s);
    return true;
}

#define SXT_NO_CAN "the kernel has no AF_CAN (needs the can and vcan modules)"
#define SXT_NO_ALG "no AF_ALG (needs the crypto user API)"
#define SXT_NO_RDS "no AF_RDS (needs the rds module)"

// A network namespace of this thread's own, with a vcan interface named vcan0 up in it, for
// the life of the object; the thread goes back to its namespace at the end (also on a failed
// REQUIRE). ok() is false, and why() says why, when the namespace or the interface could not
// be made (no vcan module, no ip command...).
class VcanNamespace {
  public:
    // The thread's own namespace, which has vcan0 already: nothing to make or undo.
    struct Existing {};
    explicit VcanNamespace(Existing) : ok_(true) {}

    VcanNamespace()
    {
        saved_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (saved_ < 0) {
            why_ = "cannot open this thread's network namespace";
            return;
        }
        if (unshare(CLONE_NEWNET) != 0) {
            why_ = std::string("unshare(CLONE_NEWNET) failed: ") + strerror(errno);
            return;
        }
        entered_ = true;
        // system() forks from this thread, so the command runs in the new namespace.
        if (std::system("ip link add dev vcan0 type vcan 2>/dev/null && ip link set up vcan0 2>/dev/null") != 0) {
            why_ = "cannot create vcan0 (needs the vcan module and the ip command)";
            return;
        }
        ok_ = true;
    }
    ~VcanNamespace()
    {
        if (entered_)
            (void)setns(saved_, CLONE_NEWNET);
        if (saved_ >= 0)
            close(saved_);
    }
    VcanNamespace(const VcanNamespace &) = delete;
    VcanNamespace &operator=(const VcanNamespace &) = delete;
    bool ok() const { return ok_; }
    const std::string &why() const { return why_; }

  private:
    int saved_ = -1;
    bool entered_ = false;
    bool ok_ = false;
    std::string why_;
};

} // namespace sxt
