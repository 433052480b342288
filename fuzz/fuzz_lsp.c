/* fuzz_lsp: libFuzzer harness for the language server's message layer
 * and its handlers (src/lsp_rpc.c, src/lsp.c).
 *
 * An input that starts with "Content-Length" is the server's input as it
 * is: framing, JSON and JSON-RPC in any state.  Any other input is the
 * text of a document, sent in a session that asks everything of it
 * (hover, definition, references, rename, outline, completion,
 * formatting, lenses, a world) at places taken from its first bytes.
 * Either way the server must answer without crashing, leaking or
 * hanging, and stop at the end of its input. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "lsp.h"
#include "mem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static State *S;

typedef struct Src {
  const char *p;
  size_t n, off;
} Src;

static ssize_t src_read(void *arg, char *buf, size_t n) {
  Src *s = arg;
  size_t k = s->n - s->off < n ? s->n - s->off : n;
  if (k > 4096) k = 4096;  /* short reads: messages cross them */
  memcpy(buf, s->p + s->off, k);
  s->off += k;
  return (ssize_t)k;
}

static bool sink(void *arg, const char *buf, size_t n) {
  (void)arg, (void)buf, (void)n;
  return true;
}

/* Appends one framed message. */
static void put(char **out, size_t *len, cJSON *msg) {
  char *body = msg ? cJSON_PrintUnformatted(msg) : NULL;
  cJSON_Delete(msg);
  if (!body) return;
  size_t n = strlen(body);
  char *o = realloc(*out, *len + n + 64);
  if (o) {
    *out = o;
    *len += (size_t)sprintf(o + *len, "Content-Length: %zu\r\n\r\n", n);
    memcpy(o + *len, body, n);
    *len += n;
  }
  free(body);
}

static cJSON *msg(int id, const char *method, const char *params) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "jsonrpc", "2.0");
  if (id) cJSON_AddNumberToObject(m, "id", id);
  cJSON_AddStringToObject(m, "method", method);
  if (params) cJSON_AddItemToObject(m, "params", cJSON_Parse(params));
  return m;
}

#define DOC "{\"textDocument\":{\"uri\":\"file:///fuzz/doc.deal\"}"

/* A session that opens text as a document and asks everything of it. */
static char *session(const uint8_t *data, size_t size, size_t *len) {
  char *out = NULL;
  *len = 0;
  put(&out, len, msg(1, "initialize", "{\"capabilities\":{}}"));
  char *text = malloc(size + 1);
  if (!text) return out;
  memcpy(text, data, size);
  text[size] = 0;
  cJSON *open = msg(0, "textDocument/didOpen", NULL);
  cJSON *p = cJSON_AddObjectToObject(open, "params");
  cJSON *td = cJSON_AddObjectToObject(p, "textDocument");
  cJSON_AddStringToObject(td, "uri", "file:///fuzz/doc.deal");
  cJSON_AddStringToObject(td, "text", text);
  free(text);
  put(&out, len, open);
  static const char *const at[] = {
      "textDocument/hover", "textDocument/definition", "textDocument/references",
      "textDocument/rename", "textDocument/completion", "textDocument/prepareRename"};
  int id = 2;
  for (int k = 0; k < 4; k++) {
    char params[256];
    unsigned line = size > (size_t)k ? data[k] % 32 : 0;
    unsigned col = size > (size_t)k + 4 ? data[k + 4] % 64 : 0;
    for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
      snprintf(params, sizeof params, DOC ",\"position\":{\"line\":%u,\"character\":%u},"
               "\"newName\":\"renamed\",\"context\":{\"includeDeclaration\":true}}",
               line, col);
      put(&out, len, msg(id++, at[i], params));
    }
  }
  put(&out, len, msg(id++, "textDocument/documentSymbol", DOC "}"));
  put(&out, len, msg(id++, "textDocument/formatting", DOC ",\"options\":{}}"));
  put(&out, len, msg(id++, "textDocument/codeLens", DOC "}"));
  put(&out, len, msg(id++, "workspace/executeCommand",
                     "{\"command\":\"deal.world\",\"arguments\":[\"o\",\"2026-01-01\"]}"));
  put(&out, len, msg(id++, "textDocument/hover", DOC ",\"position\":{\"line\":0,\"character\":0}}"));
  put(&out, len, msg(0, "textDocument/didClose", DOC "}"));
  put(&out, len, msg(id++, "shutdown", NULL));
  put(&out, len, msg(0, "exit", NULL));
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!S) {
    if (!(S = state_new())) abort();
    state_enter(S);
  }
  static const char head[] = "Content-Length";
  char *made = NULL;
  Src in = {(const char *)data, size, 0};
  if (size < sizeof head - 1 || memcmp(data, head, sizeof head - 1)) {
    size_t n;
    if (!(made = session(data, size, &n))) return 0;
    in = (Src){made, n, 0};
  }
  lsp_serve(src_read, &in, sink, NULL, "fuzz");
  free(made);
  return 0;
}
