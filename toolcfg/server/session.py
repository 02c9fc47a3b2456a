"""What a language server session knows, without the protocol: the editor's settings, each
project's files, settings and memo, and the last check of each project.

It decides nothing about code. A check hands ``pipeline.check_project`` a ``Workspace`` of
the disk overlaid by the open buffers, over every file of the project, so that a finding
that depends on another file (a node registered in ``graph.py``) is found whether that file
is open or not; the memo keeps everything between checks, so a keystroke summarises and
analyses again only the buffer it changed and the files whose plan it changed. Fixes are
``fixing.finding_edits`` (one finding's) and ``fixing.fix_project`` (a document's), as the
json output and ``--fix`` make them.
"""

from __future__ import annotations

import gc
import io
import os
import time
import tokenize
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from toolcfg import fixing
from toolcfg.cache import Cache
from toolcfg.discovery import ProjectRoots, project_files
from toolcfg.files import Stamp, stamp
from toolcfg.linter.findings import Finding, Position
from toolcfg.linter.suppression import noqa_codes
from toolcfg.memo import Memo
from toolcfg.pipeline import ProjectFiles, check_project
from toolcfg.results import FailureKind, applicable
from toolcfg.rules import find_rule
from toolcfg.settings import SETTINGS_FILES, Overrides, Resolver, SettingsError, parse_codes
from toolcfg.textedits import TextEdit, split_lines, text_edits
from toolcfg.versions import PYTHON_TARGETS
from toolcfg.workspace import Source, Workspace

#: How long the disk is taken to be as the last look found it while the editor types: a
#: file changed outside the editor (a checkout) is seen by the first check after this, or
#: at once when the editor says so (a save, a watched file). Taking every file's stamp
#: costs a large project a stat per file per keystroke.
DISK_FRESH_SECONDS = 3.0
#: The code action kind of "fix everything in this document", as ruff names its own.
FIX_ALL = "source.fixAll.toolcfg"
QUICK_FIX = "quickfix"


