"""What each rule family recognises, written from the registration table.

A rule's documentation and the README must say exactly what the project index matches, so
both are written from ``registry.REGISTRATIONS``: a new row is documented the day it is
added (``add_sequence`` was matched for a while and documented nowhere). ``fn`` stands for
the function, wherever the index finds it (an import, ``functools.partial(fn, ...)``, a
list, ...: ``HANDED_OVER``).
"""

from __future__ import annotations

from typing import Iterable, List, Sequence, Tuple

from toolcfg.registry import REGISTRATIONS, Form, Registration, TargetKind

#: What the index follows wherever ``fn`` stands, for every kind.
HANDED_OVER = (
    "`fn` is a function of the project, named in any module (through imports, relative "
    "ones too, an alias or a module attribute), or handed over as `functools.partial(fn, "
    "...)`, as the function a factory returns, as a bound method, or in a list, tuple or "
    "dict built with `+`, `.append`, `.extend` or a loop"
)


def recognised(kinds: Iterable[TargetKind]) -> List[str]:
    """One line for each registration of these kinds: how the function is handed over, and
    which modules the names it is matched by come from."""
    wanted = set(kinds)
    return [describe(row) for row in REGISTRATIONS if row.kind in wanted]


def hands_over(kinds: Iterable[TargetKind]) -> bool:
    """Is a function of these kinds handed over somewhere as an argument (``fn``)?"""
    wanted = set(kinds)
    return any(row.kind in wanted and row.form in _HANDED for row in REGISTRATIONS)


_HANDED = (Form.CALL, Form.METHOD, Form.DECORATOR_CALL)


def describe(row: Registration) -> str:
    """``tool(fn)`` or ``tool(...)(fn)``, imported from ...: a row as a line."""
    modules = sorted({module for module, _ in map(_split, row.names) if module})
    imported = f"imported from {alternatives([f'`{m}`' for m in modules])}" if modules else ""
    if row.form is Form.SUBCLASS:
        methods = alternatives([f"`{method}`" for method in row.methods], "and")
        return (
            f"the methods {methods} of subclasses of {bases(row)} ({imported}), also through "
            "classes of the project"
        )
    shown = alternatives([f"`{spelling}`" for spelling in spellings(row)])
    if row.form is Form.METHOD:
        return f"{shown}, in a module that imports `{row.requires}`"
    if row.sync_registered_alone:
        sync, other = alternatives(row.sync_keywords), alternatives(row.keywords)
        unless = f"; `{sync}` counts only without an `{other}`, which async runs call instead"
        if row.config_by_sync:
            unless += (
                f", or when it takes no `config` (the `{other}` receives one only if "
                f"`{sync}` takes it)"
            )
        return f"{shown}, {imported}{unless}"
    return f"{shown}, {imported}"


def spellings(row: Registration) -> List[str]:
    """How the function is handed over in a row, as code: ``@tool``, ``RunnableLambda(fn)``,
    ``.add_node(..., fn)``, ``ToolNode([fn, ...])``."""
    found: List[str] = []
    argument = "[fn, ...]" if row.lists else "fn"
    for name in _shorts(row):
        if row.form is Form.DECORATOR:
            found.extend((f"@{name}", f"@{name}(...)"))
        elif row.form is Form.DECORATOR_CALL:
            found.append(f"{name}(...)({argument})")
        elif row.form in (Form.CALL, Form.METHOD):
            called = f".{name}" if row.form is Form.METHOD else name
            positional, keywords = row.positional, row.keywords
            if row.sync_registered_alone:
                positional = tuple(sorted(row.sync_positional + positional))
                keywords = row.sync_keywords + keywords
            slots = [", ".join([*["..."] * index, argument]) for index in positional]
            if row.or_only_positional:
                slots.append(argument)
            slots.extend(f"{keyword}={argument}" for keyword in keywords)
            if row.any_keyword:
                slots.append(f"name={argument}")
            found.extend(f"{called}({slot})" for slot in slots)
        else:
            found.append(name)
    return found


def bases(row: Registration) -> str:
    """The classes a ``SUBCLASS`` row derives from: `BaseTool`, `StructuredTool` or `Tool`."""
    return alternatives([f"`{name}`" for name in _shorts(row)])


def _shorts(row: Registration) -> List[str]:
    return sorted({short for _, short in map(_split, row.names)})


def _split(qualified: str) -> Tuple[str, str]:
    """``langchain_core.tools.StructuredTool.from_function`` -> the module and the name in
    it, ``StructuredTool.from_function``: the name starts at its first capitalised part."""
    parts = qualified.split(".")
    start = next((i for i, part in enumerate(parts) if part[:1].isupper()), len(parts) - 1)
    return ".".join(parts[:start]), ".".join(parts[start:])


def alternatives(items: Sequence[str], word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
