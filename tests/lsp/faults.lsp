Content-Length: 83

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 849

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal", "languageId": "deal", "version": 1, "text": "scenario \"Language server test\" as of 2026-03-01;\nparty Acme \"Acme Corporation\" aka ACME;\nparty Beta \"Beta Ltd.\";\n\naction host \"serve from its cloud\";\nproduct Model \"the model\" owned by Acme;\n\nagreement Licence \"Model licence\" between Acme, Beta signed 2025-01-01 {\n  clause grant: Beta may host Model;\n  clause ban: Beta must not host Model overrides grnt;\n}\n\ndispute suit \"Acme v. Beta\" {\n  plaintiff Acme;\n  defendants Beta;\n  claim \"Beta hosts the model\";\n\n  outcome acme_wins \"the ban holds\" {\n    void Licence.grant;\n  }\n}\n\nexpect Beta may host Model;\nexpect Beta must not host Model under acme_wins;\nquery ACME may host Model;\n"}}}Content-Length: 852

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal", "version": 2}, "contentChanges": [{"text": "scenario \"Language server test\" as of 2026-03-01;\nparty Acme \"Acme Corporation\" aka ACME;\nparty Beta \"Beta Ltd.\";\n\naction host \"serve from its cloud\";\nproduct Model \"the model\" owned by Acme;\n\nagreement Licence \"Model licence\" between Acme, Beta signed 2025-01-01 {\n  clause grant: Beta may host Model;\n  clause ban: Beta must not host Model overrides grant;\n}\n\ndispute suit \"Acme v. Beta\" {\n  plaintiff Acme;\n  defendants Beta;\n  claim \"Beta hosts the model\";\n\n  outcome acme_wins \"the ban holds\" {\n    void Licence.grant;\n  }\n}\n\nexpect Beta may host Model;\nexpect Beta must not host Model under acme_wins;\nquery ACME may host Model;\n"}]}}Content-Length: 173

{"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 8, "character": 10}}}Content-Length: 173

{"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 5, "character": 36}}}Content-Length: 173

{"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 22, "character": 0}}}Content-Length: 178

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/definition", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 9, "character": 50}}}Content-Length: 219

{"jsonrpc": "2.0", "id": 6, "method": "textDocument/references", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 5, "character": 36}, "context": {"includeDeclaration": true}}}Content-Length: 195

{"jsonrpc": "2.0", "id": 7, "method": "textDocument/rename", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 8, "character": 10}, "newName": "permit"}}Content-Length: 140

{"jsonrpc": "2.0", "id": 8, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}}}Content-Length: 179

{"jsonrpc": "2.0", "id": 9, "method": "textDocument/completion", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 18, "character": 17}}}Content-Length: 152

{"jsonrpc": "2.0", "id": 10, "method": "textDocument/formatting", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "options": {}}}Content-Length: 135

{"jsonrpc": "2.0", "id": 11, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}}}Content-Length: 145

{"jsonrpc": "2.0", "id": 12, "method": "workspace/executeCommand", "params": {"command": "deal.world", "arguments": ["acme_wins", "2026-01-01"]}}Content-Length: 174

{"jsonrpc": "2.0", "id": 13, "method": "textDocument/hover", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}, "position": {"line": 8, "character": 10}}}Content-Length: 135

{"jsonrpc": "2.0", "id": 14, "method": "textDocument/codeLens", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}}}Content-Length: 125

{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///nonexistent/faults.deal"}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 15, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}