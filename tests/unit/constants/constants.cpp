// SPDX-License-Identifier: MIT
// Socket constants: the run-time table against Python's socket module (differential),
// enumeration, bad input, and the SX_ macros against the system headers.
#include "support.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

// Older kernel headers' linux/vm_sockets.h (the cross toolchains') use struct sockaddr
// without including <sys/socket.h>.
#include <sys/socket.h>

#include <linux/can.h>
#include <linux/can/bcm.h>
#include <linux/can/isotp.h>
#include <linux/can/j1939.h>
#include <linux/can/raw.h>
#include <linux/errqueue.h>
#include <linux/if_alg.h>
#include <linux/if_ether.h>
#include <linux/net_tstamp.h>
#include <linux/netlink.h>
#include <linux/tipc.h>
#include <linux/vm_sockets.h>
#include <net/ethernet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

struct PyDump {
    bool ran = false;
    std::string version;
    std::map<std::string, long long> ints;
};

// Every upper-case int constant of Python's socket module, by running the interpreter.
// Skips the errno re-exports of Lib/socket.py (EAGAIN, EBADF, EWOULDBLOCK): libsocketx
// has them as status codes (SX_EAGAIN, ...), not as constants.
PyDump python_constants(const std::string &python)
{
    const std::string cmd = python +
                            " -c 'import socket, sys\n"
                            "print(\"VERSION\", sys.version.split()[0])\n"
                            "for k in sorted(dir(socket)):\n"
                            "    v = getattr(socket, k)\n"
                            "    if k[:1].isupper() and isinstance(v, int) and not isinstance(v, bool)"
                            " and k not in (\"EAGAIN\", \"EBADF\", \"EWOULDBLOCK\"):\n"
                            "        print(k, int(v))\n' 2>/dev/null";
    PyDump dump;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return dump;
    char line[256];
    while (fgets(line, sizeof line, p)) {
        char name[128];
        long long value = 0;
        char text[64];
        if (sscanf(line, "VERSION %63s", text) == 1)
            dump.version = text;
        else if (sscanf(line, "%127s %lld", name, &value) == 2)
            dump.ints[name] = value;
    }
    dump.ran = pclose(p) == 0 && !dump.ints.empty();
    return dump;
}

int64_t lookup(const char *name)
{
    int64_t v = 0;
    int32_t rc = sx_constant(name, &v);
    INFO("sx_constant(\"" << name << "\") -> " << sx_error_name(rc) << " (" << sxt::detail() << ")");
    REQUIRE(rc == 0);
    return v;
}

bool exists(const char *name)
{
    int64_t v = 0;
    return sx_constant(name, &v) == 0;
}

uint32_t count()
{
    uint32_t n = 0;
    REQUIRE_SX(sx_constant_count(&n));
    return n;
}

