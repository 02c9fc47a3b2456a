"""One run: files in, results out.

discovery -> byte prefilter -> project index -> plans -> analysis -> (fixing) -> results

The files named on the command line (or found under the named directories, or read from
stdin) are the ones reported. The index covers their whole project, found from the
nearest ``pyproject.toml`` or ``.git``, so that a run over one changed ``nodes.py`` still
knows that ``builder.py`` registers its nodes. Each tier narrows what the next one reads:
the prefilter which files the index summarises, the index which functions LibCST parses.
LibCST is imported only when something must be analysed; results are cached by content.
"""

from __future__ import annotations

import os
import re
import threading
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from toolcfg import prefilter
from toolcfg.cache import Cache, Stamp, analysis_key, digest, stamp
from toolcfg.discovery import Unlisted, python_files
from toolcfg.files import Decoded, FileChangedError, decode, read_regular_file, write_atomic
from toolcfg.index import project as index
from toolcfg.index.summary import summarize
from toolcfg.linter.findings import Edit, FileAnalysis, Finding
from toolcfg.linter.suppression import apply_noqa
from toolcfg.results import FileEdit, FileResult, Mode, Options
from toolcfg.rules import noqa
from toolcfg.settings import Resolver, Settings, SettingsError
from toolcfg.textedits import position_before, split_lines, unified_diff

#: Below this many files to read or analyse, a process pool costs more than it saves;
#: pre-commit runs, which pass a few files and run hooks in parallel already, stay in one
#: process.
POOL_MIN_FILES = 16

#: LibCST's native parser recurses on the C stack: a 10,000-term expression that CPython
#: compiles overflows a default thread stack and kills the process (LibCST#619). On a
#: larger stack it gets far enough to raise a RecursionError, which we report.
_PARSER_STACK_SIZE = 512 * 1024 * 1024

INTERNAL_ERROR = (
    "internal error in toolcfg while analysing this file; the other files were still "
    "checked. Please report it with this traceback:\n{traceback}"
)


@dataclass(frozen=True)
class StdinFile:
    """``toolcfg check -``: the text read from stdin, under the name it stands for."""

    path: Path
    data: bytes


@dataclass(frozen=True)
class Tiers:
    """The superset filters a run may switch off, to prove they never drop a finding."""

    prefilter: bool = True
    #: Analyse only the planned functions that can hold a finding.
    possible: bool = True


def run(
    paths: Iterable[Path],
    options: Options,
    resolver: Resolver,
    cache_root: Optional[Path] = None,
    stdin: Optional[StdinFile] = None,
    tiers: Tiers = Tiers(),
    root: Optional[Path] = None,
) -> List[FileResult]:
    """Check every file; report the named ones, in the order found. ``root``: the project
    root, instead of the nearest ``pyproject.toml`` or ``.git``."""
    order: List[str] = []
    results: Dict[str, FileResult] = {}
    scope: Dict[str, Path] = {}
    walked: Dict[str, List[str]] = {}
    for path in () if stdin is not None else paths:
        found_here = []
        for key, found in python_files([path], resolver, options.force_exclude):
            if isinstance(found, Unlisted):
                order.append(key)
                results[key] = FileResult(found.path, error=found.message)
                continue
            order.append(key)
            scope.setdefault(key, found)
            found_here.append(key)
        if path.is_dir():
            walked[os.path.abspath(path)] = found_here
    overrides: Dict[str, bytes] = {}
    if stdin is not None:
        key = os.path.abspath(stdin.path)
        order.append(key)
        if options.force_exclude and resolver.for_file(stdin.path).is_excluded(stdin.path):
            results[key] = FileResult(stdin.path)
        else:
            scope[key] = stdin.path
            overrides[key] = stdin.data
    roots = _Roots(_common_root(scope))
    by_root: Dict[str, Dict[str, Path]] = {}
    for key, path in scope.items():
        project = os.path.abspath(root) if root is not None else roots.of(os.path.dirname(key))
        by_root.setdefault(project, {})[key] = path
    cache = Cache(cache_root) if cache_root is not None and stdin is None else None
    for project_root, files in by_root.items():
        project_run = _ProjectRun(
            project_root, files, options, resolver, overrides, cache, walked, tiers
        )
        checked = project_run.run()
        results.update(checked)
        order.extend(checked)  # after the named files: other files a fix changed
    if cache is not None:
        cache.save()
    return [results[key] for key in dict.fromkeys(order) if key in results]


