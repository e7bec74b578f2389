/* SPDX-License-Identifier: MIT */
/*
 * Any text into sx_addr_from_string(), by scheme and with each family named, then the
 * round trip every text form promises: an address read from text writes a text that reads
 * back to the same bytes. The first input byte picks the family; the rest is the text.
 */
#include <sys/socket.h>

#include "addr_check.h"
#include "fuzz.h"

/* Families with a text form on Linux; AF_UNSPEC goes by the scheme. AF_INET's parser never resolves names. */
static const int32_t families[] = {AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, AF_PACKET, AF_VSOCK,
                                   AF_CAN, AF_ALG, AF_TIPC, AF_QIPCRTR, AF_BLUETOOTH};

/* The calling thread's detail message (empty if there is none). */
static const char *detail(void)
{
    static char buf[512];
    size_t len = 0;
    if (sx_last_error_detail(buf, sizeof buf, &len) != 0)
        buf[0] = '\0';
    return buf;
}

/* An address that read once must write a text that reads back as the same bytes. */
static void round_trip(sx_addr a)
{
    char text[600];
    size_t len = 0;
    FZ_EXPECT_RC(sx_addr_to_string(a, text, sizeof text, &len), 0);
    int32_t family = 0;
    FZ_EXPECT_RC(sx_addr_family(a, &family), 0);
    sx_addr b = 0;
    int32_t rc = sx_addr_from_string(family, text, &b);
    if (rc == SX_ENOTFOUND) /* an interface that went away between the two reads */
        return;
    if (rc != 0) {
        fprintf(stderr, "text '%s' of family %d does not read back: %s (%s)\n", text, (int)family,
                sx_error_name(rc), detail());
        abort();
    }
    int equal = 0;
    FZ_EXPECT_RC(sx_addr_equal(a, b, &equal), 0);
    if (!equal) {
        fprintf(stderr, "text '%s' of family %d reads back as another address\n", text, (int)family);
        abort();
    }
    FZ_EXPECT_RC(sx_addr_close(b), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int32_t family = families[data[0] % (sizeof families / sizeof families[0])];
    char *text = malloc(size);
    FZ_CHECK(text != NULL);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';

    sx_addr a = 12345;
    int32_t rc = sx_addr_from_string(family, text, &a);
    if (rc == 0) {
        FZ_CHECK(a != 0);
        fz_check_addr(a);
        round_trip(a);
        FZ_EXPECT_RC(sx_addr_close(a), 0);
    } else {
        FZ_CHECK(a == 0);
        FZ_CHECK(rc == SX_EARG || rc == SX_EOUTOFRANGE || rc == SX_ENOTFOUND || rc == SX_ENOTSUP);
        FZ_CHECK(detail()[0] != '\0');
    }
    free(text);
    return 0;
}
