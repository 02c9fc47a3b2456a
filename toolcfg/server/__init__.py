"""``toolcfg server``: a language server, a third shell over the pipeline beside the command
line and the codemod.

``session`` holds what an editor session knows (its open buffers, each project's files,
settings and memo) and maps it to ``check_project`` and ``fix_project`` calls, without any
protocol; ``lsp`` maps LSP 3.17 messages to the session and its findings to diagnostics
and code actions, with ``pygls``. Only ``lsp`` imports ``pygls`` and ``lsprotocol``, and
only ``toolcfg server`` imports ``lsp``.
"""
