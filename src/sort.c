/* sort: merge sort of indices (stable, n log n, no recursion deeper than
 * log2 n). */
#include "sort.h"

#include <string.h>

void sort_indices(uint32_t *v, uint32_t n, SortCmp cmp, const void *ctx,
                  uint32_t *tmp) {
  if (n < 2) return;
  uint32_t h = n / 2;
  sort_indices(v, h, cmp, ctx, tmp);
  sort_indices(v + h, n - h, cmp, ctx, tmp);
  if (cmp(ctx, v[h - 1], v[h]) <= 0) return;  /* already in order */
  uint32_t i = 0, j = h, k = 0;
  while (i < h && j < n) tmp[k++] = cmp(ctx, v[j], v[i]) < 0 ? v[j++] : v[i++];
  while (i < h) tmp[k++] = v[i++];
  while (j < n) tmp[k++] = v[j++];
  memcpy(v, tmp, n * sizeof *v);
}