class _Roots:
    """The project root of each directory: the nearest with a ``pyproject.toml`` or a
    ``.git``; without one, the common root of what the run was given."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self._known: Dict[str, str] = {}

    def of(self, directory: str) -> str:
        if directory not in self._known:
            if os.path.exists(os.path.join(directory, "pyproject.toml")) or os.path.exists(
                os.path.join(directory, ".git")
            ):
                self._known[directory] = directory
            else:
                parent = os.path.dirname(directory)
                self._known[directory] = self.fallback if parent == directory else self.of(parent)
        return self._known[directory]


def _common_root(scope: Mapping[str, Path]) -> str:
    directories = {os.path.dirname(key) for key in scope}
    if not directories:
        return os.getcwd()
    try:
        return os.path.commonpath(sorted(directories))
    except ValueError:  # different drives
        return os.getcwd()


@dataclass
class _Source:
    """A file of the project as read."""

    data: bytes
    decoded: Optional[Decoded] = None

    @property
    def text(self) -> str:
        if self.decoded is None:
            self.decoded = decode(self.data)
        return self.decoded.text


@dataclass(frozen=True)
class _Scanned:
    """What the scan learnt of a file: its content hash, whether it may register a
    function, and, if so, its summary (None when it does not parse)."""

    hashed: str
    registers: bool
    summary: Optional[Dict[str, Any]] = None
    error: Optional[str] = None


class _ProjectRun:
    """The files of one project that a run reports, checked against the whole project."""

    def __init__(
        self,
        root: str,
        files: Mapping[str, Path],
        options: Options,
        resolver: Resolver,
        overrides: Mapping[str, bytes],
        cache: Optional[Cache],
        walked: Mapping[str, List[str]],
        tiers: Tiers,
    ) -> None:
        self.root = root
        self.files = files
        self.options = options
        self.resolver = resolver
        self.overrides = dict(overrides)
        self.cache = cache
        self.walked = walked
        self.tiers = tiers
        self.sources: Dict[str, _Source] = {}
        #: The bytes each file had when the run read it; a fix is written only over these.
        self.read: Dict[str, bytes] = {}
        self.scanned: Dict[str, _Scanned] = {}
        self.unreadable: Dict[str, str] = {}
        self.unparsable: Dict[str, str] = {}
        self.summaries: Dict[str, index.Module] = {}
        #: Files whose summary came from the cache, to read again if the index fails on one.
        self.from_cache: Set[str] = set()
        self.formatters: Any = None

    # -- reading -----------------------------------------------------------------------------

    def source(self, path: str) -> Optional[_Source]:
        """A file's bytes, read once and kept: for files the run parses or writes."""
        if path not in self.sources:
            if path in self.overrides:
                self.sources[path] = _Source(self.overrides[path])
            else:
                try:
                    self.read[path] = read_regular_file(Path(path))
                    self.sources[path] = _Source(self.read[path])
                except OSError as error:
                    self.unreadable[path] = f"cannot read: {error.strerror or error}"
                    return None
        return self.sources[path]

    def project_files(self) -> List[str]:
        """Every Python file of the project, as discovery finds them, and the named ones."""
        found = self.walked.get(self.root)
        if found is None:
            found = [
                key
                for key, path in python_files([Path(self.root)], self.resolver, force_exclude=True)
                if not isinstance(path, Unlisted)
            ]
        return list(dict.fromkeys([*found, *self.files]))

    def scan(self, paths: Sequence[str], stamps: Mapping[str, Optional[Stamp]]) -> None:
        """The prefilter's verdict on every file, and the summary of those that may register
        a function: from the cache for unchanged files, else read (in parallel when many)."""
        pending: List[Tuple[str, Optional[Stamp]]] = []
        for path in paths:
            if path in self.overrides:
                self.scanned[path] = _scan_bytes(self.overrides[path], self.tiers.prefilter)
                continue
            stamped = stamps.get(path) if self.cache is not None else None
            known = self.cache.file(path, stamped) if self.cache is not None else None
            if known is not None and self.tiers.prefilter:
                hashed, registers = known
                summary = self.cache.summary(hashed) if registers and self.cache else None
                if not registers or summary is not None:
                    self.scanned[path] = _Scanned(hashed, registers, summary)
                    if summary is not None:
                        self.from_cache.add(path)
                    continue
            pending.append((path, stamped))
        jobs = [(path, self.tiers.prefilter) for path, _ in pending]
        if len(jobs) >= POOL_MIN_FILES * 4 and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only if used

            with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
                outcomes = list(pool.map(_scan_file, jobs, chunksize=64))
        else:
            outcomes = [_scan_file(job) for job in jobs]
        for (path, stamped), outcome in zip(pending, outcomes):
            if isinstance(outcome, str):
                self.unreadable[path] = outcome
                continue
            self.scanned[path] = outcome
            if self.cache is not None:
                self.cache.put_file(path, stamped, outcome.hashed, outcome.registers)
                if outcome.summary is not None:
                    self.cache.put_summary(outcome.hashed, outcome.summary)

    def load(self, path: str) -> Optional[index.Module]:
        """The index's loader: a module's summary, or None for what cannot be summarised."""
        module = self.summaries.get(path)
        if module is not None:
            return module
        scanned = self.scanned.get(path)
        if scanned is None or (scanned.summary is None and scanned.error is None):
            if path not in self.overrides and not os.path.isfile(path):
                return None
            cached = self.cache.summary(scanned.hashed) if scanned and self.cache else None
            if cached is not None:
                assert scanned is not None
                scanned = _Scanned(scanned.hashed, scanned.registers, cached)
                self.from_cache.add(path)
            else:
                source = self.source(path)
                if source is None:
                    return None
                scanned = _summarized(source.data, scanned.registers if scanned else False)
                if self.cache is not None and scanned.summary is not None:
                    self.cache.put_summary(scanned.hashed, scanned.summary)
            self.scanned[path] = scanned
        if scanned.summary is None:
            if scanned.error is not None:
                self.unparsable[path] = scanned.error
            return None
        package, name = index.module_name(path)
        module = index.Module(path, package, name, scanned.summary, scanned.hashed)
        self.summaries[path] = module
        return module

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> Dict[str, FileResult]:
        """The results of the named files. A bug of ours outside the analysis of one file
        (which costs only that file) costs this project's files, not the whole run."""
        try:
            return self._run()
        except SettingsError:
            raise  # the user's configuration: reported as such, and it stops the run
        except Exception:
            message = _internal_error()
            return {key: FileResult(path, error=message) for key, path in self.files.items()}

    def _run(self) -> Dict[str, FileResult]:
        everything = self.project_files()
        stamps = {path: stamp(path) for path in everything} if self.cache else {}
        reuse = (
            self.cache is not None
            and self.options.mode is Mode.CHECK
            and not self.options.fix_edits
        )
        if reuse:
            assert self.cache is not None
            key, stamped = self._run_key(stamps)
            earlier = self.cache.run(key, stamped)
            if earlier is not None:
                return {
                    path: FileResult(
                        self.files[path],
                        earlier.get(path, ()),
                        source=self._text_for(path) if earlier.get(path) else None,
                    )
                    for path in self.files
                }
        self.scan(everything, stamps)
        candidates = [path for path in everything if self._registers(path)]
        findings, plans = self.findings(candidates, everything)
        if self.options.mode is not Mode.CHECK:
            return self.fixed(candidates, everything, findings, plans)
        results = self.results(findings, plans, self.edits(findings))
        if reuse and not any(result.error for result in results.values()):
            assert self.cache is not None
            self.cache.put_run(key, stamped, {path: r.findings for path, r in results.items()})
        return results

    def _run_key(self, stamps: Mapping[str, Optional[Stamp]]) -> Tuple[str, str]:
        """What a whole run's results depend on: the files named, their settings, the
        tiers; and the stamps of every file of the project."""
        settings = sorted({self.resolver.for_file(path).cache_key() for path in self.files})
        key = digest(repr((self.root, sorted(self.files), settings, self.tiers)).encode())
        return key, digest(repr(sorted(stamps.items())).encode())

    def _text_for(self, path: str) -> Optional[str]:
        source = self.source(path)
        try:
            return source.text if source is not None else None
        except SyntaxError:
            return None

    def _registers(self, path: str) -> bool:
        scanned = self.scanned.get(path)
        return scanned is not None and scanned.registers

    def findings(
        self, candidates: Sequence[str], everything: Sequence[str]
    ) -> Tuple[Dict[str, Tuple[Finding, ...]], Dict[str, index.FilePlan]]:
        from toolcfg.linter.linking import link

        try:
            plans = self.plans(candidates, everything)
        except Exception:
            if not self.from_cache:
                raise
            # A summary from the cache that the index cannot read (a cache that came with a
            # checkout, or a bug of an earlier toolcfg): summarise those files again.
            for path in self.from_cache:
                self.summaries.pop(path, None)
                source = self.source(path)
                if source is not None:
                    scanned = _summarized(source.data, self._registers(path))
                    self.scanned[path] = scanned
                    if self.cache is not None and scanned.summary is not None:
                        self.cache.put_summary(scanned.hashed, scanned.summary)
            self.from_cache.clear()
            plans = self.plans(candidates, everything)
        wanted = {
            path: plan
            for path, plan in plans.items()
            if path in self.files or any(p.kind.label == "helper" for p in plan.functions.values())
        }
        return link(self.analyse(wanted)), plans

    def plans(
        self, candidates: Sequence[str], everything: Sequence[str]
    ) -> Dict[str, index.FilePlan]:
        """The index's decisions: which functions LangChain or LangGraph runs, and how."""
        project = index.Project(self.root, self.load)
        modules = [module for path in candidates if (module := project.module(path)) is not None]
        targets = index.find_targets(project, modules)
        callers = self.callers(project, targets, everything)
        return index.plans(
            project, targets, callers, self.root, all_functions=not self.tiers.possible
        )

    def callers(
        self, project: index.Project, targets: index.Targets, everything: Sequence[str]
    ) -> Dict[index.FunctionRef, List[index.CallSite]]:
        """Direct calls, anywhere in the project, of what a fix may give a parameter."""
        refs = index.needs_callers(project, targets)
        if not refs:
            return {}
        names = set()
        for path, position in refs:
            module = project.module(path)
            if module is not None:
                names.add(module.summary["functions"][position]["name"])
        pattern = re.compile(
            rb"(?<![\w])(?:" + b"|".join(re.escape(n.encode()) for n in sorted(names)) + rb")\s*\("
        )
        paths = [path for path in everything if self._mentions(path, pattern)]
        return index.find_callers(project, refs, paths)

    def _mentions(self, path: str, pattern: re.Pattern[bytes]) -> bool:
        scanned = self.scanned.get(path)
        if scanned is not None and self.cache is not None:
            known = self.cache.mentions(scanned.hashed, pattern.pattern)
            if known is not None:
                return known
        if path in self.sources:
            found = bool(pattern.search(self.sources[path].data))
        else:
            try:
                found = bool(pattern.search(read_regular_file(Path(path))))
            except OSError:
                return False
        if scanned is not None and self.cache is not None:
            self.cache.put_mentions(scanned.hashed, pattern.pattern, found)
        return found

    def analyse(self, plans: Mapping[str, index.FilePlan]) -> Dict[str, FileAnalysis]:
        results: Dict[str, FileAnalysis] = {}
        jobs = []
        for path, plan in plans.items():
            source = self.source(path)
            if source is None:
                continue
            settings = self.resolver.for_file(path)
            key = analysis_key(digest(source.data), plan.fingerprint())
            # --fix and --diff analyse again: the fixes they carry out come from this run,
            # never from a cache that may have come with the checkout.
            cached = (
                self.cache.analysis(settings.cache_key(), key)
                if self.cache is not None and self.options.mode is Mode.CHECK
                else None
            )
            if cached is not None:
                results[path] = FileAnalysis(*cached)
                continue
            try:
                text = source.text
            except SyntaxError as error:
                self.unparsable[path] = _syntax_error_message(error)
                continue
            jobs.append((path, text, plan, settings, key))
        if len(jobs) >= POOL_MIN_FILES and (os.cpu_count() or 1) > 1:
            import libcst  # noqa: F401 - imported once here, so forked workers share it

            ordered = sorted(jobs, key=lambda job: len(job[1]), reverse=True)
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(jobs))) as pool:
                outcomes = list(pool.map(_analyse_job, [job[:4] for job in ordered]))
        else:
            ordered = jobs
            outcomes = [_analyse_job(job[:4]) for job in jobs]
        for (path, _, _, settings, key), (analysis, failure) in zip(ordered, outcomes):
            if failure is not None:
                self.unparsable[path] = failure
            if analysis is not None:
                results[path] = analysis
                if self.cache is not None:
                    self.cache.put_analysis(
                        settings.cache_key(),
                        key,
                        analysis.findings,
                        dict(analysis.helper_fixes),
                    )
        return results

    # -- reporting ---------------------------------------------------------------------------

    def results(
        self,
        findings: Mapping[str, Tuple[Finding, ...]],
        plans: Mapping[str, index.FilePlan],
        edits: Mapping[str, Tuple[Optional[Tuple[FileEdit, ...]], ...]],
        fixed: Optional[Mapping[str, Tuple[str, str, List[str]]]] = None,
        unformatted: Optional[Mapping[str, Tuple[str, ...]]] = None,
    ) -> Dict[str, FileResult]:
        results: Dict[str, FileResult] = {}
        for key, path in self.files.items():
            error = self.unreadable.get(key) or self.unparsable.get(key)
            found = tuple(findings.get(key, ()))
            if key not in plans and error is None:
                found = self.unused_noqa(key)
            source = self.sources.get(key)
            text = source.text if source is not None and error is None and found else None
            new_text: Optional[str] = None
            codes: Tuple[str, ...] = ()
            diff = ""
            if fixed is not None and key in fixed:
                before, new_text, fixed_codes = fixed[key]
                codes = tuple(fixed_codes)
                diff = (
                    _unified_diff(path, before, new_text) if self.options.mode is Mode.DIFF else ""
                )
                # --diff shows what remains in the file on disk; --fix, in the file it wrote.
                text = before if self.options.mode is Mode.DIFF else new_text
            results[key] = FileResult(
                path,
                found if error is None else (),
                codes,
                diff=diff,
                error=error,
                source=text if found else None,
                edits=edits.get(key, ()),
                fixed_source=self._encoded(key, new_text) if new_text is not None else None,
                unformatted=(unformatted or {}).get(key, ()),
            )
        return results

    def unused_noqa(self, path: str) -> Tuple[Finding, ...]:
        """A file with nothing planned can still carry a stale ``# noqa: TCF...``."""
        settings = self.resolver.for_file(path)

        def selected(code: str) -> bool:
            return settings.is_selected(code, Path(path))

        if not selected(noqa.UNUSED_NOQA.code):
            return ()
        source = self.source(path)
        if source is None or b"TCF" not in source.data:
            return ()
        try:
            lines = split_lines(source.text)
        except SyntaxError:
            return ()
        return tuple(apply_noqa([], lines, selected))

    def _encoded(self, path: str, text: str) -> bytes:
        source = self.sources[path]
        assert source.decoded is not None
        return source.decoded.encode(text)

    def edits(
        self, findings: Mapping[str, Tuple[Finding, ...]]
    ) -> Dict[str, Tuple[Optional[Tuple[FileEdit, ...]], ...]]:
        """With ``fix_edits``: each reported finding's fix as text edits."""
        if not self.options.fix_edits:
            return {}
        from toolcfg import fixing

        def text_of(path: str) -> str:
            source = self.source(path)
            assert source is not None
            return source.text

        found = {}
        for path in self.files:
            if any(finding.fix for finding in findings.get(path, ())):
                pairs = fixing.finding_edits(path, findings[path], text_of, self.apply)
                found[path] = tuple(
                    None
                    if each is None
                    else tuple(FileEdit(self._shown(part), edit) for part, edit in each)
                    for each in pairs
                )
        return found

    def _shown(self, path: str) -> Path:
        """A path as the report shows it: as named, for a reported file."""
        return self.files.get(path) or Path(os.path.relpath(path))

    # -- fixing ------------------------------------------------------------------------------

    def fixed(
        self,
        candidates: Sequence[str],
        everything: Sequence[str],
        findings: Dict[str, Tuple[Finding, ...]],
        plans: Dict[str, index.FilePlan],
    ) -> Dict[str, FileResult]:
        from toolcfg import fixing

        originals = {path: self.sources[path].text for path in plans if path in self.sources}

        def analyse(texts: Mapping[str, str]) -> Dict[str, Tuple[Finding, ...]]:
            for path, text in texts.items():
                self.set_text(path, text)
            found, new_plans = self.findings(candidates, everything)
            plans.update(new_plans)
            return found

        # stdin: only the text read is fixed (and printed); no other file is written.
        writable = frozenset(self.overrides) if self.overrides else None
        outcome = fixing.fix_project(
            originals,
            analyse,
            self.apply,
            self.options.unsafe_fixes,
            first=findings,
            writable=writable,
            lay_out=self.lay_out if self.options.lay_out else None,
        )
        for path, message in outcome.errors.items():
            self.unparsable[path] = message
        fixed = {
            path: (originals[path], outcome.texts[path], outcome.fixed.get(path, []))
            for path in outcome.texts
            if outcome.texts[path] != originals[path] and path not in outcome.errors
        }
        if self.options.mode is Mode.FIX:
            for path, (_, after, _) in list(fixed.items()):
                error = self._write(path, after)
                if error is not None:
                    self.unparsable[path] = error
                    del fixed[path]
        # The remaining findings were found in the texts as fixed: their fixes are edits of those.
        remaining, edits = outcome.remaining, self.edits(outcome.remaining)
        if self.options.mode is Mode.DIFF:
            remaining, edits = self._on_disk(remaining, edits, fixed)
        results = self.results(remaining, plans, edits, fixed, outcome.unformatted)
        for path, (before, after, _) in fixed.items():
            if path not in results:  # a helper's file the fix changed too
                diff = (
                    _unified_diff(self._shown(path), before, after)
                    if self.options.mode is Mode.DIFF
                    else ""
                )
                results[path] = FileResult(
                    self._shown(path), diff=diff, fixed_source=self._encoded(path, after)
                )
        return results

    def _on_disk(
        self,
        findings: Mapping[str, Tuple[Finding, ...]],
        edits: Mapping[str, Tuple[Optional[Tuple[FileEdit, ...]], ...]],
        fixed: Mapping[str, Tuple[str, str, List[str]]],
    ) -> Tuple[
        Dict[str, Tuple[Finding, ...]], Dict[str, Tuple[Optional[Tuple[FileEdit, ...]], ...]]
    ]:
        """``--diff`` writes nothing, so what remains is shown where it stands in the files
        on disk, not in the texts as they would be fixed."""
        moves = {path: position_before(before, after) for path, (before, after, _) in fixed.items()}
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

    def set_text(self, path: str, text: str) -> None:
        """A file's text as fixing left it: read again by the index and the analysis."""
        source = self.sources[path]
        if source.text == text:
            return
        assert source.decoded is not None
        decoded = Decoded(text, source.decoded.encoding, source.decoded.bom)
        data = decoded.encode(text)
        self.sources[path] = _Source(data, decoded)
        self.summaries.pop(path, None)
        self.scanned[path] = _scan_bytes(data, self.tiers.prefilter)

    def apply(
        self,
        path: str,
        text: str,
        edits: Sequence[Edit],
        regions: Optional[Dict[Any, Any]] = None,
    ) -> str:
        from toolcfg.codemods.apply import apply_text
        from toolcfg.importstyle import import_style

        style = import_style(Path(path).parent, self.resolver.files)
        return apply_text(text, edits, style, regions)

    def lay_out(
        self, path: str, before: str, after: str
    ) -> Tuple[str, Tuple[Tuple[int, int], ...], Tuple[str, ...]]:
        """The user's formatter lays out what the fixes made too long."""
        from toolcfg import formatting

        if self.formatters is None:
            self.formatters = formatting.Formatters()
        settings = self.resolver.for_file(path)
        directory = Path(path).parent
        formatter = formatting.find_formatter(directory, self.resolver.files, self.formatters)
        explicit = settings.line_length if settings.line_length_explicit else None
        relayout = formatting.relayout(
            before, after, Path(path), formatter, explicit, files=self.resolver.files
        )
        lines = tuple((r.start, r.end) for r in relayout.laid_out)
        # Worth a word: what a formatter would have laid out, had the project one that runs.
        # Code the formatter keeps as it is, or that was not formatted before, stays as
        # ruff's own fixes leave it.
        left = tuple(
            f"{_lines(item.lines.start, item.lines.end)} left too long: {item.reason.value}"
            for item in relayout.left
            if item.reason is formatting.Reason.NO_FORMATTER
        )
        return relayout.text, lines, left

    def _write(self, path: str, text: str) -> Optional[str]:
        if path in self.overrides:
            return None  # stdin: the fixed text goes to stdout
        try:
            # Compared with the bytes the fix was made from, not read again: a file saved
            # while it was being fixed is left as the user saved it.
            write_atomic(Path(path), self.read[path], self._encoded(path, text))
        except FileChangedError:
            return f"cannot write: {self._shown(path)} changed on disk while it was being fixed"
        except OSError as error:
            return f"cannot write: {error.strerror or error}"
        return None


