/* lsp_rpc: the message layer of `deal lsp` — JSON-RPC 2.0 over the base
 * protocol of the Language Server Protocol (headers, a blank line, then
 * Content-Length bytes of JSON).  It frames and unframes messages and
 * sorts what arrives into requests, notifications, the client's answers
 * and errors; it knows no method.  JSON is cJSON's, on the C library's
 * heap (not the engine's State): a message outlives the protected calls
 * made for it, and an allocation that fails there is a NULL, answered as
 * an error.
 *
 * Input that is not the protocol never stops the reader: a header block
 * without a length is skipped, a body too large is read past, and JSON
 * that does not parse or is not a request is answered with the error the
 * specification gives it. */
#ifndef DEAL_LSP_RPC_H
#define DEAL_LSP_RPC_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

#define RPC_MAX_HEADER 8192                    /* one header block */
#define RPC_MAX_BODY (256u * 1024u * 1024u)    /* one message: 256 MiB */

/* The error codes of JSON-RPC and of the protocol. */
enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_INTERNAL_ERROR = -32603,
  RPC_SERVER_NOT_INITIALIZED = -32002,
  RPC_REQUEST_FAILED = -32803,
};

/* Where bytes come from: read(2)'s contract (0 at the end, -1 on error). */
typedef ssize_t (*RpcReadFn)(void *arg, char *buf, size_t n);
/* Where they go: false when they cannot be written (the client left). */
typedef bool (*RpcWriteFn)(void *arg, const char *buf, size_t n);

typedef struct RpcIn {
  RpcReadFn read;
  void *arg;
  char *buf;                /* bytes read, not yet taken (malloc's) */
  size_t n, off, cap;
  bool eof;
} RpcIn;

typedef enum {
  RPC_REQUEST,              /* method and id */
  RPC_NOTIFICATION,         /* method, no id */
  RPC_RESPONSE,             /* the client's answer to a request of ours */
  RPC_INVALID               /* answered already by rpc_next */
} RpcKind;

typedef struct RpcMsg {
  RpcKind kind;
  cJSON *root;              /* the whole message (cJSON_Delete it) */
  const char *method;
  cJSON *id;                /* a number or a string; NULL: none */
  cJSON *params;            /* an object or an array; NULL: none */
} RpcMsg;

typedef struct RpcOut {
  RpcWriteFn write;
  void *arg;
  bool broken;              /* a write failed: nothing more is sent */
} RpcOut;

void rpc_in_init(RpcIn *in, RpcReadFn read, void *arg);
void rpc_in_free(RpcIn *in);
/* The next message: true with *m filled (rpc_msg_free it), false at the
 * end of the input.  A message that cannot be read as JSON-RPC is
 * answered on out with its error and given as RPC_INVALID. */
bool rpc_next(RpcIn *in, RpcOut *out, RpcMsg *m);
void rpc_msg_free(RpcMsg *m);

/* Sends a message (taken: it is deleted).  NULL (cJSON out of memory)
 * sends nothing. */
void rpc_send(RpcOut *out, cJSON *msg);
/* A response: result (taken; NULL is JSON null) to id (copied). */
void rpc_result(RpcOut *out, const cJSON *id, cJSON *result);
/* An error response to id (NULL: null). */
void rpc_error(RpcOut *out, const cJSON *id, int code, const char *msg);
/* A notification: method with params (taken). */
void rpc_notify(RpcOut *out, const char *method, cJSON *params);

/* read(2) and write(2) on a descriptor, as RpcReadFn and RpcWriteFn (arg:
 * a pointer to the int). */
ssize_t rpc_fd_read(void *arg, char *buf, size_t n);
bool rpc_fd_write(void *arg, const char *buf, size_t n);

#endif
