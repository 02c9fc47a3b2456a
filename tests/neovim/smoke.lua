-- Headless Neovim as a user's editor: open a file, start `toolcfg server` for it with the
-- built-in LSP client, wait for diagnostics, apply the first quick fix, save, and wait for
-- the diagnostics to clear. What it saw goes to $TOOLCFG_OUT, one line per step.
-- Written for Neovim 0.7 (Debian's), whose client has start_client and buf_attach_client;
-- `vim.lsp.start` (0.8+) wraps the same two calls.
local out = {}
local function say(line)
  table.insert(out, line)
  vim.fn.writefile(out, vim.env.TOOLCFG_OUT)
end

vim.cmd("edit " .. vim.fn.fnameescape(vim.env.TOOLCFG_FILE))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "toolcfg",
  cmd = { vim.env.TOOLCFG_PYTHON, "-m", "toolcfg", "server" },
  root_dir = vim.env.TOOLCFG_ROOT,
})
vim.lsp.buf_attach_client(buf, client_id)

local got = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
say("diagnostics " .. tostring(got))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  say(string.format("diagnostic %d:%d %s %s %s", d.lnum + 1, d.col + 1, d.source, code, d.message))
end

local first = vim.diagnostic.get(buf)[1]
if first then
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
end
local client = vim.lsp.get_client_by_id(client_id)
local applied = false
local params = vim.lsp.util.make_range_params()
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf), only = { "quickfix" } }
local replies = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 30000) or {}
for _, reply in pairs(replies) do
  for _, action in ipairs(reply.result or {}) do
    say("action " .. action.title)
    if action.edit and not applied then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
end
vim.cmd("silent wall")
local cleared = vim.wait(60000, function()
  return #vim.diagnostic.get(buf) == 0
end, 50)
say("cleared " .. tostring(cleared))
vim.lsp.stop_client(client_id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
say("done")
vim.cmd("qa!")
