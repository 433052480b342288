// A stand-in for VS Code's `vscode` module (tests/editors/vscode.sh):
// any member is a callable, constructible stand-in again, so that
// vscode-languageclient loads and constructs; what the extension asks to
// spawn is kept in `started`.
'use strict';
const cp = require('child_process');
function stub(name) {
  const f = function () { return stub(name + '()'); };
  return new Proxy(f, {
    get(t, k) {
      if (k === Symbol.toPrimitive) return () => name;
      if (k === 'then') return undefined;
      if (typeof k === 'symbol') return undefined;
      if (!(k in t)) t[k] = stub(name + '.' + String(k));
      return t[k];
    },
    apply() { return stub(name + '()'); },
    construct() { return stub('new ' + name); },
  });
}
const vscode = stub('vscode');
vscode.version = '1.90.0';
vscode.workspace.getConfiguration = () => ({ get: () => undefined });
// the language client spawns its server: record it, spawn nothing
const spawn = cp.spawn;
cp.spawn = (command, args) => {
  module.exports.started = { command, args };
  return spawn('true');
};
module.exports = vscode;
