// SPDX-License-Identifier: MIT
// AF_VSOCK: the (cid, port) codec against struct sockaddr_vm, its text form, and the live
// parts this kernel allows: the local CID, sockets the transport refuses, the u64 options.
#include "codec_checks.hpp"

#include <cerrno>
#include <cstddef>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
// After sys/socket.h: linux/vm_sockets.h uses struct sockaddr without including it.
#include <linux/vm_sockets.h>
#include <socketx/family/vsock.h>

using sxt::Addr;
using sxt::Sock;

namespace {

uint32_t cid_of(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_vsock_cid(a, &v));
    return v;
}

uint32_t port_of(sx_addr a)
{
    uint32_t v = 0xdeadbeef;
    REQUIRE_SX(sx_addr_vsock_port(a, &v));
    return v;
}

} // namespace

TEST_CASE("vsock: struct sockaddr_vm is the layout the codec writes", "[family][vsock]")
{
    STATIC_REQUIRE(sizeof(struct sockaddr_vm) == 16);
    STATIC_REQUIRE(offsetof(struct sockaddr_vm, svm_family) == 0);
    STATIC_REQUIRE(offsetof(struct sockaddr_vm, svm_port) == 4);
    STATIC_REQUIRE(offsetof(struct sockaddr_vm, svm_cid) == 8);
    // The special values are the kernel's.
    STATIC_REQUIRE(SX_VMADDR_CID_ANY == VMADDR_CID_ANY);
    STATIC_REQUIRE(SX_VMADDR_PORT_ANY == VMADDR_PORT_ANY);
    STATIC_REQUIRE(SX_VMADDR_CID_HYPERVISOR == VMADDR_CID_HYPERVISOR);
    STATIC_REQUIRE(SX_VMADDR_CID_LOCAL == VMADDR_CID_LOCAL);
    STATIC_REQUIRE(SX_VMADDR_CID_HOST == VMADDR_CID_HOST);
    const uint32_t cids[] = {VMADDR_CID_HYPERVISOR, VMADDR_CID_LOCAL, VMADDR_CID_HOST, 3, 0x7fffffff,
                             VMADDR_CID_ANY};
    const uint32_t ports[] = {0, 1, 1023, 1234, 0x80000000u, VMADDR_PORT_ANY};
    for (uint32_t cid : cids) {
        for (uint32_t port : ports) {
            INFO("cid " << cid << " port " << port);
            Addr a;
            REQUIRE_SX(sx_addr_vsock(cid, port, a.out()));
            struct sockaddr_vm vm;
            std::memset(&vm, 0, sizeof vm);
            vm.svm_family = AF_VSOCK;
            vm.svm_cid = cid;
            vm.svm_port = port;
            CHECK(sxt::raw(a) == sxt::bytes_of(vm));
            CHECK(sxt::family(a) == SX_AF_VSOCK);
            CHECK(cid_of(a) == cid);
            CHECK(port_of(a) == port);
            Addr back;
            REQUIRE_SX(sx_addr_from_sockaddr(&vm, sizeof vm, back.out()));
            CHECK(sxt::equal(a, back) == 1);
            CHECK(cid_of(back) == cid);
            CHECK(port_of(back) == port);
            sxt::check_text_round_trip(a, SX_AF_VSOCK);
        }
    }
}

TEST_CASE("vsock: the text form is vsock:<cid>:<port> in decimal", "[family][vsock]")
{
    Addr host, any;
    REQUIRE_SX(sx_addr_vsock(SX_VMADDR_CID_HOST, 1234, host.out()));
    CHECK(sxt::text(host) == "vsock:2:1234");
    REQUIRE_SX(sx_addr_vsock(VMADDR_CID_ANY, VMADDR_PORT_ANY, any.out()));
    CHECK(sxt::text(any) == "vsock:4294967295:4294967295");
    // svm_flags (VMADDR_FLAG_TO_HOST) has no field in the text: such an address is shown raw.
    struct sockaddr_vm vm;
    std::memset(&vm, 0, sizeof vm);
    vm.svm_family = AF_VSOCK;
    vm.svm_cid = 5;
    vm.svm_port = 6;
    vm.svm_flags = 1;
    Addr flagged;
    REQUIRE_SX(sx_addr_from_sockaddr(&vm, sizeof vm, flagged.out()));
    CHECK(sxt::text(flagged).rfind("family=40:", 0) == 0);
    CHECK(cid_of(flagged) == 5);
}

TEST_CASE("vsock: malformed text gets a clear code and a detail", "[family][vsock]")
{
    sxt::check_bad_text(SX_AF_VSOCK, "vsock:4294967296:1", SX_EOUTOFRANGE);
    sxt::check_bad_text(SX_AF_VSOCK, "vsock:2:4294967296", SX_EOUTOFRANGE);
    for (const char *t : {"vsock:", "vsock:2", "vsock:2:", "vsock::1", "vsock:-1:1", "vsock:2:1:", "vsock:2:1x",
                          "vsock:host:1", "vsock 2:1"})
        sxt::check_bad_text(SX_AF_VSOCK, t, SX_EARG);
}

