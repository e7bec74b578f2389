/*
 * Raw sockaddr bytes of any family and any length into sx_addr_from_sockaddr(), then every
 * accessor of the address. The input is the sockaddr itself, passed at an odd address
 * because callers' buffers need not be aligned.
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include "addr_check.h"
#include "fuzz.h"

/* What sx_addr_from_sockaddr() must accept: 2..128 bytes, INET and INET6 no shorter than their struct. */
static int acceptable(const uint8_t *sa, size_t len)
{
    if (len < sizeof(sa_family_t) || len > sizeof(struct sockaddr_storage))
        return 0;
    sa_family_t family;
    memcpy(&family, sa, sizeof family);
    if (family == AF_INET)
        return len >= sizeof(struct sockaddr_in);
    if (family == AF_INET6)
        return len >= sizeof(struct sockaddr_in6);
    return 1;
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
