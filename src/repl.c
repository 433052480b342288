/* repl: the interactive loop (issue 3: not built yet). */
#include "repl.h"

#include <stdio.h>

int repl_main(char **files, int nfiles, int color) {
  (void)files;
  (void)nfiles;
  (void)color;
  fputs("deal: the REPL is not available in this version\n", stderr);
  return 2;
}
