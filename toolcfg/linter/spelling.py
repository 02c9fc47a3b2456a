"""How a fix spells an optional annotation (``X`` or ``None``), in the project's own style.

Who reads the annotation at run time decides which spellings work; the project's target
Python and ruff decide which one it writes (docs/facts.md, "Spelling an optional config"):

- nobody (a helper, a lambda, found by name): ``X | None`` where Python accepts it, from
  3.10 or under ``from __future__ import annotations``;
- LangGraph (nodes and hooks): the object, and under future annotations the *text*, which
  must be ``Optional[RunnableConfig]`` (``RunnableConfig | None`` is not injected there);
- ``typing.get_type_hints`` (tools): ``X | None`` is evaluated, so it needs Python 3.10.

Where the spelling that works is ``Optional[X]`` and the project's ruff reports it
(UP045), the fix says so on the line, ``# noqa: UP045``, as LangGraph's own source does:
else ``ruff check --fix`` would rewrite it into what LangGraph or Python 3.9 cannot read.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Optional, Tuple

from toolcfg import registry
from toolcfg.linter.changes import Import
from toolcfg.linter.target import FileFacts
from toolcfg.registry import Injection, TargetKind

#: The comment that keeps the project's ruff from rewriting a needed ``Optional[X]``.
KEEP_OPTIONAL = "# noqa: UP045"


class Reader(enum.Enum):
    """What reads the annotation at run time."""

    NOBODY = "nobody"
    LANGGRAPH = "langgraph"
    TYPE_HINTS = "get_type_hints"


def reader_of(kind: TargetKind) -> Reader:
    """Tools resolve their annotations; lambdas and helpers never read them; LangGraph
    reads those of the functions it runs (nodes, routers, entrypoints, middleware hooks)."""
    if kind.injection is Injection.ANNOTATION:
        return Reader.TYPE_HINTS
    if kind in (registry.RUNNABLE_LAMBDA, registry.HELPER):
        return Reader.NOBODY
    return Reader.LANGGRAPH


@dataclass(frozen=True)
class Spelled:
    annotation: str
    imports: Tuple[Import, ...] = ()
    #: A comment for the parameter's line, or None.
    comment: Optional[str] = None


def optional(inner: str, reader: Reader, file: FileFacts) -> Spelled:
    """``inner`` or ``None``, as the file's readers accept and its project writes it."""
    style, future = file.style, file.future_annotations
    if reader is Reader.NOBODY:
        pipe = style.pep604 or future
    elif reader is Reader.LANGGRAPH:
        pipe = style.pep604 and not future
    else:
        pipe = style.pep604
    if pipe:
        return Spelled(f"{inner} | None")
    comment = KEEP_OPTIONAL if style.asks_for_pipe(future) else None
    return Spelled(f"Optional[{inner}]", tuple(optional_import(file)), comment)


def optional_import(file: FileFacts) -> Tuple[Import, ...]:
    """``from typing import Optional``, unless the module binds it at run time already."""
    bound = file.module_scope.lookup("Optional")
    if bound and all(
        b.runtime and b.qualified_name in ("typing.Optional", "typing_extensions.Optional")
        for b in bound
    ):
        return ()
    return (Import(*registry.OPTIONAL_IMPORT),)
