/* lsp: `deal lsp`, a Language Server Protocol 3.17 server — a front end
 * like the REPL: it keeps a session (session.h) per open document and
 * answers the editor from it: diagnostics (deal check's, and the expects
 * that fail), hover (a clause in the session's world, a name's
 * declaration, an expect's answer with its reasons), definition,
 * references and rename across included files, the outline, completion
 * (complete.h), formatting (deal fmt's printer), a code lens per expect
 * and a command that chooses the session's world.  The messages are
 * lsp_rpc's; every message is handled inside a protected call, so memory
 * that runs out while one is answered is an error response. */
#ifndef DEAL_LSP_H
#define DEAL_LSP_H
#include "lsp_rpc.h"

/* Serves the messages read by rd until `exit` or the end of the input,
 * writing to wr; in the current State (inside a protected call or after
 * state_enter).  version: deal's, for the client.  The exit status: 0, or
 * 1 for an `exit` before `shutdown`. */
int lsp_serve(RpcReadFn rd, void *rarg, RpcWriteFn wr, void *warg,
              const char *version);
/* deal lsp: lsp_serve on standard input and output (what else the
 * process would print goes to standard error). */
int lsp_main(const char *version);

#endif
