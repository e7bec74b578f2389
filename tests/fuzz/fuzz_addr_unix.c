/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX names into the two UNIX constructors: the whole input as the bytes of
 * sx_addr_unix_bytes() (a leading NUL makes an abstract name, later NULs allowed), and the
 * input up to its first NUL as the C string of sx_addr_unix(). Checks the limits (107
 * bytes for a path, 108 for an abstract name), the name read back, the sockaddr length
 * (a path counts its terminator, an abstract name does not) and the text form.
 */
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "addr_check.h"
#include "fuzz.h"

#define NAME_OFFSET offsetof(struct sockaddr_un, sun_path)
#define SUN_PATH_SIZE sizeof(((struct sockaddr_un *)0)->sun_path)

/* The name the kernel and sx_addr_unix_path() see: an abstract name whole, a path up to its first NUL. */
static size_t visible_len(const uint8_t *name, size_t len)
{
    if (len == 0 || name[0] == 0)
        return len;
    const uint8_t *nul = memchr(name, 0, len);
    return nul ? (size_t)(nul - name) : len;
}

static void check_unix(int32_t rc, sx_addr a, const uint8_t *name, size_t len)
{
    int abstract = len && name[0] == 0;
    if ((abstract && len > SUN_PATH_SIZE) || (!abstract && len >= SUN_PATH_SIZE)) {
        FZ_CHECK(rc == SX_EARG && a == 0);
        return;
    }
    FZ_EXPECT_RC(rc, 0);
    fz_check_addr(a);

    size_t want_len = len == 0 ? NAME_OFFSET : abstract ? NAME_OFFSET + len : NAME_OFFSET + len + 1;
    uint8_t raw[sizeof(struct sockaddr_storage)];
    size_t n = 0;
    FZ_EXPECT_RC(sx_addr_to_sockaddr(a, raw, sizeof raw, &n), 0);
    FZ_CHECK(n == want_len);
    sa_family_t family;
    memcpy(&family, raw, sizeof family);
    FZ_CHECK(family == AF_UNIX);
    FZ_CHECK(len == 0 || memcmp(raw + NAME_OFFSET, name, len) == 0);
    FZ_CHECK(abstract || len == 0 || raw[NAME_OFFSET + len] == 0);

    uint8_t back[SUN_PATH_SIZE + 1];
    FZ_EXPECT_RC(sx_addr_unix_path(a, back, sizeof back, &n), 0);
    size_t vis = visible_len(name, len);
    FZ_CHECK(n == vis && memcmp(back, name, vis) == 0);
    FZ_EXPECT_RC(sx_addr_close(a), 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size heap copy, so that ASan sees a read one byte past the name. */
    uint8_t *name = malloc(size ? size : 1);
    FZ_CHECK(name != NULL);
    if (size)
        memcpy(name, data, size);
    sx_addr a = 7;
    int32_t rc = sx_addr_unix_bytes(name, size, &a);
    check_unix(rc, a, name, size);
    FZ_EXPECT_RC(sx_addr_unix_bytes(NULL, size, &a), size ? SX_EARG : 0);
    if (!size)
        FZ_EXPECT_RC(sx_addr_close(a), 0);
    FZ_EXPECT_RC(sx_addr_unix_bytes(name, size, NULL), SX_EARG);
    free(name);

    struct fz_input in = {data, size};
    char *path = fz_string(&in);
    a = 7;
    rc = sx_addr_unix(path, &a);
    check_unix(rc, a, (const uint8_t *)path, strlen(path));
    FZ_EXPECT_RC(sx_addr_unix(NULL, &a), SX_EARG);
    FZ_EXPECT_RC(sx_addr_unix(path, NULL), SX_EARG);
    free(path);
    return 0;
}
