/* repl: the interactive loop of `deal repl`. */
#ifndef DEAL_REPL_H
#define DEAL_REPL_H

int repl_main(char **files, int nfiles, int color);

#endif