// The names Python added after 3.11 that Linux headers define (spec/inventory.md §5.2).
const char *const added_after_311[] = {
    "ETH_P_ALL", "ETHERTYPE_ARP", "ETHERTYPE_IP", "ETHERTYPE_IPV6", "ETHERTYPE_VLAN",
    "TCP_MD5SIG", "TCP_THIN_LINEAR_TIMEOUTS", "TCP_THIN_DUPACK", "TCP_REPAIR", "TCP_REPAIR_QUEUE",
    "TCP_QUEUE_SEQ", "TCP_REPAIR_OPTIONS", "TCP_TIMESTAMP", "TCP_CC_INFO", "TCP_SAVE_SYN",
    "TCP_SAVED_SYN", "TCP_REPAIR_WINDOW", "TCP_FASTOPEN_CONNECT", "TCP_ULP", "TCP_MD5SIG_EXT",
    "TCP_FASTOPEN_KEY", "TCP_FASTOPEN_NO_COOKIE", "TCP_ZEROCOPY_RECEIVE", "TCP_INQ", "TCP_TX_DELAY",
    "IP_PKTINFO", "IP_UNBLOCK_SOURCE", "IP_BLOCK_SOURCE", "IP_ADD_SOURCE_MEMBERSHIP",
    "IP_DROP_SOURCE_MEMBERSHIP", "SO_BINDTOIFINDEX", "IP_FREEBIND", "IP_RECVERR", "IPV6_RECVERR",
    "IP_RECVTTL", "IP_RECVORIGDSTADDR", "CAN_RAW_ERR_FILTER", "IPV6_HDRINCL", "SOL_CAN_ISOTP",
    "CAN_ISOTP_OPTS", "CAN_ISOTP_RECV_FC", "CAN_ISOTP_TX_STMIN", "CAN_ISOTP_RX_STMIN",
    "CAN_ISOTP_LL_OPTS", "CAN_ISOTP_LISTEN_MODE", "CAN_ISOTP_EXTEND_ADDR", "CAN_ISOTP_TX_PADDING",
    "CAN_ISOTP_RX_PADDING", "CAN_ISOTP_CHK_PAD_LEN", "CAN_ISOTP_CHK_PAD_DATA", "CAN_ISOTP_HALF_DUPLEX",
    "CAN_ISOTP_FORCE_TXSTMIN", "CAN_ISOTP_FORCE_RXSTMIN", "CAN_ISOTP_RX_EXT_ADDR",
    "CAN_ISOTP_WAIT_TX_DONE", "VMADDR_CID_LOCAL", "SO_ORIGINAL_DST", "NI_IDN",
    // Linux Bluetooth (3.14), from the fixed kernel values.
    "AF_BLUETOOTH", "BTPROTO_L2CAP", "BTPROTO_HCI", "BTPROTO_RFCOMM", "BTPROTO_SCO", "SOL_HCI",
    "SOL_L2CAP", "SOL_RFCOMM", "SOL_SCO", "SOL_BLUETOOTH", "HCI_FILTER", "HCI_DATA_DIR",
    "HCI_TIME_STAMP", "HCI_DEV_NONE", "HCI_CHANNEL_RAW", "HCI_CHANNEL_USER", "HCI_CHANNEL_MONITOR",
    "HCI_CHANNEL_CONTROL", "HCI_CHANNEL_LOGGING", "BDADDR_BREDR", "BDADDR_LE_PUBLIC",
    "BDADDR_LE_RANDOM", "L2CAP_LM", "L2CAP_LM_MASTER", "L2CAP_LM_AUTH", "L2CAP_LM_ENCRYPT",
    "L2CAP_LM_TRUSTED", "L2CAP_LM_RELIABLE", "L2CAP_LM_SECURE", "BT_SECURITY", "BT_SECURITY_SDP",
    "BT_SECURITY_LOW", "BT_SECURITY_MEDIUM", "BT_SECURITY_HIGH", "BT_SECURITY_FIPS", "BT_DEFER_SETUP",
    "BT_FLUSHABLE", "BT_FLUSHABLE_OFF", "BT_FLUSHABLE_ON", "BT_POWER", "BT_POWER_FORCE_ACTIVE_OFF",
    "BT_POWER_FORCE_ACTIVE_ON", "BT_CHANNEL_POLICY", "BT_CHANNEL_POLICY_BREDR_ONLY",
    "BT_CHANNEL_POLICY_BREDR_PREFERRED", "BT_VOICE", "BT_VOICE_TRANSPARENT", "BT_VOICE_CVSD_16BIT",
    "BT_VOICE_TRANSPARENT_16BIT", "BT_SNDMTU", "BT_RCVMTU", "BT_PHY", "BT_PHY_BR_1M_1SLOT",
    "BT_PHY_LE_CODED_RX", "BT_MODE", "BT_MODE_BASIC", "BT_MODE_EXT_FLOWCTL", "BT_PKT_STATUS",
    "BT_ISO_QOS", "BT_CODEC",
};

} // namespace

