/* SPDX-License-Identifier: MIT */
/*
 * vsock_address - AF_VSOCK addresses (virtual machine <-> host sockets): made from a
 * context id and a port, read back with the getters, written as text "vsock:CID:PORT"
 * and parsed again with sx_addr_from_string(). These need no vsock transport; whether
 * the kernel has one is reported by sx_family_supported() and sx_vsock_local_cid().
 */
#include "example.h"

#include <string.h>

int main(void)
{
    sx_addr host = 0, parsed = 0;
    uint32_t cid = 0, port = 0;
    int equal = 0, in_build = 0, in_kernel = 0;
    char text[64];

    check("sx_addr_vsock", sx_addr_vsock(SX_VMADDR_CID_HOST, 1234, &host));
    check("sx_addr_vsock_cid", sx_addr_vsock_cid(host, &cid));
    check("sx_addr_vsock_port", sx_addr_vsock_port(host, &port));
    printf("address %s: cid %u, port %u\n", addr_text(host, text, sizeof text), cid, port);
    check("sx_addr_from_string", sx_addr_from_string(SX_AF_VSOCK, text, &parsed));
    check("sx_addr_equal", sx_addr_equal(host, parsed, &equal));
    printf("parsed back: %s\n", equal ? "equal" : "DIFFERENT");

    check("sx_family_supported", sx_family_supported(SX_AF_VSOCK, &in_build, &in_kernel));
    uint32_t local = 0;
    int32_t rc = sx_vsock_local_cid(&local);
    if (rc == 0)
        printf("AF_VSOCK: built %d, kernel %d; local cid %u\n", in_build, in_kernel, local);
    else
        printf("AF_VSOCK: built %d, kernel %d; local cid unavailable (%s)\n", in_build, in_kernel, sx_error_name(rc));

    sx_addr_close(host);
    sx_addr_close(parsed);
    if (cid != SX_VMADDR_CID_HOST || port != 1234 || !equal || strcmp(text, "vsock:2:1234") != 0)
        return 1;
    printf("vsock_address: OK\n");
    return 0;
}
