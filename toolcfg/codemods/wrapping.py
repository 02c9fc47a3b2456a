"""Wrap the lines a fix made too long, the way ``ruff format`` (and Black) would.

The codemod edits in the file's own layout, so an added ``config=config`` can push a line
that ``ruff format`` accepted past the line length, and the file stops passing
``ruff format --check``. This module splits such lines at their brackets as ruff does:
the bracket's contents on one indented line if they fit, else one item per line with a
trailing comma.

It is deliberately narrow. It looks only at lines the fix changed, only when the lines they
replace were already as ruff leaves them, and it leaves alone any line it does not fully
understand (a string or a backslash across lines, a lambda or a comprehension, a fluent
call chain): a long line is better than a wrong one.
"""

from __future__ import annotations

import io
import keyword
import tokenize
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from toolcfg.textedits import changed_blocks, split_lines

#: ``ruff format``'s and Black's default.
DEFAULT_LINE_LENGTH = 88

_OPENING, _CLOSING = "([{", ")]}"
_LINE_ENDS = (tokenize.NL, tokenize.NEWLINE)
_LAYOUT = (*_LINE_ENDS, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12+
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
#: Comments ruff leaves out when it measures a line (ruff#7008).
_PRAGMAS = ("noqa", "type", "pyright", "pylint")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int  # columns within the physical line
    end: int
    depth: int  # brackets open around the token; a bracket counts as outside itself


@dataclass(frozen=True)
class _Line:
    """One physical line that holds whole tokens and balanced brackets."""

    text: str  # without its line ending
    ending: str
    tokens: Tuple[_Token, ...]
    comment: str  # the trailing comment with the spaces before it, or ""
    inside_brackets: bool


@dataclass(frozen=True)
class _Style:
    limit: int
    unit: str  # one level of indentation


def wrap_long_lines(before: str, after: str, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """``after``, with the lines the change from ``before`` made too long wrapped."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    blocks = list(changed_blocks(old, new))
    if not any(
        _may_need_wrapping(new[row], line_length) for *_, j1, j2 in blocks for row in range(j1, j2)
    ):
        return after
    lines = _whole_lines(after)
    style = _Style(line_length, _indent_unit(after))
    old_lines: Optional[Dict[int, _Line]] = None
    out = list(new)
    for i1, i2, j1, j2 in blocks:
        if any(_may_need_wrapping(old[row], line_length) for row in range(i1, i2)):
            # The lines the change replaced must be as ruff leaves them, or the file was
            # never ruff-formatted, and its layout is the user's to keep.
            old_lines = _whole_lines(before) if old_lines is None else old_lines
            if any(row not in old_lines or _wrap(old_lines[row], style) for row in range(i1, i2)):
                continue
        for row in range(j1, j2):
            wrapped = _wrap(lines[row], style) if row in lines else None
            if wrapped is not None:
                out[row] = "".join(text + lines[row].ending for text in wrapped)
    return "".join(out)


def _may_need_wrapping(line: str, limit: int) -> bool:
    """A cheap first look: too long, or perhaps several items before a trailing comma."""
    code = line.rstrip()
    return _too_long(line, limit) or (code.endswith(",") and "," in code[:-1])


def _too_long(line: str, limit: int) -> bool:
    return _width(line.rstrip("\r\n")) > limit  # a pragma counts until the line is tokenized


def _wrap(line: _Line, style: _Style) -> Optional[List[str]]:
    """The line laid out as ruff would, or None if it is fine as it is or not ours to split."""
    code = line.text[: line.tokens[-1].end]
    run = _Run(line, line.tokens, _indentation(code), line.inside_brackets)
    commas = run.commas()
    if line.inside_brackets and len(commas) > 1 and commas[-1] == len(run.tokens) - 1:
        # Items before a trailing comma: the comma is "magic", so ruff gives each its own line.
        # (LibCST's AddImportsVisitor writes ``RunnableConfig, RunnableLambda,`` this way.)
        return _one_per_line(run, commas, style, line.comment)
    if _fits(code, line.comment, style.limit):
        return None
    if _is_import(line.tokens):
        return _wrap_import(line, style)
    wrapped = _layout(run, style, line.comment)
    return None if wrapped == [line.text] else wrapped


@dataclass(frozen=True)
class _Run:
    """Some of a line's tokens, to be laid out at ``indent``."""

    line: _Line
    tokens: Sequence[_Token]
    indent: str
    inside_brackets: bool

    def source(self, start: int = 0, stop: Optional[int] = None) -> str:
        """The text of ``tokens[start:stop]``, as written."""
        tokens = self.tokens[start:stop]
        return self.line.text[tokens[0].start : tokens[-1].end]

    def commas(self) -> List[int]:
        """Where the commas between the run's own items are."""
        base = _base(self.tokens)
        return [
            i for i, token in enumerate(self.tokens) if token.depth == base and token.text == ","
        ]

    def part(self, start: int, stop: Optional[int] = None, indent: Optional[str] = None) -> _Run:
        """``tokens[start:stop]``, inside brackets, at ``indent`` (or the run's own)."""
        return _Run(
            self.line, self.tokens[start:stop], self.indent if indent is None else indent, True
        )


def _layout(run: _Run, style: _Style, comment: str = "", extra: str = "") -> Optional[List[str]]:
    """The run on one line if it fits, else split at its commas or at a bracket.

    ``comment`` ends the last line; ``extra`` (a trailing comma) goes just before it.
    """
    code = run.indent + run.source() + extra
    if _fits(code, comment, style.limit):
        return [code + comment]
    commas = run.commas()
    if run.inside_brackets and commas and commas != [len(run.tokens) - 1]:
        return _one_per_line(run, commas, style, comment)
    return _split_at_bracket(run, style, comment, extra)


def _one_per_line(
    run: _Run, commas: Sequence[int], style: _Style, comment: str
) -> Optional[List[str]]:
    """Each comma-separated item on its own line, and a trailing comma, as ruff explodes a list."""
    base = _base(run.tokens)
    if any(token.depth == base and token.text in ("lambda", "for") for token in run.tokens):
        return None  # a lambda's parameters or a comprehension's targets: commas that are not items
    bounds = [-1, *commas]
    if commas[-1] != len(run.tokens) - 1:
        bounds.append(len(run.tokens))
    lines: List[str] = []
    for number, (start, stop) in enumerate(zip(bounds, bounds[1:])):
        has_comma = stop < len(run.tokens)
        last = number == len(bounds) - 2
        item = run.part(start + 1, stop + 1 if has_comma else None)
        laid_out = _layout(item, style, comment if last else "", "" if has_comma else ",")
        if laid_out is None:
            return None
        lines.extend(laid_out)
    return lines


def _split_at_bracket(run: _Run, style: _Style, comment: str, extra: str) -> Optional[List[str]]:
    """Ruff's right-hand split: the head up to a bracket, its contents indented, the rest.

    A ``def`` splits at its parameters; anything else at its last bracket that has contents,
    or an earlier one when the head would not fit and only trailers (``.name``, calls,
    subscripts) follow it.
    """
    tokens = run.tokens
    for opening, closing in _split_candidates(tokens):
        head = run.indent + run.source(0, opening + 1)
        if not _fits(head, "", style.limit):
            continue
        if _is_fluent_call(tokens, opening):
            return _fluent(run, style, comment)
        body = run.part(opening + 1, closing, run.indent + style.unit)
        # Ruff gives a lone parameter a trailing comma, which keeps it on a line of its own.
        lone_parameter = _is_def(tokens) and not body.commas()
        body_lines = _layout(body, style, extra="," if lone_parameter else "")
        tail = run.indent + run.source(closing) + extra
        if body_lines is None or not _fits(tail, comment, style.limit):
            return None
        return [head, *body_lines, tail + comment]
    if not any(token.text in _OPENING for token in tokens):
        return [run.indent + run.source() + extra + comment]  # an atom stays long, as in ruff
    return None


def _split_candidates(tokens: Sequence[_Token]) -> List[Tuple[int, int]]:
    """Bracket pairs to split at, best first, as ``(opening, closing)`` indexes."""
    base = _base(tokens)
    pairs, stack = [], []
    for index, token in enumerate(tokens):
        if token.text in _OPENING and token.depth == base:
            stack.append(index)
        elif token.text in _CLOSING and token.depth == base and stack:
            opening = stack.pop()
            if index > opening + 1:  # an empty pair, such as a call without arguments, cannot split
                pairs.append((opening, index))
    if _is_def(tokens):
        return pairs[:1]
    candidates = []
    for index in range(len(pairs) - 1, -1, -1):
        candidates.append(pairs[index])
        # Go back to the pair before only past trailers, such as ``).with_retry().ainvoke(``.
        between = tokens[pairs[index - 1][1] + 1 : pairs[index][0]] if index else ()
        if index == 0 or not all(
            token.text in ".()[]" or _is_name(token.text) for token in between
        ):
            break
    return candidates


def _is_fluent_call(tokens: Sequence[_Token], opening: int) -> bool:
    """Is the bracket a call at the end of a chain ruff formats fluently?

    Ruff does so when two or more attributes are taken from calls or subscripts, as in
    ``llm.with_structured_output(Invoice).with_retry().ainvoke(...)``.
    """
    base = tokens[opening].depth
    called_attributes, index = 0, opening - 1
    while index > 0:
        token = tokens[index]
        if token.depth != base:
            index -= 1
            continue
        if token.text.isidentifier() and tokens[index - 1].text == ".":
            if tokens[index - 2].text in _CLOSING:
                called_attributes += 1
            index -= 2
        elif token.text in _CLOSING:
            index -= 1  # back past the call's arguments or the subscript, to its opening
            while index > 0 and not (
                tokens[index].depth == base and tokens[index].text in _OPENING
            ):
                index -= 1
            index -= 1
        else:
            break
    return called_attributes >= 2


def _fluent(run: _Run, style: _Style, comment: str) -> Optional[List[str]]:
    """A call chain laid out as ruff does: in parentheses, then one ``.call()`` per line.

    Only a chain (perhaps awaited) that is all of ``name = ...``, ``return ...`` or an
    expression statement, which get the parentheses, or all of the contents of brackets,
    which have them already. Anything else is left alone.
    """
    tokens = run.tokens
    base = _base(tokens)
    if tokens[0].depth != base:
        return None  # the line closes brackets it did not open: part of a larger layout
    top = [i for i, token in enumerate(tokens) if token.depth == base]
    start = 0
    if not run.inside_brackets:
        equals = [i for i in top if tokens[i].text == "="]
        start = equals[-1] + 1 if equals else (1 if tokens[0].text == "return" else 0)
    if start >= len(tokens):
        return None
    chain = start + 1 if tokens[start].text == "await" else start
    breaks = []
    for i in top:
        if i < chain:
            continue
        token = tokens[i]
        if not (token.text in (*_OPENING, *_CLOSING, ".") or _is_name(token.text)):
            return None  # an operator, a comma or a keyword: the chain is not the whole value
        if token.text == "." and tokens[i - 1].text in _CLOSING:
            breaks.append(i)
    if not breaks:
        return None
    inner = run.indent if run.inside_brackets else run.indent + style.unit
    head = run.indent + (run.source(0, start) + " (" if start else "(")
    whole = inner + run.source(start)
    if not run.inside_brackets and _fits(whole, "", style.limit):
        return [head, whole, run.indent + ")" + comment]  # in parentheses, it fits as it is
    segments = list(zip([start, *breaks], [*breaks, len(tokens)]))
    lines = []
    for number, (begin, end) in enumerate(segments):
        last = run.inside_brackets and number == len(segments) - 1
        laid_out = _layout(run.part(begin, end, inner), style, comment if last else "")
        if laid_out is None:
            return None
        lines.extend(laid_out)
    if run.inside_brackets:
        return lines
    return [head, *lines, run.indent + ")" + comment]


def _wrap_import(line: _Line, style: _Style) -> Optional[List[str]]:
    """``from a import b, c`` as ruff wraps it: in parentheses, one name per line."""
    names = next(i for i, token in enumerate(line.tokens) if token.text == "import") + 1
    if any(token.text in "()" for token in line.tokens[names:]):
        return None  # already parenthesised, so on several lines in a formatted file
    statement = _Run(line, line.tokens, _indentation(line.text), False)
    listed = statement.part(names, indent=statement.indent + style.unit)
    commas = listed.commas()
    items = (
        _one_per_line(listed, commas, style, "")
        if commas
        else [listed.indent + listed.source() + ","]
    )
    if items is None:
        return None
    return [
        statement.indent + statement.source(0, names) + " (",
        *items,
        statement.indent + ")" + line.comment,
    ]


def _is_import(tokens: Sequence[_Token]) -> bool:
    return tokens[0].text == "from" and any(token.text == "import" for token in tokens)


def _is_def(tokens: Sequence[_Token]) -> bool:
    words = [token.text for token in tokens[:2]]
    return words[:1] == ["def"] or words == ["async", "def"]


def _base(tokens: Sequence[_Token]) -> int:
    """The depth of a run's outermost tokens (a line may first close brackets it did not open)."""
    return min(token.depth for token in tokens)


def _is_name(text: str) -> bool:
    return text.isidentifier() and not keyword.iskeyword(text)


def _indentation(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _fits(code: str, comment: str, limit: int) -> bool:
    return _width(code) + (0 if _is_pragma(comment) else _width(comment)) <= limit


def _is_pragma(comment: str) -> bool:
    text = comment.strip().lstrip("#").strip()
    word = text.split(":", 1)[0].strip()
    return word in _PRAGMAS and (":" in text or word == "noqa")


def _width(text: str) -> int:
    """Columns, as ruff counts them: a tab to the next multiple of four, East Asian wide
    characters two."""
    text = text.expandtabs(4)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _indent_unit(source: str) -> str:
    """The file's first indentation step: four spaces where it has none."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.INDENT:
                return token.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return "    "


def _whole_lines(source: str) -> Dict[int, _Line]:
    """The physical lines (by 0-based row) that hold whole tokens and balanced brackets.

    Left out: lines a string or an f-string crosses, lines joined by a backslash, and lines
    whose brackets close ones opened earlier or stay open after them.
    """
    try:
        tokens = list(_merged_fstrings(tokenize.generate_tokens(io.StringIO(source).readline)))
    except (tokenize.TokenError, SyntaxError):
        return {}
    rows: Dict[int, List[_Token]] = {}
    depths: Dict[int, List[int]] = {}  # each row's lowest depth, and its depth at its end
    comments: Dict[int, str] = {}
    broken = set()
    depth, previous, last_row = 0, tokenize.NEWLINE, -1
    for kind, text, (srow, scol), (erow, ecol) in tokens:
        srow, erow = srow - 1, erow - 1
        if kind == tokenize.COMMENT:
            comments[srow] = text
        if kind in _LAYOUT or kind in (tokenize.COMMENT, tokenize.ENDMARKER):
            previous = kind if kind != tokenize.COMMENT else previous
            continue
        if srow != erow:
            broken.update(range(srow, erow + 1))
        if srow != last_row and previous not in _LAYOUT:
            broken.update((last_row, srow))  # a backslash joins the two lines
        depths.setdefault(srow, [depth, depth])  # (a row can start inside a string)
        if kind == tokenize.OP and text in _CLOSING:
            depth -= 1
        rows.setdefault(srow, []).append(_Token(text, scol, ecol, depth))
        if kind == tokenize.OP and text in _OPENING:
            depth += 1
        depths[srow][0] = min(depths[srow][0], depth)
        depths[srow][1] = depth
        previous, last_row = kind, erow
    texts = split_lines(source, keepends=True)
    lines = {}
    for row, found in rows.items():
        lowest, end = depths[row]
        if row in broken or end != lowest:
            continue
        text = texts[row].rstrip("\r\n")
        comment = ""
        if row in comments:
            comment = text[found[-1].end :]
            if not comment.strip().startswith("#"):
                continue
        lines[row] = _Line(
            text=text,
            ending=texts[row][len(text) :],
            tokens=tuple(found),
            comment=comment,
            inside_brackets=lowest > 0,
        )
    return lines


def _merged_fstrings(tokens):  # type: ignore[no-untyped-def]
    """Python 3.12+ tokenizes inside f-strings; treat each one as a single string, as before."""
    nesting, start = 0, None
    for token in tokens:
        kind = token.type
        if _FSTRING_START is not None and kind == _FSTRING_START:
            nesting += 1
            start = token.start if nesting == 1 else start
            continue
        if nesting:
            if kind == _FSTRING_END:
                nesting -= 1
                if not nesting:
                    yield tokenize.STRING, "f''", start, token.end
            continue
        yield kind, token.string, token.start, token.end
