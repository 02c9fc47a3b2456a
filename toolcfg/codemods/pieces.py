"""Where a module's statements are, so that a fix parses with LibCST only what it changes.

LibCST costs many times what ``ast`` costs, nearly all of it on the parts of a big module a
fix does not touch. The analysis parses only the functions it decides about, each alone
(``toolcfg.linter.sources``); a fix is carried out the same way (``apply.py``): each
function's edits in that function parsed alone, new imports in the module's first
statements parsed alone, and the pieces spliced back into the text. The check of a fixed
text (``toolcfg.fixing``) parses only the pieces that changed. ``ast``, which reads a module
several times faster, says where the pieces are; what it cannot read is handled whole.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
import warnings
from dataclasses import dataclass
from typing import Dict, FrozenSet, Generic, List, Optional, Sequence, Tuple, TypeVar

from toolcfg.linter.sources import piece_text
from toolcfg.textedits import changed_blocks, split_lines


@dataclass(frozen=True, order=True)
class Span:
    """File lines ``first`` to ``last``, from 1, inclusive: a function, or whole top-level
    statements. A function's ``headers`` are the lines its statement starts on (decorators
    and ``def``), at ``indent`` characters: a piece takes those off to parse alone."""

    first: int
    last: int
    indent: int = 0
    headers: FrozenSet[int] = frozenset()


@dataclass(frozen=True)
class ImportBlock:
    """What placing an import reads (``_import_block``): the module's first lines, to
    ``last`` (None: the whole module); and the top-level statements after them that hold
    an import."""

    last: Optional[int]
    late: Tuple[Span, ...] = ()
    #: Whether the module may have an indented block; then its first lines hold the first,
    #: from which LibCST takes the indentation of the lines it adds.
    indented: bool = False


@dataclass(frozen=True)
class Outline:
    """Where a module's functions and top-level statements are."""

    #: Every function, nested ones too, by first line.
    functions: Tuple[Span, ...]
    #: The top-level statements, in order.
    statements: Tuple[Span, ...]
    #: How many lines the text has.
    lines: int
    #: What placing an import reads.
    imports: ImportBlock

    @functools.cached_property
    def _function_firsts(self) -> List[int]:
        return [span.first for span in self.functions]

    @functools.cached_property
    def _statement_firsts(self) -> List[int]:
        return [span.first for span in self.statements]

    @functools.cached_property
    def _statement_lasts(self) -> List[int]:
        return [span.last for span in self.statements]

    def function_at(self, first: int, last: int) -> Optional[Span]:
        """The innermost function that holds lines ``first`` to ``last``."""
        top = self.statement_at(first)
        if top is None:
            return None
        index = bisect.bisect_right(self._function_firsts, first) - 1
        # Functions nest: of those that start at or before ``first``, the last one that
        # reaches ``last`` is the innermost. None outside the top-level statement does.
        while index >= 0 and self.functions[index].first >= top.first:
            if self.functions[index].last >= last:
                return self.functions[index]
            index -= 1
        return None

    def statement_at(self, line: int) -> Optional[Span]:
        """The top-level statement on ``line``, if one is."""
        index = bisect.bisect_right(self._statement_firsts, line) - 1
        if index >= 0 and self.statements[index].last >= line:
            return self.statements[index]
        return None

    def statements_around(self, first: int, last: int) -> Span:
        """Whole top-level statements holding lines ``first`` to ``last`` (``last`` is
        ``first - 1`` for lines inserted before ``first``) and the statements on either side,
        so that what was inserted between two statements lies inside: from the last statement
        that starts before ``first`` (or the first line) to the first one that ends after
        ``last`` (or the last line)."""
        before = bisect.bisect_left(self._statement_firsts, first) - 1
        start = self.statements[before].first if before >= 0 else 1
        after = bisect.bisect_right(self._statement_lasts, last)
        end = self.statements[after].last if after < len(self.statements) else self.lines
        return Span(start, end)


def outline(text: str) -> Optional[Outline]:
    """``text``'s outline; None when ``ast`` cannot read it. Kept for the last few texts: a
    fix's check reads the outline its application read."""
    if text not in _OUTLINES:
        _OUTLINES.put(text, _outline(text))
    return _OUTLINES[text]


