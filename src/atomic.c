/* atomic: temporary file, fsync, rename. */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

/* Test hook: DEAL_FAIL_WRITE=1 makes the write fail after the temporary
 * file is created, to show that the target is left as it was. */
static bool injected_failure(void) {
  const char *s = getenv("DEAL_FAIL_WRITE");
  return s && *s == '1';
}

bool atomic_write(const char *path, const char *data, size_t len,
                  const char **why) {
  size_t n = strlen(path);
  char *tmp = mem_alloc(n + 16);
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *why = strerror(errno);
    mem_free(tmp);
    return false;
  }
  /* keep the permissions of the file being replaced */
  struct stat st;
  if (stat(path, &st) == 0) (void)fchmod(fd, st.st_mode & 07777);
  else (void)fchmod(fd, 0644);
  size_t off = 0;
  bool ok = true;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      ok = false;
      break;
    }
    off += (size_t)w;
  }
  if (ok && injected_failure()) {
    errno = EIO;
    ok = false;
  }
  if (ok && fsync(fd) != 0) ok = false;
  int saved = errno;
  if (close(fd) != 0 && ok) {
    ok = false;
    saved = errno;
  }
  if (ok && rename(tmp, path) != 0) {
    ok = false;
    saved = errno;
  }
  if (!ok) {
    unlink(tmp);
    *why = strerror(saved);
  }
  mem_free(tmp);
  return ok;
}