TEST_CASE("constants: every int constant of Python's socket module exists with Python's value", "[constants]")
{
    // python3 on PATH (here pyenv 3.11.7) and the system interpreter (Debian's, built
    // with the BlueZ headers, so it adds AF_BLUETOOTH, BTPROTO_*, HCI_*, SOL_HCI).
    std::vector<std::string> pythons = {"python3"};
    if (access("/usr/bin/python3", X_OK) == 0)
        pythons.push_back("/usr/bin/python3");
    int interpreters = 0;
    for (const std::string &py : pythons) {
        PyDump dump = python_constants(py);
        if (!dump.ran) {
            WARN(py << " is not available: differential check skipped for it");
            continue;
        }
        interpreters++;
        INFO(py << " (Python " << dump.version << ") exports " << dump.ints.size() << " int constants");
        CHECK(dump.ints.size() >= 300); // sanity: the dump really is the socket module
        size_t missing = 0, wrong = 0;
        for (const auto &[name, value] : dump.ints) {
            int64_t ours = 0;
            int32_t rc = sx_constant(name.c_str(), &ours);
            if (rc != 0) {
                missing++;
                FAIL_CHECK(name << " = " << value << " in Python, but sx_constant says " << sx_error_name(rc));
            } else if (ours != value) {
                wrong++;
                FAIL_CHECK(name << " = " << value << " in Python, but libsocketx has " << ours);
            }
        }
        CHECK(missing == 0);
        CHECK(wrong == 0);
        CHECK(count() >= dump.ints.size());
    }
    if (interpreters == 0)
        WARN("no Python interpreter ran: nothing was compared");
}

TEST_CASE("constants: the table holds Python 3.11's 340 names plus the later additions Linux defines", "[constants]")
{
    size_t added = 0;
    for (const char *name : added_after_311) {
        INFO(name);
        CHECK(exists(name));
        added += exists(name);
    }
    // Appendix A: 340 names in 3.11.7 (without EAGAIN, EBADF, EWOULDBLOCK).
    CHECK(count() >= 340 + added);
    CHECK(added == sizeof added_after_311 / sizeof added_after_311[0]);
    // Things that must not be there: the errno re-exports and Python's str constants.
    for (const char *name : {"EAGAIN", "EBADF", "EWOULDBLOCK", "BDADDR_ANY", "BDADDR_LOCAL", "has_ipv6"}) {
        INFO(name);
        CHECK_FALSE(exists(name));
    }
}

TEST_CASE("constants: enumeration covers every row once, sorted, and round-trips through sx_constant", "[constants]")
{
    uint32_t n = count();
    REQUIRE(n >= 340);
    std::set<std::string> seen;
    std::string previous;
    for (uint32_t i = 0; i < n; i++) {
        const char *name = nullptr;
        int64_t value = 0;
        REQUIRE_SX(sx_constant_at(i, &name, &value));
        REQUIRE(name != nullptr);
        INFO("index " << i << ": " << name);
        CHECK(seen.insert(name).second);                    // once
        CHECK((i == 0 || std::strcmp(previous.c_str(), name) < 0)); // strictly ascending
        CHECK(name[0] >= 'A');
        CHECK(name[0] <= 'Z');
        CHECK(std::strncmp(name, "SX_", 3) != 0);
        CHECK(lookup(name) == value);
        // The name is a static string: the same pointer every time.
        const char *again = nullptr;
        int64_t v2 = 0;
        REQUIRE_SX(sx_constant_at(i, &again, &v2));
        CHECK(again == name);
        previous = name;
    }
    CHECK(seen.size() == n);
    // Python's own mixed-case name is spelled as Python spells it.
    CHECK(seen.count("AF_DECnet") == 1);
}

TEST_CASE("constants: sx_constant and friends reject bad input with the documented codes", "[constants]")
{
    int64_t v = 12345;
    REQUIRE_CODE(sx_constant(nullptr, &v), SX_EARG);
    CHECK(!sxt::detail().empty());
    REQUIRE_CODE(sx_constant("AF_INET", nullptr), SX_EARG);
    REQUIRE_CODE(sx_constant("AF_NO_SUCH_FAMILY", &v), SX_ENOTFOUND);
    CHECK(sxt::detail().find("AF_NO_SUCH_FAMILY") != std::string::npos);
    REQUIRE_CODE(sx_constant("", &v), SX_ENOTFOUND);
    REQUIRE_CODE(sx_constant("af_inet", &v), SX_ENOTFOUND);    // case-sensitive
    REQUIRE_CODE(sx_constant("SX_AF_INET", &v), SX_ENOTFOUND); // Python's names, no prefix
    REQUIRE_CODE(sx_constant("AF_INET ", &v), SX_ENOTFOUND);
    REQUIRE_CODE(sx_constant("AF_DECNET", &v), SX_ENOTFOUND);  // it is AF_DECnet
    REQUIRE_CODE(sx_constant("AAAA", &v), SX_ENOTFOUND);       // before the first row
    REQUIRE_CODE(sx_constant("ZZZZ", &v), SX_ENOTFOUND);       // after the last row
    std::string long_name(10000, 'A');
    REQUIRE_CODE(sx_constant(long_name.c_str(), &v), SX_ENOTFOUND);
    CHECK(v == 12345); // nothing written on failure

    REQUIRE_CODE(sx_constant_count(nullptr), SX_EARG);

    uint32_t n = count();
    const char *name = nullptr;
    REQUIRE_CODE(sx_constant_at(n, &name, &v), SX_EOUTOFRANGE);
    REQUIRE_CODE(sx_constant_at(UINT32_MAX, &name, &v), SX_EOUTOFRANGE);
    CHECK(name == nullptr);
    REQUIRE_CODE(sx_constant_at(0, nullptr, &v), SX_EARG);
    REQUIRE_CODE(sx_constant_at(0, &name, nullptr), SX_EARG);
    REQUIRE_SX(sx_constant_at(n - 1, &name, &v));
}

