"""Wrap the lines a fix made too long, the way ``ruff format`` (and Black) would.

The codemod edits in the file's own layout, so an added ``config=config`` can push a line
that ``ruff format`` accepted past the line length, and the file stops passing
``ruff format --check``. This module finds those lines and has ``ruff_layout`` lay them out
again, as ruff would.

It is deliberately narrow. It looks only at lines the fix changed, only when the lines they
replace were already as ruff leaves them, never inside ``# fmt: off`` or on a
``# fmt: skip`` line. A changed line that is one part of a statement ruff had split is
laid out again with the whole statement, joined, if the result fits. Anything it does not
fully understand (a string or a backslash across lines, a comment or a magic trailing
comma inside a split statement) it leaves alone: a long line is better than a wrong one.
"""

from __future__ import annotations

import io
import re
import tokenize
from functools import cached_property
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg.codemods.ruff_layout import (
    AUGMENTED,
    CLOSING,
    OPENING,
    Line,
    Style,
    Token,
    fits,
    width,
    wrap_line,
)
from toolcfg.textedits import changed_blocks, split_lines

#: ``ruff format``'s and Black's default.
DEFAULT_LINE_LENGTH = 88

_LINE_ENDS = (tokenize.NL, tokenize.NEWLINE)
_LAYOUT = (*_LINE_ENDS, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)  # Python 3.12+
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)
_FORMATTER_OFF = re.compile(r"#\s*(fmt:\s*off|yapf:\s*disable)\s*$")
_FORMATTER_ON = re.compile(r"#\s*(fmt:\s*on|yapf:\s*enable)\s*$")
_COMPOUND = (
    "if",
    "elif",
    "else",
    "while",
    "for",
    "async",
    "with",
    "try",
    "except",
    "finally",
    "def",
    "class",
)
_LONE_CR = re.compile(r"\r(?!\n)")
_FORMATTER_SKIP = re.compile(r"#\s*fmt:\s*skip\s*$")


