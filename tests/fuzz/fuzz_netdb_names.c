/* SPDX-License-Identifier: MIT */
/*
 * Name -> number lookups in the local databases: sx_getprotobyname(), sx_getservbyname()
 * and sx_getservbyport() (/etc/protocols and /etc/services through NSS, never DNS) and
 * sx_if_nametoindex() / sx_if_indextoname() (the kernel's interface table).
 * Input: a name, NUL, a protocol name, NUL, then a port (4 bytes), an interface index
 * (4 bytes) and a byte whose low bit makes the protocol NULL ("any").
 */
#include "fuzz.h"

static void check_detail_bounded(void)
{
    size_t n = 0;
    FZ_CHECK(sx_last_error_detail(NULL, 0, &n) == SX_ETRUNC && n < 256);
}

static void check_proto(const char *name)
{
    int32_t p = -1;
    int32_t rc = sx_getprotobyname(name, &p);
    if (rc == 0) {
        FZ_CHECK(p >= 0 && p <= 255);
    } else {
        FZ_CHECK(rc == SX_ENOTFOUND && p == -1);
        check_detail_bounded();
    }
    FZ_EXPECT_RC(sx_getprotobyname(name, NULL), SX_EARG);
}

/* A service found by name is found again by its port, under the same protocol. */
static void check_service_name(const char *name, const char *proto)
{
    int32_t port = -1;
    int32_t rc = sx_getservbyname(name, proto, &port);
    if (rc) {
        FZ_CHECK(rc == SX_ENOTFOUND && port == -1);
        check_detail_bounded();
        return;
    }
    FZ_CHECK(port >= 0 && port <= 65535);
    char buf[256];
    size_t n = 0;
    FZ_EXPECT_RC(sx_getservbyport(port, proto, buf, sizeof buf, &n), 0);
    FZ_CHECK(n > 0 && strlen(buf) == n);
}

/* A service found by port is found again by its name, on that port when the protocol is fixed. */
static void check_service_port(int32_t port, const char *proto)
{
    char buf[256];
    size_t n = 0;
    int32_t rc = sx_getservbyport(port, proto, buf, sizeof buf, &n);
    if (port < 0 || port > 65535) {
        FZ_EXPECT_RC(rc, SX_EOUTOFRANGE);
        return;
    }
    if (rc) {
        FZ_EXPECT_RC(rc, SX_ENOTFOUND);
        return;
    }
    FZ_CHECK(n > 0 && strlen(buf) == n);
    size_t n2 = 0;
    FZ_EXPECT_RC(sx_getservbyport(port, proto, buf, n, &n2), SX_ETRUNC);
    FZ_CHECK(n2 == n);
    int32_t back = -1;
    FZ_EXPECT_RC(sx_getservbyname(buf, proto, &back), 0);
    if (proto)
        FZ_CHECK(back == port);
}

/* Interface names and indexes map to each other (a name may be an alternative name). */
static void check_interface(const char *name, uint32_t index)
{
    uint32_t idx = 0;
    int32_t rc = sx_if_nametoindex(name, &idx);
    char buf[32];
    size_t n = 0;
    if (rc == 0) {
        FZ_CHECK(idx > 0);
        FZ_EXPECT_RC(sx_if_indextoname(idx, buf, sizeof buf, &n), 0);
        uint32_t again = 0;
        FZ_EXPECT_RC(sx_if_nametoindex(buf, &again), 0);
        FZ_CHECK(again == idx);
    } else {
        FZ_CHECK(rc == SX_ENOTFOUND && idx == 0);
    }
    rc = sx_if_indextoname(index, buf, sizeof buf, &n);
    if (rc == 0) {
        FZ_CHECK(index > 0 && n > 0 && n < 16 && strlen(buf) == n);
        FZ_EXPECT_RC(sx_if_nametoindex(buf, &idx), 0);
        FZ_CHECK(idx == index);
    } else {
        FZ_EXPECT_RC(rc, SX_ENXIO);
    }
    FZ_EXPECT_RC(sx_if_nametoindex(name, NULL), SX_EARG);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz_input in = {data, size};
    char *name = fz_string(&in);
    char *proto_text = fz_string(&in);
    int32_t port = (int32_t)fz_u32(&in);
    uint32_t index = fz_u32(&in);
    uint8_t opts = fz_u8(&in);
    const char *proto = (opts & 1) ? NULL : proto_text;
    /* Mostly ports and indexes that exist, so the found paths run too. */
    if (!(opts & 0x80)) {
        port &= 0x3FF;
        index &= 0x7;
    }
    check_proto(name);
    check_service_name(name, proto);
    check_service_port(port, proto);
    check_interface(name, index);
    free(name);
    free(proto_text);
    return 0;
}
