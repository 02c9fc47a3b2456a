"""The settings one file is checked with, and how a layer of configuration goes over them.

``settings.py``'s ``Resolver`` finds which configuration applies to a file and resolves
its settings from it; this is what it resolves to: the ``Settings`` value every later stage
reads (which rules are selected and fixable, what is excluded, the line length and the
oldest Python), ``layer_over`` (one layer over another, as ruff layers them) and ``describe``
(what ``--show-settings`` prints). Apart from the resolving so that the stages that only
read settings do not depend on how they are found.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Mapping, Optional, Tuple

from toolcfg.layers import Layer, PerFile
from toolcfg.patterns import Patterns, PerFileIgnore
from toolcfg.project import PACKAGES, Declared
from toolcfg.ruffrules import NO_CONFIGURATION, RuffRules
from toolcfg.rules import RULES
from toolcfg.selection import DEFAULT_FIXABLE, DEFAULT_SELECTION, Selection, enabled, specificity
from toolcfg.versions import Version, target_name

#: Black's and ruff's default; the codemods wrap at it when nothing else is configured.
DEFAULT_LINE_LENGTH = 88


#: The oldest Python langchain-core supports: where nothing is known, the loss can happen.
DEFAULT_TARGET_VERSION = Version.of(3, 9)


NO_TARGET_VERSION = "no declared Python version"


DEFAULT_EXCLUDE = (
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    "build",
    "dist",
    ".tox",
    ".nox",
    "node_modules",
    ".toolcfg_cache",
)


@dataclass(frozen=True)
class Settings:
    """The settings one file is checked with."""

    root: Path = field(default_factory=Path.cwd)
    #: The layers of the rule selection after the defaults, earliest first: the
    #: configuration file's, ``--config``'s pairs' and the flags' (empty when not set).
    selection: Tuple[Selection, ...] = ()
    #: The same layers of ``fixable``, ``extend-fixable`` and ``unfixable``.
    fixability: Tuple[Selection, ...] = ()
    #: ``exclude``, None for the default list (anchored at ``root``), and what
    #: ``extend-exclude`` adds, each anchored where it was written.
    exclude: Optional[Patterns] = None
    extend_exclude: Tuple[Patterns, ...] = ()
    per_file_ignores: Tuple[PerFileIgnore, ...] = ()
    extend_per_file_ignores: Tuple[PerFileIgnore, ...] = ()
    output_format: str = "concise"
    respect_gitignore: bool = True
    line_length: int = DEFAULT_LINE_LENGTH
    line_length_source: str = "the default"
    #: Set for toolcfg itself (``--line-length``, ``--config`` or ``[tool.toolcfg]``),
    #: rather than read from the formatter's configuration: then it is passed on to the
    #: formatter.
    line_length_explicit: bool = False
    #: The oldest Python the file may run on, and where that came from: ``short`` for
    #: messages, ``long`` (with the file) for ``--show-settings``.
    target_version: Version = DEFAULT_TARGET_VERSION
    target_version_source: str = NO_TARGET_VERSION
    target_version_source_long: str = NO_TARGET_VERSION
    #: Package name -> the versions the project admits; packages it does not declare are
    #: absent (any version, old ones included).
    packages: Mapping[str, Declared] = field(default_factory=dict)
    #: Whether the project's lock files pin the packages, and why (empty without one).
    locks: str = ""
    #: The project's ruff selection, which the fixes' spelling must satisfy.
    ruff: RuffRules = NO_CONFIGURATION

    def is_selected(self, code: str, path: Optional[Path] = None) -> bool:
        """Is ``code`` enabled for ``path``? The last layer that decides wins, as in ruff;
        then a per-file ignore always wins, however specific the selection."""
        selected = enabled(code, (DEFAULT_SELECTION, *self.selection))
        if not selected or path is None:
            return selected
        return not any(
            specificity(code, entry.codes) is not None for entry in self.per_file_ignores_for(path)
        )

    def is_fixable(self, code: str) -> bool:
        """May ``--fix`` fix findings of ``code``? ``fixable``, ``extend-fixable`` and
        ``unfixable``, layered as the selection is, over a default of every code."""
        return enabled(code, (DEFAULT_FIXABLE, *self.fixability))

    def per_file_ignores_for(self, path: Path) -> List[PerFileIgnore]:
        """The ``per-file-ignores`` entries whose pattern matches ``path``."""
        absolute = os.path.abspath(path)
        return [
            entry
            for entry in (*self.per_file_ignores, *self.extend_per_file_ignores)
            if entry.matches(absolute)
        ]

    def is_excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Does ``exclude`` or ``extend-exclude`` match the path, or its name?"""
        return self.excludes(os.path.abspath(path), is_dir)

    def excludes(self, absolute: str, is_dir: bool) -> bool:
        """``is_excluded`` for an absolute path string: discovery calls it for every file."""
        return any(patterns.matches(absolute, is_dir) for patterns in self._exclusions)

    @functools.cached_property
    def _exclusions(self) -> Tuple[Patterns, ...]:
        """The exclusions, patterns anchored at the same directory joined into one list, so
        that a later one may negate an earlier one (``!keep/``), as in one .gitignore."""
        joined: List[Patterns] = []
        every = (self.exclude or Patterns(str(self.root), DEFAULT_EXCLUDE), *self.extend_exclude)
        for patterns in every:
            if joined and joined[-1].base == patterns.base:
                last = joined.pop()
                patterns = Patterns(last.base, (*last.patterns, *patterns.patterns))
            joined.append(patterns)
        return tuple(joined)

    def cache_key(self) -> str:
        """What cached findings depend on besides the file itself."""
        return self._cache_key

    @functools.cached_property
    def _cache_key(self) -> str:
        packages = sorted((name, str(declared.range)) for name, declared in self.packages.items())
        return repr(
            (
                self.selection,
                self.fixability,
                str(self.root),
                self.per_file_ignores,
                self.extend_per_file_ignores,
                self.target_version.key,
                packages,
                self.ruff,
            )
        )


