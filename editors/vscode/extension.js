// deal for VS Code: the language (syntax: deal.tmLanguage.json) and its
// language server, `deal lsp`, started through vscode-languageclient.
// Settings: deal.path (the deal program), deal.world and deal.date (the
// session's world: outcomes "a,b" and a date YYYY-MM-DD; empty: the
// status quo at the scenario's date).  The command "deal: Choose the
// world" asks for both.
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('deal');
  const serverOptions = { command: config.get('path') || 'deal', args: ['lsp'] };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'deal' },
      { scheme: 'untitled', language: 'deal' },
    ],
    initializationOptions: { world: config.get('world') || '', date: config.get('date') || '' },
    synchronize: {
      configurationSection: 'deal',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.deal'),
    },
  };
  client = new LanguageClient('deal', 'deal language server', serverOptions, clientOptions);
  context.subscriptions.push(vscode.commands.registerCommand('deal.chooseWorld', async () => {
    const world = await vscode.window.showInputBox({
      prompt: 'Outcomes of the world (a,b); empty for the status quo',
    });
    if (world === undefined) return;
    const date = await vscode.window.showInputBox({
      prompt: 'Its date (YYYY-MM-DD); empty for the scenario\'s',
    });
    if (date === undefined) return;
    await client.sendRequest('workspace/executeCommand', {
      command: 'deal.world', arguments: [world, date],
    });
  }));
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
