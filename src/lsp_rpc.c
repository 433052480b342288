/* lsp_rpc: framing and sorting of JSON-RPC messages (see lsp_rpc.h). */
#include "lsp_rpc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void rpc_in_init(RpcIn *in, RpcReadFn read, void *arg) {
  memset(in, 0, sizeof *in);
  in->read = read;
  in->arg = arg;
}

void rpc_in_free(RpcIn *in) {
  free(in->buf);
  in->buf = NULL;
  in->n = in->off = in->cap = 0;
}

/* Reads more bytes after those held; false at the end of the input (or
 * when no memory is left to hold them: the input cannot be followed). */
static bool fill(RpcIn *in) {
  if (in->eof) return false;
  if (in->off && in->off == in->n) in->off = in->n = 0;
  if (in->off > in->cap / 2) {  /* what was taken makes room */
    memmove(in->buf, in->buf + in->off, in->n - in->off);
    in->n -= in->off;
    in->off = 0;
  }
  if (in->cap - in->n < 65536) {
    size_t cap = in->cap ? in->cap * 2 : 65536;
    char *b = realloc(in->buf, cap);
    if (!b) {
      fprintf(stderr, "deal lsp: out of memory reading a message\n");
      in->eof = true;
      return false;
    }
    in->buf = b;
    in->cap = cap;
  }
  for (;;) {
    ssize_t k = in->read(in->arg, in->buf + in->n, in->cap - in->n);
    if (k > 0) {
      in->n += (size_t)k;
      return true;
    }
    if (k < 0 && errno == EINTR) continue;
    in->eof = true;
    return false;
  }
}

/* Where the header block that starts at p ends (after its blank line),
 * or 0 when it has not ended within n bytes.  `\n` alone ends lines too:
 * the specification says `\r\n`, a hand-typed session does not. */
static size_t header_end(const char *p, size_t n) {
  for (size_t i = 0; i + 1 < n; i++) {
    if (p[i] != '\n') continue;
    if (p[i + 1] == '\n') return i + 2;
    if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
  }
  return 0;
}

/* The Content-Length of a header block in *len, 0; -1 when it has none
 * (or not a number); -2 when it is over RPC_MAX_BODY (*len: how much,
 * at most 2^63). */
static int content_length(const char *p, size_t n, unsigned long long *len) {
  static const char key[] = "content-length:";
  for (size_t i = 0; i < n;) {
    size_t e = i;
    while (e < n && p[e] != '\n') e++;
    if (e - i > sizeof key - 1 && !strncasecmp(p + i, key, sizeof key - 1)) {
      size_t k = i + sizeof key - 1;
      while (k < e && (p[k] == ' ' || p[k] == '\t')) k++;
      unsigned long long v = 0;
      size_t digits = 0;
      for (; k < e && p[k] >= '0' && p[k] <= '9'; k++, digits++)
        if (v < (1ull << 59)) v = v * 10 + (unsigned)(p[k] - '0');
      while (k < e && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r')) k++;
      if (!digits || k != e) return -1;
      *len = v;
      return v > RPC_MAX_BODY ? -2 : 0;
    }
    i = e + 1;
  }
  return -1;
}

/* Skips n bytes of input (a body too large to hold). */
static void skip_bytes(RpcIn *in, unsigned long long n) {
  while (n) {
    size_t have = in->n - in->off;
    size_t k = have < n ? have : (size_t)n;
    in->off += k;
    n -= k;
    if (n && !fill(in)) return;
  }
}

/* Sorts a parsed message; false (answered) when it is not JSON-RPC. */
static bool sort_msg(RpcOut *out, RpcMsg *m) {
  cJSON *r = m->root;
  if (!cJSON_IsObject(r)) {
    rpc_error(out, NULL, RPC_INVALID_REQUEST, "a message is a JSON object");
    return false;
  }
  cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
  cJSON *method = cJSON_GetObjectItemCaseSensitive(r, "method");
  cJSON *params = cJSON_GetObjectItemCaseSensitive(r, "params");
  cJSON *ver = cJSON_GetObjectItemCaseSensitive(r, "jsonrpc");
  bool id_ok = id && (cJSON_IsNumber(id) || cJSON_IsString(id));
  if (id && !id_ok && !cJSON_IsNull(id)) {
    rpc_error(out, NULL, RPC_INVALID_REQUEST, "an id is a number or a string");
    return false;
  }
  if (!cJSON_IsString(ver) || strcmp(ver->valuestring, "2.0")) {
    rpc_error(out, id_ok ? id : NULL, RPC_INVALID_REQUEST,
              "\"jsonrpc\" must be \"2.0\"");
    return false;
  }
  if (!method) {
    if (cJSON_GetObjectItemCaseSensitive(r, "result") ||
        cJSON_GetObjectItemCaseSensitive(r, "error")) {
      m->kind = RPC_RESPONSE;
      m->id = id;
      return true;
    }
    rpc_error(out, id_ok ? id : NULL, RPC_INVALID_REQUEST,
              "a request needs a \"method\"");
    return false;
  }
  if (!cJSON_IsString(method) || !method->valuestring[0]) {
    rpc_error(out, id_ok ? id : NULL, RPC_INVALID_REQUEST,
              "\"method\" is a string");
    return false;
  }
  if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params)) {
    rpc_error(out, id_ok ? id : NULL, RPC_INVALID_REQUEST,
              "\"params\" is an object or an array");
    return false;
  }
  m->method = method->valuestring;
  m->id = id_ok ? id : NULL;
  m->params = params;
  m->kind = id_ok ? RPC_REQUEST : RPC_NOTIFICATION;
  return true;
}

