/* repl: the interactive loop of `deal repl`. */
#ifndef DEAL_REPL_H
#define DEAL_REPL_H

/* Loads the files, then reads statements, checks and commands until the
 * end of input or :quit.  color: 1 always, 0 never, -1 on a terminal.
 * Returns 0, or 2 when the input is not a terminal and any of it had an
 * error (as sqlite3 does in batch mode). */
int repl_main(char **files, int nfiles, int color);

#endif
