"""The pure core every entry point shares: ``check_project`` over a ``Workspace``.

    scan (bytes: prefilter, summaries) -> index (which functions LangChain runs, across
    modules) -> plans -> analysis (LibCST, the planned functions only) -> linking -> findings

It reads source only through the ``Workspace`` and remembers through a ``Memo``, so the
command line (the disk, or stdin), the language server (unsaved buffers) and the fix loop
(``toolcfg.fixloop``: the texts its last pass produced) run the same code, and a second
check of a workspace where one file changed summarises and analyses that file again, and
the files whose plan its change altered, and nothing else. The shells around it discover
files, own the cache's life, print and write.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field, replace
from typing import (
    TYPE_CHECKING,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from toolcfg import incremental
from toolcfg.analysis import analyse_job, context_of, needed_settings, without_unfixable
from toolcfg.cache import analysis_key
from toolcfg.files import Stamp
from toolcfg.index.model import Summary
from toolcfg.linter.context import Context
from toolcfg.linter.findings import FileAnalysis, Finding
from toolcfg.linter.linking import link
from toolcfg.linter.suppression import apply_noqa
from toolcfg.memo import Memo
from toolcfg.results import (
    Failure,
    FailureKind,
    internal_failure,
    parse_failure,
)
from toolcfg.rules import noqa
from toolcfg.scan import Scanned, read_failure, scan_bytes, scan_path, summarised
from toolcfg.settings import Resolver, Settings, SettingsError
from toolcfg.textedits import split_lines
from toolcfg.workspace import Source, Workspace

# The project pass is imported where a run uses it (``_plans``): a run whose every result
# is known from the last one (a warm cache) does not import it.
if TYPE_CHECKING:
    from toolcfg.index.modules import Module
    from toolcfg.index.plans import FilePlan

#: Below this many files to analyse, a process pool costs more than it saves; pre-commit
#: runs, which pass a few files and run hooks in parallel already, stay in one process.
POOL_MIN_FILES = 16

#: (stage, done, total): how far a long run has got, for a progress line on a terminal.
Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class ProjectFiles:
    """One project: its root, every Python file the index may read, and those whose
    findings are wanted (absolute paths)."""

    root: str
    files: Tuple[str, ...]
    reported: Tuple[str, ...]


@dataclass(frozen=True)
class Tiers:
    """The superset filters a run may switch off, to prove they never drop a finding."""

    prefilter: bool = True
    #: Analyse only the planned functions that can hold a finding.
    possible: bool = True


@dataclass
class Checked:
    """What ``check_project`` found."""

    #: Each reported file that could be checked: its findings, ``noqa`` applied.
    findings: Dict[str, Tuple[Finding, ...]]
    #: Reported files that could not be read, parsed or analysed, and why.
    failures: Dict[str, Failure]
    #: Other files of the project that may register functions but could not be read or
    #: parsed: findings that depend on them may be missing.
    missing: Dict[str, Failure]
    #: The index's plan for each file with a target, a helper or an agent call.
    plans: Dict[str, FilePlan] = field(default_factory=dict)
    #: Seconds spent in each stage: "scan" (read, prefilter, summaries), "index" (targets,
    #: helpers, callers, plans) and "analysis" (LibCST), for the benchmark's profile.
    timings: Dict[str, float] = field(default_factory=dict)


def check_project(
    workspace: Workspace,
    project: ProjectFiles,
    resolver: Resolver,
    memo: Memo,
    tiers: Tiers = Tiers(),
    parallel: bool = False,
    progress: Progress = _no_progress,
) -> Checked:
    """The findings of ``project.reported``, decided against the whole project. A bug of
    ours in the analysis of one file costs that file; anywhere else, the reported files."""
    run = _Check(workspace, project, resolver, memo, tiers, parallel, progress)
    try:
        return run.check()
    except SettingsError:
        raise  # the user's configuration: the shell reports it as such
    except Exception:
        return Checked({}, dict.fromkeys(project.reported, internal_failure()), {})


class _Check:
    """The state of one ``check_project`` call: what the scan found of each file."""

    def __init__(
        self,
        workspace: Workspace,
        project: ProjectFiles,
        resolver: Resolver,
        memo: Memo,
        tiers: Tiers,
        parallel: bool,
        progress: Progress,
        context: Optional[Context] = None,
    ) -> None:
        #: What the analysis selects and where rules bite, when not the files' settings'.
        self.context = context
        self.workspace = workspace
        self.project = project
        self.resolver = resolver
        self.memo = memo
        self.tiers = tiers
        self.parallel = parallel
        self.progress = progress
        self.scanned: Dict[str, Scanned] = {}
        #: Files that could not be read, parsed or analysed, and why.
        self.failed: Dict[str, Failure] = {}
        self.modules: Dict[str, Module] = {}
        self._unused_noqa_selected: Dict[str, bool] = {}
        #: What the project pass read: the modules it loaded, and the byte searches made.
        self.loaded: Dict[str, None] = {}
        self.searches: Dict[bytes, incremental.Search] = {}

    def check(self) -> Checked:
        timings: Dict[str, float] = {}
        started = time.perf_counter()
        everything = list(dict.fromkeys([*self.project.files, *self.project.reported]))
        self.scan(everything)
        candidates = [path for path in everything if self._registers(path)]
        timings["scan"] = time.perf_counter() - started
        plans = self.plans(candidates, everything)
        timings["index"] = time.perf_counter() - started - timings["scan"]
        reported = set(self.project.reported)
        wanted = {
            path: plan
            for path, plan in plans.items()
            if path in reported or any(p.kind.label == "helper" for p in plan.functions.values())
        }
        linked = link(self.analyse(wanted))
        timings["analysis"] = time.perf_counter() - started - timings["scan"] - timings["index"]
        findings: Dict[str, Tuple[Finding, ...]] = {}
        for path in self.project.reported:
            if path in self.failed:
                continue
            if path in linked:
                findings[path] = self.fixable(path, linked[path])
            elif path not in wanted:
                findings[path] = self.unused_noqa(path)
        missing = {
            path: message
            for path, message in self.failed.items()
            if path not in reported and self._may_register(path)
        }
        failures = {
            path: self.failed[path] for path in self.project.reported if path in self.failed
        }
        return Checked(findings, failures, missing, plans, timings)

    # -- the scan ----------------------------------------------------------------------------

    def scan(self, paths: Sequence[str]) -> None:
        """The prefilter's verdict on every file, and the summary of those that may register
        a function: from the memo for known content, else read (in parallel when many)."""
        pending: List[Tuple[str, Optional[Stamp]]] = []
        for path in paths:
            if self.workspace.has_read(path):
                self._scan_source(path)
                continue
            stamped = self.workspace.stamp(path)
            known = self.memo.known(path, stamped) if self.tiers.prefilter else None
            if known is not None:
                hashed, registers = known
                found = self.memo.summary(hashed) if registers else None
                if not registers or found is not None:
                    self.scanned[path] = Scanned(hashed, registers, *_parts(found))
                    continue
            pending.append((path, stamped))
        if self.parallel and len(pending) >= POOL_MIN_FILES * 4 and (os.cpu_count() or 1) > 1:
            from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only if used

            jobs = [(path, self.tiers.prefilter) for path, _ in pending]
            with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
                outcomes = []
                for outcome in pool.map(scan_path, jobs, chunksize=64):
                    outcomes.append(outcome)
                    self.progress("indexed", len(outcomes), len(jobs))
            for (path, stamped), outcome in zip(pending, outcomes):
                if isinstance(outcome, Failure):
                    self.failed[path] = outcome
                else:
                    self._scanned(path, stamped, outcome)
        else:
            for done, (path, _) in enumerate(pending, start=1):
                self._scan_source(path)
                self.progress("indexed", done, len(pending))

    def _scan_source(self, path: str) -> None:
        source = self._source(path)
        if source is None:
            return
        found = self.memo.summary(source.digest)
        registers = self.memo.verdict(source.digest)
        if found is not None and registers is not None:
            self.scanned[path] = replace(found, registers=registers)
        elif registers is False and self.tiers.prefilter:
            self.scanned[path] = Scanned(source.digest, False)
        else:
            scanned = scan_bytes(source.data, self.tiers.prefilter)
            self._scanned(path, self.workspace.stamp(path), scanned)

    def _scanned(self, path: str, stamped: Optional[Stamp], scanned: Scanned) -> None:
        self.scanned[path] = scanned
        self.memo.put_scanned(path, stamped, scanned)

    def _source(self, path: str) -> Optional[Source]:
        try:
            return self.workspace.source(path)
        except OSError as error:
            self.failed[path] = read_failure(error)
            return None

    def _registers(self, path: str) -> bool:
        scanned = self.scanned.get(path)
        return scanned is not None and scanned.registers

    def _may_register(self, path: str) -> bool:
        """Could this file hand a function to LangChain? Unknown for an unreadable one."""
        return path not in self.scanned or self.scanned[path].registers

    def load(self, path: str) -> Optional[Module]:
        """The index's loader: a module's summary, or None for what cannot be summarised
        (a file outside the scan, an import the index follows, is summarised here)."""
        self.loaded[path] = None
        module = self.modules.get(path)
        if module is not None:
            return module
        scanned = self.scanned.get(path)
        if scanned is None or not scanned.summarised:
            if scanned is None and not (
                self.workspace.is_overlaid(path) or self.workspace.is_file(path)
            ):
                return None
            source = self._source(path)
            if source is None:
                return None
            registers = scanned.registers if scanned is not None else False
            known = self.memo.summary(source.digest)
            if known is not None:
                scanned = replace(known, registers=registers)
            else:
                scanned = summarised(source.data, registers)
                self.memo.put_scanned(path, self.workspace.stamp(path), scanned)
            self.scanned[path] = scanned
        if scanned.summary is None:
            if scanned.error is not None:
                self.failed[path] = scanned.error
            return None
        from toolcfg.index.modules import Module, module_name

        package, name = module_name(path, self.workspace.is_file)
        module = Module(path, package, name, scanned.summary, scanned.digest)
        self.modules[path] = module
        return module

    # -- the index ---------------------------------------------------------------------------

    def plans(self, candidates: Sequence[str], everything: Sequence[str]) -> Dict[str, FilePlan]:
        """The index's decisions: which functions LangChain or LangGraph runs, and how. A
        summary from the disk that the index cannot read (a cache that came with a
        checkout, or a bug of an earlier toolcfg) is summarised again, once. The last
        check's decisions are taken when they are this one's (``incremental``)."""
        inputs = incremental.Inputs(
            self.project.root, tuple(everything), tuple(candidates), not self.tiers.possible
        )
        reused = self.reused(inputs)
        if reused is not None:
            return reused
        try:
            found = self._plans(candidates, everything)
        except Exception:
            stale = [
                path
                for path, scanned in self.scanned.items()
                if scanned.digest in self.memo.from_disk
            ]
            if not stale:
                raise
            for path in stale:
                self.modules.pop(path, None)
                source = self._source(path)
                if source is not None:
                    self._scanned(path, None, summarised(source.data, self._registers(path)))
            self.memo.from_disk.clear()
            found = self._plans(candidates, everything)
        self.remember(inputs, found)
        return found

    def reused(self, inputs: incremental.Inputs) -> Optional[Dict[str, FilePlan]]:
        """The last pass's plans, if this check's inputs differ from its only by one
        overlaid file whose summary and searches are the same but for positions."""
        last = self.memo.last_pass
        if last is None or last.inputs != inputs:
            return None
        for path in last.loaded:
            self.load(path)  # what loading them records (a failure, a summary's Python)
        plans = incremental.reuse(last, self._digest, self._overlaid, self._summary)
        if plans is not None:
            self.searches.update((search.pattern.pattern, search) for search in last.searches)
            self.remember(inputs, plans)
        return plans

    def remember(self, inputs: incremental.Inputs, plans: Dict[str, FilePlan]) -> None:
        """Keep what the pass read and decided, for the next check (``reused``)."""
        loaded = tuple(self.loaded)
        overlaid = [path for path in self.workspace.overlaid() if path in self.scanned]
        self.memo.last_pass = incremental.LastPass(
            inputs,
            {path: self._digest(path) for path in (*inputs.files, *loaded)},
            loaded,
            {path: self.workspace.source(path).data for path in overlaid},
            {path: self._summary(path) for path in overlaid if path in self.loaded},
            tuple(self.searches.values()),
            dict(plans),
        )

    def _overlaid(self, path: str) -> Optional[bytes]:
        return self.workspace.source(path).data if self.workspace.is_overlaid(path) else None

    def _summary(self, path: str) -> Optional[Summary]:
        scanned = self.scanned.get(path)
        return None if scanned is None else scanned.summary

    def _plans(self, candidates: Sequence[str], everything: Sequence[str]) -> Dict[str, FilePlan]:
        from toolcfg.projectpass import project_plans

        return project_plans(
            self.project.root,
            candidates,
            everything,
            self.load,
            self._mentions,
            all_functions=not self.tiers.possible,
            is_file=self.workspace.is_file,
        )

    def _digest(self, path: str) -> Optional[str]:
        scanned = self.scanned.get(path)
        return None if scanned is None else scanned.digest

    def _mentions(self, path: str, pattern: re.Pattern[bytes], words: Sequence[bytes] = ()) -> bool:
        """Whether the file's bytes match ``pattern``; ``words``, when given, are literals
        one of which every match contains."""
        search = self.searches.get(pattern.pattern)
        if search is None:
            search = self.searches[pattern.pattern] = incremental.Search(pattern, tuple(words))
        scanned = self.scanned.get(path)
        if scanned is not None:
            known = self.memo.mentions(scanned.digest, pattern.pattern)
            if known is not None:
                return known
        try:
            data = self.workspace.source(path).data
        except OSError:
            return False
        found = search.found(data)
        if scanned is not None:
            self.memo.put_mentions(scanned.digest, pattern.pattern, found)
        return found

    # -- the analysis ------------------------------------------------------------------------

    def analyse(self, plans: Mapping[str, FilePlan]) -> Dict[str, FileAnalysis]:
        """Each planned file's analysis: from the memo when its content, plan and settings
        are those of an earlier analysis, else with LibCST (in parallel when many)."""
        results: Dict[str, FileAnalysis] = {}
        jobs: List[Tuple[str, str, FilePlan, Union[Settings, Context], str]] = []
        for path, plan in plans.items():
            source = self._source(path)
            if source is None:
                continue
            scanned = self.scanned.get(path)
            if scanned is not None and scanned.digest != source.digest:
                self.failed[path] = Failure(
                    FailureKind.READ, "the file changed on disk while it was being checked"
                )
                continue
            settings = self._settings(path)
            key = analysis_key(source.digest, plan.fingerprint())
            cached = self.memo.analysis(_settings_key(settings), key)
            if cached is not None:
                results[path] = cached
                continue
            try:
                text = source.text
            except SyntaxError as error:
                self.failed[path] = parse_failure(error, source.data)
                continue
            jobs.append((path, text, plan, settings, key))
        if self.parallel and len(jobs) >= POOL_MIN_FILES and (os.cpu_count() or 1) > 1:
            import libcst  # noqa: F401 - imported once here, so forked workers share it

            jobs.sort(key=lambda job: len(job[1]), reverse=True)
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, len(jobs))) as pool:
                outcomes = []
                for outcome in pool.map(analyse_job, [job[:4] for job in jobs]):
                    outcomes.append(outcome)
                    self.progress("analysed", len(outcomes), len(jobs))
        else:
            outcomes = []
            for done, job in enumerate(jobs, start=1):
                outcomes.append(analyse_job(job[:4]))
                self.progress("analysed", done, len(jobs))
        for (path, _, _, settings, key), (analysis, failure) in zip(jobs, outcomes):
            if failure is not None:
                self.failed[path] = failure
            if analysis is not None:
                results[path] = analysis
                buffer = self.workspace.is_overlaid(path)
                self.memo.put_analysis(
                    _settings_key(settings),
                    key,
                    analysis,
                    buffer=self.workspace.source(path).digest if buffer else None,
                )
        return results

    def _may_select_unused_noqa(self, settings: Union[Settings, Context]) -> bool:
        """Is TCF901 selected anywhere under ``settings``, per-file ignores aside? Asked
        once per settings, not once per file: most runs (and every keystroke in an editor)
        report thousands of files without a plan."""
        key = _settings_key(settings)
        found = self._unused_noqa_selected.get(key)
        if found is None:
            code = noqa.UNUSED_NOQA.code
            found = (
                settings.selected(code)
                if isinstance(settings, Context)
                else settings.is_selected(code)
            )
            self._unused_noqa_selected[key] = found
        return found

    def _settings(self, path: str) -> Union[Settings, Context]:
        """The file's settings; where its own imports need a newer Python than they say
        (``from typing import NotRequired``), that Python: the file runs nowhere older."""
        if self.context is not None:
            return self.context
        scanned = self.scanned.get(path)
        summary = scanned.summary if scanned is not None else None
        return needed_settings(self.resolver.for_file(path), path, summary)

    def fixable(self, path: str, found: Tuple[Finding, ...]) -> Tuple[Finding, ...]:
        """The findings, without the fix of those whose code ``--fix`` may not fix
        (``unfixable``): as in ruff, such a finding is reported without one."""
        return without_unfixable(self._settings(path), found)

    def unused_noqa(self, path: str) -> Tuple[Finding, ...]:
        """A file with nothing planned can still carry a stale ``# noqa: TCF...``."""
        # What is selected is the directory's, whatever Python the file's imports need:
        # asked first, and alone, of the thousands of files a keystroke reports.
        base = self.context if self.context is not None else self.resolver.for_file(path)
        if not self._may_select_unused_noqa(base):
            return ()
        settings = self._settings(path)
        selected = context_of(path, settings).selected
        if not selected(noqa.UNUSED_NOQA.code):
            return ()
        source = self._source(path)
        if source is None or b"TCF" not in source.data:
            return ()
        try:
            lines = split_lines(source.text)
        except SyntaxError as error:
            self.failed[path] = parse_failure(error, source.data)
            return ()
        return tuple(apply_noqa([], lines, selected))


def check_source(
    source: Union[str, bytes], context: Context = Context(), path: str = "<source>"
) -> Tuple[Finding, ...]:
    """The findings of one module on its own, with ``context`` deciding what is selected
    and where rules bite instead of settings: for tests and messages that must not depend
    on a project. Raises ``SyntaxError`` for a module that cannot be read."""
    data = source.encode("utf-8") if isinstance(source, str) else source
    path = os.path.abspath(path)
    project = ProjectFiles(os.path.dirname(path), (path,), (path,))
    run = _Check(
        Workspace({path: data}), project, Resolver(), Memo(), Tiers(), False, _no_progress, context
    )
    checked = run.check()
    if path in checked.failures:
        raise SyntaxError(checked.failures[path].text)
    return checked.findings[path]


def _settings_key(settings: Union[Settings, Context]) -> str:
    return settings.cache_key() if isinstance(settings, Settings) else f"context:{id(settings)}"


def _parts(found: Optional[Scanned]) -> Tuple[Optional[Summary], Optional[Failure]]:
    return (None, None) if found is None else (found.summary, found.error)