def layer_over(settings: Settings, layer: Layer, base: str) -> Settings:
    """``layer`` over ``settings``, its patterns anchored at ``base``: as in ruff, its
    ``select`` (``fixable``) is a layer over the earlier ones, its ``exclude`` and
    ``per-file-ignores`` replace theirs, and its ``extend-`` lists add to them."""

    def per_file(entries: PerFile) -> Tuple[PerFileIgnore, ...]:
        return tuple(PerFileIgnore(base, pattern, codes) for pattern, codes in entries)

    exclude = settings.exclude
    if layer.exclude is not None:
        exclude = Patterns(base, layer.exclude)
    extend_exclude = settings.extend_exclude
    if layer.extend_exclude:
        extend_exclude = (*extend_exclude, Patterns(base, layer.extend_exclude))
    ignores = settings.per_file_ignores
    if layer.per_file_ignores is not None:
        ignores = per_file(layer.per_file_ignores)
    return dataclasses.replace(
        settings,
        selection=(*settings.selection, layer.selection),
        fixability=(*settings.fixability, layer.fixability),
        exclude=exclude,
        extend_exclude=extend_exclude,
        per_file_ignores=ignores,
        extend_per_file_ignores=(
            *settings.extend_per_file_ignores,
            *per_file(layer.extend_per_file_ignores),
        ),
        output_format=layer.output_format or settings.output_format,
        respect_gitignore=settings.respect_gitignore
        if layer.respect_gitignore is None
        else layer.respect_gitignore,
    )


def describe(settings: Settings, path: Path) -> str:
    """What ``toolcfg check --show-settings PATH`` prints: each setting that changes the
    findings for ``path``, and where it came from."""
    lines = [f"Settings for {path}"]

    def add(name: str, value: object, source: Optional[str] = None) -> None:
        lines.append(f"  {name}: {value}")
        if source is not None:
            lines.append(f"      from {source}")

    add("target-version", target_name(settings.target_version), settings.target_version_source_long)
    for name in PACKAGES:
        declared = settings.packages.get(name)
        if declared is None:
            add(name, "not declared, so any version")
        else:
            add(name, declared.range, declared.long)
    if settings.locks:
        add("packages", settings.locks)
    selected = [code for code in RULES if settings.is_selected(code)]
    add("enabled", ", ".join(selected) or "none")
    matching = settings.per_file_ignores_for(path)
    if matching:
        add(
            "per-file-ignores",
            "; ".join(f'"{entry.pattern}" = {", ".join(entry.codes)}' for entry in matching),
        )
        here = [code for code in selected if settings.is_selected(code, path)]
        add("enabled in this file", ", ".join(here) or "none")
    else:
        add("per-file-ignores", "none match")
    unfixable = [code for code in selected if not settings.is_fixable(code)]
    add("fixable", f"all but {', '.join(unfixable)}" if unfixable else "all")
    add("line-length", settings.line_length, settings.line_length_source)
    return "\n".join(lines) + "\n"