def _scan_file(job: Tuple[str, bool]) -> Any:
    """Read one file, and summarise it if it may register a function; or why it cannot
    be read. Runs in pool workers: everything it returns is plain data."""
    path, use_prefilter = job
    try:
        data = read_regular_file(Path(path))
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    return _scan_bytes(data, use_prefilter)


def _scan_bytes(data: bytes, use_prefilter: bool) -> _Scanned:
    if use_prefilter and not prefilter.may_register(data):
        return _Scanned(digest(data), False)
    return _summarized(data, True)


def _summarized(data: bytes, registers: bool) -> _Scanned:
    hashed = digest(data)
    try:
        return _Scanned(hashed, registers, summarize(data))
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return _Scanned(hashed, registers, None, _syntax_error_message(error))
    except Exception:  # a bug in toolcfg: it costs this file, not the run
        return _Scanned(hashed, registers, None, _internal_error())


def _analyse_job(
    job: Tuple[str, str, index.FilePlan, Settings],
) -> Tuple[Optional[FileAnalysis], Optional[str]]:
    """Analyse one file on a large stack; a failure is a parse error or a bug of ours."""
    path, text, plan, settings = job
    outcome: List[Tuple[Optional[FileAnalysis], Optional[str]]] = []

    def work() -> None:
        outcome.append(_analyse(path, text, plan, settings))

    previous = threading.stack_size(_PARSER_STACK_SIZE)
    try:
        worker = threading.Thread(target=work)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    return outcome[0] if outcome else (None, INTERNAL_ERROR.format(traceback="(no result)"))