def wrap_long_lines(before: str, after: str, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """``after``, with the lines the change from ``before`` made too long wrapped."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    blocks = list(changed_blocks(old, new))
    if not any(
        _may_need_wrapping(new[row], line_length) for *_, j1, j2 in blocks for row in range(j1, j2)
    ):
        return after
    was, now = _Text(before, old, line_length), _Text(after, new, line_length)
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
    """A text's rows, tokenized once and only when asked, and laid out as ruff would."""

    def __init__(self, text: str, rows: Sequence[str], line_length: int) -> None:
        self.text, self.rows, self.line_length = text, rows, line_length

    @cached_property
    def tokens(self) -> List[tokenize.TokenInfo]:
        return _tokens(self.text)

    @cached_property
    def style(self) -> Style:
        return Style(self.line_length, _indent_unit(self.tokens))

    @cached_property
    def lines(self) -> Dict[int, Line]:
        return _whole_lines(self.tokens, self.rows)

    @cached_property
    def statements(self) -> Dict[int, Tuple[int, int, Line]]:
        return _split_statements(self.tokens, self.rows)

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
        if not self.untouchable.isdisjoint(range(first, last + 1)):
            return None
        laid_out = wrap_line(line, self.style) or [line.text + line.comment]
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


def _indent_unit(tokens: Sequence[tokenize.TokenInfo]) -> str:
    """The file's first indentation step: four spaces where it has none."""
    return next((t.string for t in tokens if t.type == tokenize.INDENT), "    ")


def _whole_lines(tokens: Sequence[tokenize.TokenInfo], texts: Sequence[str]) -> Dict[int, Line]:
    """The physical lines (by 0-based row) that hold whole tokens and balanced brackets.

    Left out: lines a string or an f-string crosses, lines joined by a backslash, and lines
    whose brackets close ones opened earlier or stay open after them.
    """
    rows: Dict[int, List[Token]] = {}
    depths: Dict[int, List[int]] = {}  # each row's lowest depth, and its depth at its end
    comments: Dict[int, str] = {}
    broken = set()
    depth, previous, last_row = 0, tokenize.NEWLINE, -1
    for token in tokens:
        kind, text = token.type, token.string
        (srow, scol), (erow, ecol) = token.start, token.end
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
        if kind == tokenize.OP and text == ";" and depth == 0:
            broken.add(srow)  # several statements: ruff would give each a line first
        depths.setdefault(srow, [depth, depth])  # (a row can start inside a string)
        if kind == tokenize.OP and text in CLOSING:
            depth -= 1
        rows.setdefault(srow, []).append(Token(text, kind, scol, ecol, depth))
        if kind == tokenize.OP and text in OPENING:
            depth += 1
        depths[srow][0] = min(depths[srow][0], depth)
        depths[srow][1] = depth
        previous, last_row = kind, erow
    lines = {}
    for row, found in rows.items():
        lowest, end = depths[row]
        if row in broken or end != lowest:
            continue
        if _is_one_line_compound([t.text for t in found if t.depth == lowest]):
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


def _split_statements(
    tokens: Sequence[tokenize.TokenInfo], texts: Sequence[str]
) -> Dict[int, Tuple[int, int, Line]]:
    """Statements that span rows, by each of their rows: the first and last row, and the
    statement joined onto one line, without the parentheses ruff adds to split a line.

    Left out: statements with a comment inside, a string or backslash across rows, or a
    trailing comma that holds brackets open ("magic", so the user's layout).
    """
    found: Dict[int, Tuple[int, int, Line]] = {}
    statement: List[tokenize.TokenInfo] = []
    for token in tokens:
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            joined = _joined(statement, texts)
            if joined is not None:
                first, last = statement[0].start[0] - 1, statement[-1].end[0] - 1
                found.update((row, (first, last, joined)) for row in range(first, last + 1))
            statement = []
        elif token.type not in (tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING):
            statement.append(token)
    return found


def _joined(statement: Sequence[tokenize.TokenInfo], texts: Sequence[str]) -> Optional[Line]:
    """The statement on one line, or None if it is on one already or cannot be joined."""
    significant = [t for t in statement if t.type not in (tokenize.NL, tokenize.COMMENT)]
    if not significant or significant[0].start[0] == significant[-1].end[0]:
        return None
    comments = [t for t in statement if t.type == tokenize.COMMENT]
    last_row = significant[-1].end[0]
    if any(t.start[0] != last_row for t in comments) or any(
        t.start[0] != t.end[0] or t.string == ";" for t in significant
    ):
        return None
    if _is_one_line_compound([significant[i].string for i in _outermost(significant)]):
        return None
    pieces: List[str] = []
    for previous, token in zip([None, *significant], significant):
        if previous is None:
            pieces.append(texts[token.start[0] - 1][: token.start[1]])
        elif previous.end[0] == token.start[0]:
            pieces.append(texts[token.start[0] - 1][previous.end[1] : token.start[1]])
        else:
            if not any(t.type == tokenize.NL and t.start[0] == previous.end[0] for t in statement):
                return None  # a backslash joins these rows
            if previous.string == "," and token.string in CLOSING:
                return None  # a magic trailing comma: ruff keeps it on several lines
            pieces.append("" if previous.string in OPENING or token.string in CLOSING else " ")
        pieces.append(token.string)
    text = _without_added_parentheses("".join(pieces))
    last_text = texts[last_row - 1].rstrip("\r\n")
    comment = last_text[significant[-1][3][1] :] if comments else ""
    joined = _whole_lines(_tokens(text + "\n"), [text + "\n"]).get(0)
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
    tokens = [t for t in _tokens(text + "\n") if t.type not in (*_LAYOUT, tokenize.ENDMARKER)]
    if not tokens:
        return text
    top = _outermost(tokens)
    first = tokens[top[0]].string
    for position, index in enumerate(top[1:-1], start=1):
        if not _is_bracket(tokens[index], "("):
            continue
        closing = top[position + 1]
        before = tokens[top[position - 1]].string
        after = [tokens[i].string for i in top[position + 2 :]]
        inner = tokens[index + 1 : closing]
        at_end = not after and (
            before in ("return", "=", *AUGMENTED) or (before == "," and first == "assert")
        )
        before_colon = after == [":"] and (
            before in ("->", "if", "elif", "while")
            or (before == "in" and first in ("for", "async"))
        )
        if not (at_end or before_colon) or not inner:
            continue
        if any(inner[i].string in (",", "for", "yield", ":=") for i in _outermost(inner)):
            continue
        start, end = tokens[index].start[1], tokens[closing].end[1]
        return text[:start] + text[start + 1 : end - 1] + text[end:]
    return text


def _outermost(tokens: Sequence[tokenize.TokenInfo]) -> List[int]:
    """The indexes of the tokens outside any bracket, the outermost brackets included."""
    depth, found = 0, []
    for index, token in enumerate(tokens):
        if _is_bracket(token, CLOSING):
            depth -= 1
        if depth == 0:
            found.append(index)
        if _is_bracket(token, OPENING):
            depth += 1
    return found


def _is_bracket(token: tokenize.TokenInfo, brackets: str) -> bool:
    return token.type == tokenize.OP and token.string != "" and token.string in brackets


def _is_one_line_compound(words: Sequence[str]) -> bool:
    """``if x: y = f(...)``, ``def f(a): return g(a)``, given the words outside brackets: a
    body on the header's line, which ruff moves to a line of its own before it splits."""
    return words[0] in _COMPOUND and ":" in words[:-1] and words[-1] != ":"


def _tokens(source: str) -> List[tokenize.TokenInfo]:
    """The source's tokens, each f-string one token, on the rows of ``split_lines``; none if
    ``tokenize`` cannot read it (then nothing is wrapped).

    ``tokenize`` takes a lone ``\\r`` for an error, not a line ending; as a ``\\n`` it keeps
    every row and column where it was.
    """
    readline = io.StringIO(_LONE_CR.sub("\n", source), newline="").readline
    try:
        return list(_merged_fstrings(tokenize.generate_tokens(readline)))
    except (tokenize.TokenError, SyntaxError):
        return []


def _merged_fstrings(tokens: Iterator[tokenize.TokenInfo]) -> Iterator[tokenize.TokenInfo]:
    """Python 3.12+ tokenizes inside f-strings; make each one a single string, as before."""
    nesting, first = 0, None
    for token in tokens:
        if _FSTRING_START is not None and token.type == _FSTRING_START:
            nesting += 1
            first = token if nesting == 1 else first
        elif not nesting:
            yield token
        elif token.type == _FSTRING_END:
            nesting -= 1
            if not nesting and first is not None:
                text = (
                    first.line[first.start[1] : token.end[1]]
                    if first.start[0] == token.end[0]
                    else ""
                )
                yield tokenize.TokenInfo(tokenize.STRING, text, first.start, token.end, first.line)