def _outline(text: str) -> Optional[Outline]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are the user's business
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    functions: List[Span] = []
    pending: List[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            headers = [decorator.lineno for decorator in node.decorator_list] + [node.lineno]
            last = node.end_lineno or node.lineno
            functions.append(Span(min(headers), last, node.col_offset, frozenset(headers)))
        for name in _BLOCKS:  # nested statements, but no expression: a def is a statement
            pending.extend(getattr(node, name, None) or ())
    functions.sort(key=lambda span: (span.first, -span.last))
    statements = tuple(_span(statement) for statement in tree.body)
    return Outline(
        tuple(functions),
        statements,
        len(split_lines(text)),
        _import_block(tree.body, statements),
    )


_Value = TypeVar("_Value")


class _Recent(Generic[_Value]):
    """What was worked out for the last few texts, by text: a run fixes one file at a time,
    and reads each text a few times (applying the fix, checking it, checking its layout)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: Dict[str, _Value] = {}

    def __contains__(self, text: str) -> bool:
        return text in self.values

    def __getitem__(self, text: str) -> _Value:
        return self.values[text]

    def get(self, text: str) -> Optional[_Value]:
        return self.values.get(text)

    def put(self, text: str, value: _Value) -> None:
        self.values.pop(text, None)
        self.values[text] = value
        while len(self.values) > self.size:
            del self.values[next(iter(self.values))]


_OUTLINES: _Recent[Optional[Outline]] = _Recent(4)


#: The fields that hold nested statements: of statements, of ``except`` and of ``case``.
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)


def _span(statement: ast.stmt) -> Span:
    decorators = getattr(statement, "decorator_list", ())
    first = min([statement.lineno, *(decorator.lineno for decorator in decorators)])
    return Span(first, statement.end_lineno or statement.lineno)


def _import_block(body: List[ast.stmt], statements: Tuple[Span, ...]) -> ImportBlock:
    """The statements that placing an import reads (``imports.py``): the module's import
    lines, where new ones join or go, from the first statement to the last import line, and
    at least the first two (a docstring, and what a first import goes before); with the
    first statement that may hold an indented block, as LibCST takes the module's
    indentation from its first. Later statements that hold an import (under ``if``, ``try``
    or ``with``) only say which names the module imports: they are read alone."""
    last_import = max(
        (index for index, statement in enumerate(body) if isinstance(statement, _IMPORTS)),
        default=-1,
    )
    needed = max(last_import, 1)
    indented = next(
        (
            index
            for index, statement in enumerate(body)
            if _compound(statement)
            and (statement.end_lineno or statement.lineno) > statement.lineno
        ),
        None,
    )
    if indented is not None:
        needed = max(needed, indented)
    if needed >= len(body) - 1:
        return ImportBlock(None, (), indented is not None)
    late = tuple(
        statements[index] for index in range(needed + 1, len(body)) if _holds_import(body[index])
    )
    return ImportBlock(statements[needed].last, late, indented is not None)


def _holds_import(statement: ast.stmt) -> bool:
    if isinstance(statement, _DEFINITIONS) or not _compound(statement):
        return False
    return any(isinstance(node, _IMPORTS) for node in ast.walk(statement))


def _compound(statement: ast.stmt) -> bool:
    return any(hasattr(statement, name) for name in ("body", "cases"))


_NEWLINE = re.compile(r"\r\n?|\n")


def default_newline(text: str) -> str:
    """The line ending LibCST writes new lines with: the text's first (else ``\\n``)."""
    match = _NEWLINE.search(text)
    return match.group(0) if match is not None else "\n"


@dataclass(frozen=True)
class Changed:
    """A piece of a text that a change touched, as it parses alone before and after."""

    before: str
    after: str
    #: A function, which parses alone as one ``def``; else whole top-level statements.
    function: bool
    #: Whether the names it binds at its top level are the module's: top-level statements,
    #: or a function at no indentation.
    module_level: bool


@dataclass(frozen=True)
class Changes:
    """What changed between two texts: the pieces that hold every changed line."""

    pieces: Tuple[Changed, ...]
    #: The changed text's first statements, which hold its imports (``ImportBlock``); None
    #: when they are not told apart from the rest.
    imports: Optional[str]


#: Rows of a text that became other rows: ``old[i1:i2]`` became ``new[j1:j2]``, from 0.
_Block = Tuple[int, int, int, int]


@dataclass(frozen=True)
class Written:
    """Where a fix wrote in the text it made (``apply.py``): the functions it changed, and
    the first statements when it added imports there."""

    functions: Tuple[Span, ...]
    imports: Optional[Span] = None


_WRITTEN: _Recent[Written] = _Recent(4)


def remember(text: str, written: Written) -> None:
    """Keep where a fix wrote in ``text``: what changes in it next (the formatter lays out
    what the fix made long) is found in those pieces without reading the text again."""
    _WRITTEN.put(text, written)


def changes(before: str, after: str) -> Optional[Changes]:
    """The pieces of ``before`` that ``after`` changed, and what they became: for each block
    of changed lines the innermost function that holds it (unless it changes the lines
    before the ``def``), else the top-level statements around it; or, in a text a fix wrote,
    the piece the fix wrote that holds it. None when ``ast`` cannot read ``before``."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    blocks: List[_Block] = list(changed_blocks(old, new))
    written = _WRITTEN.get(before) if before not in _OUTLINES else None
    spans = _in_written(written, blocks) if written is not None else None
    imports = written.imports if written is not None else None
    if spans is None:
        found = outline(before)
        if found is None:
            return None
        spans = [_around(found, block) for block in blocks]
        imports = Span(1, found.imports.last) if found.imports.last is not None else None
    outermost = _outermost(spans)
    moved = _moved(outermost, blocks) if outermost is not None else None
    if outermost is None or moved is None:
        return None
    pieces: List[Changed] = []
    for span, there in zip(outermost, moved):
        headers = frozenset(header + there.first - span.first for header in span.headers)
        old_text = piece_text(old, span.first, span.last, span.indent, span.headers)
        new_text = piece_text(new, there.first, there.last, span.indent, headers)
        if old_text is None or new_text is None:
            return None
        is_function = bool(span.headers)
        pieces.append(Changed(old_text, new_text, is_function, not is_function or span.indent == 0))
    imports_after = None
    if imports is not None:
        block = _moved([imports], blocks)
        if block is not None:
            imports_after = "".join(new[: block[0].last])
    return Changes(tuple(pieces), imports_after)


def _around(found: Outline, block: _Block) -> Span:
    """The piece of a text that holds a block of changed lines: the innermost function, else
    the top-level statements around them."""
    i1, i2, _, _ = block
    first, last = i1 + 1, i2  # lines; last is first - 1 for lines inserted before first
    function = found.function_at(*sorted((first, last)))
    if function is not None and _holds(function, block):
        return function
    return found.statements_around(first, last)


def _in_written(written: Written, blocks: Sequence[_Block]) -> Optional[List[Span]]:
    """The piece a fix wrote that holds each block; None if one lies outside them all."""
    spans = sorted(
        [*written.functions, *([written.imports] if written.imports else [])],
        key=lambda span: span.first,
    )
    starts = [span.first - 1 for span in spans]  # rows
    found = []
    for block in blocks:
        index = bisect.bisect_right(starts, block[0]) - 1  # the pieces do not overlap
        if index < 0 or not _holds(spans[index], block):
            return None
        found.append(spans[index])
    return found


def _holds(span: Span, block: _Block) -> bool:
    """Does the piece at ``span`` hold the block of changed lines, and leave a function's
    lines before its ``def`` as they were? Lines inserted at either edge are outside it."""
    i1, i2, _, _ = block
    start, end = span.first - 1, span.last  # rows
    inside = start < i1 < end if i1 == i2 else start <= i1 and i2 <= end
    if not inside or not span.headers:
        return inside
    definition = max(span.headers) - 1
    return i1 > definition if i1 == i2 else i1 >= definition


def _outermost(spans: Sequence[Span]) -> Optional[List[Span]]:
    """The spans not inside another, in order, those that overlap made one; None where a
    function would overlap another span (which cannot happen: a function is inside one
    top-level statement)."""
    found: List[Span] = []
    for span in sorted(set(spans), key=lambda span: (span.first, -span.last)):
        if found and span.first <= found[-1].last:
            kept = found[-1]
            if span.last <= kept.last:
                continue  # inside
            if span.headers or kept.headers:
                return None
            found[-1] = Span(kept.first, span.last)  # whole statements, both
            continue
        found.append(span)
    return found


def _moved(spans: Sequence[Span], blocks: Sequence[_Block]) -> Optional[List[Span]]:
    """Where the lines of each span went, with the blocks inside it changed; None when a
    block crosses the edge of one. Lines inserted just before or just after a span are
    outside it. The spans, like the blocks, are in order and do not overlap."""
    found: List[Span] = []
    index = 0
    shift = 0  # lines the blocks before added, less those they took out
    for span in spans:
        start, end = span.first - 1, span.last  # rows [start, end)
        while index < len(blocks) and blocks[index][1] <= start:
            i1, i2, j1, j2 = blocks[index]
            shift += (j2 - j1) - (i2 - i1)
            index += 1
        inside = 0
        while index < len(blocks) and blocks[index][0] < end:
            i1, i2, j1, j2 = blocks[index]
            if i1 < start or i2 > end:
                return None
            inside += (j2 - j1) - (i2 - i1)
            index += 1
        if end + inside <= start:
            return None
        found.append(Span(start + shift + 1, end + shift + inside, span.indent, span.headers))
        shift += inside
    return found
