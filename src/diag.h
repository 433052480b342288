/* diag: source files and FILE:LINE:COL diagnostics with the source line and
 * a caret.  Diagnostics are collected, then printed sorted by position, so
 * the order does not depend on which pass found them. */
#ifndef DEAL_DIAG_H
#define DEAL_DIAG_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

typedef struct Loc {
  uint32_t file, line, col, len; /* file: index in Diag.files; 1-based */
} Loc;

typedef struct Source {
  char *path;        /* as given or as resolved from an include */
  char *text;        /* its bytes, two NULs after them; NULL until needed
                        when lazy */
  size_t len;
  bool lazy;         /* scanned from disk: text read again on demand */
  uint32_t *lines;   /* line start offsets, built on first use */
  uint32_t nlines;
} Source;

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagLevel;

typedef struct DiagMsg {
  Loc loc;
  DiagLevel level;
  uint32_t seq;
  /* where it sorts: its own place, or for a note its message's (a note
   * follows the message it was added after, wherever it points) */
  Loc key;
  uint32_t key_seq;
  char *text;
} DiagMsg;

typedef struct Diag {
  Source **files;
  uint32_t nfiles, capfiles;
  DiagMsg *msgs;
  uint32_t nmsgs, capmsgs;
  int errors, warnings;   /* counted, including those past the cap */
  int max_errors;         /* 50 */
  bool last_kept;         /* the last error or warning was kept: its notes
                             are too */
  bool color;
  bool quiet_warnings;
  FILE *out;
} Diag;

#define DIAG_MAX_ERRORS 50

/* The quotes of messages, as compilers print them. */
#define LQ "\xe2\x80\x98"
#define RQ "\xe2\x80\x99"

void diag_init(Diag *d, FILE *out, bool color);
void diag_free(Diag *d);
/* Takes ownership of text (allocated with mem_alloc, len+2 bytes, two NULs). */
uint32_t diag_add_file(Diag *d, const char *path, char *text, size_t len);
/* A file whose text is not kept: read again if a diagnostic shows it. */
uint32_t diag_add_lazy_file(Diag *d, const char *path);
/* The whole text of a file (read again if lazy); NULL if unreadable. */
const char *diag_source_text(Diag *d, uint32_t file, size_t *len);

#define DIAG_MAX_FILE_BYTES (1024u * 1024u * 1024u)  /* 1 GiB */
/* Opens a scenario file: a regular file up to DIAG_MAX_FILE_BYTES or a
 * pipe, not a directory or a device.  -1 and why otherwise. */
int diag_open_file(const char *path, struct stat *st, const char **why);
/* The whole of an open file, two NULs after its bytes (mem_alloc'd), or
 * NULL and why; closes fd either way. */
char *diag_read_fd(int fd, const struct stat *st, size_t *len,
                   const char **why);
void diag_error(Diag *d, Loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(Diag *d, Loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A note on the error or warning reported just before (dropped with it
 * when that one is past the cap): printed right after it. */
void diag_note(Diag *d, Loc at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Moves what src collected to d, as if it had been reported to d now (the
 * error cap counts them); src is left empty. */
void diag_take(Diag *d, Diag *src);
/* Print what was collected (sorted by position) and forget it. */
void diag_flush(Diag *d);
/* Sorts what was collected by position, as it is printed. */
void diag_sort(Diag *d);
/* What was collected, sorted, as a JSON array (docs/json.md): each error
 * or warning with the notes printed after it.  Nothing is forgotten. */
struct Json;
void diag_json(Diag *d, struct Json *j);
/* "error", "warning", "note". */
const char *diag_level_name(DiagLevel lv);
/* Drop collected messages and counts (the REPL after a rejected line). */
void diag_reset(Diag *d);
/* "FILE:LINE" of a location, for explanations. */
const char *diag_file_name(const Diag *d, Loc at);

/* Nearest of candidates to s by edit distance, or NULL if none is close. */
const char *diag_nearest(const char *s, const char *const *cands, size_t n);

#endif
