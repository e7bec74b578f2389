/* SPDX-License-Identifier: MIT */
/*
 * Internal: the immutable result list behind an sx_list handle.
 *
 * One shape serves every result kind: an item has up to three integers, a string and a
 * sockaddr, and a section number (a host entry keeps its name, aliases and addresses in
 * sections 0, 1 and 2). The list's kind tag lets each getter refuse another kind's list.
 */
#ifndef SXI_LIST_H
#define SXI_LIST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "socketx/common.h"

enum { SXI_LIST_ADDRINFO = 1, SXI_LIST_HOSTENT, SXI_LIST_IFINDEX };

struct sxi_list_item {
    uint32_t section;
    int32_t n[3];
    char *str;   /* owned, NUL-terminated, or NULL */
    size_t str_len;
    socklen_t sa_len;  /* 0: no address */
    struct sockaddr_storage *sa; /* owned, or NULL */
};

struct sxi_list {
    uint32_t kind;
    uint32_t count, cap;
    struct sxi_list_item *items;
};

/* A new empty list of the given kind, or NULL (out of memory). */
struct sxi_list *sxi_list_alloc(uint32_t kind);
/* Append an item (copies str and sa; either may be NULL). Returns 0 or SX_ENOMEM. */
int32_t sxi_list_add(struct sxi_list *l, uint32_t section, int32_t n0, int32_t n1, int32_t n2, const char *str,
                     const void *sa, socklen_t sa_len);
void sxi_list_free(struct sxi_list *l);
/* Register l under a new handle; on failure l is freed. */
int32_t sxi_list_publish(struct sxi_list *l, sx_list *out);

/*
 * Find item index of section within list h of kind: takes a reference (release with
 * sxi_handle_release(h)) and sets *item. SX_EBADHANDLE, SX_EOUTOFRANGE or SX_EARG (what NULL).
 */
int32_t sxi_list_item(sx_list h, uint32_t kind, uint32_t section, uint32_t index, const struct sxi_list_item **item);
/* Number of items in a section of list h of kind. */
int32_t sxi_list_section_count(sx_list h, uint32_t kind, uint32_t section, uint32_t *count_out);

/* Getters shared by the areas: the item's string, and its sockaddr as a new sx_addr. */
int32_t sxi_list_get_str(sx_list h, uint32_t kind, uint32_t section, uint32_t index, char *buf, size_t cap,
                         size_t *len_out);
int32_t sxi_list_get_addr(sx_list h, uint32_t kind, uint32_t section, uint32_t index, sx_addr *out);

#endif
