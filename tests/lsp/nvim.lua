-- Neovim (0.7 and later), headless, as a user's editor: deal's server
-- started with vim.lsp.start_client (0.8's vim.lsp.start is not in 0.7)
-- for a scenario with an error.  The diagnostic must arrive at the line
-- and column of the error; once the buffer is fixed, a hover on the
-- expect must give its answer and explanation.  Exits 0, or 1 with why
-- on standard error (tests/lsp/nvim.sh runs it).
local deal, dir = os.getenv('DEAL'), os.getenv('WORKDIR')

local function check()
  local file = dir .. '/nvim.deal'
  local f = assert(io.open(file, 'w'))
  f:write([[
party Acme;
party Beta;
action sell;
product Widget owned by Acme;
agreement L between Acme, Beta signed 2025-01-01 {
  clause grant: Beta may sell Widgt;
}
expect Beta may sell Widget;
]])
  f:close()
  vim.cmd('edit ' .. file)
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'deal', cmd = {deal, 'lsp'}, root_dir = dir,
    flags = {debounce_text_changes = 0},
  })
  assert(id, 'the client did not start')
  assert(vim.lsp.buf_attach_client(buf, id), 'the client did not attach')
  assert(vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20),
         'no diagnostic arrived')
  local d = vim.diagnostic.get(buf)[1]
  -- `Widgt` is on line 6, column 31 (1-based): 0-based 5 and 30
  assert(d.lnum == 5 and d.col == 30,
         ('the diagnostic is at %d:%d, not 5:30'):format(d.lnum, d.col))
  assert(d.message:find('Widgt', 1, true), 'the message: ' .. d.message)
  assert(d.severity == vim.diagnostic.severity.ERROR, 'not an error')
  -- fixed: the diagnostics go, and the expect holds
  vim.api.nvim_buf_set_lines(buf, 5, 6, false, {'  clause grant: Beta may sell Widget;'})
  assert(vim.wait(15000, function() return #vim.diagnostic.get(buf) == 0 end, 20),
         'the diagnostic stayed after the fix')
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = {uri = vim.uri_from_bufnr(buf)},
    position = {line = 7, character = 0},
  }, 15000)
  assert(res and res[id] and res[id].result, 'no hover: ' .. vim.inspect(res))
  local text = res[id].result.contents.value
  assert(text:find('yes: Beta may sell Widget', 1, true) and text:find('Decides: L.grant', 1, true),
         'the hover: ' .. text)
  io.stdout:write('nvim: diagnostic at 6:31; hover: ' .. text:match('yes: [^\n]*') .. '\n')
  vim.lsp.stop_client(id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
end

local ok, err = pcall(check)
if not ok then
  io.stderr:write('nvim: FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