#define SPOT(name) spot(#name, static_cast<long long>(SX_##name), static_cast<long long>(name))

namespace {
void spot(const char *name, long long macro, long long system)
{
    INFO(name << ": SX_ macro " << macro << ", system header " << system);
    CHECK(macro == system);
    CHECK(lookup(name) == system);
}
} // namespace

TEST_CASE("constants: the SX_ macros equal the system headers' values", "[constants]")
{
    SPOT(AF_UNSPEC); SPOT(AF_INET); SPOT(AF_INET6); SPOT(AF_UNIX); SPOT(AF_PACKET); SPOT(AF_NETLINK);
    SPOT(AF_VSOCK); SPOT(AF_CAN); SPOT(AF_TIPC); SPOT(AF_ALG); SPOT(AF_RDS); SPOT(AF_QIPCRTR);
    SPOT(AF_DECnet); SPOT(AF_BLUETOOTH); SPOT(AF_ROUTE); SPOT(PF_CAN);
    SPOT(SOCK_STREAM); SPOT(SOCK_DGRAM); SPOT(SOCK_RAW); SPOT(SOCK_SEQPACKET); SPOT(SOCK_RDM);
    SPOT(SOCK_NONBLOCK); SPOT(SOCK_CLOEXEC);
    SPOT(SOL_SOCKET); SPOT(SO_REUSEADDR); SPOT(SO_REUSEPORT); SPOT(SO_RCVTIMEO); SPOT(SO_PEERCRED);
    SPOT(SO_BINDTOIFINDEX); SPOT(SOMAXCONN); SPOT(SCM_RIGHTS); SPOT(SCM_CREDENTIALS);
    SPOT(MSG_PEEK); SPOT(MSG_NOSIGNAL); SPOT(MSG_CMSG_CLOEXEC); SPOT(MSG_FASTOPEN);
    SPOT(SOL_IP); SPOT(SOL_TCP); SPOT(SOL_UDP); SPOT(SOL_ALG); SPOT(SOL_TIPC); SPOT(SOL_RDS);
    SPOT(SOL_BLUETOOTH);
    SPOT(IPPROTO_IP); SPOT(IPPROTO_TCP); SPOT(IPPROTO_UDP); SPOT(IPPROTO_UDPLITE); SPOT(IPPROTO_MPTCP);
    SPOT(IPPROTO_SCTP); SPOT(IPPROTO_ICMPV6); SPOT(IPPROTO_RAW);
    SPOT(IPPORT_RESERVED); // glibc: an enumerator, the library's value is CPython's fallback
    CHECK(SX_IPPORT_USERRESERVED == IPPORT_USERRESERVED);
    SPOT(INADDR_ANY); SPOT(INADDR_LOOPBACK); SPOT(INADDR_BROADCAST); SPOT(INADDR_NONE);
    SPOT(INADDR_ALLHOSTS_GROUP); SPOT(INADDR_MAX_LOCAL_GROUP);
    SPOT(IP_TOS); SPOT(IP_PKTINFO); SPOT(IP_FREEBIND); SPOT(IP_RECVERR); SPOT(IP_RECVORIGDSTADDR);
    SPOT(IP_BIND_ADDRESS_NO_PORT); SPOT(IP_DROP_SOURCE_MEMBERSHIP);
    SPOT(IPV6_V6ONLY); SPOT(IPV6_RECVPKTINFO); SPOT(IPV6_HDRINCL); SPOT(IPV6_RECVERR); SPOT(IPV6_TCLASS);
    SPOT(TCP_NODELAY); SPOT(TCP_KEEPIDLE); SPOT(TCP_INFO); SPOT(TCP_INQ); SPOT(TCP_TX_DELAY);
    SPOT(TCP_ZEROCOPY_RECEIVE);
    SPOT(AI_PASSIVE); SPOT(AI_NUMERICSERV); SPOT(AI_ADDRCONFIG); SPOT(NI_MAXHOST); SPOT(NI_NUMERICHOST);
    SPOT(NI_IDN);
    SPOT(SHUT_RD); SPOT(SHUT_WR); SPOT(SHUT_RDWR);
    SPOT(ETH_P_ALL); SPOT(ETHERTYPE_IP); SPOT(ETHERTYPE_VLAN); SPOT(PACKET_HOST); SPOT(PACKET_OUTGOING);
    SPOT(NETLINK_ROUTE); SPOT(NETLINK_CRYPTO);
    SPOT(VMADDR_CID_ANY); SPOT(VMADDR_PORT_ANY); SPOT(VMADDR_CID_LOCAL); SPOT(VMADDR_CID_HOST);
    SPOT(VM_SOCKETS_INVALID_VERSION); SPOT(IOCTL_VM_SOCKETS_GET_LOCAL_CID); SPOT(SO_VM_SOCKETS_BUFFER_SIZE);
    SPOT(TIPC_WAIT_FOREVER); SPOT(TIPC_NODE_SCOPE); SPOT(TIPC_CLUSTER_SCOPE); SPOT(TIPC_ADDR_ID);
    SPOT(ALG_SET_KEY); SPOT(ALG_OP_ENCRYPT); SPOT(ALG_SET_AEAD_AUTHSIZE);
    SPOT(CAN_EFF_FLAG); SPOT(CAN_EFF_MASK); SPOT(CAN_ERR_FLAG); SPOT(SOL_CAN_RAW); SPOT(CAN_ISOTP);
    SPOT(CAN_RAW_FILTER); SPOT(CAN_RAW_ERR_FILTER); SPOT(CAN_RAW_JOIN_FILTERS);
    SPOT(SOL_CAN_ISOTP); SPOT(CAN_ISOTP_OPTS); SPOT(CAN_ISOTP_WAIT_TX_DONE); SPOT(CAN_ISOTP_SF_BROADCAST);
    SPOT(J1939_NO_PGN); SPOT(J1939_PGN_MAX); SPOT(SO_J1939_FILTER); SPOT(SCM_J1939_ERRQUEUE);
    SPOT(J1939_EE_INFO_TX_ABORT);

    // Python's renamed CAN_BCM_* constants carry the kernel's unprefixed values.
    spot("CAN_BCM_TX_SETUP", SX_CAN_BCM_TX_SETUP, TX_SETUP);
    spot("CAN_BCM_RX_CHANGED", SX_CAN_BCM_RX_CHANGED, RX_CHANGED);
    spot("CAN_BCM_SETTIMER", SX_CAN_BCM_SETTIMER, SETTIMER);
    spot("CAN_BCM_CAN_FD_FRAME", SX_CAN_BCM_CAN_FD_FRAME, CAN_FD_FRAME);

    // Values that need more than int32_t, or are negative, come back exactly.
    CHECK(lookup("CAN_EFF_FLAG") == 0x80000000LL);
    CHECK(lookup("VMADDR_CID_ANY") == 0xFFFFFFFFLL);
    CHECK(lookup("INADDR_LOOPBACK") == 2130706433LL); // host order
    CHECK(lookup("TIPC_WAIT_FOREVER") == -1);
    CHECK(lookup("AF_BLUETOOTH") == 31);
}

