/* SPDX-License-Identifier: MIT */
/* splitmix64: tiny, fast and good enough to pick operations; one stream per thread from one seed. */
#include "stress.h"

void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    r->state = seed ^ (stream * 0xd1b54a32d192ed03ull);
}

uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(rng_next(r) % n);
}

double rng_between(struct rng *r, double lo, double hi)
{
    return lo + (hi - lo) * (double)(rng_next(r) >> 11) * 0x1.0p-53;
}
