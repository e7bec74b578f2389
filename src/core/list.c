/* SPDX-License-Identifier: MIT */
/* The sx_list kind: an immutable array of result items, built before it is published. */
#include "list.h"

#include <string.h>

#include "addr.h"
#include "alloc.h"
#include "detail.h"
#include "handle.h"
#include "socketx/errors.h"
#include "socketx/list.h"
#include "strout.h"

void sxi_list_free(struct sxi_list *l)
{
    if (!l)
        return;
    for (uint32_t i = 0; i < l->count; i++) {
        sxi_free(l->items[i].str);
        sxi_free(l->items[i].sa);
    }
    sxi_free(l->items);
    sxi_free(l);
}

static int32_t destroy_list(void *obj)
{
    sxi_list_free(obj);
    return 0;
}

const struct sxi_kind_ops sxi_list_ops = {
    .on_close = NULL, /* nothing blocks on a list */
    .destroy = destroy_list,
};

struct sxi_list *sxi_list_alloc(uint32_t kind)
{
    struct sxi_list *l = sxi_calloc(1, sizeof *l);
    if (l)
        l->kind = kind;
    return l;
}

int32_t sxi_list_add(struct sxi_list *l, uint32_t section, int32_t n0, int32_t n1, int32_t n2, const char *str,
                     const void *sa, socklen_t sa_len)
{
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        struct sxi_list_item *items = sxi_realloc(l->items, cap * sizeof *items);
        if (!items)
            return sxi_fail(SX_ENOMEM, "out of memory for a result list");
        l->items = items;
        l->cap = cap;
    }
    struct sxi_list_item it = {.section = section, .n = {n0, n1, n2}};
    if (str) {
        it.str_len = strlen(str);
        it.str = sxi_alloc(it.str_len + 1);
        if (!it.str)
            return sxi_fail(SX_ENOMEM, "out of memory for a result list");
        memcpy(it.str, str, it.str_len + 1);
    }
    if (sa && sa_len) {
        if (sa_len > (socklen_t)sizeof(struct sockaddr_storage))
            sa_len = (socklen_t)sizeof(struct sockaddr_storage);
        /* calloc: the address is later read as a whole sockaddr_storage. */
        it.sa = sxi_calloc(1, sizeof *it.sa);
        if (!it.sa) {
            sxi_free(it.str);
            return sxi_fail(SX_ENOMEM, "out of memory for a result list");
        }
        memcpy(it.sa, sa, sa_len);
        it.sa_len = sa_len;
    }
    l->items[l->count++] = it;
    return 0;
}

int32_t sxi_list_publish(struct sxi_list *l, sx_list *out)
{
    int32_t rc = sxi_handle_new(SXI_KIND_LIST, l, out);
    if (rc)
        sxi_list_free(l);
    return rc;
}

static int32_t take(sx_list h, uint32_t kind, struct sxi_list **l)
{
    void *obj = NULL;
    int32_t rc = sxi_handle_acquire(h, SXI_KIND_LIST, &obj);
    if (rc)
        return rc;
    *l = obj;
    if ((*l)->kind != kind) {
        sxi_handle_release(h);
        return sxi_fail(SX_EBADHANDLE, "the list holds results of another call");
    }
    return 0;
}

int32_t sxi_list_item(sx_list h, uint32_t kind, uint32_t section, uint32_t index, const struct sxi_list_item **item)
{
    struct sxi_list *l;
    int32_t rc = take(h, kind, &l);
    if (rc)
        return rc;
    uint32_t seen = 0;
    for (uint32_t i = 0; i < l->count; i++) {
        if (l->items[i].section != section)
            continue;
        if (seen++ == index) {
            *item = &l->items[i];
            return 0;
        }
    }
    sxi_handle_release(h);
    return sxi_fail(SX_EOUTOFRANGE, "index %u out of range: the list has %u such entries", index, seen);
}

int32_t sxi_list_section_count(sx_list h, uint32_t kind, uint32_t section, uint32_t *count_out)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "count_out is NULL");
    struct sxi_list *l;
    int32_t rc = take(h, kind, &l);
    if (rc)
        return rc;
    uint32_t n = 0;
    for (uint32_t i = 0; i < l->count; i++)
        n += l->items[i].section == section;
    sxi_handle_release(h);
    *count_out = n;
    return 0;
}

int32_t sxi_list_get_str(sx_list h, uint32_t kind, uint32_t section, uint32_t index, char *buf, size_t cap,
                         size_t *len_out)
{
    if (!len_out)
        return sxi_fail(SX_EARG, "len_out is NULL");
    const struct sxi_list_item *it;
    int32_t rc = sxi_list_item(h, kind, section, index, &it);
    if (rc)
        return rc;
    rc = sxi_copy_out(it->str ? it->str : "", it->str_len, 1, buf, cap, len_out);
    sxi_handle_release(h);
    return rc;
}

int32_t sxi_list_get_addr(sx_list h, uint32_t kind, uint32_t section, uint32_t index, sx_addr *out)
{
    if (!out)
        return sxi_fail(SX_EARG, "out is NULL");
    const struct sxi_list_item *it;
    int32_t rc = sxi_list_item(h, kind, section, index, &it);
    if (rc)
        return rc;
    rc = sxi_addr_from_kernel(it->sa, it->sa_len, 0, out);
    sxi_handle_release(h);
    return rc;
}

int32_t sx_list_count(sx_list list, uint32_t *count_out)
{
    if (!count_out)
        return sxi_fail(SX_EARG, "sx_list_count: count_out is NULL");
    void *obj = NULL;
    int32_t rc = sxi_handle_acquire(list, SXI_KIND_LIST, &obj);
    if (rc)
        return rc;
    struct sxi_list *l = obj;
    /* A host entry counts its addresses, the part a caller iterates. */
    uint32_t n = 0;
    for (uint32_t i = 0; i < l->count; i++)
        n += l->kind != SXI_LIST_HOSTENT || l->items[i].section == 2;
    sxi_handle_release(list);
    *count_out = n;
    return 0;
}

int32_t sx_list_close(sx_list list)
{
    return sxi_handle_close(list, SXI_KIND_LIST);
}
