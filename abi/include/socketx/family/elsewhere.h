/* SPDX-License-Identifier: MIT */
/*
 * socketx/family/elsewhere.h - families that exist only on other systems: AF_HYPERV
 * (Windows), PF_SYSTEM (macOS kernel controls), AF_LINK (BSD and macOS link-layer) and
 * AF_DIVERT (FreeBSD).
 *
 * They are declared on every system so that the ABI and the bindings are the same
 * everywhere. On Linux every function here checks its arguments (SX_EARG for a NULL
 * pointer or a `which` other than 0 or 1, SX_EOUTOFRANGE for a port outside 0..65535,
 * SX_EBADHANDLE for a handle that is not an open address, as everywhere) and then returns
 * SX_ENOTSUP with a detail naming the system that has the family; these families have no
 * AF_* value on Linux (sx_constant() answers SX_ENOTFOUND for their names).
 *
 * Python's forms: AF_HYPERV (vm_id, service_id) as UUID text; PF_SYSTEM (id, unit) or a
 * kernel-control name; AF_LINK as the system reports it (index, type, name, link address);
 * AF_DIVERT as AF_INET (host, port).
 */
#ifndef SOCKETX_FAMILY_ELSEWHERE_H
#define SOCKETX_FAMILY_ELSEWHERE_H

#include "socketx/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Make an AF_HYPERV address (Windows).
 * @param vm_id,service_id UUID text "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".
 * @param[out] out new handle.
 * @return SX_ENOTSUP on Linux; elsewhere 0, SX_EARG (NULL pointer, not a valid UUID).
 * @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_hyperv(const char *vm_id, const char *service_id, sx_addr *out);

/**
 * Copy the VM id or the service id of an AF_HYPERV address as UUID text.
 * @param a the address handle.
 * @param which 0 for vm_id, 1 for service_id.
 * @param[out] buf caller's buffer receiving the NUL-terminated text; may be NULL only when cap is 0.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the full length without the terminating NUL, also when cap is too small (SX_ETRUNC).
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_hyperv_id(sx_addr a, int32_t which, char *buf, size_t cap, size_t *len_out);

/**
 * Make a PF_SYSTEM (SYSPROTO_CONTROL) address from a kernel-control id and unit (macOS).
 * @param id the kernel control id.
 * @param unit the unit number.
 * @param[out] out receives the new handle, caller releases with sx_addr_close().
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_system(uint32_t id, uint32_t unit, sx_addr *out);

/**
 * Make a PF_SYSTEM address from a kernel-control name, unit 0 (macOS).
 * @param ctl_name the kernel control name, NUL-terminated.
 * @param[out] out receives the new handle, caller releases with sx_addr_close().
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_system_name(const char *ctl_name, sx_addr *out);

/**
 * Get the kernel-control id and unit of a PF_SYSTEM address.
 * @param a the address handle.
 * @param[out] id_out receives the id.
 * @param[out] unit_out receives the unit.
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_system_fields(sx_addr a, uint32_t *id_out, uint32_t *unit_out);

/**
 * Make an AF_LINK address (BSD, macOS).
 * @param ifindex interface index. @param type interface type (IFT_*). @param name interface name.
 * @param lladdr link-level address bytes. @param lladdr_len their number.
 * @param[out] out receives the new handle, caller releases with sx_addr_close().
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_link(int32_t ifindex, int32_t type, const char *name, const void *lladdr, size_t lladdr_len,
                            sx_addr *out);

/**
 * Get the index and type of an AF_LINK address.
 * @param a the address handle.
 * @param[out] ifindex_out receives the interface index.
 * @param[out] type_out receives the type.
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_link_fields(sx_addr a, int32_t *ifindex_out, int32_t *type_out);

/**
 * Copy the interface name (which 0) or link-level address bytes (which 1) of an AF_LINK address.
 * @param a the address handle.
 * @param which 0 for the interface name, 1 for the link-level address bytes.
 * @param[out] buf caller's buffer receiving the bytes.
 * @param cap size of buf in bytes.
 * @param[out] len_out receives the number of bytes, also when cap is too small (SX_ETRUNC).
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_link_bytes(sx_addr a, int32_t which, void *buf, size_t cap, size_t *len_out);

/**
 * Make an AF_DIVERT address (FreeBSD), read as AF_INET (host, port); its fields are read
 * with sx_addr_host() and sx_addr_port().
 * @param host the IPv4 address text.
 * @param port the divert port.
 * @param[out] out receives the new handle, caller releases with sx_addr_close().
 * @return SX_ENOTSUP on Linux. @since SOCKETX_1.1
 */
SX_API int32_t sx_addr_divert(const char *host, int32_t port, sx_addr *out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_FAMILY_ELSEWHERE_H */
