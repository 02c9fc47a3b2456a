"""Reading the syntax of every Python with this interpreter's ``ast``.

The index parses with the running interpreter's ``ast``, so under Python 3.11 a module with
PEP 695 type parameters (``def first[T](items: list[T]) -> T``) could not be read, and the
nodes it registered went unseen. LibCST's native parser reads the syntax of every Python up
to 3.14, whatever Python runs it. So a text ``ast`` refuses is read one top-level statement
at a time (``statements``): ``ast`` reads those it can, and LibCST the others, whose
constructs this interpreter cannot read are then rewritten into text it can, every other
character kept at its line and UTF-8 byte column (the summary records calls by those, and
the analysis finds its calls by the same keys); ``newsyntax.py`` says what is rewritten,
and how. A statement whose only newer syntax is f-strings is not given to LibCST whole: each
of its f-strings is, to be sure it is one.

Only the fallback pays: text ``ast`` accepts is parsed once, as before; one that needs
LibCST in a few statements costs about twice ``ast``'s parse. A statement LibCST refuses too
is a real syntax error, reported with ``ast``'s message and line; when that line holds newer
syntax, with those of the real error further on (``_located``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, TypeVar, Union

import libcst as cst

from toolcfg.index.newsyntax import (
    HOST,
    LINE_BREAK,
    NEWEST,
    NO_FSTRING,
    Edit,
    NotGivenBack,
    apply_edits,
    host_reads,
    rewritten_text,
)
from toolcfg.index.statements import Statement, statements
from toolcfg.interpreter import collector_held, on_large_stack

#: The limits of CPython's tokenizer, the same in every version: no grammar lifts them, so
#: a text ``ast`` refuses for one of these is not worth LibCST's time.
_LIMITS = ("too many nested parentheses", "too many levels of indentation")
#: LibCST's native parser recurses on the C stack (LibCST#619), so it runs on a large one.
_STACK_SIZE = 512 * 1024 * 1024
#: A statement nested deeper than CPython's tokenizer allows (200 brackets) is no Python's,
#: and LibCST's parser overflows even a large stack on 100,000 of them.
MAX_DEPTH = 200
#: LibCST's parser takes time and memory that grow faster than the code in a long chain
#: (2,000 characters of ``f()()...`` take it a second, 10,000 of ``- - - x`` gigabytes), so
#: a statement with a longer logical line is not given to it: code written by hand has
#: none, and a statement ``ast`` reads never goes to LibCST at all.
MAX_WIDTH = 2_000

Source = Union[str, bytes]
_T = TypeVar("_T")


def reread(source: Source, refused: SyntaxError, flags: int = ast.PyCF_ONLY_AST) -> ast.Module:
    """The tree of a text ``ast.parse`` refused with ``refused``: that of
    ``readable(source)``, every call at its line and UTF-8 byte column. For a text no
    Python reads, raises ``refused``; or, where the line ``refused`` names holds newer
    syntax and the real error lies further on, ``ast``'s error there (see ``_located``).
    Raises ``RecursionError`` or ``MemoryError`` for code nested too deeply for this
    interpreter, as ``ast`` does. ``flags``: those ``compile()`` refused the text with
    (``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`` for a notebook), ``ast.PyCF_ONLY_AST`` among them."""
    if not _may_read(source, refused):
        raise refused
    try:
        text = source if isinstance(source, str) else _decoded(source)
    except (SyntaxError, UnicodeError):
        raise refused from None
    reading = _reading(text, flags)
    if reading.refusal is not None:
        raise on_large_stack(lambda: _located(reading, refused, flags))
    with collector_held():
        tree = _parse(reading.text, flags)
    assert isinstance(tree, ast.Module)
    return tree


def readable(text: str) -> Optional[str]:
    """The text with the constructs this interpreter's parser cannot read rewritten into
    ones it can, every other character at its line and UTF-8 byte column; None if no Python
    reads it (LibCST refuses it too). Meant for text ``ast`` refused: it does not ask
    ``ast`` about the whole text first. Raises ``RecursionError`` or ``MemoryError`` for
    code nested too deeply for this interpreter."""
    if "\0" in text:  # ``ast`` refuses a NUL byte whatever the grammar
        return None
    reading = _reading(text, ast.PyCF_ONLY_AST)
    return reading.text if reading.refusal is None else None


@dataclass(frozen=True)
class _Refusal:
    """The first statement no Python reads, at ``[start, end)`` of the text."""

    start: int
    end: int
    #: The line LibCST's parser stopped at; 0 where it does not say (its tokenizer's
    #: errors), or where the statement was not given to it.
    line: int = 0


@dataclass(frozen=True)
class _Reading:
    """A text read statement by statement: the text with the statements this interpreter
    cannot read rewritten; and the first no Python reads, if one is."""

    text: str
    refusal: Optional[_Refusal] = None


#: ``parser error: error at 6:4: expected one of ...``
_STOPPED_AT = re.compile(r"^parser error: error at (\d+):")


@lru_cache(maxsize=4)
def _reading(text: str, flags: int) -> _Reading:
    """Kept for the last few texts: a fix is checked against the text before it, which the
    pass before checked as its result."""
    if HOST >= NEWEST:
        return _Reading(text, _Refusal(0, len(text)))
    return on_large_stack(lambda: _read_statements(text, flags))


def _read_statements(text: str, flags: int) -> _Reading:
    """Each top-level statement as ``ast`` reads it; or with its f-strings of Python 3.12
    blanked, when that is all it needs (most often, and cheap: LibCST reads each f-string
    alone); or as LibCST reads it and ``rewritten_text`` rewrites it. Statements are whole
    lines, so a rewritten one keeps its place."""
    pieces: List[str] = []
    refusal: Optional[_Refusal] = None
    with collector_held():
        for statement in statements(text):
            part = text[statement.start : statement.end]
            if _host_error(part, flags, raising=True) is not None:
                found = _read_statement(part, statement, flags)
                if isinstance(found, str):
                    part = found
                elif refusal is None:
                    line = statement.line - 1 + found if found else 0
                    refusal = _Refusal(statement.start, statement.end, line)
            pieces.append(part)
    return _Reading("".join(pieces), refusal)


def _read_statement(part: str, statement: Statement, flags: int) -> Union[str, int]:
    """A statement ``ast`` refused, rewritten so that it reads it; or, where no Python
    reads it, the line (in it) LibCST's parser stopped at, 0 if it does not say or the
    statement is not given to it."""
    if statement.depth > MAX_DEPTH or statement.widest > MAX_WIDTH:
        return 0
    blanked = _fstrings_blanked(part, statement)
    if blanked is not None and _host_error(blanked, flags, raising=True) is None:
        return blanked
    found = _rewrite(part)
    if isinstance(found, str) and _host_error(found, flags, raising=True) is not None:
        return 0  # what LibCST reads and no Python does (t"a" "b")
    return found


def _fstrings_blanked(part: str, statement: Statement) -> Optional[str]:
    """The statement with the f-strings this interpreter cannot read as ``f""`` and blanks,
    each checked by LibCST alone; None if it has none, or LibCST refuses one."""
    edits: List[Edit] = []
    for start, end in statement.fstrings:
        fstring = part[start - statement.start : end - statement.start]
        if host_reads(fstring):
            continue
        try:
            cst.parse_module(f"(\n{fstring}\n)\n")
        except Exception:  # a real error in it, which LibCST's parse of the statement names
            return None
        edits.append(Edit(start - statement.start, end - statement.start, NO_FSTRING))
    return apply_edits(part, edits) if edits else None


def _rewrite(part: str) -> Union[str, int]:
    """``part`` as LibCST reads it, rewritten; or the line its parser stopped at."""
    try:
        module = cst.parse_module(part)
    except cst.ParserSyntaxError as error:
        stopped = _STOPPED_AT.match(error.message)
        return int(stopped.group(1)) if stopped else 0
    except Exception:  # nested too deeply, or a failure of LibCST's own (the CSTLogicError
        return 0  # of LibCST 1.9 on concatenated t-strings)
    try:
        return rewritten_text(module, part)
    except (RecursionError, NotGivenBack):  # a tree deeper than Python's recursion limit
        return 0


def _located(reading: _Reading, refused: SyntaxError, flags: int) -> SyntaxError:
    """The error to report for a text neither ``ast`` nor LibCST reads: ``ast``'s, with
    the other statements rewritten. When it names a line of newer syntax in the statement
    LibCST refused, and LibCST stopped past it, the real error lies further on: LibCST
    says roughly where (at times a line late), so the statement up to that line, or one of
    the three before it, is rewritten too, and ``ast`` names the real error in its own
    words, as on a Python that reads the whole text."""
    text, refusal = reading.text, reading.refusal
    assert refusal is not None
    with collector_held():
        found = _host_error(text, flags) or refused
    if (found.lineno or 0) < (refused.lineno or 0):
        found = refused
    first = 1 + sum(1 for _ in LINE_BREAK.finditer(text, 0, refusal.start))
    starts = [
        refusal.start,
        *(match.end() for match in LINE_BREAK.finditer(text, refusal.start, refusal.end)),
    ]
    for cut in range(refusal.line, max(found.lineno or 0, refusal.line - 4), -1):
        if not first < cut < first + len(starts):
            continue
        at = starts[cut - first]
        head = _rewrite(text[refusal.start : at])
        if not isinstance(head, str):
            continue
        later = _host_error(text[: refusal.start] + head + text[at:], flags)
        if later is not None and (later.lineno or 0) >= cut:
            return later
    return found


def _host_error(text: str, flags: int, raising: bool = False) -> Optional[SyntaxError]:
    """``ast``'s error for ``text``, None if it reads it. Code nested too deeply for this
    interpreter raises, if ``raising``, or counts as read."""
    try:
        _parse(text, flags)
    except SyntaxError as error:
        return error
    except (RecursionError, MemoryError):
        if raising:
            raise
    return None


def _parse(text: str, flags: int) -> ast.AST:
    tree: ast.AST = compile(text, "<module>", "exec", flags, dont_inherit=True)
    return tree


def _decoded(data: bytes) -> str:
    """The text as Python decodes it: its coding cookie or UTF-8, without a BOM."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def _may_read(source: Source, refused: SyntaxError) -> bool:
    """Could a newer grammar read what ``ast`` refused? Not past the tokenizer's limits,
    nor with a NUL byte (which Python 3.12 refuses with a ``SyntaxError``)."""
    nul = b"\0" in source if isinstance(source, bytes) else "\0" in source
    message = str(refused)
    return HOST < NEWEST and not nul and not any(m in message for m in _LIMITS)
