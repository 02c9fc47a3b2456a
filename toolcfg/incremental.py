"""The project pass of the last check, kept for the next check of the same project.

The project pass (targets, helpers, callers, plans) reads every module that may register
something, so in a large project it costs far more than an editor's keystroke may: the
3,841-file corpus of ``bench/server_latency.py`` takes it 300 ms and more. Most keystrokes
leave what it reads unchanged but for positions: a name typed inside a string, a new line,
a statement that does not parse yet. A check whose only changed file is a text the
workspace overlays (an editor's buffer), whose summary is the last one's with every
position moved by the edit, and whose bytes match each pattern the pass searched for as
the last ones did, gets the last pass's plans with that file's positions moved, without
running the pass. Anything else (two files changed, a file created, a summary that differs
in any fact, a position inside the edited bytes) runs it again. The pass reads nothing else
of a file, so a reused pass decides what a fresh one would (``tests/test_incremental.py``
checks it against fresh checks).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Dict, Mapping, Optional, Sequence, Tuple, TypeVar

from toolcfg.index.model import Function, NamedCall, RunnableCall, Site, Span, Summary

# Only a check that runs the project pass imports it (``pipeline``): so do the types here.
if TYPE_CHECKING:
    from toolcfg.index.plans import FilePlan, Planned

#: A line and a UTF-8 byte column, as summaries and call keys hold them (lines from 1).
Point = Tuple[int, int]

T = TypeVar("T")


class _Unmoved(Exception):
    """A position inside the edited bytes: it has no place in the new text."""


@dataclass(frozen=True)
class Edit:
    """One contiguous change of a file's bytes: what was between ``start`` and ``end``
    became what is between ``start`` and ``new_end``."""

    start: Point
    end: Point
    new_end: Point

    @classmethod
    def between(cls, old: bytes, new: bytes) -> Optional[Edit]:
        """The edit from ``old`` to ``new``; None where a byte offset is not a summary's
        column (a carriage return, which ends a line, or bytes that are not UTF-8)."""
        if b"\r" in old or b"\r" in new or not _utf8(old) or not _utf8(new):
            return None
        shortest = min(len(old), len(new))
        prefix = _common(lambda n: old[:n] == new[:n], shortest)
        suffix = _common(lambda n: old[len(old) - n :] == new[len(new) - n :], shortest - prefix)
        return cls(
            _point(old, prefix), _point(old, len(old) - suffix), _point(new, len(new) - suffix)
        )

    @property
    def lines(self) -> int:
        """How many lines the edit added (negative: removed)."""
        return self.new_end[0] - self.end[0]

    def point(self, line: int, column: int) -> Point:
        if (line, column) < self.start:
            return line, column
        if (line, column) < self.end:
            raise _Unmoved
        if line == self.end[0]:
            return self.new_end[0], column - self.end[1] + self.new_end[1]
        return line + self.lines, column

    def line(self, line: int) -> int:
        """A position's line when its column is not known: every column of it must move
        alike."""
        if line < self.start[0]:
            return line
        if line > self.end[0]:
            return line + self.lines
        if self.lines == 0 and self.start[0] == self.end[0]:
            return line  # an edit inside one line, that leaves it one line
        if line == self.end[0] and self.end[1] == 0 and self.new_end[1] == 0:
            return self.new_end[0]  # the whole line comes after the edit
        raise _Unmoved


def _common(same: Callable[[int], bool], most: int) -> int:
    """The longest length up to ``most`` for which ``same`` holds (it holds for all shorter
    ones): a binary search of slice comparisons, not a loop over bytes."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _point(data: bytes, offset: int) -> Point:
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1)


# -- summaries -------------------------------------------------------------------------------


def moved(summary: Optional[Summary], edit: Edit) -> Optional[object]:
    """``summary`` in a comparable form with every position moved by ``edit`` (raises
    ``_Unmoved`` for one inside it). ``canonical(new) == moved(old, edit)`` says the edit
    changed nothing of the module but positions."""
    return _canonical(summary, edit.point, edit.line)


def canonical(summary: Optional[Summary]) -> Optional[object]:
    return _canonical(summary, lambda line, column: (line, column), lambda line: line)


def _canonical(
    summary: Optional[Summary],
    point: Callable[[int, int], Point],
    line: Callable[[int], int],
) -> Optional[object]:
    """The summary with each position mapped, in plain tuples with each record's type
    (``_typed``)."""
    if summary is None:
        return None

    def call(each: NamedCall) -> NamedCall:
        at_line, at_column = point(each.line, each.column)
        return each._replace(line=at_line, column=at_column)

    def runnable(each: RunnableCall) -> RunnableCall:
        at_line, at_column = point(each.line, each.column)
        return each._replace(line=at_line, column=at_column)

    def function(each: Function) -> Function:
        return each._replace(
            first=line(each.first),
            line=line(each.line),
            last=line(each.last),
            headers=tuple(line(header) for header in each.headers),
            calls=[call(c) for c in each.calls],
            runnable=[runnable(r) for r in each.runnable],
        )

    def site(each: Site) -> Site:
        start = point(each.span.line, each.span.column)
        end = point(each.span.end_line, each.span.end_column)
        return each._replace(span=Span(*start, *end))

    return _typed(
        summary._replace(
            functions=[function(f) for f in summary.functions],
            classes=[c._replace(line=line(c.line)) for c in summary.classes],
            sites=[site(s) for s in summary.sites],
            calls=[call(c) for c in summary.calls],
        )
    )


