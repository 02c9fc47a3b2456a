"""The protocol side of ``toolcfg server``: LSP 3.17 over stdio with ``pygls``.

It maps messages to the ``Session`` and the session's reports and actions to diagnostics
and code actions; it decides nothing about code. Checks run on one worker thread, so the
event loop keeps reading messages while a project is checked: edits that arrive meanwhile
are checked together when it is done (the debounce), and a request that needs the findings
of the text the editor holds (a code action) waits until they are there.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Sequence, Set, Tuple, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from toolcfg import __version__
from toolcfg.linter.findings import Position
from toolcfg.rules.noqa import UNUSED_NOQA
from toolcfg.server.session import (
    FIX_ALL,
    Action,
    Buffer,
    EditorSettings,
    FileChange,
    Report,
    Session,
    editor_settings,
)
from toolcfg.settings import SettingsError
from toolcfg.textedits import split_lines

#: Edits that arrive within this many seconds of each other are checked together.
DEBOUNCE = 0.02
#: What the server asks the editor to watch: modules and the files settings come from.
WATCHED = ("**/*.py", "**/pyproject.toml", "**/ruff.toml", "**/.ruff.toml", "**/*.lock")
#: The settings files among them, and requirements files, name projects' settings.

T = TypeVar("T")
logger = logging.getLogger(__name__)


class ToolcfgServer(LanguageServer):
    """The server and its state: the session, the worker thread and what was published."""

    def __init__(self) -> None:
        super().__init__("toolcfg", __version__)
        self.session = Session()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toolcfg-check")
        #: Project roots to check, the pending debounce, the check running, and those
        #: waiting for every edit so far to be checked.
        self.dirty: Set[str] = set()
        self.timer: Optional[asyncio.TimerHandle] = None
        self.running: Optional[asyncio.Future[Any]] = None
        self.waiting: List[asyncio.Future[None]] = []
        #: Per project root, the files whose diagnostics are shown; each open file's URI as
        #: the editor spells it.
        self.shown: Dict[str, Set[str]] = {}
        self.uris: Dict[str, str] = {}
        self.loop: Optional[asyncio.AbstractEventLoop] = None

    # -- documents -----------------------------------------------------------------------------

    def path_of(self, uri: str) -> Optional[str]:
        if not uri.startswith("file:"):
            return None
        path = to_fs_path(uri)
        return os.path.abspath(path) if path else None

    def uri_of(self, path: str) -> str:
        return self.uris.get(path) or from_fs_path(path) or path

    def buffers(self) -> Dict[str, Buffer]:
        found = {}
        for uri, document in self.workspace.text_documents.items():
            path = self.path_of(uri)
            if path is not None and path.endswith(".py"):
                found[path] = Buffer(document.source, document.version)
        return found

    # -- checking ------------------------------------------------------------------------------

    def touch(self, roots: Sequence[str], delay: float = DEBOUNCE) -> None:
        """Check these projects soon, with whatever else changes meanwhile."""
        self.dirty.update(roots)
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().call_later(delay, self._start)

    def _start(self) -> None:
        self.timer = None
        if self.running is not None or not self.dirty:
            return  # the running check starts the next when it is done
        roots, self.dirty = sorted(self.dirty), set()
        buffers = self.buffers()
        self.running = asyncio.get_running_loop().run_in_executor(
            self.worker, self._check, roots, buffers
        )
        self.running.add_done_callback(self._checked)

    def _check(
        self, roots: Sequence[str], buffers: Dict[str, Buffer]
    ) -> List[Tuple[str, Optional[Dict[str, Report]]]]:
        """On the worker thread: each project's reports, or None when it could not be
        checked (its settings are invalid, or a bug of ours), which the loop logs."""
        results: List[Tuple[str, Optional[Dict[str, Report]]]] = []
        for root in roots:
            try:
                results.append((root, self.session.check(root, buffers)))
            except SettingsError as error:
                self.call(self.tell, f"toolcfg: {error}", types.MessageType.Error)
                results.append((root, None))
            except Exception:
                self.call(
                    self.log,
                    f"toolcfg: internal error checking {root}:\n{traceback.format_exc()}",
                    types.MessageType.Error,
                )
                results.append((root, None))
        return results

    def call(self, function: Callable[..., None], *args: Any) -> None:
        """Run ``function`` on the event loop, which alone writes to the editor."""
        assert self.loop is not None
        self.loop.call_soon_threadsafe(function, *args)

    def _checked(self, future: asyncio.Future[Any]) -> None:
        self.running = None
        if not future.cancelled() and future.exception() is None:
            for root, reports in future.result():
                self.publish(root, reports or {})
        if self.dirty:
            self._start()
        elif self.timer is None:
            for waiter in self.waiting:
                if not waiter.done():
                    waiter.set_result(None)
            self.waiting.clear()

    async def settled(self) -> None:
        """Wait until every edit so far has been checked."""
        if self.running is None and self.timer is None and not self.dirty:
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(waiter)
        await waiter

    async def on_worker(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` on the worker thread, after the checks pending."""
        await self.settled()
        return await asyncio.get_running_loop().run_in_executor(self.worker, function, *args)

    # -- publishing ----------------------------------------------------------------------------

    def publish(self, root: str, reports: Dict[str, Report]) -> None:
        """Diagnostics for each open file of the project, and for every other file whose
        diagnostics appear or go. A bug of ours in one file is logged and clears it."""
        before = self.shown.get(root, set())
        now = {path for path, report in reports.items() if report.shown}
        internal = {r.internal for r in reports.values() if r.internal is not None}
        for message in sorted(internal):
            files = sorted(p for p, r in reports.items() if r.internal == message)
            where = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            self.log(f"toolcfg: {where}: {message}", types.MessageType.Error)
        open_here = [path for path in self.buffers() if self.session.root_of(path) == root]
        for path in sorted(now | before | set(open_here)):
            report = reports.get(path, Report())
            if path not in now and path not in before and path not in open_here:
                continue
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=self.uri_of(path),
                    diagnostics=self.diagnostics(report),
                    version=report.version if path in open_here else None,
                )
            )
        self.shown[root] = now

    def diagnostics(self, report: Report) -> List[types.Diagnostic]:
        lines = split_lines(report.text)
        if report.failure is not None:
            at = report.failure_at or Position(1, 1)
            start = self.position(lines, at)
            end = self.position(lines, Position(at.line, len(_line(lines, at.line)) + 1))
            return [
                types.Diagnostic(
                    range=types.Range(start, end if end != start else start),
                    message=report.failure,
                    severity=types.DiagnosticSeverity.Error,
                    source="toolcfg",
                )
            ]
        return [
            types.Diagnostic(
                range=types.Range(
                    self.position(lines, finding.start), self.position(lines, finding.end)
                ),
                message=finding.message,
                severity=types.DiagnosticSeverity.Warning,
                code=finding.code,
                source="toolcfg",
                tags=[types.DiagnosticTag.Unnecessary]
                if finding.code == UNUSED_NOQA.code
                else None,
            )
            for finding in report.findings
        ]

    def position(self, lines: Sequence[str], at: Position) -> types.Position:
        """A finding's position (line and code-point column from 1) in the encoding agreed
        with the editor (UTF-16 unless it offered another)."""
        line = min(max(at.line - 1, 0), len(lines))
        column = min(max(at.column - 1, 0), len(_line(lines, line + 1)))
        return self.workspace.position_codec.position_to_client_units(
            lines, types.Position(line, column)
        )

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def tell(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))
        self.log(message, kind)

    # -- code actions --------------------------------------------------------------------------

    def code_action(
        self, action: Action, diagnostics: Sequence[types.Diagnostic]
    ) -> types.CodeAction:
        return types.CodeAction(
            title=action.title,
            kind=action.kind,
            diagnostics=[d for d in diagnostics if action.finding is not None and _same(d, action)]
            or None,
            edit=self.workspace_edit(action.changes),
            is_preferred=action.preferred or None,
        )

    def workspace_edit(self, changes: Sequence[FileChange]) -> types.WorkspaceEdit:
        """``documentChanges`` with each open file's version, as LSP 3.17 prefers; plain
        ``changes`` for an editor that cannot take them."""
        capabilities = self.client_capabilities.workspace
        edit = capabilities.workspace_edit if capabilities is not None else None
        edits = {change.path: self.text_edits(change) for change in changes}
        if edit is not None and edit.document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=self.uri_of(change.path), version=change.version
                        ),
                        edits=list(edits[change.path]),
                    )
                    for change in changes
                ]
            )
        return types.WorkspaceEdit(
            changes={self.uri_of(path): list(found) for path, found in edits.items()}
        )

    def text_edits(self, change: FileChange) -> List[types.TextEdit]:
        lines = split_lines(change.text)
        return [
            types.TextEdit(
                range=types.Range(self.position(lines, edit.start), self.position(lines, edit.end)),
                new_text=edit.content,
            )
            for edit in change.edits
        ]


