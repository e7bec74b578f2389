/* SPDX-License-Identifier: MIT */
/*
 * Raw sockaddr bytes of any family and any length into sx_addr_from_sockaddr(), then every
 * accessor of the address. The input is the sockaddr itself, passed at an odd address
 * because callers' buffers need not be aligned.
 */
#include <linux/can.h>
#include <linux/if_alg.h>
#include <linux/netlink.h>
#include <linux/qrtr.h>
#include <linux/tipc.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stddef.h>
#include <sys/socket.h>

#include "addr_check.h"
#include "fuzz.h"

/*
 * The shortest sockaddr of each family with a codec (src/family/), written out from the
 * kernel's structs so that a table entry that drifts is caught: sx_addr_from_sockaddr()
 * refuses less. Families without a codec take any length from 2.
 */
static size_t min_len(sa_family_t family)
{
    switch (family) {
    case AF_INET:
        return sizeof(struct sockaddr_in);
    case AF_INET6:
        return sizeof(struct sockaddr_in6);
    case AF_NETLINK:
        return sizeof(struct sockaddr_nl);
    case AF_PACKET:
        return offsetof(struct sockaddr_ll, sll_addr);
    case AF_VSOCK:
        return sizeof(struct sockaddr_vm);
    case AF_CAN:
        return offsetof(struct sockaddr_can, can_addr);
    case AF_ALG:
        return sizeof(struct sockaddr_alg);
    case AF_TIPC:
        return sizeof(struct sockaddr_tipc);
    case AF_QIPCRTR:
        return sizeof(struct sockaddr_qrtr);
    case AF_BLUETOOTH:
        return 6; /* struct sockaddr_hci, the shortest Bluetooth layout */
    default:
        return sizeof(sa_family_t);
    }
}

/* What sx_addr_from_sockaddr() must accept: 2..128 bytes, and a codec family's whole fields. */
static int acceptable(const uint8_t *sa, size_t len)
{
    if (len < sizeof(sa_family_t) || len > sizeof(struct sockaddr_storage))
        return 0;
    sa_family_t family;
    memcpy(&family, sa, sizeof family);
    return len >= min_len(family);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size + 1);
    FZ_CHECK(copy != NULL);
    if (size)
        memcpy(copy + 1, data, size);
    const uint8_t *sa = copy + 1;

    sx_addr a = 12345;
    int32_t rc = sx_addr_from_sockaddr(sa, size, &a);
    if (!acceptable(sa, size)) {
        FZ_CHECK(rc == SX_EARG && a == 0);
        free(copy);
        return 0;
    }
    FZ_EXPECT_RC(rc, 0);
    FZ_CHECK(a != 0 && a < (UINT64_C(1) << 53));

    /* The bytes come back exactly as given. */
    uint8_t back[sizeof(struct sockaddr_storage)];
    size_t len = 0;
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, back, sizeof back, &len), 0);
    FZ_CHECK(len == size && memcmp(back, sa, size) == 0);

    fz_check_addr(a);

    FZ_EXPECT_RC(sx_addr_close(a), 0);
    FZ_EXPECT_RC(sx_addr_close(a), 0); /* closing twice is harmless */
    int32_t family = -1;
    FZ_EXPECT_RC(sx_addr_family(a, &family), SX_EBADHANDLE);
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, back, sizeof back, &len), SX_EBADHANDLE);
    FZ_CHECK(family == -1);

    FZ_EXPECT_RC(sx_addr_from_sockaddr(NULL, size, &a), SX_EARG);
    FZ_EXPECT_RC(sx_addr_from_sockaddr(sa, size, NULL), SX_EARG);
    free(copy);
    return 0;
}
