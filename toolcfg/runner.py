"""One run: files in, results out.

Everything that touches the file system or parses a whole file lives here; the analysis
itself is the pure ``linter.analyze``. LibCST is imported lazily, so a run over files that
the prefilter rules out never pays for importing it.
"""

from __future__ import annotations

import ast
import difflib
import enum
import os
import re
import threading
import warnings
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg import prefilter
from toolcfg.cache import Cache, Stamp, digest, stamp
from toolcfg.discovery import Unlisted, python_files
from toolcfg.linter.findings import AddConfigParameter, ChangeParameter, Finding, Position
from toolcfg.linter.suppression import UNUSED_NOQA, apply_noqa
from toolcfg.reading import read_regular_file
from toolcfg.settings import Resolver, Settings
from toolcfg.textedits import TextEdit, split_lines, text_edits
from toolcfg.writer import FileChangedError, write_atomic


class Mode(enum.Enum):
    CHECK = "check"
    FIX = "fix"
    DIFF = "diff"


@dataclass(frozen=True)
class Options:
    mode: Mode = Mode.CHECK
    unsafe_fixes: bool = False
    #: Work out each fix as text edits (for the json, sarif and full formats).
    fix_edits: bool = False
    force_exclude: bool = False


@dataclass(frozen=True)
class FileResult:
    path: Path
    #: What is left to report: after fixing, the findings the fixed text still has.
    findings: Tuple[Finding, ...] = ()
    #: The codes of the findings a fix removed.
    fixed: Tuple[str, ...] = ()
    diff: str = ""
    error: Optional[str] = None
    #: The source, for reports that quote it; set only when there are findings.
    source: Optional[str] = None
    #: With ``Options.fix_edits``: the text edits of each finding's fix, or None.
    edits: Tuple[Optional[Tuple[TextEdit, ...]], ...] = ()
    #: The fixed bytes, when fixing a file that is not on disk (stdin).
    fixed_source: Optional[bytes] = None


#: ``--fix`` applies the fixes, then fixes the result again while something is fixable.
MAX_FIX_PASSES = 10

#: Below this many files to parse, a process pool costs more than it saves; pre-commit
#: runs, which pass a few files and run hooks in parallel already, stay in one process.
POOL_MIN_FILES = 16


@dataclass(frozen=True)
class _Job:
    index: int
    path: Path
    data: bytes
    settings: Settings
    stamp: Optional[Stamp]
    hashed: Optional[str]


def run(
    paths: Iterable[Path], options: Options, resolver: Resolver, cache_root: Optional[Path] = None
) -> List[FileResult]:
    """Check every file; parse only candidates, in parallel when there are enough of them.

    With ``cache_root``, results are cached under it, and an unchanged file is neither
    read nor parsed again.
    """
    results: Dict[int, FileResult] = {}
    jobs: List[_Job] = []
    caches: Dict[str, Cache] = {}
    found_files = list(python_files(paths, resolver, options.force_exclude))
    for index, found in enumerate(found_files):
        if isinstance(found, Unlisted):
            results[index] = FileResult(found.path, error=found.message)
            continue
        settings = resolver.for_file(found)
        cache = None
        if cache_root is not None and not options.fix_edits:
            key = settings.cache_key()
            if key not in caches:
                caches[key] = Cache(cache_root, key)
            cache = caches[key]
        stamped = stamp(found) if cache is not None else None
        cached = _from_cache(cache, found, options, stamped)
        if cached is not None:
            results[index] = cached
            continue
        try:
            data = read_regular_file(found)
        except OSError as error:
            results[index] = FileResult(found, error=f"cannot read: {error.strerror or error}")
            continue
        if not prefilter.may_have_findings(data):
            results[index] = _unused_noqa_only(data, found, settings)
            if cache is not None:
                cache.put(found, stamped, None, results[index].findings)
            continue
        hashed = digest(data) if cache is not None else None
        cached = _from_cache(cache, found, options, hashed=hashed)
        if cached is not None:
            results[index] = cached
            cache.put(found, stamped, hashed, cached.findings)  # type: ignore[union-attr]
            continue
        jobs.append(_Job(index, found, data, settings, stamped, hashed))

    for job, result in _check_all(jobs, options):
        if options.mode is Mode.FIX and result.fixed_source is not None:
            result = _write(job.path, job.data, result)
        cache = caches.get(job.settings.cache_key())
        if cache is not None and result.error is None:
            if options.mode is Mode.FIX and result.fixed_source is not None:
                cache.put(job.path, stamp(job.path), digest(result.fixed_source), result.findings)
            elif options.mode is not Mode.DIFF:
                cache.put(job.path, job.stamp, job.hashed, result.findings)
        results[job.index] = result
    for cache in caches.values():
        cache.save()
    return [results[index] for index in range(len(found_files))]