TEST_CASE("vsock: accessors refuse NULL, other families and bad handles", "[family][vsock]")
{
    Addr a;
    REQUIRE_SX(sx_addr_vsock(2, 3, a.out()));
    sxt::check_accessor_refusals(sx_addr_vsock_cid, a);
    sxt::check_accessor_refusals(sx_addr_vsock_port, a);
    CHECK(sx_addr_vsock(2, 3, nullptr) == SX_EARG);
}

TEST_CASE("vsock: raw sockaddr bytes of every length 2..128 never crash an accessor", "[family][vsock]")
{
    sxt::sweep_raw_bytes(SX_AF_VSOCK, sizeof(struct sockaddr_vm), "vsock",
                         {[](sx_addr a) {
                              uint32_t v;
                              return sx_addr_vsock_cid(a, &v);
                          },
                          [](sx_addr a) {
                              uint32_t v;
                              return sx_addr_vsock_port(a, &v);
                          }});
}

TEST_CASE("vsock live: sx_vsock_local_cid gives what the ioctl on /dev/vsock gives", "[family][vsock][live]")
{
    CHECK(sx_vsock_local_cid(nullptr) == SX_EARG);
    uint32_t cid = 0xdeadbeef;
    int32_t rc = sx_vsock_local_cid(&cid);
    if (access("/dev/vsock", F_OK) != 0) {
        CHECK(rc == SX_ENOTSUP);
        CHECK(sxt::detail().find("/dev/vsock") != std::string::npos);
        WARN("skipped: no /dev/vsock (the vsock transport is not loaded): the ENOTSUP path was checked");
        return;
    }
    int fd = open("/dev/vsock", O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    unsigned int by_hand = 0;
    int r = ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &by_hand);
    int e = errno;
    close(fd);
    if (r != 0) {
        CHECK(rc == -e);
        return;
    }
    REQUIRE_SX(rc);
    CHECK(cid == by_hand);
    CHECK(cid != VMADDR_CID_ANY);
}

TEST_CASE("vsock live: a socket the transport refuses gives the kernel's code and a detail", "[family][vsock][live]")
{
    // Each socket type as socket(2) answers it by hand, then through the library.
    for (int32_t type : {SX_SOCK_STREAM, SX_SOCK_DGRAM, SX_SOCK_SEQPACKET}) {
        INFO("type " << type);
        int fd = socket(AF_VSOCK, type | SOCK_CLOEXEC, 0);
        int e = errno;
        if (fd >= 0)
            close(fd);
        Sock s;
        int32_t rc = sx_socket_open(SX_AF_VSOCK, type, 0, s.out());
        if (fd >= 0) {
            CHECK(rc == 0);
            continue;
        }
        CHECK(rc == -e); // SX_ENODEV without a transport for the type, SX_EAFNOSUPPORT without vsock
        CHECK((rc == SX_ENODEV || rc == SX_EAFNOSUPPORT || rc == SX_ESOCKTNOSUPPORT));
        CHECK(s.h == 0);
        CHECK(sxt::detail().find("socket") != std::string::npos);
    }
}

TEST_CASE("vsock live: the buffer-size options are 64-bit values", "[family][vsock][live][vsockopt]")
{
    Sock s;
    int32_t rc = sx_socket_open(SX_AF_VSOCK, SX_SOCK_STREAM, 0, s.out());
    if (rc != 0) {
        WARN("skipped: no AF_VSOCK stream socket here (" << sx_error_name(rc) << ": " << sxt::detail() << ")");
        return;
    }
    int64_t size = 0, max = 0, min = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_MAX_SIZE, &max));
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_SIZE, &size));
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_MIN_SIZE, &min));
    CHECK(min <= size);
    CHECK(size <= max);
    // Above 2**32: only a 64-bit value carries these.
    const int64_t big_max = INT64_C(1) << 33, big = (INT64_C(1) << 32) + 4096;
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_MAX_SIZE, big_max));
    REQUIRE_SX(sx_socket_setsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_SIZE, big));
    int64_t v = 0;
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_MAX_SIZE, &v));
    CHECK(v == big_max);
    REQUIRE_SX(sx_socket_getsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_SIZE, &v));
    CHECK(v == big);
    CHECK(sx_socket_setsockopt_int(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_SIZE, -1) == SX_EOUTOFRANGE);
    char buf[8];
    size_t len = 0;
    CHECK(sx_socket_getsockopt_bytes(s, SX_AF_VSOCK, SX_SO_VM_SOCKETS_BUFFER_SIZE, buf, sizeof buf, &len) == SX_EARG);

    // bind (ANY, PORT_ANY): the kernel picks a port, getsockname reads it back through the codec.
    Addr any, name;
    REQUIRE_SX(sx_addr_vsock(VMADDR_CID_ANY, VMADDR_PORT_ANY, any.out()));
    REQUIRE_SX(sx_socket_bind(s, any));
    REQUIRE_SX(sx_socket_getsockname(s, name.out()));
    CHECK(cid_of(name) == VMADDR_CID_ANY);
    CHECK(port_of(name) != VMADDR_PORT_ANY);
    sxt::check_text_round_trip(name, SX_AF_VSOCK);
}
