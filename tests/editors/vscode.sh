#!/bin/sh
# The VS Code extension in editors/vscode: its npm dependencies install
# from the committed lock file (npm ci, into BUILD/vscode), and its entry
# point loads with them: extension.js and vscode-languageclient are
# required under a stand-in for the `vscode` module (which only VS Code
# provides), and activate() starts a LanguageClient on `deal lsp`.
#   tests/editors/vscode.sh BUILD
set -u
B=${1:-build}
dir=$B/vscode
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "vscode: SKIP: node and npm are not installed and could not be (make deps installs them)"
  exit 0
fi
mkdir -p "$dir/stub/node_modules/vscode"
if ! cmp -s editors/vscode/package-lock.json "$dir/package-lock.json" ||
   [ ! -d "$dir/node_modules/vscode-languageclient" ]; then
  rm -rf "$dir/node_modules"
  cp editors/vscode/package.json editors/vscode/package-lock.json "$dir/"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund >npm.log 2>&1) ||
    { echo "vscode: FAIL: npm ci in $dir (see $dir/npm.log)"; cat "$dir/npm.log"; exit 1; }
fi
cp tests/editors/vscode-stub.js "$dir/stub/node_modules/vscode/index.js"
NODE_PATH="$PWD/$dir/node_modules:$PWD/$dir/stub/node_modules" \
  node -e '
    const ext = require(process.argv[1]);
    if (typeof ext.activate !== "function" || typeof ext.deactivate !== "function")
      throw new Error("extension.js exports no activate/deactivate");
    const vscode = require("vscode");
    const check = () => {
      const s = vscode.started;
      if (!s || s.command !== "deal" || s.args.join(" ") !== "lsp") {
        console.error("vscode: FAIL: activate() did not start deal lsp: " + JSON.stringify(s));
        process.exit(1);
      }
      console.log("vscode: extension.js loads and activate() starts `deal lsp`");
      process.exit(0);
    };
    /* the stand-in answers nothing: the start goes as far as the spawn,
       then fails as it may */
    process.on("uncaughtException", () => {});
    process.on("unhandledRejection", () => {});
    Promise.resolve(ext.activate({ subscriptions: [] })).catch(() => {});
    const t0 = Date.now();
    const poll = setInterval(() => {
      if (vscode.started || Date.now() - t0 > 10000) { clearInterval(poll); check(); }
    }, 20);
  ' "$PWD/editors/vscode/extension.js"
