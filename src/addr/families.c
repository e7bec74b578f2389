/* SPDX-License-Identifier: MIT */
/* The family table: the entries of families.def, found by AF_* value or by text scheme. */
#include "family.h"

#include <string.h>

#define SXI_FAMILY(name) &sxi_family_##name,
static const struct sxi_family *const families[] = {
#include "families.def"
};
#undef SXI_FAMILY

#define FAMILY_COUNT (sizeof families / sizeof families[0])

const struct sxi_family *sxi_family_find(int af)
{
    /* A scan of some twenty entries: cheaper than the system call each lookup precedes. */
    for (size_t i = 0; i < FAMILY_COUNT; i++)
        if (families[i]->af == af)
            return families[i];
    return NULL;
}

int sxi_family_takes(int af)
{
    const struct sxi_family *f = sxi_family_find(af);
    return f ? f->socket_takes : 0;
}

const struct sxi_family *sxi_family_for_text(const char *text)
{
    for (size_t i = 0; i < FAMILY_COUNT; i++)
        if (families[i]->owns_text && families[i]->owns_text(text))
            return families[i];
    return NULL;
}

const struct sxi_family *const *sxi_family_all(size_t *count_out)
{
    *count_out = FAMILY_COUNT;
    return families;
}
