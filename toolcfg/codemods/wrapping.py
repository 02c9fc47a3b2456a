"""Wrap the lines a fix made too long, the way ``ruff format`` (and Black) would.

The codemod edits in the file's own layout, so an added ``config=config`` can push a line
that ``ruff format`` accepted past the line length, and the file stops passing
``ruff format --check``. This module finds those lines and has ``ruff_layout`` lay them out
again, as ruff would.

It is deliberately narrow. It looks only at lines the fix changed, only when the lines they
replace were already as ruff leaves them, never inside ``# fmt: off`` or on a
``# fmt: skip`` line. A changed line that is one part of a statement ruff had split is
laid out again with the whole statement, joined, if the result fits. Anything it does not
fully understand (a string or a backslash across lines, a comment inside a split
statement) it leaves alone: a long line is better than a wrong one.
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import cached_property
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg.codemods.ruff_layout import Line, Style, Token, fits, width, wrap_line
from toolcfg.textedits import changed_blocks, split_lines

#: ``ruff format``'s and Black's default.
DEFAULT_LINE_LENGTH = 88

_OPENING, _CLOSING = "([{", ")]}"
_LINE_ENDS = (tokenize.NL, tokenize.NEWLINE)
_LAYOUT = (*_LINE_ENDS, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12+
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
_FORMATTER_OFF = re.compile(r"#\s*(fmt:\s*off|yapf:\s*disable)\s*$")
_FORMATTER_ON = re.compile(r"#\s*(fmt:\s*on|yapf:\s*enable)\s*$")
_AUGMENTED = ("+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=")
_FORMATTER_SKIP = re.compile(r"#\s*fmt:\s*skip\s*$")


def wrap_long_lines(before: str, after: str, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """``after``, with the lines the change from ``before`` made too long wrapped."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    blocks = list(changed_blocks(old, new))
    if not any(
        _may_need_wrapping(new[row], line_length) for *_, j1, j2 in blocks for row in range(j1, j2)
    ):
        return after
    style = Style(line_length, _indent_unit(after))
    was, now = _Text(before, old, style), _Text(after, new, style)
    newline = next((row[len(row.rstrip("\r\n")) :] for row in new if row.endswith("\n")), "\n")
    out, done = list(new), set()
    for i1, i2, j1, j2 in blocks:
        replaced = range(i1, i2)
        if any(_may_need_wrapping(old[row], line_length) for row in replaced) and not all(
            map(was.as_ruff_leaves_it, replaced)
        ):
            continue  # the file was never ruff-formatted: its layout is the user's to keep
        for row in range(j1, j2):
            relaid = None if row in done else now.relaid(row)
            if relaid is not None:
                first, last, lines = relaid
                ending = new[last][len(new[last].rstrip("\r\n")) :]  # none on a last line
                out[first : last + 1] = [(ending or newline).join(lines) + ending]
                out[first + 1 : first + 1] = [""] * (last - first)
                done.update(range(first, last + 1))
    return "".join(out)


class _Text:
    """A text's rows, tokenized only when asked, and laid out as ruff would."""

    def __init__(self, text: str, rows: Sequence[str], style: Style) -> None:
        self.text, self.rows, self.style = text, rows, style

    @cached_property
    def lines(self) -> Dict[int, Line]:
        return _whole_lines(self.text)

    @cached_property
    def statements(self) -> Dict[int, Tuple[int, int, Line]]:
        return _split_statements(self.text)

    @cached_property
    def untouchable(self) -> Set[int]:
        return _formatter_off(self.rows)

    def relaid(self, row: int) -> Optional[Tuple[int, int, List[str]]]:
        """The rows to replace, from ``first`` to ``last``, and their new lines; or None."""
        if row in self.untouchable:
            return None
        if row in self.lines:
            laid_out = wrap_line(self.lines[row], self.style)
            return None if laid_out is None else (row, row, laid_out)
        if width(self.rows[row].rstrip()) <= self.style.limit or row not in self.statements:
            return None
        # Ruff had split this statement: lay it out again as a whole, if that fits.
        first, last, line = self.statements[row]
        laid_out = wrap_line(line, self.style) or [line.text + line.comment]
        if not self.untouchable.isdisjoint(range(first, last + 1)):
            return None
        if not _all_fit(laid_out, line.comment, self.style.limit):
            return None
        return first, last, laid_out

    def as_ruff_leaves_it(self, row: int) -> bool:
        if row in self.lines:
            return wrap_line(self.lines[row], self.style) is None
        if row not in self.statements:
            return False
        first, last, line = self.statements[row]
        laid_out = wrap_line(line, self.style) or [line.text + line.comment]
        return laid_out == [text.rstrip("\r\n") for text in self.rows[first : last + 1]]


