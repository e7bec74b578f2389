/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/vsock.h - AF_VSOCK addresses (Linux, virtual machine sockets).
 *
 * Python's form: (cid, port), both unsigned 32-bit. Special values: SX_VMADDR_CID_ANY and
 * SX_VMADDR_PORT_ANY (0xFFFFFFFF), SX_VMADDR_CID_HYPERVISOR (0), SX_VMADDR_CID_LOCAL (1),
 * SX_VMADDR_CID_HOST (2). The SO_VM_SOCKETS_BUFFER_SIZE/_MIN/_MAX options are taken at
 * level SX_AF_VSOCK with 64-bit values: sx_socket_setsockopt_int() and
 * sx_socket_getsockopt_int() pass them as 64-bit values on AF_VSOCK sockets, as Python does.
 *
 * Text form: "vsock:<cid>:<port>", both decimal ("vsock:2:1234").
 */
#ifndef SOCKETX_FAMILY_VSOCK_H
#define SOCKETX_FAMILY_VSOCK_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_VSOCK address.
 * Mirrors: the (cid, port) tuple of Python's AF_VSOCK sockets.
 * @param cid context id (SX_VMADDR_CID_ANY, SX_VMADDR_CID_HOST...).
 * @param port port number (SX_VMADDR_PORT_ANY for any).
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EARG (out NULL); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_vsock(uint32_t cid, uint32_t port, sx_addr *out);

/**
 * Get the context id of an AF_VSOCK address.
 * @param a the address handle.
 * @param[out] cid_out receives the cid.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_VSOCK). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_vsock_cid(sx_addr a, uint32_t *cid_out);

/**
 * Get the port of an AF_VSOCK address.
 * @param a the address handle.
 * @param[out] port_out receives the port.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL out, or not AF_VSOCK). @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_vsock_port(sx_addr a, uint32_t *port_out);

/**
 * Get this machine's own context id (IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock).
 * Mirrors: what CPython's test suite reads with fcntl.ioctl(); Python has no function.
 * @param[out] cid_out the local CID.
 * @return 0; SX_EARG (NULL out); SX_ENOTSUP (no /dev/vsock: the vsock transport is not
 *         loaded); the OS code of open(2) or ioctl(2) otherwise.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.1
 */
SX_API int32_t sx_vsock_local_cid(uint32_t *cid_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_VSOCK_H */