TEST_CASE("constants: the message constants beyond Python's list equal the headers' values", "[constants][msg]")
{
    // Timestamps (glibc picks _OLD or _NEW for the plain names by the width of time_t).
    SPOT(SO_TIMESTAMP); SPOT(SO_TIMESTAMPNS); SPOT(SO_TIMESTAMPING); SPOT(SO_TIMESTAMP_OLD);
    SPOT(SO_TIMESTAMPNS_OLD); SPOT(SO_TIMESTAMPING_OLD); SPOT(SO_TIMESTAMP_NEW); SPOT(SO_TIMESTAMPNS_NEW);
    SPOT(SO_TIMESTAMPING_NEW); SPOT(SCM_TIMESTAMP); SPOT(SCM_TIMESTAMPNS); SPOT(SCM_TIMESTAMPING);
    SPOT(SOF_TIMESTAMPING_SOFTWARE); SPOT(SOF_TIMESTAMPING_RX_SOFTWARE); SPOT(SOF_TIMESTAMPING_OPT_ID);
    // Zero-copy, the error queue's origins and codes, UDP GSO/GRO, transmit time.
    SPOT(SO_ZEROCOPY); SPOT(MSG_ZEROCOPY); SPOT(SO_EE_ORIGIN_NONE); SPOT(SO_EE_ORIGIN_LOCAL);
    SPOT(SO_EE_ORIGIN_ICMP); SPOT(SO_EE_ORIGIN_ICMP6); SPOT(SO_EE_ORIGIN_TXSTATUS); SPOT(SO_EE_ORIGIN_ZEROCOPY);
    SPOT(SO_EE_ORIGIN_TXTIME); SPOT(SO_EE_CODE_ZEROCOPY_COPIED); SPOT(UDP_SEGMENT); SPOT(UDP_GRO);
    SPOT(SO_TXTIME); SPOT(SCM_TXTIME); SPOT(SO_RXQ_OVFL); SPOT(SO_PEEK_OFF);
    // And at run time by name, as every binding reads them.
    for (const char *name : {"SO_TIMESTAMPNS", "MSG_ZEROCOPY", "SO_EE_ORIGIN_ZEROCOPY", "UDP_GRO", "SO_ZEROCOPY"}) {
        INFO(name);
        CHECK(exists(name));
    }
}