def _all_fit(lines: Sequence[str], comment: str, limit: int) -> bool:
    """Does every line fit, the last one with the statement's comment?"""
    *body, last = lines
    code = last[: len(last) - len(comment)] if comment and last.endswith(comment) else last
    return all(width(text) <= limit for text in body) and fits(code, comment, limit)


def _may_need_wrapping(line: str, limit: int) -> bool:
    """A cheap first look: too long, or perhaps several items before a trailing comma."""
    code = line.rstrip()
    return width(code) > limit or (code.endswith(",") and "," in code[:-1])


def _formatter_off(lines: Sequence[str]) -> Set[int]:
    """The rows ruff does not format: between ``# fmt: off`` and ``# fmt: on``, and any row
    that ends in ``# fmt: skip``."""
    rows, off = set(), False
    for row, line in enumerate(lines):
        stripped = line.strip()
        if _FORMATTER_OFF.match(stripped):
            off = True
        elif _FORMATTER_ON.match(stripped):
            off = False
        if off or _FORMATTER_SKIP.search(line):
            rows.add(row)
    return rows


def _indent_unit(source: str) -> str:
    """The file's first indentation step: four spaces where it has none."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.INDENT:
                return token.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return "    "


def _whole_lines(source: str) -> Dict[int, Line]:
    """The physical lines (by 0-based row) that hold whole tokens and balanced brackets.

    Left out: lines a string or an f-string crosses, lines joined by a backslash, and lines
    whose brackets close ones opened earlier or stay open after them.
    """
    try:
        tokens = list(_merged_fstrings(tokenize.generate_tokens(io.StringIO(source).readline)))
    except (tokenize.TokenError, SyntaxError):
        return {}
    rows: Dict[int, List[Token]] = {}
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
        rows.setdefault(srow, []).append(Token(text, kind, scol, ecol, depth))
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
        lines[row] = Line(
            text=text,
            tokens=tuple(found),
            comment=comment,
            inside_brackets=lowest > 0,
        )
    return lines


def _split_statements(source: str) -> Dict[int, Tuple[int, int, Line]]:
    """Statements that span rows, by each of their rows: the first and last row, and the
    statement joined onto one line, without the parentheses ruff adds to split a line.

    Left out: statements with a comment inside, a string or backslash across rows, or a
    trailing comma that holds brackets open ("magic", so the user's layout).
    """
    try:
        tokens = list(_merged_fstrings(tokenize.generate_tokens(io.StringIO(source).readline)))
    except (tokenize.TokenError, SyntaxError):
        return {}
    texts = split_lines(source, keepends=True)
    found: Dict[int, Tuple[int, int, Line]] = {}
    statement: List[Tuple[int, str, Tuple[int, int], Tuple[int, int]]] = []
    for token in tokens:
        if token[0] in (tokenize.NEWLINE, tokenize.ENDMARKER):
            joined = _joined(statement, texts)
            if joined is not None:
                first, last = statement[0][2][0] - 1, statement[-1][3][0] - 1
                found.update((row, (first, last, joined)) for row in range(first, last + 1))
            statement = []
        elif token[0] not in (tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            statement.append(token)
    return found


def _joined(
    statement: Sequence[Tuple[int, str, Tuple[int, int], Tuple[int, int]]], texts: Sequence[str]
) -> Optional[Line]:
    """The statement on one line, or None if it is on one already or cannot be joined."""
    significant = [t for t in statement if t[0] not in (tokenize.NL, tokenize.COMMENT)]
    if not significant or significant[0][2][0] == significant[-1][3][0]:
        return None
    comments = [t for t in statement if t[0] == tokenize.COMMENT]
    last_row = significant[-1][3][0]
    if any(t[2][0] != last_row for t in comments) or any(t[2][0] != t[3][0] for t in significant):
        return None
    pieces: List[str] = []
    for previous, token in zip([None, *significant], significant):
        if previous is None:
            row = texts[token[2][0] - 1]
            pieces.append(row[: token[2][1]])
        elif previous[3][0] == token[2][0]:
            pieces.append(texts[token[2][0] - 1][previous[3][1] : token[2][1]])
        else:
            if not any(t[0] == tokenize.NL and previous[3][0] == t[2][0] for t in statement):
                return None  # a backslash joins these rows
            if previous[1] == "," and token[1] in _CLOSING:
                return None  # a magic trailing comma: ruff keeps it on several lines
            pieces.append("" if previous[1] in _OPENING or token[1] in _CLOSING else " ")
        pieces.append(token[1] if token[1] != "f''" else _source_of(token, texts))
    text = _without_added_parentheses("".join(pieces))
    last_text = texts[last_row - 1].rstrip("\r\n")
    comment = last_text[significant[-1][3][1] :] if comments else ""
    joined = _whole_lines(text + "\n").get(0)
    if joined is None:
        return None
    return Line(text=text, tokens=joined.tokens, comment=comment, inside_brackets=False)


def _without_added_parentheses(text: str) -> str:
    """``text`` without the parentheses ruff puts around a value only to split it.

    Those around all of a ``return``, assigned or asserted value, an ``if``, ``elif`` or
    ``while`` condition, a ``for`` loop's iterable or a return annotation: ruff removes
    them where it can join the line, so a formatted file has them only where it split.
    A tuple, a generator, ``yield`` and ``:=`` need theirs.
    """
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(text + "\n").readline)
            if t.type not in (*_LAYOUT, tokenize.ENDMARKER, tokenize.COMMENT)
        ]
    except (tokenize.TokenError, SyntaxError):
        return text
    depth, top = 0, []  # indexes of the tokens outside any bracket, and the brackets themselves
    for index, token in enumerate(tokens):
        if token.string in _CLOSING:
            depth -= 1
        if depth == 0:
            top.append(index)
        if token.string in _OPENING:
            depth += 1
    for position, index in enumerate(top):
        token = tokens[index]
        if token.string != "(" or position == 0:
            continue
        before = tokens[top[position - 1]].string
        closing = top[position + 1] if position + 1 < len(top) else None
        if closing is None:
            continue
        after = [tokens[i].string for i in top[position + 2 :]]
        inner = tokens[index + 1 : closing]
        at_end = after == [] and (before in ("return", "=", ",") or before in _AUGMENTED)
        before_colon = after == [":"] and before in ("->", "if", "elif", "while", "in")
        if not (at_end or before_colon) or not inner:
            continue
        if before == "," and tokens[top[0]].string != "assert":
            continue
        if any(t.string in (",", "for", "yield", ":=") for t in _outermost(inner)):
            continue
        start, end = token.start[1], tokens[closing].end[1]
        return text[:start] + text[start + 1 : end - 1] + text[end:]
    return text


def _outermost(tokens: Sequence[tokenize.TokenInfo]) -> Iterator[tokenize.TokenInfo]:
    depth = 0
    for token in tokens:
        if token.string in _CLOSING:
            depth -= 1
        if depth == 0:
            yield token
        if token.string in _OPENING:
            depth += 1


def _source_of(
    token: Tuple[int, str, Tuple[int, int], Tuple[int, int]], texts: Sequence[str]
) -> str:
    """An f-string's text (merged tokens carry only a placeholder)."""
    return texts[token[2][0] - 1][token[2][1] : token[3][1]]


def _merged_fstrings(
    tokens: Iterator[tokenize.TokenInfo],
) -> Iterator[Tuple[int, str, Tuple[int, int], Tuple[int, int]]]:
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