def _from_cache(
    cache: Optional[Cache],
    path: Path,
    options: Options,
    stamped: Optional[Stamp] = None,
    hashed: Optional[str] = None,
) -> Optional[FileResult]:
    """A cached result, if it is all this mode needs: in fix mode, only if nothing is fixable."""
    cached = cache.get(path, stamped, hashed) if cache is not None else None
    if cached is None:
        return None
    findings, error = cached
    if options.mode is not Mode.CHECK and any(
        applicable(f, options.unsafe_fixes) for f in findings
    ):
        return None
    return FileResult(path, findings, error=error)


def _check_all(jobs: List[_Job], options: Options) -> Iterator[Tuple[_Job, FileResult]]:
    workers = min(os.cpu_count() or 1, len(jobs))
    if len(jobs) < POOL_MIN_FILES or workers < 2:
        for job in jobs:
            yield job, check_source(job.data, job.path, options, job.settings)
        return
    # Largest first, so that one big file does not finish alone at the end.
    ordered = sorted(jobs, key=lambda job: len(job.data), reverse=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(check_source, job.data, job.path, options, job.settings): job
            for job in ordered
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _write(path: Path, data: bytes, result: FileResult) -> FileResult:
    assert result.fixed_source is not None
    try:
        write_atomic(path, data, result.fixed_source)
    except (OSError, FileChangedError) as error:
        message = str(error) if isinstance(error, FileChangedError) else error.strerror
        return FileResult(path, error=f"cannot write: {message}")
    return result


def applicable(finding: Finding, unsafe_fixes: bool) -> bool:
    """Will ``--fix`` apply this finding's fix?"""
    return finding.fix is not None and (finding.fix.safe or unsafe_fixes)


def check_file(path: Path, options: Options, settings: Optional[Settings] = None) -> FileResult:
    settings = settings or Settings()
    try:
        data = read_regular_file(path)
    except OSError as error:
        return FileResult(path, error=f"cannot read: {error.strerror or error}")
    result = check_source(data, path, options, settings)
    if options.mode is not Mode.FIX or result.fixed_source is None:
        return result
    return _write(path, data, result)


#: LibCST's native parser recurses on the C stack: a 10,000-term expression that CPython
#: compiles overflows a default thread stack and kills the process (LibCST#619). On a
#: larger stack it gets far enough to raise a RecursionError, which we report.
_PARSER_STACK_SIZE = 512 * 1024 * 1024


def check_source(data: bytes, path: Path, options: Options, settings: Settings) -> FileResult:
    """Check (and, in fix or diff mode, fix) one file's bytes; ``path`` names it."""
    if not prefilter.may_have_findings(data):
        return _unused_noqa_only(data, path, settings)
    outcome: List[FileResult] = []
    failure: List[BaseException] = []

    def work() -> None:
        try:
            outcome.append(_check_parsed(data, path, options, settings))
        except BaseException as error:  # re-raised below, in the caller's thread
            failure.append(error)

    previous = threading.stack_size(_PARSER_STACK_SIZE)
    try:
        worker = threading.Thread(target=work)
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _check_parsed(data: bytes, path: Path, options: Options, settings: Settings) -> FileResult:

    def selected(code: str) -> bool:
        return settings.is_selected(code, path)

    try:
        module, findings = _parse_and_analyze(data, selected)
    except SyntaxError as error:  # also a bad or unknown coding cookie
        return FileResult(path, error=f"cannot parse: {_syntax_error_message(error)}")
    except RecursionError:
        return FileResult(path, error="cannot parse: the code is nested too deeply for LibCST")
    except Exception as error:  # LibCST's ParserSyntaxError is not a SyntaxError
        return FileResult(path, error=f"cannot parse: {_first_line(str(error))}")
    source = module.code if findings else None
    to_fix = [finding for finding in findings if applicable(finding, options.unsafe_fixes)]
    if options.mode is Mode.CHECK or not to_fix:
        edits = _edits(module, findings, path, settings) if options.fix_edits else ()
        return FileResult(path, tuple(findings), source=source, edits=edits)

    assert source is not None  # there is something to fix, so something was found
    try:
        tail = _lost_tail(source.encode(module.encoding), data)
        new = _apply_fixes(module, to_fix, path, settings)
        new_module, remaining = _parse_and_analyze(new, selected)
        for _ in range(MAX_FIX_PASSES - 1):
            # A fix can make another safe, or make room for it: fix again, like ruff.
            again = [finding for finding in remaining if applicable(finding, options.unsafe_fixes)]
            if not again:
                break
            new = _apply_fixes(new_module, again, path, settings)
            new_module, remaining = _parse_and_analyze(new, selected)
        new += tail
        if _compiles(data) and not _compiles(new):
            raise SyntaxError("the fixed text does not compile")
    except Exception as error:  # a bug in toolcfg: keep the file as it is
        return FileResult(
            path,
            tuple(findings),
            error=f"the fix failed, so the file was left unchanged ({type(error).__name__}: "
            f"{error}); please report this",
            source=source,
        )
    fixed = tuple(
        (Counter(f.code for f in findings) - Counter(f.code for f in remaining)).elements()
    )
    old_code, new_code = source, new_module.code
    source = new_code if remaining else None
    diff = _unified_diff(path, old_code, new_code) if options.mode is Mode.DIFF else ""
    edits = _edits(new_module, remaining, path, settings) if options.fix_edits else ()
    return FileResult(
        path, tuple(remaining), fixed, diff=diff, source=source, edits=edits, fixed_source=new
    )


def _unused_noqa_only(data: bytes, path: Path, settings: Settings) -> FileResult:
    """A file that cannot hold a finding can still carry a stale ``# noqa: TCF...``."""

    def selected(code: str) -> bool:
        return settings.is_selected(code, path)

    if b"TCF" not in data or not selected(UNUSED_NOQA):
        return FileResult(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return FileResult(path)
    findings = apply_noqa([], split_lines(text), selected)
    return FileResult(path, tuple(findings), source=text if findings else None)


def _parse_and_analyze(data: bytes, selected):  # type: ignore[no-untyped-def]
    import libcst

    from toolcfg.linter.analyze import analyze_module

    _check_nesting(data)
    module = libcst.parse_module(data)
    return module, analyze_module(module, selected=selected)


#: CPython refuses brackets nested deeper than this ("too many nested parentheses") in every
#: version. LibCST's native parser has no such limit: a few thousand levels down it overflows
#: the C stack and kills the process (Instagram/LibCST#619, #1000).
MAX_NESTING = 200
_BRACKETS = re.compile(rb"[][(){}]")


def _check_nesting(data: bytes) -> None:
    """Raise CPython's SyntaxError for brackets nested deeper than it allows, before LibCST
    crashes on them. Brackets in strings and comments count here, so CPython decides."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(data):
        if match.group() in b"([{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    if deepest <= MAX_NESTING:
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except SyntaxError as error:
        if error.msg == "too many nested parentheses":
            raise


def _lost_tail(produced: bytes, data: bytes) -> bytes:
    """What LibCST leaves out when it writes the file back: a last lone ``\\r`` line ending.

    Any other difference would change bytes the fix does not edit, so it is an error.
    """
    if produced == data:
        return b""
    if data == produced + b"\r":
        return b"\r"
    raise ValueError("LibCST does not write this file back byte for byte")


def _apply_fixes(module, findings: Sequence[Finding], path: Path, settings: Settings) -> bytes:  # type: ignore[no-untyped-def]
    from libcst.codemod import CodemodContext

    from toolcfg.codemods.forward_config import ForwardConfigCommand
    from toolcfg.codemods.wrapping import DEFAULT_LINE_LENGTH

    command = ForwardConfigCommand(
        CodemodContext(filename=str(path)),
        findings,
        line_length=settings.line_length or DEFAULT_LINE_LENGTH,
    )
    return command.transform_module(module).bytes


def _edits(module, findings: Sequence[Finding], path: Path, settings: Settings):  # type: ignore[no-untyped-def]
    """Each finding's fix as text edits of the original source.

    Fixes of one signature (and of one safety) are worked out together, and each reports
    the edits of all: worked out alone, two keyword-only moves would each insert a ``*``,
    and an editor applying both would write a signature that does not compile.
    """
    groups = _signature_groups(findings)
    worked_out: Dict[Tuple[int, ...], Tuple[TextEdit, ...]] = {}
    edits: List[Optional[Tuple[TextEdit, ...]]] = []
    for index, finding in enumerate(findings):
        if finding.fix is None:
            edits.append(None)
            continue
        group = groups[index]
        if group not in worked_out:
            together = [findings[member] for member in group]
            fixed = _apply_fixes(module, together, path, settings).decode(module.encoding)
            worked_out[group] = tuple(text_edits(module.code, fixed))
        edits.append(worked_out[group])
    return tuple(edits)


def _signature_groups(findings: Sequence[Finding]) -> Dict[int, Tuple[int, ...]]:
    """For each fixable finding, the findings whose fixes are worked out with its own: all
    of one safety linked to it through signatures their fixes share (transitively)."""
    groups: Dict[int, Tuple[int, ...]] = {}
    for index, finding in enumerate(findings):
        if finding.fix is None or index in groups:
            continue
        group, signatures = {index}, set(_signatures(finding))
        grown = True
        while grown:
            grown = False
            for other, candidate in enumerate(findings):
                if (
                    other not in group
                    and candidate.fix is not None
                    and candidate.fix.safe == finding.fix.safe
                    and _signatures(candidate) & signatures
                ):
                    group.add(other)
                    signatures |= _signatures(candidate)
                    grown = True
        groups.update(dict.fromkeys(group, tuple(sorted(group))))
    return groups


def _signatures(finding: Finding) -> Set[Position]:
    """The functions whose parameters the finding's fix changes."""
    edits = finding.fix.edits if finding.fix is not None else ()
    return {
        edit.function for edit in edits if isinstance(edit, (AddConfigParameter, ChangeParameter))
    }


def _compiles(data: bytes) -> bool:
    """Does ``compile()`` accept it? ``ast.parse`` alone misses errors such as a duplicate
    parameter, which only the compiler reports."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the user's business
            compile(data, "<toolcfg>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _unified_diff(path: Path, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            split_lines(old, keepends=True),
            split_lines(new, keepends=True),
            fromfile=str(path),
            tofile=str(path),
        )
    )


def _syntax_error_message(error: SyntaxError) -> str:
    where = f" (line {error.lineno})" if error.lineno else ""
    return f"{error.msg}{where}"


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else text