def _analyse(
    path: str, text: str, plan: index.FilePlan, settings: Settings
) -> Tuple[Optional[FileAnalysis], Optional[str]]:
    import libcst

    from toolcfg import when
    from toolcfg.linter.analyze import Context, analyze_file

    context = Context(
        selected=lambda code: settings.is_selected(code, Path(path)),
        bites=lambda rule, variant: when.bites(rule, variant, settings),
    )
    try:
        return analyze_file(text, plan, context), None
    except libcst.ParserSyntaxError as error:
        return None, f"cannot parse: {_first_line(str(error))}"
    except RecursionError:
        return None, "cannot parse: the code is nested too deeply for LibCST"
    except Exception:  # a bug in toolcfg, not in the user's file
        return None, _internal_error()


def _lines(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


def _internal_error() -> str:
    """The message for the exception being handled, a bug in toolcfg."""
    return INTERNAL_ERROR.format(traceback=traceback.format_exc().rstrip())


def _unified_diff(path: Path, old: str, new: str) -> str:
    return "".join(
        unified_diff(
            split_lines(old, keepends=True),
            split_lines(new, keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
    )


def _syntax_error_message(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f" (line {error.lineno})" if error.lineno else ""
        return f"cannot parse: {error.msg}{where}"
    if isinstance(error, RecursionError):
        return "cannot parse: the code is nested too deeply"
    return f"cannot parse: {_first_line(str(error))}"


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else text