bool rpc_next(RpcIn *in, RpcOut *out, RpcMsg *m) {
  memset(m, 0, sizeof *m);
  for (;;) {
    size_t have = in->n - in->off;
    const char *p = in->buf ? in->buf + in->off : "";
    size_t h = header_end(p, have);
    if (!h) {
      if (have > RPC_MAX_HEADER) {
        /* not a header: dropped, but the last bytes (a line may start) */
        fprintf(stderr, "deal lsp: %zu bytes without a header skipped\n",
                have - 2);
        in->off = in->n - 2;
      }
      if (!fill(in)) return false;
      continue;
    }
    unsigned long long len = 0;
    int st = content_length(p, h, &len);
    if (st == -1) {
      fprintf(stderr, "deal lsp: a header without Content-Length skipped\n");
      in->off += h;
      continue;
    }
    if (st == -2) {
      in->off += h;
      rpc_error(out, NULL, RPC_INVALID_REQUEST, "a message over 256 MiB");
      skip_bytes(in, len);
      m->kind = RPC_INVALID;
      return true;
    }
    while (in->n - in->off < h + (size_t)len)
      if (!fill(in)) {
        in->off = in->n;  /* a message cut short: nothing to answer */
        return false;
      }
    const char *body = in->buf + in->off + h;
    m->root = cJSON_ParseWithLength(body, (size_t)len);
    in->off += h + (size_t)len;
    if (!m->root) {
      rpc_error(out, NULL, RPC_PARSE_ERROR, "the message is not JSON");
      m->kind = RPC_INVALID;
      return true;
    }
    if (!sort_msg(out, m)) m->kind = RPC_INVALID;
    return true;
  }
}

void rpc_msg_free(RpcMsg *m) {
  cJSON_Delete(m->root);
  memset(m, 0, sizeof *m);
}

void rpc_send(RpcOut *out, cJSON *msg) {
  if (!msg) return;
  char *body = out->broken ? NULL : cJSON_PrintUnformatted(msg);
  cJSON_Delete(msg);
  if (!body) return;
  char head[64];
  size_t n = strlen(body);
  int k = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
  if (!out->write(out->arg, head, (size_t)k) || !out->write(out->arg, body, n))
    out->broken = true;
  free(body);
}

/* {"jsonrpc": "2.0"} with an id copied from a request (NULL: null). */
static cJSON *reply(const cJSON *id) {
  cJSON *r = cJSON_CreateObject();
  if (!r) return NULL;
  cJSON *v = id ? cJSON_Duplicate(id, false) : cJSON_CreateNull();
  if (!cJSON_AddStringToObject(r, "jsonrpc", "2.0") || !v ||
      !cJSON_AddItemToObject(r, "id", v)) {
    if (!cJSON_GetObjectItemCaseSensitive(r, "id")) cJSON_Delete(v);
    cJSON_Delete(r);
    return NULL;
  }
  return r;
}

void rpc_result(RpcOut *out, const cJSON *id, cJSON *result) {
  cJSON *r = reply(id);
  if (!result) result = cJSON_CreateNull();
  if (!r || !result || !cJSON_AddItemToObject(r, "result", result)) {
    cJSON_Delete(result);
    cJSON_Delete(r);
    rpc_error(out, id, RPC_INTERNAL_ERROR, "out of memory");
    return;
  }
  rpc_send(out, r);
}

void rpc_error(RpcOut *out, const cJSON *id, int code, const char *msg) {
  cJSON *r = reply(id);
  cJSON *e = r ? cJSON_AddObjectToObject(r, "error") : NULL;
  if (!e || !cJSON_AddNumberToObject(e, "code", code) ||
      !cJSON_AddStringToObject(e, "message", msg)) {
    cJSON_Delete(r);
    return;
  }
  rpc_send(out, r);
}

void rpc_notify(RpcOut *out, const char *method, cJSON *params) {
  cJSON *r = cJSON_CreateObject();
  if (!r || !params || !cJSON_AddStringToObject(r, "jsonrpc", "2.0") ||
      !cJSON_AddStringToObject(r, "method", method)) {
    cJSON_Delete(params);
    cJSON_Delete(r);
    return;
  }
  cJSON_AddItemToObject(r, "params", params);
  rpc_send(out, r);
}

ssize_t rpc_fd_read(void *arg, char *buf, size_t n) {
  return read(*(int *)arg, buf, n);
}

bool rpc_fd_write(void *arg, const char *buf, size_t n) {
  int fd = *(int *)arg;
  while (n) {
    ssize_t k = write(fd, buf, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    buf += k;
    n -= (size_t)k;
  }
  return true;
}