@dataclass(frozen=True)
class EditorSettings:
    """What the editor may set, in ruff's server's shape: ``lint.select``,
    ``lint.extendSelect``, ``lint.ignore``, ``targetVersion``, ``unsafeFixes``, ``fixAll``
    and ``codeAction.disableRuleComment.enable``. Given, they override the project's
    configuration, as the command line's flags do (ruff's ``editorFirst``)."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    target_version: Optional[str] = None
    unsafe_fixes: bool = False
    fix_all: bool = True
    disable_rule_comment: bool = True

    @property
    def overrides(self) -> Overrides:
        return Overrides(
            select=self.select,
            extend_select=self.extend_select,
            ignore=self.ignore,
            target_version=self.target_version,
        )


def editor_settings(options: Any) -> EditorSettings:
    """The settings in ``initializationOptions`` or ``workspace/didChangeConfiguration``:
    ``{"settings": {...}}`` (ruff's), ``{"globalSettings": {...}}``, ``{"toolcfg": {...}}``
    or the keys themselves. ``SettingsError`` for a value of the wrong kind."""
    if not isinstance(options, dict):
        return EditorSettings()
    for wrapper in ("settings", "globalSettings", "toolcfg"):
        if isinstance(options.get(wrapper), dict):
            options = options[wrapper]
            break
    lint = options.get("lint") if isinstance(options.get("lint"), dict) else {}
    action = options.get("codeAction") if isinstance(options.get("codeAction"), dict) else {}
    comment = action.get("disableRuleComment", {})
    target = options.get("targetVersion")
    if target is not None and target not in PYTHON_TARGETS:
        raise SettingsError(f"targetVersion: {target!r} is not one of {', '.join(PYTHON_TARGETS)}")
    select = lint.get("select")
    return EditorSettings(
        select=None if select is None else _codes(select, "lint.select"),
        extend_select=_codes(lint.get("extendSelect", []), "lint.extendSelect"),
        ignore=_codes(lint.get("ignore", []), "lint.ignore"),
        target_version=target,
        unsafe_fixes=_flag(options.get("unsafeFixes", False), "unsafeFixes"),
        fix_all=_flag(options.get("fixAll", True), "fixAll"),
        disable_rule_comment=_flag(
            comment.get("enable", True) if isinstance(comment, dict) else True,
            "codeAction.disableRuleComment.enable",
        ),
    )


def _codes(value: Any, key: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise SettingsError(f"{key}: expected a list of codes, got {value!r}")
    return parse_codes(",".join(value), key)


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise SettingsError(f"{key}: expected true or false, got {value!r}")
    return value


@dataclass(frozen=True)
class Buffer:
    """An open document: its text and the editor's version of it."""

    text: str
    version: Optional[int] = None


@dataclass(frozen=True)
class Report:
    """What one file shows after a check."""

    findings: Tuple[Finding, ...] = ()
    #: Why the file could not be checked (it cannot be read or parsed), and where.
    failure: Optional[str] = None
    failure_at: Optional[Position] = None
    #: A bug of toolcfg's while checking this file: logged, never shown as a diagnostic.
    internal: Optional[str] = None
    #: The text the positions are in, and the buffer version it was (None: the disk's).
    text: str = ""
    version: Optional[int] = None

    @property
    def shown(self) -> bool:
        return bool(self.findings) or self.failure is not None


@dataclass(frozen=True)
class FileChange:
    """The edits of an action in one file, by position in ``text`` (that file's text as
    checked), and the buffer version they apply to (None: the file on disk)."""

    path: str
    text: str
    version: Optional[int]
    edits: Tuple[TextEdit, ...]


@dataclass(frozen=True)
class Action:
    title: str
    kind: str
    changes: Tuple[FileChange, ...]
    #: The finding it fixes or silences (None: fix-all).
    finding: Optional[Finding] = None
    preferred: bool = False


class _Disk(Workspace):
    """The disk as one look found it, overlaid by the open buffers: each file's stamp is
    taken once and each file read once, until the session looks again."""

    def __init__(self) -> None:
        super().__init__()
        self.taken = time.monotonic()
        self._stamps: Dict[str, Optional[Stamp]] = {}

    def stamp(self, path: str) -> Optional[Stamp]:
        if self.is_overlaid(path):
            return None
        if path not in self._stamps:
            self._stamps[path] = stamp(path)
        return self._stamps[path]

    def show(self, buffers: Mapping[str, Buffer]) -> None:
        """Overlay exactly ``buffers``."""
        for path in list(self.overlaid()):
            if path not in buffers:
                self.discard(path)
        for path, buffer in buffers.items():
            if not self.is_overlaid(path) or self.source(path).text != buffer.text:
                self.overlay(path, _source(buffer.text))


@dataclass
class _Project:
    root: str
    memo: Memo
    resolver: Resolver
    files: Optional[Tuple[str, ...]] = None
    #: The last check: its workspace, the reports of the files that show something, and
    #: the buffers it saw (path -> content hash and version).
    workspace: _Disk = field(default_factory=_Disk)
    reports: Dict[str, Report] = field(default_factory=dict)
    buffers: Dict[str, Tuple[str, Optional[int]]] = field(default_factory=dict)
    #: Whether what the first check left has been moved out of the collector's reach.
    frozen: bool = False
    #: Each file's fix edits, worked out for the last check on first use.
    fix_edits: Dict[str, Tuple[Optional[Tuple[Tuple[str, TextEdit], ...]], ...]] = field(
        default_factory=dict
    )


class Session:
    """The projects of the editor's workspace folders, found as the command line finds them
    (the nearest ``pyproject.toml`` or ``.git``), each with its memo over the on-disk cache.
    Its methods run one at a time (the server's worker thread)."""

    def __init__(
        self, folders: Sequence[str] = (), settings: EditorSettings = EditorSettings()
    ) -> None:
        self.folders = tuple(os.path.abspath(folder) for folder in folders)
        self.settings = settings
        self._projects: Dict[str, _Project] = {}
        self._roots: Dict[str, ProjectRoots] = {}

    # -- projects ----------------------------------------------------------------------------

    def root_of(self, path: str) -> str:
        """The project root of a file: the nearest ``pyproject.toml`` or ``.git`` above it,
        else the workspace folder that holds it, else its directory."""
        directory = os.path.dirname(path)
        holding = [f for f in self.folders if directory == f or directory.startswith(f + os.sep)]
        fallback = max(holding, key=len) if holding else directory
        if fallback not in self._roots:
            self._roots[fallback] = ProjectRoots(fallback)
        return self._roots[fallback].of(directory)

    def _project(self, root: str) -> _Project:
        project = self._projects.get(root)
        if project is None:
            # Analyses come from this session only, never from a cache that came with a
            # checkout: fix-all applies them without asking, as `--fix` does.
            memo = Memo(Cache(Path(root)), disk_analyses=False, buffers_on_disk=False)
            project = _Project(root, memo, Resolver(self.settings.overrides))
            self._projects[root] = project
        return project

    def configure(self, settings: EditorSettings) -> List[str]:
        """New editor settings; returns the roots to check again."""
        self.settings = settings
        for project in self._projects.values():
            project.resolver = Resolver(settings.overrides)
            project.fix_edits.clear()
        return list(self._projects)

    def files_changed(self, changed: Iterable[str], listed: Iterable[str] = ()) -> List[str]:
        """Files ``changed`` on disk, and files created or deleted (``listed``): what the
        editor's file watcher reports, or a save. A settings file means new settings, a
        module created or deleted a new file list; every check after reads the disk afresh.
        Returns the roots to check again."""
        changed, listed = list(changed), list(listed)
        roots = []
        for project in self._projects.values():
            inside = [p for p in changed + listed if p.startswith(project.root + os.sep)]
            if not inside:
                continue
            names = {os.path.basename(path) for path in inside}
            if names & (SETTINGS_FILES | {".gitignore"}) or any(
                name.startswith("requirements") for name in names
            ):
                project.resolver = Resolver(self.settings.overrides)
                project.files = None
            known = set(project.files or ())
            if any(p.endswith(".py") and (p in listed or p not in known) for p in inside):
                project.files = None
            project.workspace = _Disk()
            # The last project pass read the disk as it was (a langgraph.json, say).
            project.memo.last_pass = None
            roots.append(project.root)
        return roots

    def save(self) -> None:
        """Keep what was learnt of the files on disk for the next session."""
        for project in self._projects.values():
            project.memo.save()

    # -- checking ----------------------------------------------------------------------------

    def check(self, root: str, buffers: Mapping[str, Buffer]) -> Dict[str, Report]:
        """Check the project at ``root`` with ``buffers`` (every open document) over the
        disk. Returns the report of each file that shows something; ``SettingsError`` for a
        configuration that cannot be used."""
        project = self._project(root)
        mine = {path: buffer for path, buffer in buffers.items() if self.root_of(path) == root}
        if project.files is None:
            project.files = tuple(project_files(root, project.resolver))
        listed = set(project.files)
        extra = tuple(
            path
            for path in mine
            if path not in listed
            and path.endswith(".py")
            and not project.resolver.for_file(path).is_excluded(Path(path))
        )
        everything = (*project.files, *extra)
        workspace = project.workspace
        if time.monotonic() - workspace.taken > DISK_FRESH_SECONDS:
            workspace = _Disk()
        workspace.show(mine)
        checked = check_project(
            workspace, ProjectFiles(root, everything, everything), project.resolver, project.memo
        )
        if not project.frozen:
            # The first full index leaves hundreds of thousands of objects that live as long
            # as the session: a full collection walked them all, about 0.5 s, on one
            # keystroke in eight. Frozen, collections walk only what later checks make.
            gc.collect()
            gc.freeze()
            project.frozen = True
        reports: Dict[str, Report] = {}
        for path in everything:
            version = mine[path].version if path in mine else None
            failure = checked.failures.get(path)
            if failure is not None and failure.kind is FailureKind.INTERNAL:
                reports[path] = Report(internal=failure.text, version=version)
            elif failure is not None:
                text = mine[path].text if path in mine else _disk_text(workspace, path)
                at = failure.start if failure.line is not None else None
                reports[path] = Report(
                    failure=failure.text, failure_at=at, text=text, version=version
                )
            elif checked.findings.get(path):
                text = workspace.source(path).text
                reports[path] = Report(checked.findings[path], text=text, version=version)
        seen = {
            path: (workspace.source(path).digest, buffer.version) for path, buffer in mine.items()
        }
        for path, (digest, _) in project.buffers.items():
            if seen.get(path, (None,))[0] != digest:
                project.memo.release(digest)  # the buffer has moved on, or was closed
        project.workspace, project.reports, project.buffers = workspace, reports, seen
        project.fix_edits = {}
        return reports

    # -- code actions ------------------------------------------------------------------------

    def actions(self, path: str, first_line: int, last_line: int) -> List[Action]:
        """The quick fixes and "disable for this line" actions of the findings of ``path``
        on lines ``first_line`` to ``last_line`` (from 1), from the last check."""
        project = self._projects.get(self.root_of(path))
        report = project.reports.get(path) if project is not None else None
        if project is None or report is None or not report.findings:
            return []
        found: List[Action] = []
        for index, finding in enumerate(report.findings):
            if not first_line <= finding.start.line <= last_line:
                continue
            fix = self._fix_of(project, path, index)
            if fix is not None:
                rule = find_rule(finding.code)
                title = rule.fix_title if rule is not None and rule.fix_title else "Fix"
                found.append(
                    Action(f"toolcfg ({finding.code}): {title}", QUICK_FIX, fix, finding, True)
                )
            if self.settings.disable_rule_comment:
                silence = _noqa_change(path, report, finding)
                if silence is not None:
                    found.append(
                        Action(
                            f"toolcfg ({finding.code}): Disable for this line",
                            QUICK_FIX,
                            (silence,),
                            finding,
                        )
                    )
        return found

    def _fix_of(self, project: _Project, path: str, index: int) -> Optional[Tuple[FileChange, ...]]:
        report = project.reports[path]
        finding = report.findings[index]
        if not applicable(finding, self.settings.unsafe_fixes):
            return None
        if path not in project.fix_edits:
            project.fix_edits[path] = fixing.finding_edits(
                path,
                report.findings,
                lambda part: project.workspace.source(part).text,
                partial(fixing.apply, project.resolver),
            )
        pairs = project.fix_edits[path][index]
        if not pairs:
            return None
        by_file: Dict[str, List[TextEdit]] = {}
        for part, edit in pairs:
            by_file.setdefault(part, []).append(edit)
        return tuple(self._change(project, part, edits) for part, edits in by_file.items())

    def fix_all(self, path: str) -> Optional[Action]:
        """Every applicable fix of ``path``'s findings, fixed again until nothing is left and
        laid out by the project's formatter, as ``toolcfg check --fix`` makes them: edits
        of ``path`` and of the helpers' files they change."""
        project = self._projects.get(self.root_of(path))
        report = project.reports.get(path) if project is not None else None
        if project is None or report is None or not self.settings.fix_all:
            return None
        if not any(applicable(f, self.settings.unsafe_fixes) for f in report.findings):
            return None
        from toolcfg.formatting import lay_out_with

        files = project.files or ()
        outcome = fixing.fix_project(
            project.workspace,
            ProjectFiles(project.root, (*files, *([] if path in files else [path])), (path,)),
            project.resolver,
            project.memo,
            self.settings.unsafe_fixes,
            lay_out=lay_out_with(project.resolver),
        )
        changes = tuple(
            self._change(project, part, text_edits(outcome.before[part], after))
            for part, after in outcome.after.items()
        )
        if not changes:
            return None
        return Action("toolcfg: Fix all auto-fixable problems", FIX_ALL, changes)

    def _change(self, project: _Project, path: str, edits: Sequence[TextEdit]) -> FileChange:
        version = project.buffers.get(path, ("", None))[1]
        text = project.workspace.source(path).text
        return FileChange(path, text, version, tuple(edits))


def _noqa_change(path: str, report: Report, finding: Finding) -> Optional[FileChange]:
    """``# noqa: CODE`` at the end of the finding's line, joining a ``# noqa:`` there, as
    ruff's "Disable for this line"; None where a comment cannot go (the line continues
    with a backslash or inside a string) or one silences it already."""
    lines = split_lines(report.text)
    row = finding.start.line
    if row > len(lines):
        return None
    line = lines[row - 1]
    codes = noqa_codes(line)
    if codes is not None and (not codes or finding.code in codes):
        return None
    stripped = line.rstrip()
    new = f"{stripped}, {finding.code}" if codes else f"{stripped}  # noqa: {finding.code}"
    if codes and not stripped.upper().endswith(codes[-1]):
        return None  # the noqa comment is not the end of the line
    edit = TextEdit(
        Position(row, len(stripped) + 1), Position(row, len(line) + 1), new[len(stripped) :]
    )
    changed = "\n".join([*lines[: row - 1], new, *lines[row:]])
    if fixing.compiles(report.text) and not fixing.compiles(changed):
        return None
    return FileChange(path, report.text, report.version, (edit,))


def _source(text: str) -> Source:
    """A buffer's text as the bytes its file would hold: in its coding cookie's encoding,
    else UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        if encoding not in ("utf-8", "utf-8-sig"):
            data = text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        pass  # the check reports what Python would say of the file
    return Source(data)


def _disk_text(workspace: Workspace, path: str) -> str:
    try:
        return workspace.source(path).text
    except (OSError, SyntaxError):
        return ""