def same_but_positions(old: Optional[Summary], new: Optional[Summary], edit: Edit) -> bool:
    try:
        return moved(old, edit) == canonical(new)
    except _Unmoved:
        return False


def _typed(value: object) -> object:
    """``value`` with each record's type beside its fields: records compare as plain
    tuples, and ``Name("x") == Text("x")``."""
    if isinstance(value, (str, bytes, int, float, type(None))):
        return (type(value).__name__, value)
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted((key, _typed(item)) for key, item in value.items())))
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (type(value).__name__, tuple(_typed(item) for item in value))
    if isinstance(value, (tuple, list, Sequence)):
        return ("sequence", tuple(_typed(item) for item in value))
    return (type(value).__name__, value)


# -- plans -----------------------------------------------------------------------------------


def moved_plans(
    plans: Mapping[str, FilePlan], path: str, summary: Summary, edit: Edit, root: str
) -> Optional[Dict[str, FilePlan]]:
    """The plans with the positions in ``path`` moved by ``edit``, and ``summary`` (the
    edited file's) as its plan's; None if one lies inside the edited bytes."""
    relative = os.path.relpath(path, root)
    try:
        return {
            each: _moved_plan(plan, path, relative, summary, edit) for each, plan in plans.items()
        }
    except _Unmoved:
        return None


def _moved_plan(plan: FilePlan, path: str, relative: str, summary: Summary, edit: Edit) -> FilePlan:
    edited = plan.path == path

    def key(at: Point) -> Point:
        return edit.point(*at) if edited else at

    def planned(each: Planned) -> Planned:
        callers = tuple(
            replace(site, line=edit.line(site.line)) if site.path == relative else site
            for site in each.callers
        )
        if not edited:
            return each if callers == each.callers else replace(each, callers=callers)
        return replace(
            each,
            callers=callers,
            helper_calls=_keyed(each.helper_calls, key),
            not_runnable=tuple(key(at) for at in each.not_runnable),
            config_builders=_keyed(each.config_builders, key),
            task_calls=tuple(replace(task, key=key(task.key)) for task in each.task_calls),
        )

    functions = {name: planned(each) for name, each in plan.functions.items()}
    if not edited:
        if all(functions[name] is each for name, each in plan.functions.items()):
            return plan
        return replace(plan, functions=functions)
    agents = [replace(a, start=key(a.start), end=key(a.end)) for a in plan.agents]
    return replace(plan, summary=summary, functions=functions, agents=agents, owned=set(plan.owned))


def _keyed(
    pairs: Sequence[Tuple[Point, T]],
    key: Callable[
        [
            Point,
        ],
        Point,
    ],
) -> Tuple[Tuple[Point, T], ...]:
    return tuple((key(at), value) for at, value in pairs)


# -- the last pass ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """A byte search the pass made of files: ``pattern``, and the literals one of which
    every match holds (none: no such literal)."""

    pattern: re.Pattern[bytes]
    words: Tuple[bytes, ...] = ()

    def found(self, data: bytes) -> bool:
        # Most files spell none of the names: a search for each (memmem) rules them out
        # far faster than the pattern's alternation, which is tried at every position.
        if self.words and not any(word in data for word in self.words):
            return False
        return bool(self.pattern.search(data))


@dataclass(frozen=True)
class Inputs:
    """What a check asks of the pass: the project's root, its files, those of them that
    may register something, and whether every function is planned."""

    root: str
    files: Tuple[str, ...]
    candidates: Tuple[str, ...]
    all_functions: bool


@dataclass(frozen=True)
class LastPass:
    """What a project pass read and decided."""

    inputs: Inputs
    #: The content hash of each file of the project, and of each module the pass loaded
    #: (None: it could not be read), and the modules loaded, in order.
    digests: Mapping[str, Optional[str]]
    loaded: Tuple[str, ...]
    #: The texts the workspace overlaid (the buffers), and their summaries.
    overlaid: Mapping[str, bytes]
    summaries: Mapping[str, Optional[Summary]]
    searches: Tuple[Search, ...]
    plans: Mapping[str, FilePlan]


def reuse(
    last: LastPass,
    digest: Callable[[str], Optional[str]],
    overlaid: Callable[[str], Optional[bytes]],
    summary_of: Callable[[str], Optional[Summary]],
) -> Optional[Dict[str, FilePlan]]:
    """The plans of ``last`` for a check of the same inputs whose files now have these
    digests, overlaid texts and summaries (of the modules ``last`` loaded, loaded again);
    None where the pass must run again."""
    changed = [path for path, hashed in last.digests.items() if digest(path) != hashed]
    if not changed:
        return dict(last.plans)
    path = changed[0]
    old, new = last.overlaid.get(path), overlaid(path)
    if len(changed) > 1 or old is None or new is None:
        return None
    edit = Edit.between(old, new)
    if edit is None or not searched_alike(last.searches, old, new):
        return None
    summary = summary_of(path)
    if path in last.summaries and not same_but_positions(last.summaries[path], summary, edit):
        return None
    if summary is None:
        # Not summarised, or not a module: none of the pass's decisions is about it.
        return None if path in last.plans else dict(last.plans)
    return moved_plans(last.plans, path, summary, edit, last.inputs.root)


def searched_alike(searches: Sequence[Search], old: bytes, new: bytes) -> bool:
    """Does every search the pass made find in ``new`` what it finds in ``old``?"""
    return all(search.found(old) == search.found(new) for search in searches)
