"""The command line's shell around the pipeline: files in, results out.

It decides nothing about the code. It finds the files (``discovery``), groups them by
project (the nearest ``pyproject.toml`` or ``.git``), opens the cache for the run, hands
each project to ``pipeline.check_project`` or ``fixing.fix_project`` over a ``Workspace``
of the disk (and stdin), writes what ``--fix`` produced, and turns the outcome into
``FileResult``s for the reporter. The files named (or found under the named directories, or
read from stdin) are the ones reported; the index covers their whole project, so that a
run over one changed ``nodes.py`` still knows that ``builder.py`` registers its nodes.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, List, Mapping, Optional, Tuple

from toolcfg.cache import Cache
from toolcfg.discovery import ProjectRoots, Unlisted, common_root, project_files, python_files
from toolcfg.files import FileChangedError, Stamp, digest, stamp
from toolcfg.linter.findings import Finding
from toolcfg.lock import project_lock
from toolcfg.memo import Memo
from toolcfg.pipeline import Checked, Progress, ProjectFiles, Tiers, check_project
from toolcfg.results import (
    Failure,
    FailureKind,
    FileEdit,
    FileResult,
    Mode,
    Options,
    internal_failure,
)
from toolcfg.settings import Resolver, SettingsError
from toolcfg.textedits import file_diff, position_before
from toolcfg.workspace import Workspace

if TYPE_CHECKING:
    from toolcfg.formatting import LayOut

__all__ = ["StdinFile", "Tiers", "run"]

#: Per finding, its fix's text edits (None: no fix), by file.
Edits = Dict[str, Tuple[Optional[Tuple[FileEdit, ...]], ...]]


@dataclass(frozen=True)
class StdinFile:
    """``toolcfg check -``: the text read from stdin, under the name it stands for."""

    path: Path
    data: bytes


def run(
    paths: Iterable[Path],
    options: Options,
    resolver: Resolver,
    cache_root: Optional[Path] = None,
    stdin: Optional[StdinFile] = None,
    tiers: Tiers = Tiers(),
    root: Optional[Path] = None,
    progress: Optional[Progress] = None,
    cache_dir: Optional[Path] = None,
) -> List[FileResult]:
    """Check every file; report the named ones, in the order found. ``root``: the project
    root, instead of the nearest ``pyproject.toml`` or ``.git``. The cache is
    ``cache_dir`` (``--cache-dir``), else ``.toolcfg_cache`` in ``cache_root``; neither:
    no cache."""
    order: List[str] = []
    results: Dict[str, FileResult] = {}
    scope: Dict[str, Path] = {}
    walked: Dict[str, List[str]] = {}
    for path in () if stdin is not None else paths:
        found_here = []
        for key, found in python_files([path], resolver, options.force_exclude):
            order.append(key)
            if isinstance(found, Unlisted):
                kind = FailureKind.SETTINGS if found.configuration else FailureKind.READ
                results[key] = FileResult(found.path, failure=Failure(kind, found.message))
                continue
            scope.setdefault(key, found)
            found_here.append(key)
        if path.is_dir():
            walked[os.path.abspath(path)] = found_here
    workspace = Workspace()
    if stdin is not None:
        key = os.path.abspath(stdin.path)
        order.append(key)
        if options.force_exclude and resolver.for_file(stdin.path).is_excluded(stdin.path):
            results[key] = FileResult(stdin.path)
        else:
            scope[key] = stdin.path
            workspace.overlay(key, stdin.data)
    roots = ProjectRoots(common_root(scope))
    by_root: Dict[str, Dict[str, Path]] = {}
    for key, path in scope.items():
        where = os.path.abspath(root) if root is not None else roots.of(os.path.dirname(key))
        by_root.setdefault(where, {})[key] = path
    cache = None
    if stdin is None and (cache_dir is not None or cache_root is not None):
        cache = Cache(cache_root or Path.cwd(), directory=cache_dir)
    for project_root, files in by_root.items():
        everything = walked.get(project_root)
        if everything is None:
            # Standard input named as a file in a directory that does not exist has no
            # project on disk to read.
            exists = os.path.isdir(project_root)
            everything = project_files(project_root, resolver) if exists else []
        project = ProjectFiles(
            project_root, tuple(dict.fromkeys([*everything, *files])), tuple(files)
        )
        shell = _ProjectShell(project, files, workspace, options, resolver, cache, tiers, progress)
        # A fixing run reads, decides and writes under the project's lock, so that runs side
        # by side (pre-commit's processes, an editor) queue instead of interleaving. Text
        # from stdin with no file behind it changes nothing on disk.
        fixing = options.mode is Mode.FIX and (stdin is None or stdin.path.is_file())
        with project_lock(project_root) if fixing else contextlib.nullcontext():
            checked = shell.run()
        results.update(checked)
        order.extend(checked)  # after the named files: other files a fix changed or needs
    if cache is not None:
        cache.save()
    return [results[key] for key in dict.fromkeys(order) if key in results]


class _ProjectShell:
    """One project of a run: the pipeline's call for the mode, and its outcome as results."""

    def __init__(
        self,
        project: ProjectFiles,
        shown: Mapping[str, Path],
        workspace: Workspace,
        options: Options,
        resolver: Resolver,
        cache: Optional[Cache],
        tiers: Tiers,
        progress: Optional[Progress],
    ) -> None:
        self.project = project
        self.shown = shown
        self.workspace = workspace
        self.options = options
        self.resolver = resolver
        self.cache = cache
        self.tiers = tiers
        self.progress = progress
        # --fix and --diff analyse again: the fixes they carry out come from this run,
        # never from a cache that may have come with the checkout.
        self.memo = Memo(cache, disk_analyses=options.mode is Mode.CHECK)

    def run(self) -> Dict[str, FileResult]:
        """The results of the named files. A bug of ours outside the analysis of one file
        (which costs only that file) costs this project's files, not the whole run."""
        try:
            results = self._run()
            if self.options.add_noqa is not None:
                results = self.add_noqa(results, self.options.add_noqa)
            return results
        except SettingsError:
            raise  # the user's configuration: reported as such, and it stops the run
        except Exception:
            failure = internal_failure()
            return {key: FileResult(path, failure=failure) for key, path in self.shown.items()}

    def _run(self) -> Dict[str, FileResult]:
        reuse = self.cache is not None and self.options.mode is Mode.CHECK
        reuse = reuse and not self.options.fix_edits
        if reuse:
            key, stamps = self._run_key()
            assert self.cache is not None
            earlier = self.cache.run(key, stamps)
            if earlier is not None:
                return {
                    path: FileResult(
                        self.shown[path],
                        earlier.get(path, ()),
                        source=self._text(path) if earlier.get(path) else None,
                        # After the text: a notebook is known once it is read.
                        notebook=self.workspace.notebook(path),
                    )
                    for path in self.project.reported
                }
        checked = self._check(self.workspace)
        if self.options.mode is not Mode.CHECK:
            return self.fixed(checked)
        results = self.results(checked, self.edits(checked.findings, self.workspace))
        if reuse and not checked.failures and not checked.missing:
            assert self.cache is not None
            self.cache.put_run(key, stamps, checked.findings)
        return results

    def add_noqa(self, results: Dict[str, FileResult], reason: str) -> Dict[str, FileResult]:
        """``--add-noqa``: a ``# noqa`` for every finding of each reported file, written as
        ``--fix`` writes (but ``unused-noqa``'s own, whose remedy is to delete the code)."""
        from toolcfg.linter.suppression import add_noqa
        from toolcfg.rules.noqa import UNUSED_NOQA

        for path, result in results.items():
            wanted: Dict[int, List[str]] = {}
            for finding in result.findings:
                if finding.code != UNUSED_NOQA.code:
                    wanted.setdefault(finding.start.line, []).append(finding.code)
            text = self._text(path) if wanted and path in self.shown else None
            if text is None:
                continue
            new, added = add_noqa(text, wanted, reason or None)
            if added:
                failure = self._write(path, new)
                results[path] = (
                    replace(result, noqa_added=added)
                    if failure is None
                    else FileResult(result.path, failure=failure)
                )
        return results

    def _check(self, workspace: Workspace) -> Checked:
        if self.progress is None:
            return check_project(
                workspace, self.project, self.resolver, self.memo, self.tiers, parallel=True
            )
        return check_project(
            workspace, self.project, self.resolver, self.memo, self.tiers, True, self.progress
        )

    def _run_key(self) -> Tuple[str, str]:
        """What a whole run's results depend on: the files named, their settings, the
        tiers; and the stamps of every file of the project."""
        settings = sorted(
            {self.resolver.for_file(path).cache_key() for path in self.project.reported}
        )
        key = digest(
            repr((self.project.root, sorted(self.project.reported), settings, self.tiers)).encode()
        )
        stamps: Dict[str, Optional[Stamp]] = {path: stamp(path) for path in self.project.files}
        return key, digest(repr(sorted(stamps.items())).encode())

    def _text(self, path: str) -> Optional[str]:
        try:
            return self.workspace.source(path).text
        except (OSError, SyntaxError):
            return None

    # -- results -----------------------------------------------------------------------------

    def results(
        self,
        checked: Checked,
        edits: Edits,
        texts: Optional[Mapping[str, str]] = None,
    ) -> Dict[str, FileResult]:
        """A result per reported file, and one per file of the project whose failure may
        hide findings. ``texts``: the texts the findings were found in, where not the
        workspace's (``--fix``'s fixed texts, ``--diff``'s texts on disk)."""
        results: Dict[str, FileResult] = {}
        for path in self.project.reported:
            failure = checked.failures.get(path)
            found = checked.findings.get(path, ())
            text: Optional[str] = None
            if found and failure is None:
                text = (texts or {}).get(path) or self._text(path)
            results[path] = FileResult(
                self.shown[path],
                found if failure is None else (),
                failure=failure,
                source=text,
                edits=edits.get(path, ()),
                notebook=self.workspace.notebook(path),
            )
        for path, missing in checked.missing.items():
            warning = f"{missing.text}; findings that depend on it may be missing"
            results[path] = FileResult(self._shown(path), warnings=(warning,))
        return results

    def edits(self, findings: Mapping[str, Tuple[Finding, ...]], workspace: Workspace) -> Edits:
        """With ``fix_edits``: each reported finding's fix as text edits of ``workspace``."""
        if not self.options.fix_edits:
            return {}
        from toolcfg import fixing

        def text_of(path: str) -> str:
            return workspace.source(path).text

        found: Edits = {}
        for path in self.project.reported:
            if any(finding.fix for finding in findings.get(path, ())):
                pairs = fixing.finding_edits(
                    path, findings[path], text_of, partial(fixing.apply, self.resolver)
                )
                found[path] = tuple(
                    None
                    if each is None
                    else tuple(FileEdit(self._shown(part), edit) for part, edit in each)
                    for each in pairs
                )
        return found

    def _shown(self, path: str) -> Path:
        """A path as the report shows it: as named, for a reported file."""
        return self.shown.get(path) or Path(os.path.relpath(path))

    # -- fixing ------------------------------------------------------------------------------

    def fixed(self, checked: Checked) -> Dict[str, FileResult]:
        from toolcfg import fixing

        # stdin: only the text read is fixed (and printed); no other file is written.
        overlaid = frozenset(self.workspace.overlaid())
        outcome = fixing.fix_project(
            self.workspace,
            self.project,
            self.resolver,
            self.memo,
            self.options.unsafe_fixes,
            first=checked,
            writable=overlaid or None,
            lay_out=self._lay_out(),
            tiers=self.tiers,
            parallel=True,
            progress=self.progress,
        )
        failures = {
            path: Failure(FailureKind.FIX, message) for path, message in outcome.errors.items()
        }
        after = dict(outcome.after)
        if self.options.mode is Mode.FIX:
            for path in list(after):
                failure = self._write(path, after[path])
                if failure is not None:
                    failures[path] = failure
                    del after[path]
        remaining = outcome.remaining
        fixed_texts = {path: outcome.after[path] for path in outcome.after}
        edits = self.edits(remaining.findings, self.workspace.layer(fixed_texts))
        findings = remaining.findings
        texts: Dict[str, str] = dict(fixed_texts)
        if self.options.mode is Mode.DIFF:
            # --diff writes nothing: what remains is shown where it stands on disk.
            findings, edits = self._on_disk(findings, edits, outcome.before, fixed_texts)
            texts = dict(outcome.before)
        reported = Checked(
            findings,
            {**remaining.failures, **{p: m for p, m in failures.items() if p in self.shown}},
            remaining.missing,
        )
        results = self.results(reported, edits, texts)
        for path, text in after.items():
            before = outcome.before[path]
            diff = (
                file_diff(str(self._shown(path)), before, text)
                if self.options.mode is Mode.DIFF
                else ""
            )
            source = self.workspace.encoded(path, text)
            result = results.get(path) or FileResult(self._shown(path))
            results[path] = replace(
                result,
                fixed=tuple(outcome.fixed.get(path, ())),
                diff=diff,
                fixed_source=source,
                unformatted=outcome.unformatted.get(path, ()),
            )
        for path, failure in failures.items():
            if path not in results:  # a helper's file whose fix could not be written
                results[path] = FileResult(self._shown(path), failure=failure)
        return results

    def _lay_out(self) -> Optional[LayOut]:
        """The user's formatter, looked for once per project, lays out what fixes made long."""
        if not self.options.lay_out:
            return None
        from toolcfg.formatting import lay_out_with

        return lay_out_with(self.resolver)

    def _on_disk(
        self,
        findings: Mapping[str, Tuple[Finding, ...]],
        edits: Edits,
        before: Mapping[str, str],
        after: Mapping[str, str],
    ) -> Tuple[Dict[str, Tuple[Finding, ...]], Edits]:
        """Findings and edits found in the fixed texts, moved to where they stand in the
        files as they are on disk."""
        moves = {path: position_before(before[path], after[path]) for path in after}
        by_shown = {self._shown(path): move for path, move in moves.items()}
        moved_findings = {
            path: tuple(
                replace(f, start=moves[path](f.start), end=moves[path](f.end)) for f in found
            )
            if path in moves
            else found
            for path, found in findings.items()
        }

        def moved(item: FileEdit) -> FileEdit:
            move = by_shown.get(item.path)
            if move is None:
                return item
            edit = item.edit
            return FileEdit(item.path, replace(edit, start=move(edit.start), end=move(edit.end)))

        moved_edits = {
            path: tuple(None if each is None else tuple(map(moved, each)) for each in pairs)
            for path, pairs in edits.items()
        }
        return moved_findings, moved_edits

    def _write(self, path: str, text: str) -> Optional[Failure]:
        if self.workspace.is_overlaid(path):
            return None  # stdin: the fixed text goes to stdout
        try:
            # Over the bytes the fix was made from, not read again: a file saved while it
            # was being fixed is left as the user saved it.
            self.workspace.write(path, text)
        except FileChangedError:
            changed = f"{self._shown(path)} changed on disk while it was being fixed"
            return Failure(FailureKind.WRITE, changed)
        except OSError as error:
            return Failure(FailureKind.WRITE, str(error.strerror or error))
        return None