def _line(lines: Sequence[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _same(diagnostic: types.Diagnostic, action: Action) -> bool:
    finding = action.finding
    return (
        finding is not None
        and diagnostic.code == finding.code
        and diagnostic.range.start.line == finding.start.line - 1
    )


def _wants(only: Optional[Sequence[str]], kind: str) -> bool:
    """Does a request for the kinds ``only`` take an action of ``kind``? (``source``
    takes ``source.fixAll.toolcfg``.)"""
    return only is None or any(kind == want or kind.startswith(want + ".") for want in only)


def build() -> ToolcfgServer:
    server = ToolcfgServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ToolcfgServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        folders = [ls.path_of(folder.uri) for folder in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [ls.path_of(params.root_uri)]
        try:
            settings = editor_settings(params.initialization_options)
        except SettingsError as error:
            ls.call(ls.tell, f"toolcfg: {error}; using the project's configuration")
            settings = EditorSettings()
        ls.session = Session([f for f in folders if f], settings)

    @server.feature(types.INITIALIZED)
    def initialized(ls: ToolcfgServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
            )
            ls.client_register_capability(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id="toolcfg-watched-files",
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )

    def opened(ls: ToolcfgServer, uri: str) -> None:
        path = ls.path_of(uri)
        if path is not None and path.endswith(".py"):
            ls.uris[path] = uri
            ls.touch([ls.session.root_of(path)])

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ToolcfgServer, params: types.DidOpenTextDocumentParams) -> None:
        opened(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ToolcfgServer, params: types.DidChangeTextDocumentParams) -> None:
        opened(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ToolcfgServer, params: types.DidSaveTextDocumentParams) -> None:
        await disk_changed(ls, [params.text_document.uri])

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: ToolcfgServer, params: types.DidCloseTextDocumentParams) -> None:
        await disk_changed(ls, [params.text_document.uri])  # its text is the disk's again

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(
        ls: ToolcfgServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        listed = [c.uri for c in params.changes if c.type != types.FileChangeType.Changed]
        await disk_changed(ls, [c.uri for c in params.changes], listed)

    async def disk_changed(ls: ToolcfgServer, uris: List[str], listed: Sequence[str] = ()) -> None:
        paths = [p for p in map(ls.path_of, uris) if p is not None]
        created = [p for p in map(ls.path_of, listed) if p is not None]
        roots = await ls.on_worker(ls.session.files_changed, paths, created)
        ls.touch(roots)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: ToolcfgServer, params: types.DidChangeConfigurationParams
    ) -> None:
        try:
            settings = editor_settings(params.settings)
        except SettingsError as error:
            ls.tell(f"toolcfg: {error}; the settings were left as they were")
            return
        roots = await ls.on_worker(ls.session.configure, settings)
        if roots:
            ls.touch(roots)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL],
            resolve_provider=False,
        ),
    )
    async def code_action(
        ls: ToolcfgServer, params: types.CodeActionParams
    ) -> Optional[List[types.CodeAction]]:
        path = ls.path_of(params.text_document.uri)
        if path is None:
            return None
        only = params.context.only
        first, last = params.range.start.line + 1, params.range.end.line + 1
        found: List[Action] = []
        if _wants(only, types.CodeActionKind.QuickFix):
            found.extend(await ls.on_worker(ls.session.actions, path, first, last))
        if _wants(only, FIX_ALL):
            fix_all = await ls.on_worker(ls.session.fix_all, path)
            if fix_all is not None:
                found.append(fix_all)
        return [ls.code_action(action, params.context.diagnostics) for action in found] or None

    @server.feature(types.SHUTDOWN)
    async def shutdown(ls: ToolcfgServer, params: None) -> None:
        """Publish what the edits so far give, and keep what was learnt for the next
        session's first open."""
        await ls.on_worker(ls.session.save)

    return server


def main() -> None:
    """``toolcfg server``: serve over stdio until the editor says ``exit``."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    server = build()
    server.start_io()
    sys.exit(0 if server.protocol._shutdown else 1)
