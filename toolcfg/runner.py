"""One run: files in, results out.

discovery -> byte prefilter -> project index -> targets -> analysis -> (fixing) -> results

The files named on the command line (or found under the named directories, or read from
stdin) are the ones reported. The index covers their whole project, found from the
nearest ``pyproject.toml`` or ``.git``, so that a run over one changed ``nodes.py`` still
knows that ``builder.py`` registers its nodes. LibCST is imported only when something must
be analysed, and only the functions the index planned are parsed with it.
"""

from __future__ import annotations

import difflib
import os
import re
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from toolcfg import prefilter
from toolcfg.cache import Cache, Stamp, digest, stamp
from toolcfg.discovery import Unlisted, python_files
from toolcfg.files import Decoded, FileChangedError, decode, read_regular_file, write_atomic
from toolcfg.index import project as index
from toolcfg.index.summary import summarize
from toolcfg.linter.findings import Edit, Finding
from toolcfg.linter.suppression import apply_noqa
from toolcfg.results import FileEdit, FileResult, Mode, Options, applicable
from toolcfg.rules import noqa
from toolcfg.settings import Resolver, Settings
from toolcfg.textedits import split_lines

#: Below this many files to analyse, a process pool costs more than it saves; pre-commit
#: runs, which pass a few files and run hooks in parallel already, stay in one process.
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


def run(
    paths: Iterable[Path],
    options: Options,
    resolver: Resolver,
    cache_root: Optional[Path] = None,
    stdin: Optional[StdinFile] = None,
) -> List[FileResult]:
    """Check every file; report the named ones, in the order found."""
    order: List[str] = []
    results: Dict[str, FileResult] = {}
    scope: Dict[str, Path] = {}
    for found in python_files(paths, resolver, options.force_exclude) if stdin is None else ():
        if isinstance(found, Unlisted):
            key = os.path.abspath(found.path)
            order.append(key)
            results[key] = FileResult(found.path, error=found.message)
            continue
        key = os.path.abspath(found)
        order.append(key)
        scope[key] = found
    overrides: Dict[str, bytes] = {}
    if stdin is not None:
        key = os.path.abspath(stdin.path)
        order.append(key)
        if options.force_exclude and resolver.for_file(stdin.path).is_excluded(stdin.path):
            results[key] = FileResult(stdin.path)
        else:
            scope[key] = stdin.path
            overrides[key] = stdin.data
    fallback = _common_root(scope)
    by_root: Dict[str, Dict[str, Path]] = {}
    roots = _Roots(fallback)
    for key, path in scope.items():
        by_root.setdefault(roots.of(os.path.dirname(key)), {})[key] = path
    caches = _Caches(cache_root if not options.fix_edits and stdin is None else None)
    for root, files in by_root.items():
        project = _ProjectRun(root, files, options, resolver, overrides, caches)
        results.update(project.run())
    caches.save()
    return [results[key] for key in order if key in results]


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
                self._known[directory] = (
                    self.fallback if parent == directory else self.of(parent)
                )
        return self._known[directory]


def _common_root(scope: Mapping[str, Path]) -> str:
    directories = {os.path.dirname(key) for key in scope}
    if not directories:
        return os.getcwd()
    try:
        return os.path.commonpath(sorted(directories))
    except ValueError:  # different drives
        return os.getcwd()


class _Caches:
    """One result cache per settings, under the run's cache root."""

    def __init__(self, root: Optional[Path]) -> None:
        self.root = root
        self._caches: Dict[str, Cache] = {}

    def for_settings(self, settings: Settings) -> Optional[Cache]:
        if self.root is None:
            return None
        key = settings.cache_key()
        if key not in self._caches:
            self._caches[key] = Cache(self.root, key)
        return self._caches[key]

    def save(self) -> None:
        for cache in self._caches.values():
            cache.save()


@dataclass
class _Source:
    """A file of the project as read."""

    path: str
    data: bytes
    decoded: Optional[Decoded] = None

    @property
    def text(self) -> str:
        if self.decoded is None:
            self.decoded = decode(self.data)
        return self.decoded.text


