"""What a fixed text must keep: it parses, compiles where the original compiled, and reads no
name that nothing defines where it used to resolve.

``fixing.py`` runs the fix loop and asks here, for each result, before anything is written;
a text that fails raises ``FixError``, a bug in toolcfg. LibCST parses only the pieces of
a text that a fix changed (``toolcfg.codemods.pieces``), and ``symtable`` reads their names;
``compile()`` reads the whole text. Syntax newer than this interpreter's is compiled and
read as ``grammar.readable`` rewrites it.
"""

from __future__ import annotations

import functools
import symtable
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, FrozenSet, Optional, Set, Tuple

if TYPE_CHECKING:
    from toolcfg.codemods.pieces import Changed, Changes


class FixError(Exception):
    """A fix that would break the file: a bug in toolcfg."""


def check(before: str, after: str) -> None:
    """Raise ``FixError`` for a result that would break the file.

    A fix changes a few pieces of a text, and the rest stays byte for byte as it was: only
    the pieces that changed (``codemods.pieces.changes``), each the function or the
    top-level statements around a changed line, are parsed with LibCST, and read for the
    names they use, each alone. ``compile()``, which costs far less, reads the whole text.
    Where the pieces cannot be told apart, or cannot tell, the whole text is read.

    LibCST's parse is this interpreter's whatever the syntax. ``compile()`` and ``symtable``
    are not: a text in a newer Python's syntax (PEP 695 under Python 3.11) is compiled and
    its names read in ``grammar.readable``'s rewriting, which blanks only what this
    interpreter cannot read (type parameters, patterns, f-strings of 3.12) alike in both
    texts. So the fix of such a file is still checked; only what lies in those blanks is
    not, and a fix never writes there.
    """
    from toolcfg.codemods.pieces import changes

    changed = changes(before, after)
    if changed is not None and not all(_parses_alone(piece) for piece in changed.pieces):
        changed = None  # a piece that does not parse alone: the whole text says why
    if changed is None:
        _parses(after)
    if not compiles(after) and compiles(before):  # the text before, only when it matters
        raise FixError("the fixed text does not compile")
    new = _new_free_names(changed) if changed is not None else None
    if new is None:
        new = free_names(after) - free_names(before)
    if new:
        raise FixError(f"the fixed text reads names nothing defines: {', '.join(sorted(new))}")


def _parses(text: str) -> None:
    import libcst

    from toolcfg.interpreter import collector_held

    try:
        with collector_held():
            libcst.parse_module(text)
    except Exception as error:
        raise FixError(f"the fixed text does not parse: {str(error).splitlines()[0]}") from error


def _parses_alone(piece: Changed) -> bool:
    """Does the changed piece parse alone, a function as one ``def``?"""
    import libcst

    try:
        module = libcst.parse_module(piece.after)
    except Exception:
        return False
    if piece.function:
        return len(module.body) == 1 and isinstance(module.body[0], libcst.FunctionDef)
    return True


def _new_free_names(changed: Changes) -> Optional[FrozenSet[str]]:
    """The free names the change adds, read from the changed pieces alone; None when they
    cannot tell (then the whole texts are read).

    A name a piece reads at its top level (decorators, defaults, annotations: in the scope
    the piece is in), or inside its functions and classes, that it did not read there before
    and that the module does not bind, may be a new free name. The rest of the module reads
    what it read before, in the same scopes, and binds what it bound: so when each such name
    is bound at the module's top level (its imports, or a changed piece at that level), and
    the changed pieces at that level still bind what they bound, there is none.
    """
    candidates: Set[str] = set()
    bound_before: Set[str] = set()
    bound_after: Set[str] = set()
    for piece in changed.pieces:
        old, new = _globals(piece.before), _globals(piece.after)
        if old is None or new is None:
            return None
        candidates.update(name for _, name in new.reads - old.reads)
        if piece.module_level:
            bound_before |= old.binds
            bound_after |= new.binds
    if not bound_before <= bound_after:
        return None
    if candidates - bound_after and changed.imports is not None:
        imports = _globals(changed.imports)
        if imports is not None:
            bound_after |= imports.binds
    return frozenset() if candidates <= bound_after else None


def compiles(text: str) -> bool:
    """Does ``compile()`` accept it? ``ast.parse`` alone misses errors such as a duplicate
    parameter, which only the compiler reports. Syntax newer than this interpreter's is
    compiled as ``grammar.readable`` rewrites it. Kept for the last few texts: a fixed text
    is checked again once the formatter has laid it out."""
    return _compiles(text)


@functools.lru_cache(maxsize=4)
def _compiles(text: str) -> bool:
    try:
        _compile(text)
    except SyntaxError:
        readable = _readable(text)
        if readable is None:
            return False
        try:
            _compile(readable)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return False
    except (ValueError, RecursionError, MemoryError):
        return False
    return True


def _compile(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings are the user's business
        compile(text, "<toolcfg>", "exec", dont_inherit=True)


def _readable(text: str) -> Optional[str]:
    """The text as this interpreter can compile it (see ``grammar``), or None if no Python
    can. Only for text ``compile()`` refused: LibCST is imported then."""
    from toolcfg.index import grammar

    try:
        return grammar.readable(text)
    except (RecursionError, MemoryError):  # nested too deeply for this interpreter
        return None


def free_names(text: str) -> FrozenSet[str]:
    """The names the module reads that nothing in it binds: builtins, star imports, and
    mistakes. A fix must never add one. Syntax newer than this interpreter's is read as
    ``grammar.readable`` rewrites it: a name only a blanked part reads (a type parameter,
    a pattern's capture) is then free, in the text before the fix as after it."""
    found = _globals(text)
    if found is None:
        return frozenset()
    return frozenset(name for _, name in found.reads if name not in found.binds)


@dataclass(frozen=True)
class _Globals:
    """The global names a module reads, and those it binds at its top level."""

    #: ``(True, name)`` for a name its top level reads and does not bind; ``(False, name)``
    #: for one a function or class in it reads as a global and does not bind there.
    reads: FrozenSet[Tuple[bool, str]]
    binds: FrozenSet[str]


def _globals(text: str) -> Optional[_Globals]:
    """What ``symtable`` says of the module's global names (of ``grammar.readable``'s
    rewriting, for syntax newer than this interpreter's); None if it cannot read it."""
    try:
        table = _symtable(text)
    except SyntaxError:
        readable = _readable(text)
        if readable is None:
            return None
        try:
            table = _symtable(readable)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    except (ValueError, RecursionError, MemoryError):
        return None
    binds = frozenset(
        symbol.get_name()
        for symbol in table.get_symbols()
        if symbol.is_assigned() or symbol.is_imported()
    )
    reads: Set[Tuple[bool, str]] = set()
    pending = [table]
    while pending:
        current = pending.pop()
        top = current is table
        for symbol in current.get_symbols():
            if not symbol.is_referenced():
                continue
            unbound_here = not (
                symbol.is_assigned() or symbol.is_imported() or symbol.is_parameter()
            )
            if (symbol.is_global() or top) and unbound_here:
                reads.add((top, symbol.get_name()))
        pending.extend(current.get_children())
    return _Globals(frozenset(reads), binds)


def _symtable(text: str) -> symtable.SymbolTable:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return symtable.symtable(text, "<toolcfg>", "exec")
