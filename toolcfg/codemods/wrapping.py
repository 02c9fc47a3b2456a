"""Wrap the lines a fix made too long, the way ``ruff format`` (and Black) would.

The codemod edits in the file's own layout, so an added ``config=config`` can push a line
that ``ruff format`` accepted past the line length, and the file stops passing
``ruff format --check``. This module finds those lines and has ``ruff_layout`` lay them out
again, as ruff would.

It is deliberately narrow. It looks only at lines the fix changed, only when the lines they
replace were already as ruff leaves them, never inside ``# fmt: off`` or on a
``# fmt: skip`` line, and it leaves alone any line it does not fully understand (a
string or a backslash across lines, a bracket that stays open to the next line): a long
line is better than a wrong one.
"""

from __future__ import annotations

import io
import re
import tokenize
from typing import Dict, Iterator, List, Optional, Sequence, Set, Tuple

from toolcfg.codemods.ruff_layout import Line, Style, Token, lay_out, width
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
_FORMATTER_SKIP = re.compile(r"#\s*fmt:\s*skip\s*$")


def wrap_long_lines(before: str, after: str, line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """``after``, with the lines the change from ``before`` made too long wrapped."""
    old, new = split_lines(before, keepends=True), split_lines(after, keepends=True)
    blocks = list(changed_blocks(old, new))
    if not any(
        _may_need_wrapping(new[row], line_length) for *_, j1, j2 in blocks for row in range(j1, j2)
    ):
        return after
    lines = _whole_lines(after)
    untouchable = _formatter_off(new)
    style = Style(line_length, _indent_unit(after))
    old_lines: Optional[Dict[int, Line]] = None
    out = list(new)
    for i1, i2, j1, j2 in blocks:
        if any(_may_need_wrapping(old[row], line_length) for row in range(i1, i2)):
            # The lines the change replaced must be as ruff leaves them, or the file was
            # never ruff-formatted, and its layout is the user's to keep.
            old_lines = _whole_lines(before) if old_lines is None else old_lines
            if any(row not in old_lines or lay_out(old_lines[row], style) for row in range(i1, i2)):
                continue
        for row in range(j1, j2):
            if row in untouchable or row not in lines:
                continue
            wrapped = lay_out(lines[row], style)
            if wrapped is not None:
                out[row] = "".join(text + lines[row].ending for text in wrapped)
    return "".join(out)


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
            ending=texts[row][len(text) :],
            tokens=tuple(found),
            comment=comment,
            inside_brackets=lowest > 0,
        )
    return lines


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
