/* SPDX-License-Identifier: MIT */
/* The library's version, ABI level, and which address families this build and kernel support. */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "detail.h"
#include "family.h"
#include "socketx/errors.h"
#include "socketx/version.h"

/* The library's own version is that of the headers it is built with (tests/hygiene/check-version.py
 * ties them to CMake's project version); a program's copy of the macros is the version it was
 * compiled against, which may be older. */
#define LIB_ABI_MAJOR 1u
#define LIB_ABI_MINOR 1u /* the newest node of abi/socketx.map: SOCKETX_1.1 */

int32_t sx_version(uint32_t *major_out, uint32_t *minor_out, uint32_t *patch_out)
{
    if (!major_out || !minor_out || !patch_out)
        return sxi_fail(SX_EARG, "sx_version: %s is NULL",
                        !major_out ? "major_out" : !minor_out ? "minor_out" : "patch_out");
    *major_out = SX_VERSION_MAJOR;
    *minor_out = SX_VERSION_MINOR;
    *patch_out = SX_VERSION_PATCH;
    return 0;
}

const char *sx_version_string(void)
{
    return SX_VERSION_STRING;
}

int32_t sx_abi_level(uint32_t *major_out, uint32_t *minor_out)
{
    if (!major_out || !minor_out)
        return sxi_fail(SX_EARG, "sx_abi_level: %s is NULL", !major_out ? "major_out" : "minor_out");
    *major_out = LIB_ABI_MAJOR;
    *minor_out = LIB_ABI_MINOR;
    return 0;
}

/* Resource shortages: socket(2) failed before it could tell whether the family exists. */
static int is_resource_error(int e)
{
    return e == EMFILE || e == ENFILE || e == ENOMEM || e == ENOBUFS;
}

int32_t sx_family_supported(int32_t family, int *build_out, int *kernel_out)
{
    if (!build_out || !kernel_out)
        return sxi_fail(SX_EARG, "sx_family_supported: %s is NULL", !build_out ? "build_out" : "kernel_out");
    if (family < 0)
        return sxi_fail(SX_EARG, "sx_family_supported: family %d is negative", (int)family);

    static const int types[] = {SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW};
    int kernel = 0;
    for (size_t i = 0; i < sizeof types / sizeof types[0] && !kernel; i++) {
        int fd = socket(family, types[i] | SOCK_CLOEXEC, 0);
        if (fd >= 0) {
            close(fd);
            kernel = 1;
        } else if (is_resource_error(errno)) {
            return sxi_fail_errno(errno, "sx_family_supported: probe socket(2)");
        } else if (errno != EAFNOSUPPORT) {
            kernel = 1; /* the family answered: it exists but refuses this type, protocol or caller */
        }
    }
    *build_out = sxi_family_find(family) != NULL; /* a codec in the family table */
    *kernel_out = kernel;
    return 0;
}
