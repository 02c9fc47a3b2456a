"""Release numbers and the ranges of them that a project's declarations admit.

A rule that only matters below some Python or package version is silenced only when every
version the project admits is past that bound, so everything here answers "could it be
older than ...?". ``packaging`` reads PEP 440 versions and specifiers; only a version's
epoch and release number count. Pre-, post-, dev- and local parts are ignored
(``1.5.0rc1`` counts as ``1.5.0``): the measured bounds are releases, and a pre-release of a
fixed version is treated like the release. Poetry's constraints (``^``, ``~``, ``||``) are
not PEP 440, and are read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Tuple

from packaging.specifiers import InvalidSpecifier, Specifier
from packaging.version import InvalidVersion
from packaging.version import Version as Pep440Version

#: The Python versions ``target-version`` can name, oldest first.
PYTHON_TARGETS = tuple(f"py3{minor}" for minor in range(9, 15))

_OPERATOR = re.compile(r"(?:~=|===|==|!=|<=|>=|<|>)\s*")
_POETRY_CLAUSE = re.compile(r"(?P<op>\^|~=|~|===|==|!=|<=|>=|<|>)?\s*(?P<version>\S+)")


@dataclass(frozen=True, order=True)
class Version:
    """A release number such as ``3.10`` or ``1.4.8``; ``1.4`` and ``1.4.0`` are equal, and
    a version of a later epoch (``1!2.0``) is above every version of an earlier one.

    ``just_above`` makes it the least version above the release (above ``1.7.2`` but below
    ``1.7.2.1``): the exclusive bound that ``<=1.7.2``, ``==1.7.2`` and ``>1.7.2`` need, so
    that every range stays half-open.
    """

    #: As written: bumping ``3.0`` at index 1 gives ``3.1``.
    release: Tuple[int, ...] = field(compare=False)
    #: The epoch, then the release without trailing zeros: what versions are ordered by.
    key: Tuple[int, ...] = field(init=False, repr=False)
    just_above: bool = False
    #: PEP 440's ``N!``: a change of version scheme, newer than any release before it.
    epoch: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        key = list(self.release)
        while key and key[-1] == 0:
            key.pop()
        object.__setattr__(self, "key", (self.epoch, *key))

    @classmethod
    def of(cls, *release: int) -> Version:
        return cls(release)

    @classmethod
    def parse(cls, text: str) -> Version:
        """``3.10``, ``1.5.0rc1``, ``v2.0.post1+local``, ``1!2.0``; anything else is a
        ``ValueError``."""
        try:
            parsed = Pep440Version(text)
        except InvalidVersion:
            raise ValueError(f"not a version: {text!r}") from None
        return cls(parsed.release, epoch=parsed.epoch)

    def above(self) -> Version:
        """The least version above this one."""
        return Version(self.release, just_above=True, epoch=self.epoch)

    def bump(self, index: int) -> Version:
        """The next release at ``index``: ``1.4.8`` bumped at 1 is ``1.5``."""
        return Version((*self.release[:index], self.release[index] + 1), epoch=self.epoch)

    def __str__(self) -> str:
        release = ".".join(map(str, self.release))
        return f"{self.epoch}!{release}" if self.epoch else release


@dataclass(frozen=True)
class Range:
    """The versions ``lower <= v < upper``; ``None`` leaves that end open."""

    lower: Optional[Version] = None
    upper: Optional[Version] = None

    def intersect(self, other: Range) -> Range:
        lowers = [bound for bound in (self.lower, other.lower) if bound is not None]
        uppers = [bound for bound in (self.upper, other.upper) if bound is not None]
        return Range(max(lowers) if lowers else None, min(uppers) if uppers else None)

    def hull(self, other: Range) -> Range:
        """The least range holding both: what ``a || b`` admits, conservatively."""
        lower = None if self.lower is None or other.lower is None else min(self.lower, other.lower)
        upper = None if self.upper is None or other.upper is None else max(self.upper, other.upper)
        return Range(lower, upper)

    def is_empty(self) -> bool:
        return self.lower is not None and self.upper is not None and self.lower >= self.upper

    def admits_below(self, version: Version) -> bool:
        """Does the range hold a version older than ``version``?"""
        return not self.intersect(Range(upper=version)).is_empty()

    def admits_at_least(self, version: Version) -> bool:
        """Does the range hold ``version`` or a newer one?"""
        return not self.intersect(Range(lower=version)).is_empty()

    def __str__(self) -> str:
        """``>=3.10``, ``==1.7.2``, ``>=1.5,<2``; ``*`` for every version."""
        lower, upper = self.lower, self.upper
        if lower is not None and upper is not None and upper == lower.above():
            return f"=={lower}"
        clauses = []
        if lower is not None:
            clauses.append(f"{'>' if lower.just_above else '>='}{lower}")
        if upper is not None:
            clauses.append(f"{'<=' if upper.just_above else '<'}{upper}")
        return ",".join(clauses) or "*"


ANY = Range()


def hull(ranges: Iterable[Range]) -> Range:
    """The hull of several ranges; ``ValueError`` for none."""
    result: Optional[Range] = None
    for each in ranges:
        result = each if result is None else result.hull(each)
    if result is None:
        raise ValueError("no ranges")
    return result


def intersection(ranges: Iterable[Range]) -> Range:
    result = ANY
    for each in ranges:
        result = result.intersect(each)
    return result


def parse_specifiers(text: str) -> Range:
    """A PEP 440 specifier set such as ``>=3.9,<4`` or ``~=3.10``; ``!=`` excludes nothing.
    A trailing comma (``>=3.9,``) leaves an empty clause, which is an error."""
    clauses = [clause.strip() for clause in text.split(",")]
    if clauses == [""]:
        return ANY
    return intersection(specified(_specifier(clause)) for clause in clauses)


def _specifier(clause: str) -> Specifier:
    try:
        return Specifier(clause)
    except InvalidSpecifier:
        operator = _OPERATOR.match(clause)
        if operator is not None:
            Version.parse(clause[operator.end() :])  # a malformed version is named as such
        raise ValueError(f"not a version specifier: {clause!r}") from None


def specified(specifier: Specifier) -> Range:
    """The range one PEP 440 clause admits."""
    return _clause(specifier.operator, specifier.version)


def parse_poetry(text: str) -> Range:
    """A Poetry constraint: ``^3.12``, ``~3.11``, ``3.11.*``, ``*``, ``>=3.10,<4``,
    ``>=3.10 <4``, a bare ``3.11`` (exactly that), or ``a || b`` (the hull of both)."""
    alternatives = [part.strip() for part in text.split("||")]
    return hull(_poetry_conjunction(part, text) for part in alternatives)


def _poetry_conjunction(text: str, whole: str) -> Range:
    # Poetry lets an operator stand apart from its version ("> 3.9"): glue them first.
    glued = re.sub(r"(\^|~=|~|===|==|!=|<=|>=|<|>)\s+", r"\1", text)
    clauses = [clause for clause in re.split(r"[,\s]+", glued) if clause]
    if not clauses:
        raise ValueError(f"not a Poetry version constraint: {whole!r}")
    ranges = []
    for clause in clauses:
        match = _POETRY_CLAUSE.fullmatch(clause)
        if match is None:
            raise ValueError(f"not a Poetry version constraint: {whole!r}")
        ranges.append(_clause(match.group("op") or "==", match.group("version")))
    return intersection(ranges)


def _clause(op: str, text: str) -> Range:
    """One comparison. Poetry's ``^`` and ``~`` are accepted here too: PEP 440 callers'
    regular expression never produces them."""
    if text == "*":
        if op != "==":
            raise ValueError(f"a wildcard needs ==, not {op}")
        return ANY
    if text.endswith(".*"):
        if op not in ("==", "!="):
            raise ValueError(f"a wildcard version needs == or !=: {op}{text}")
        prefix = _release(text[: -len(".*")])
        return ANY if op == "!=" else Range(prefix, prefix.bump(len(prefix.release) - 1))
    version = Version.parse(text)
    if op in ("==", "==="):
        return Range(version, version.above())
    if op == "!=":
        return ANY
    if op == ">=":
        return Range(lower=version)
    if op == ">":
        return Range(lower=version.above())
    if op == "<":
        return Range(upper=version)
    if op == "<=":
        return Range(upper=version.above())
    parts = version.release
    if op == "~=":
        if len(parts) < 2:
            raise ValueError(f"~= needs at least two release numbers: {text}")
        return Range(version, version.bump(len(parts) - 2))
    if op == "~":
        return Range(version, version.bump(min(1, len(parts) - 1)))
    # "^": the leftmost non-zero number may not change; with none, the last one given.
    nonzero = [index for index, part in enumerate(parts) if part != 0]
    return Range(version, version.bump(nonzero[0] if nonzero else len(parts) - 1))


def parse_target(name: str) -> Version:
    """``py310`` -> 3.10. Any ``py3N`` parses (ruff knows ``py37``); ``ValueError`` otherwise."""
    match = re.fullmatch(r"py3(\d+)", name)
    if match is None:
        raise ValueError(f"not a Python target such as py310: {name!r}")
    return Version.of(3, int(match.group(1)))


def target_name(version: Version) -> str:
    """3.10 (or 3.10.4) -> ``py310``."""
    major, minor = python_target(version).release
    return f"py{major}{minor}"


def python_target(version: Version) -> Version:
    """The Python minor release that ``version`` (a lower bound) falls in: 3.9.7 -> 3.9."""
    major, minor = (*version.release, 0, 0)[:2]
    return Version.of(major, minor)


def _release(text: str) -> Version:
    """A release number alone, as a wildcard's prefix must be (``3.11`` of ``3.11.*``)."""
    try:
        parsed = Pep440Version(text)
    except InvalidVersion:
        parsed = None
    if parsed is None or parsed.public != parsed.base_version:
        raise ValueError(f"not a release number: {text!r}")
    return Version(parsed.release, epoch=parsed.epoch)
