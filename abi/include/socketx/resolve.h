/* SPDX-License-Identifier: MIT */
/*
 * socketx/resolve.h - name resolution: getaddrinfo, getnameinfo, the host database,
 * host names, protocols and services.
 *
 * Mirrors the resolver functions of Python's socket module with its error categories:
 *  - getaddrinfo/getnameinfo failures (Python's gaierror) are SX_EAI_* codes (-1000 + the
 *    EAI_ value); EAI_SYSTEM is reported as the OS code in errno, as Python does;
 *  - host database failures (Python's herror) are SX_EHOST_* codes (-1200 - h_errno);
 *  - an unknown protocol or service (Python's OSError without errno) is SX_ENOTFOUND.
 * Every function is thread-safe: the reentrant (_r) resolver calls are used, no static
 * buffer is shared, and no library lock is held while the resolver blocks.
 * Non-ASCII host names are converted with IDNA, as Python's str hosts are.
 */
#ifndef SOCKETX_RESOLVE_H
#define SOCKETX_RESOLVE_H

#include "socketx/common.h"
#include "socketx/list.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Resolve a host and a service to a list of socket addresses.
 * Mirrors: socket.getaddrinfo(host, port, family, type, proto, flags) with a str or None port.
 * "" is not the wildcard (it gives SX_EAI_NONAME, as in Python); NULL is. With type 0 glibc
 * returns a stream, a datagram and a raw entry per address. With family AF_UNSPEC or AF_INET6,
 * an IPv6 literal's "%zone" is read by the zone rule of socketx/addr.h (on any address, unlike
 * glibc) and becomes the scope_id of every AF_INET6 result.
 * @param host UTF-8 host name or numeric address, or NULL (Python's None).
 * @param port service name or decimal port, or NULL (Python's None: port 0 in the results).
 * @param family AF_UNSPEC (0), AF_INET, AF_INET6, ...
 * @param type socket type, or 0 for any.
 * @param proto protocol, or 0 for any.
 * @param flags AI_* flags (AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, ...).
 * @param[out] out new list handle, caller releases with sx_list_close(); read with
 *        sx_list_count() and the sx_addrinfo_* getters.
 * @return 0; SX_EARG (out NULL); SX_EAI_* (for example SX_EAI_NONAME, SX_EAI_SERVICE,
 *         SX_EAI_BADFLAGS, SX_EAI_FAMILY, SX_EAI_SOCKTYPE, SX_EAI_ADDRFAMILY, SX_EAI_AGAIN);
 *         SX_ENOTFOUND (a %zone naming no interface); an OS code (EAI_SYSTEM, or the
 *         interface lookup of a %zone: SX_EMFILE...); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: while the resolver runs (files, DNS). Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getaddrinfo(const char *host, const char *port, int32_t family, int32_t type, int32_t proto,
                              int32_t flags, sx_list *out);

/**
 * sx_getaddrinfo() with a numeric port.
 * Mirrors: socket.getaddrinfo(host, port) with an int port, which Python formats as a decimal
 * string without a range check: 70000 gives port 4464 (glibc keeps 16 bits), -1 SX_EAI_SERVICE.
 * @param host UTF-8 host name or numeric address, or NULL.
 * @param port any integer.
 * @param family address family or 0. @param type socket type or 0. @param proto protocol or 0.
 * @param flags AI_* flags.
 * @param[out] out new list handle, caller releases with sx_list_close().
 * @return as sx_getaddrinfo().
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getaddrinfo_port(const char *host, int64_t port, int32_t family, int32_t type, int32_t proto,
                                   int32_t flags, sx_list *out);

/**
 * Read the family, type and protocol of a getaddrinfo result entry.
 * Mirrors: the first three fields of an entry of socket.getaddrinfo()'s list.
 * @param list a list from sx_getaddrinfo(). @param index 0 .. count-1.
 * @param[out] family_out receives ai_family (optional, may be NULL).
 * @param[out] type_out receives ai_socktype (optional, may be NULL).
 * @param[out] proto_out receives ai_protocol (optional, may be NULL).
 * @return 0; SX_EBADHANDLE (not an open getaddrinfo list); SX_EOUTOFRANGE (index).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addrinfo_entry(sx_list list, uint32_t index, int32_t *family_out, int32_t *type_out,
                                 int32_t *proto_out);

/**
 * Read the canonical name of a getaddrinfo result entry: "" unless AI_CANONNAME was given,
 * and then only on the first entry (as Python and glibc report it).
 * @param list a list from sx_getaddrinfo(). @param index 0 .. count-1.
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the name length without the NUL.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (index); SX_EARG (len_out NULL); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addrinfo_canonname(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out);

/**
 * Get the socket address of a getaddrinfo result entry.
 * Mirrors: the sockaddr field; the IPv6 scope is in sx_addr_scope_id(), never in the host text.
 * @param list a list from sx_getaddrinfo(). @param index 0 .. count-1.
 * @param[out] out new handle, caller releases with sx_addr_close().
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (index); SX_EARG (out NULL); SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_addrinfo_addr(sx_list list, uint32_t index, sx_addr *out);

/**
 * Translate an AF_INET or AF_INET6 address to a host and a service (port) text.
 * Mirrors: socket.getnameinfo(sockaddr, flags) for an address already built. A non-zero IPv6
 * scope is appended to a numeric host as the zone sx_addr_to_string() shows ("%lo", or the
 * number when no interface has that index), on every address: glibc alone writes it only on
 * link-local ones and as a number on the others ("::1%1").
 * @param address an AF_INET or AF_INET6 address.
 * @param flags NI_* flags (NI_NUMERICHOST, NI_NUMERICSERV, NI_NAMEREQD, NI_DGRAM, NI_NOFQDN).
 * @param[out] host_buf caller's buffer for the host, may be NULL when host_cap is 0.
 * @param host_cap its size. @param[out] host_len_out receives the host length.
 * @param[out] serv_buf caller's buffer for the service, may be NULL when serv_cap is 0.
 * @param serv_cap its size. @param[out] serv_len_out receives the service length.
 * @return 0; SX_EBADHANDLE; SX_EARG (NULL length pointer, or another family); SX_EAI_*
 *         (SX_EAI_NONAME with NI_NAMEREQD and no name, SX_EAI_BADFLAGS, ...); an OS code
 *         (EAI_SYSTEM); SX_ETRUNC (either buffer too small: both lengths are reported).
 * Blocks: while the resolver runs (unless both NI_NUMERIC flags). Thread-safety: safe.
 * @since SOCKETX_1.0
 */
SX_API int32_t sx_getnameinfo(sx_addr address, int32_t flags, char *host_buf, size_t host_cap,
                              size_t *host_len_out, char *serv_buf, size_t serv_cap, size_t *serv_len_out);

/**
 * Translate a numeric host and port to a host and service text, exactly as Python's
 * socket.getnameinfo((host, port[, flowinfo, scope_id]), flags) does: the host must be numeric
 * (it is read with getaddrinfo(AI_NUMERICHOST), so "localhost" gives SX_EAI_NONAME) and the
 * port is formatted without a range check (70000 reads as 4464, 65536 as 0, -1 gives
 * SX_EAI_SERVICE). Unlike Python, which drops a "%zone" of the host for scope_id, the zone
 * and scope_id follow the zone rule of socketx/addr.h, as sx_addr_inet6() does, so that
 * ("fe80::1%lo", 80, 0, 4) is SX_EARG on both paths and ("fe80::1%lo", 80, 0, 0) keeps lo.
 * @param host numeric IPv4 or IPv6 address, not NULL; an IPv6 one may carry a "%zone".
 * @param port any int32_t.
 * @param flowinfo IPv6 flow label, 0..0xFFFFF (0 for IPv4).
 * @param scope_id IPv6 scope (0 for IPv4; 0 takes the host's zone).
 * @param flags NI_* flags.
 * @param[out] host_buf, host_cap, host_len_out the host text (as sx_getnameinfo()).
 * @param[out] serv_buf, serv_cap, serv_len_out the service text.
 * @return 0; SX_EARG (NULL pointer; "IPv4 sockaddr must be 2 tuple": a flowinfo or scope_id
 *         with an IPv4 host; "sockaddr resolved to multiple addresses"; a %zone whose index
 *         differs from a non-zero scope_id); SX_ENOTFOUND (a %zone naming no interface); SX_EOUTOFRANGE
 *         (flowinfo: "getnameinfo(): flowinfo must be 0-1048575."); SX_EAI_*; an OS code
 *         (EAI_SYSTEM); SX_ETRUNC.
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getnameinfo_host(const char *host, int32_t port, uint32_t flowinfo, uint32_t scope_id,
                                   int32_t flags, char *host_buf, size_t host_cap, size_t *host_len_out,
                                   char *serv_buf, size_t serv_cap, size_t *serv_len_out);

/**
 * Resolve a host name to one IPv4 address in dotted-quad form.
 * Mirrors: socket.gethostbyname(hostname): "" gives "0.0.0.0", "<broadcast>" gives
 * "255.255.255.255", legacy forms ("127.1") are accepted, an IPv6 literal gives SX_EAI_ADDRFAMILY
 * or SX_EAI_NONAME as glibc says; failures are SX_EAI_* (Python's gaierror), never SX_EHOST_*.
 * @param name UTF-8 host, not NULL.
 * @param[out] buf caller's buffer, may be NULL when cap is 0 (16 bytes always suffice).
 * @param cap its size. @param[out] len_out receives the text length.
 * @return 0; SX_EARG (NULL pointer); SX_EAI_*; an OS code (EAI_SYSTEM); SX_ETRUNC.
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_gethostbyname(const char *name, char *buf, size_t cap, size_t *len_out);

/**
 * Look a host name up in the host database (IPv4): its official name, aliases and addresses.
 * Mirrors: socket.gethostbyname_ex(hostname): the name is first checked as
 * sx_gethostbyname() does (SX_EAI_* failures), then looked up with gethostbyname_r
 * (SX_EHOST_* failures: "" gives SX_EHOST_NO_RECOVERY).
 * @param name UTF-8 host, not NULL.
 * @param[out] out new list handle, caller releases with sx_list_close(); read with
 *        sx_hostent_name(), sx_hostent_alias_count(), sx_hostent_alias(), sx_list_count()
 *        and sx_hostent_addr().
 * @return 0; SX_EARG (NULL pointer); SX_EAI_*; SX_EHOST_*; an OS code; SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_gethostbyname_ex(const char *name, sx_list *out);

/**
 * Reverse-look an address up in the host database.
 * Mirrors: socket.gethostbyaddr(ip_address): a name is accepted too (resolved first, any
 * family, SX_EAI_* failures); "" fails with SX_EARG ("wildcard resolved to multiple address");
 * an address with no name gives SX_EHOST_NOT_FOUND.
 * @param ip UTF-8 IPv4 or IPv6 address or host name, not NULL.
 * @param[out] out new list handle, caller releases with sx_list_close() (as sx_gethostbyname_ex()).
 * @return 0; SX_EARG; SX_EAI_*; SX_EHOST_*; an OS code; SX_ENOMEM; SX_ENOHANDLES.
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_gethostbyaddr(const char *ip, sx_list *out);

/**
 * Read the official host name of a host entry (sx_gethostbyname_ex(), sx_gethostbyaddr()).
 * @param list the host entry. @param[out] buf caller's buffer, may be NULL when cap is 0.
 * @param cap its size. @param[out] len_out receives the name length.
 * @return 0; SX_EBADHANDLE; SX_EARG (len_out NULL); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_hostent_name(sx_list list, char *buf, size_t cap, size_t *len_out);

/**
 * Get the number of aliases of a host entry.
 * @param list the host entry. @param[out] count_out receives the count.
 * @return 0; SX_EBADHANDLE; SX_EARG (count_out NULL).
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_hostent_alias_count(sx_list list, uint32_t *count_out);

/**
 * Read one alias of a host entry.
 * @param list the host entry. @param index 0 .. sx_hostent_alias_count()-1.
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the alias length.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (index); SX_EARG (len_out NULL); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_hostent_alias(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out);

/**
 * Read one address of a host entry as text ("127.0.0.1", "::1"); sx_list_count() gives the number.
 * @param list the host entry. @param index 0 .. count-1.
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the text length.
 * @return 0; SX_EBADHANDLE; SX_EOUTOFRANGE (index); SX_EARG (len_out NULL); SX_ETRUNC.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_hostent_addr(sx_list list, uint32_t index, char *buf, size_t cap, size_t *len_out);

/**
 * Get a fully qualified domain name for a name.
 * Mirrors: socket.getfqdn(name): surrounding whitespace is stripped; NULL, "", "0.0.0.0" and
 * "::" mean this host (gethostname()); the first of the reverse lookup's name and aliases that
 * contains a '.' wins, else its name; when the lookup fails the (stripped) name is returned.
 * @param name UTF-8 name, or NULL for this host.
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the name length.
 * @return 0; SX_EARG (len_out NULL); SX_ETRUNC; an OS code only if gethostname() fails.
 * Lookup failures are never reported (as in Python).
 * Blocks: while the resolver runs. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getfqdn(const char *name, char *buf, size_t cap, size_t *len_out);

/**
 * Get this host's name.
 * Mirrors: socket.gethostname().
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the name length.
 * @return 0; SX_EARG (len_out NULL); SX_ETRUNC; an OS code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_gethostname(char *buf, size_t cap, size_t *len_out);

/**
 * Set this host's name (needs CAP_SYS_ADMIN in the UTS namespace).
 * Mirrors: socket.sethostname(name).
 * @param name the new name, not NULL.
 * @return 0; SX_EARG (NULL); SX_EPERM; SX_EINVAL (longer than 64 bytes); another OS code.
 * Blocks: never. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_sethostname(const char *name);

/**
 * Get the number of a protocol by name (case-insensitive on glibc: "TCP" is 6).
 * Mirrors: socket.getprotobyname(protocolname).
 * @param name protocol name, not NULL. @param[out] proto_out receives the number.
 * @return 0; SX_EARG (NULL pointer); SX_ENOTFOUND ("protocol not found"); an OS code.
 * Blocks: while /etc/protocols (or NSS) is read. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getprotobyname(const char *name, int32_t *proto_out);

/**
 * Get the port of a service by name.
 * Mirrors: socket.getservbyname(servicename[, protocolname]).
 * @param name service name, not NULL. @param proto "tcp", "udp", ... or NULL for any.
 * @param[out] port_out receives the port, host byte order.
 * @return 0; SX_EARG (NULL pointer); SX_ENOTFOUND ("service/proto not found"); an OS code.
 * Blocks: while /etc/services (or NSS) is read. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getservbyname(const char *name, const char *proto, int32_t *port_out);

/**
 * Get the name of a service by port.
 * Mirrors: socket.getservbyport(port[, protocolname]).
 * @param port 0..65535. @param proto "tcp", "udp", ... or NULL for any.
 * @param[out] buf caller's buffer, may be NULL when cap is 0. @param cap its size.
 * @param[out] len_out receives the name length.
 * @return 0; SX_EARG (len_out NULL); SX_EOUTOFRANGE ("getservbyport: port must be 0-65535.");
 *         SX_ENOTFOUND ("port/proto not found"); SX_ETRUNC; an OS code.
 * Blocks: while /etc/services (or NSS) is read. Thread-safety: safe. @since SOCKETX_1.0
 */
SX_API int32_t sx_getservbyport(int32_t port, const char *proto, char *buf, size_t cap, size_t *len_out);

#ifdef __cplusplus
}
#endif

#endif /* SOCKETX_RESOLVE_H */
