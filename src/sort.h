/* sort: a stable sort of indices by a comparison that needs a context
 * (C11's qsort passes none, and the house keeps no global for it). */
#ifndef DEAL_SORT_H
#define DEAL_SORT_H
#include <stdint.h>

typedef int (*SortCmp)(const void *ctx, uint32_t a, uint32_t b);

/* Sorts v[0..n) stably by cmp; tmp has room for n. */
void sort_indices(uint32_t *v, uint32_t n, SortCmp cmp, const void *ctx,
                  uint32_t *tmp);

#endif