TEST_CASE("constants: the resolver's native EAI_* numbers are SX_NATIVE_EAI_*, apart from the SX_EAI_* codes", "[constants]")
{
    spot("EAI_NONAME", SX_NATIVE_EAI_NONAME, EAI_NONAME);
    spot("EAI_AGAIN", SX_NATIVE_EAI_AGAIN, EAI_AGAIN);
    spot("EAI_BADFLAGS", SX_NATIVE_EAI_BADFLAGS, EAI_BADFLAGS);
    spot("EAI_FAIL", SX_NATIVE_EAI_FAIL, EAI_FAIL);
    spot("EAI_FAMILY", SX_NATIVE_EAI_FAMILY, EAI_FAMILY);
    spot("EAI_MEMORY", SX_NATIVE_EAI_MEMORY, EAI_MEMORY);
    spot("EAI_NODATA", SX_NATIVE_EAI_NODATA, EAI_NODATA);
    spot("EAI_ADDRFAMILY", SX_NATIVE_EAI_ADDRFAMILY, EAI_ADDRFAMILY);
    spot("EAI_SERVICE", SX_NATIVE_EAI_SERVICE, EAI_SERVICE);
    spot("EAI_SOCKTYPE", SX_NATIVE_EAI_SOCKTYPE, EAI_SOCKTYPE);
    spot("EAI_SYSTEM", SX_NATIVE_EAI_SYSTEM, EAI_SYSTEM);
    spot("EAI_OVERFLOW", SX_NATIVE_EAI_OVERFLOW, EAI_OVERFLOW);
    // The status codes keep their own range: -1000 + the glibc number.
    CHECK(SX_EAI_NONAME == -1000 + EAI_NONAME);
    CHECK(SX_EAI_NONAME != SX_NATIVE_EAI_NONAME);
    CHECK(lookup("EAI_NONAME") == -2);
}

TEST_CASE("constants: constant lookups are safe from many threads at once", "[constants][threads]")
{
    uint32_t n = count();
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; t++)
        threads.emplace_back([t, n, &failures] {
            for (int round = 0; round < (sxt::under_valgrind() ? 2 : 20); round++)
                for (uint32_t i = 0; i < n; i++) {
                    const char *name = nullptr;
                    int64_t a = 0, b = 0;
                    if (sx_constant_at(i, &name, &a) != 0 || sx_constant(name, &b) != 0 || a != b)
                        failures[t]++;
                }
        });
    for (auto &th : threads)
        th.join();
    for (int f : failures)
        CHECK(f == 0);
}