class _ProjectRun:
    """The files of one project that a run reports, checked against the whole project."""

    def __init__(
        self,
        root: str,
        files: Mapping[str, Path],
        options: Options,
        resolver: Resolver,
        overrides: Mapping[str, bytes],
        caches: _Caches,
    ) -> None:
        self.root = root
        self.files = files
        self.options = options
        self.resolver = resolver
        self.overrides = dict(overrides)
        self.caches = caches
        self.sources: Dict[str, _Source] = {}
        self.unreadable: Dict[str, str] = {}
        self.unparsable: Dict[str, str] = {}
        self.summaries: Dict[str, index.Module] = {}
        self.formatters: Optional[object] = None

    # -- reading and indexing ----------------------------------------------------------------

    def source(self, path: str) -> Optional[_Source]:
        if path not in self.sources:
            if path in self.overrides:
                self.sources[path] = _Source(path, self.overrides[path])
            else:
                try:
                    self.sources[path] = _Source(path, read_regular_file(Path(path)))
                except OSError as error:
                    self.unreadable[path] = f"cannot read: {error.strerror or error}"
                    return None
        return self.sources[path]

    def load(self, path: str) -> Optional[index.Module]:
        """The index's loader: a module's summary, or None for what cannot be summarised."""
        if path in self.summaries:
            return self.summaries[path]
        source = self.source(path) if os.path.isfile(path) or path in self.overrides else None
        if source is None:
            return None
        try:
            summary = summarize(source.data)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            self.unparsable[path] = _syntax_error_message(error)
            return None
        package, name = index.module_name(path)
        module = index.Module(path, package, name, summary, digest(source.data))
        self.summaries[path] = module
        return module

    def project_files(self) -> List[str]:
        """Every Python file of the project, as discovery finds them, and the named ones."""
        found = [
            os.path.abspath(path)
            for path in python_files([Path(self.root)], self.resolver, force_exclude=True)
            if not isinstance(path, Unlisted)
        ]
        return list(dict.fromkeys([*found, *self.files]))

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> Dict[str, FileResult]:
        everything = self.project_files()
        candidates = [
            path
            for path in everything
            if (source := self.source(path)) is not None and prefilter.may_register(source.data)
        ]
        findings, plans = self.findings(candidates, everything)
        if self.options.mode is Mode.CHECK:
            return self.results(findings, plans, self.edits(findings))
        return self.fixed(candidates, everything, findings, plans)

    def findings(
        self, candidates: Sequence[str], everything: Sequence[str]
    ) -> Tuple[Dict[str, Tuple[Finding, ...]], Dict[str, index.FilePlan]]:
        project = index.Project(self.root, self.load)
        modules = [module for path in candidates if (module := project.module(path)) is not None]
        targets = index.find_targets(project, modules)
        callers = self.callers(project, targets, everything)
        plans = index.plans(project, targets, callers, self.root)
        wanted = {
            path: plan
            for path, plan in plans.items()
            if path in self.files or any(p.kind.label == "helper" for p in plan.functions.values())
        }
        analyses = self.analyse(wanted)
        from toolcfg.linter.linking import link

        return link(analyses), plans

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
        paths = [
            path
            for path in everything
            if (source := self.source(path)) is not None and pattern.search(source.data)
        ]
        return index.find_callers(project, refs, paths)

    def analyse(self, plans: Mapping[str, index.FilePlan]) -> Dict[str, "FileAnalysis"]:
        jobs = []
        for path, plan in plans.items():
            source = self.source(path)
            if source is None:
                continue
            jobs.append((path, source.text, plan, self.resolver.for_file(path)))
        results: Dict[str, FileAnalysis] = {}
        if len(jobs) >= POOL_MIN_FILES and (os.cpu_count() or 1) > 1:
            ordered = sorted(jobs, key=lambda job: len(job[1]), reverse=True)
            with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(jobs))) as pool:
                outcomes = pool.map(_analyse_job, ordered)
                for job, outcome in zip(ordered, outcomes):
                    self._record(job[0], outcome, results)
        else:
            for job in jobs:
                self._record(job[0], _analyse_job(job), results)
        return results

    def _record(
        self, path: str, outcome: "Tuple[Optional[FileAnalysis], Optional[str]]", results: Dict[str, "FileAnalysis"]
    ) -> None:
        analysis, error = outcome
        if error is not None:
            self.unparsable[path] = error
        if analysis is not None:
            results[path] = analysis

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
            source = self.sources.get(key)
            if key not in plans and source is not None and error is None:
                found = self.unused_noqa(key, source)
            text = source.text if source is not None and error is None else None
            new_text: Optional[str] = None
            codes: Tuple[str, ...] = ()
            diff = ""
            if fixed is not None and key in fixed:
                before, new_text, fixed_codes = fixed[key]
                codes = tuple(fixed_codes)
                diff = _unified_diff(path, before, new_text) if self.options.mode is Mode.DIFF else ""
                text = new_text
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

    def unused_noqa(self, path: str, source: _Source) -> Tuple[Finding, ...]:
        """A file with nothing planned can still carry a stale ``# noqa: TCF...``."""
        settings = self.resolver.for_file(path)

        def selected(code: str) -> bool:
            return settings.is_selected(code, Path(path))

        if b"TCF" not in source.data or not selected(noqa.UNUSED_NOQA.code):
            return ()
        try:
            lines = split_lines(source.text)
        except (UnicodeDecodeError, SyntaxError, LookupError):
            return ()
        return tuple(apply_noqa([], lines, selected))

    def _encoded(self, path: str, text: str) -> bytes:
        source = self.sources[path]
        assert source.decoded is not None
        return source.decoded.encode(text)

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
            lay_out=self.lay_out,
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
        results = self.results(outcome.remaining, plans, {}, fixed, outcome.unformatted)
        for path, (before, after, _) in fixed.items():
            if path not in results:  # a helper's file the fix changed too
                diff = _unified_diff(Path(path), before, after) if self.options.mode is Mode.DIFF else ""
                results[path] = FileResult(
                    Path(os.path.relpath(path)), diff=diff, fixed_source=self._encoded(path, after)
                )
        return results

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

    def set_text(self, path: str, text: str) -> None:
        """A file's text as fixing left it: read again by the index and the analysis."""
        source = self.sources[path]
        if source.text == text:
            return
        assert source.decoded is not None
        decoded = Decoded(text, source.decoded.encoding, source.decoded.bom)
        self.sources[path] = _Source(path, decoded.encode(text), decoded)
        self.summaries.pop(path, None)

    def apply(
        self, path: str, text: str, edits: Sequence[Edit], regions: Optional[Dict] = None  # type: ignore[type-arg]
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

        settings = self.resolver.for_file(path)
        directory = Path(path).parent
        formatter = formatting.find_formatter(directory, self.resolver.files, self.formatters)
        explicit = settings.line_length if settings.line_length_explicit else None
        relayout = formatting.relayout(
            before, after, Path(path), formatter, explicit, files=self.resolver.files
        )
        lines = tuple((r.start, r.end) for r in relayout.laid_out)
        left = tuple(
            f"lines {item.lines.start}-{item.lines.end}: {item.message or item.reason.value}"
            for item in relayout.left
        )
        return relayout.text, lines, left

    def _write(self, path: str, text: str) -> Optional[str]:
        source = self.sources[path]
        original = self.overrides.get(path)
        if original is not None:
            return None  # stdin: the fixed text goes to stdout
        try:
            data = read_regular_file(Path(path))
            write_atomic(Path(path), data, self._encoded(path, text))
        except (OSError, FileChangedError) as error:
            message = str(error) if isinstance(error, FileChangedError) else error.strerror
            return f"cannot write: {message}"
        return None


def _analyse_job(
    job: Tuple[str, str, index.FilePlan, Settings],
) -> "Tuple[Optional[FileAnalysis], Optional[str]]":
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
) -> "Tuple[Optional[FileAnalysis], Optional[str]]":
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
        return None, INTERNAL_ERROR.format(traceback=traceback.format_exc().rstrip())


if False:  # pragma: no cover - for type checkers only
    from toolcfg.linter.analyze import FileAnalysis


def _unified_diff(path: Path, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
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
