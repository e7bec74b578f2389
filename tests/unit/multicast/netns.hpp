// SPDX-License-Identifier: MIT
// A network namespace of the test's own for the live multicast tests, so that joining
// groups and sending to them touches nothing outside: this thread moves into a new
// namespace and moves back at scope exit; the namespace goes away with its last socket.
//
// Inside it: lo is up with multicast on and routes 224.0.0.0/4, carrying the IPv4 sources
// 192.0.2.1 and 192.0.2.2 (IPv4 drops a datagram whose source is a local address when it
// arrives on another interface, so IPv4 stays on lo); a veth pair sxm0 -> sxm1 carries
// IPv6, the sources fd00::1 and fd00::2 on sxm0 (IPv6 multicast is not delivered back over lo).
#pragma once

#include "support.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string>
#include <unistd.h>

namespace sxt {

class McastNetns {
public:
    McastNetns()
    {
        original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (original_ < 0) {
            reason_ = "cannot open /proc/thread-self/ns/net";
            return;
        }
        if (unshare(CLONE_NEWNET) != 0) {
            reason_ = std::string("unshare(CLONE_NEWNET) failed (needs CAP_SYS_ADMIN): ") + strerror(errno);
            close(original_);
            original_ = -1;
            return;
        }
        inside_ = true;
        // Commands run in a child of this thread, which inherits this thread's namespace.
        static const char *const setup[] = {
            "ip link set lo up multicast on",
            "ip route add 224.0.0.0/4 dev lo",
            "ip addr add 192.0.2.1/32 dev lo",
            "ip addr add 192.0.2.2/32 dev lo",
            "ip link add sxm0 type veth peer name sxm1",
            "ip link set sxm0 up",
            "ip link set sxm1 up",
            "ip -6 addr add fd00::1/64 dev sxm0 nodad",
            "ip -6 addr add fd00::2/64 dev sxm0 nodad",
            "ip -6 addr add fd00::10/64 dev sxm1 nodad",
        };
        for (const char *cmd : setup) {
            // iproute2 lives in /usr/sbin, which a test runner's PATH may lack.
            std::string line = std::string("PATH=\"$PATH:/usr/sbin:/sbin\" ") + cmd + " 2>&1";
            if (std::system(line.c_str()) != 0) {
                reason_ = std::string("'") + cmd + "' failed (iproute2 and veth are needed)";
                return;
            }
        }
        ready_ = true;
        v6_sender_if = if_nametoindex("sxm0");
        v6_receiver_if = if_nametoindex("sxm1");
    }
    ~McastNetns()
    {
        if (inside_)
            setns(original_, CLONE_NEWNET);
        if (original_ >= 0)
            close(original_);
    }
    McastNetns(const McastNetns &) = delete;
    McastNetns &operator=(const McastNetns &) = delete;

    bool ready() const { return ready_; }
    const std::string &reason() const { return reason_; }

    uint32_t v6_sender_if = 0;
    uint32_t v6_receiver_if = 0;

private:
    int original_ = -1;
    bool inside_ = false;
    bool ready_ = false;
    std::string reason_;
};

} // namespace sxt

// Catch2 2.13 has no SKIP: say why in the report and leave the test case.
#define SXT_MCAST_SKIP(reason)                                                                      \
    do {                                                                                            \
        WARN("skipped: " << reason);                                                                \
        return;                                                                                     \
    } while (0)
