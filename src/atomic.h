/* atomic: write a file so that readers see the old or the new contents,
 * never a truncated one (temporary file in the same directory, fsync,
 * rename).  Used by `deal fmt -w` and the REPL's :save. */
#ifndef DEAL_ATOMIC_H
#define DEAL_ATOMIC_H
#include <stdbool.h>
#include <stddef.h>

/* Returns false and sets *why (static text or strerror) on failure; the
 * target is then untouched and no temporary file is left. */
bool atomic_write(const char *path, const char *data, size_t len,
                  const char **why);

#endif
