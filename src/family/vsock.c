/* SPDX-License-Identifier: MIT */
/*
 * AF_VSOCK addresses: (cid, port) as struct sockaddr_vm, the "vsock:<cid>:<port>" text form,
 * and this machine's own CID, which Python's test suite reads with an ioctl on /dev/vsock.
 * The 64-bit buffer-size options need nothing here: the option calls (src/io/sockopt.c)
 * pass 64-bit values on every AF_VSOCK socket.
 */
#include "addr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
/* After sys/socket.h (addr.h): linux/vm_sockets.h uses struct sockaddr without including it. */
#include <linux/vm_sockets.h>

#include "addr_family.h"
#include "detail.h"
#include "family.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/family/vsock.h"
#include "text_scan.h"

#define TEXT_FORM "vsock:<cid>:<port>"
#define VSOCK_DEVICE "/dev/vsock"

int32_t sx_addr_vsock(uint32_t cid, uint32_t port, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "sx_addr_vsock: out is NULL");
    *out = 0;
    struct sockaddr_vm vm;
    memset(&vm, 0, sizeof vm);
    vm.svm_family = AF_VSOCK;
    vm.svm_cid = cid;
    vm.svm_port = port;
    return sxi_addr_new(&vm, sizeof vm, out);
}

static const struct sockaddr_vm *as_vm(const struct sxi_addr *a)
{
    return (const struct sockaddr_vm *)&a->u;
}

int32_t sx_addr_vsock_cid(sx_addr h, uint32_t *cid_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, cid_out, "sx_addr_vsock_cid: cid_out", AF_VSOCK, "AF_VSOCK", &a);
    if (rc)
        return rc;
    *cid_out = as_vm(a)->svm_cid;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_addr_vsock_port(sx_addr h, uint32_t *port_out)
{
    const struct sxi_addr *a;
    int32_t rc = sxi_addr_acquire_family(h, port_out, "sx_addr_vsock_port: port_out", AF_VSOCK, "AF_VSOCK", &a);
    if (rc)
        return rc;
    *port_out = as_vm(a)->svm_port;
    sxi_handle_release(h);
    return 0;
}

int32_t sx_vsock_local_cid(uint32_t *cid_out)
{
    if (!cid_out)
        return sxi_fail(SX_EARG, "sx_vsock_local_cid: cid_out is NULL");
    int fd = open(VSOCK_DEVICE, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return sxi_fail(SX_ENOTSUP, "no " VSOCK_DEVICE ": the vsock transport is not loaded");
        return sxi_fail_errno(errno, "open(" VSOCK_DEVICE ")");
    }
    unsigned int cid = 0;
    int32_t rc = 0;
    if (ioctl(fd, IOCTL_VM_SOCKETS_GET_LOCAL_CID, &cid) < 0)
        rc = sxi_fail_errno(errno, "ioctl(IOCTL_VM_SOCKETS_GET_LOCAL_CID)");
    else
        *cid_out = cid;
    close(fd);
    return rc;
}

static int text_form(const struct sxi_addr *a, char *text, size_t *len)
{
    /* Too short, or flags the text form has no field for: the raw form keeps every byte. */
    if (a->len < sizeof(struct sockaddr_vm) || as_vm(a)->svm_flags != 0)
        return -1;
    *len = (size_t)snprintf(text, SXI_ADDR_TEXT_CAP, "vsock:%lu:%lu", (unsigned long)as_vm(a)->svm_cid,
                            (unsigned long)as_vm(a)->svm_port);
    return 0;
}

static int32_t parse(const char *text, sx_addr *out)
{
    uint32_t cid = 0, port = 0;
    int32_t rc = sxi_scan_u32_pair(text, "vsock", TEXT_FORM, "cid", "port", &cid, &port);
    return rc ? rc : sx_addr_vsock(cid, port, out);
}

static int owns_text(const char *text)
{
    return sxi_scan_has_scheme(text, "vsock");
}

const struct sxi_family sxi_family_vsock = {
    .af = AF_VSOCK,
    .name = "vsock",
    .af_name = "AF_VSOCK",
    .min_len = sizeof(struct sockaddr_vm),
    .socket_takes = AF_VSOCK,
    .text = text_form,
    .parse = parse,
    .owns_text = owns_text,
};
