#!/usr/bin/env python3
"""A small LSP client: drives `deal lsp` over pipes through a session
script and prints every message the server sent, for a golden file.

  client.py DEAL SCRIPT.json        print the transcript on stdout

The script is a JSON list of steps:
  {"request": METHOD, "params": {...}}     send; wait for its response
  {"notify": METHOD, "params": {...}}      send (with "await": URI, then wait
                                           for that file's diagnostics)
  {"raw": "TEXT"}                          send bytes as they are (framing
                                           and JSON errors)
  {"close": true}                          close the server's input
  {"write": PATH, "text": TEXT}            write a file (an include that
                                           appears or changes on disk)
  {"delete": PATH}                         delete it (one deleted under
                                           the server)
Strings may hold $DIR (this script's directory, absolute) and $URI
(file://$DIR); the transcript writes them back the same way, so it does
not depend on where the repository is.  The server's exit status ends
the transcript; a server that does not answer within 20 s fails it."""
import json
import os
import select
import subprocess
import sys
import time

TIMEOUT = 20.0


def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.buf = b""
        self.fd = self.p.stdout.fileno()

    def send(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no answer from deal lsp")
        r, _, _ = select.select([self.fd], [], [], left)
        if not r:
            raise TimeoutError("no answer from deal lsp")
        chunk = os.read(self.fd, 65536)
        if not chunk:
            return False
        self.buf += chunk
        return True

    def read(self, deadline):
        """The next message, or None at the end of the output."""
        while True:
            h = self.buf.find(b"\r\n\r\n")
            if h >= 0:
                length = None
                for line in self.buf[:h].split(b"\r\n"):
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v)
                if length is None:
                    raise ValueError("a header without Content-Length: %r" % self.buf[:h])
                if len(self.buf) >= h + 4 + length:
                    body = self.buf[h + 4:h + 4 + length]
                    self.buf = self.buf[h + 4 + length:]
                    return json.loads(body)
            if not self._fill(deadline):
                return None


def subst(x, d):
    if isinstance(x, str):
        for k, v in d:
            x = x.replace(k, v)
        return x
    if isinstance(x, list):
        return [subst(i, d) for i in x]
    if isinstance(x, dict):
        return {subst(k, d): subst(v, d) for k, v in x.items()}
    return x


def main():
    deal, script = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(script))
    real = os.path.realpath(here)
    fwd = [("$URI", "file://" + real), ("$DIR", real)]
    back = [("file://" + real, "$URI"), (real, "$DIR")]
    if real != here:
        back += [("file://" + here, "$URI"), (here, "$DIR")]
    with open(script) as f:
        steps = subst(json.load(f), fwd)
    s = Server([deal, "lsp"])
    out = []
    next_id = 1

    def show(tag, msg):
        out.append(tag + " " + json.dumps(subst(msg, back), ensure_ascii=False,
                                          sort_keys=True))

    def until(pred):
        deadline = time.monotonic() + TIMEOUT
        while True:
            m = s.read(deadline)
            if m is None:
                return None
            show("<-", m)
            if pred(m):
                return m

    try:
        for st in steps:
            if "request" in st:
                msg = {"jsonrpc": "2.0", "id": next_id, "method": st["request"]}
                if "params" in st:
                    msg["params"] = st["params"]
                show("->", msg)
                s.send(frame(msg))
                want = next_id
                next_id += 1
                if until(lambda m: m.get("id") == want and "method" not in m) is None:
                    out.append("!! the server ended without answering")
                    break
            elif "notify" in st:
                msg = {"jsonrpc": "2.0", "method": st["notify"]}
                if "params" in st:
                    msg["params"] = st["params"]
                show("->", msg)
                s.send(frame(msg))
                if "await" in st and until(lambda m: m.get("method") ==
                                           "textDocument/publishDiagnostics" and
                                           m["params"]["uri"] == st["await"]) is None:
                    out.append("!! the server ended before publishing " + st["await"])
                    break
            elif "raw" in st:
                out.append("-> raw " + json.dumps(st["raw"]))
                s.send(st["raw"].encode())
                if st.get("answer"):
                    until(lambda m: "id" in m and "method" not in m)
            elif "write" in st:
                out.append("-> (write %s)" % subst(st["write"], back))
                with open(st["write"], "w") as f:
                    f.write(st["text"])
            elif "delete" in st:
                out.append("-> (delete %s)" % subst(st["delete"], back))
                os.remove(st["delete"])
            elif "close" in st:
                out.append("-> (input closed)")
                s.p.stdin.close()
        else:
            pass
        if not s.p.stdin.closed:
            s.p.stdin.close()
        until(lambda m: False)
        rc = s.p.wait(timeout=TIMEOUT)
        out.append("[exit %d]" % rc)
    except (TimeoutError, ValueError, BrokenPipeError) as e:
        out.append("!! %s" % e)
        s.p.kill()
        s.p.wait()
    err = s.p.stderr.read().decode(errors="replace")
    print("\n".join(out))
    if err:
        print("stderr:\n" + subst(err, back), end="")


if __name__ == "__main__":
    main()
