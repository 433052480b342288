/* par: the one seam for parallel work.
 *
 * The rules of evaluation read as if single-threaded; what is worth
 * sharing between threads (the slots of a large report, the clauses of a
 * large program) is cut into chunks and handed to par_for.  Each chunk
 * writes its own output, which the caller joins in chunk order: the
 * result is the same bytes with one thread or many (DEAL_THREADS=1 runs
 * everything in the calling thread). */
#ifndef DEAL_PAR_H
#define DEAL_PAR_H
#include <stdint.h>

#include "state.h"

/* The chunks to cut n items into, grain items a chunk: one when n is
 * below min, the size from which a second thread pays for itself.
 * DEAL_PAR_MIN (the environment, else the compile-time macro) replaces
 * every min: the sanitizer builds of make check use 2, so that every
 * program shares its work between threads. */
uint32_t par_chunks(uint64_t n, uint32_t grain, uint32_t min);
/* Workers a par_for of nchunks uses: its fn sees worker < this. */
uint32_t par_workers(uint32_t nchunks);
/* Calls fn(arg, chunk, worker) once for every chunk < nchunks.  Worker w
 * takes chunks w, w + k, w + 2k, ... of k workers (a fixed share: each
 * worker's allocations are the same from run to run, which the
 * fault-injection tests count on); worker 0 is the calling thread.  If a
 * worker runs out of memory, the others stop at their next chunk and
 * par_for unwinds in the caller once every helper has joined. */
void par_for(uint32_t nchunks, void (*fn)(void *arg, uint32_t chunk,
                                          uint32_t worker),
             void *arg);
/* Chunks run by helper threads so far in this State (tests assert that
 * the second thread really ran). */
uint64_t par_helper_chunks(void);

#endif
