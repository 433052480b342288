#!/usr/bin/env python3
"""The latency of `deal lsp`: the time from a didChange (the whole text,
one comment line added or taken away) to the publishDiagnostics of that
version, as an editor sees it after a keystroke.

  lsp_latency.py DEAL FILE [CHANGES]     prints "lsp_ms_median N" and
                                          "lsp_ms_max N" (CHANGES: 20)"""
import json
import os
import statistics
import subprocess
import sys
import time


def frame(obj):
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def main():
    deal, path = sys.argv[1], os.path.abspath(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with open(path) as f:
        text = f.read()
    uri = "file://" + path
    p = subprocess.Popen([deal, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    buf = b""

    def read():
        nonlocal buf
        while True:
            h = buf.find(b"\r\n\r\n")
            if h >= 0:
                length = int(buf[:h].split(b":")[1])
                if len(buf) >= h + 4 + length:
                    m = json.loads(buf[h + 4:h + 4 + length])
                    buf = buf[h + 4 + length:]
                    return m
            chunk = os.read(p.stdout.fileno(), 1 << 20)
            if not chunk:
                raise SystemExit("deal lsp ended")
            buf += chunk

    def send(m):
        p.stdin.write(frame(m))
        p.stdin.flush()

    def diagnostics(version):
        while True:
            m = read()
            if (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri and m["params"].get("version") == version):
                return

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    while read().get("id") != 1:
        pass
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "deal", "version": 1, "text": text}}})
    diagnostics(1)
    times = []
    for v in range(2, n + 2):
        t = text + ("# edited\n" if v % 2 else "")
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": t}]}})
        diagnostics(v)
        times.append((time.perf_counter() - t0) * 1000)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    p.wait()
    print("lsp_ms_median %.1f" % statistics.median(times))
    print("lsp_ms_max %.1f" % max(times))


if __name__ == "__main__":
    main()
