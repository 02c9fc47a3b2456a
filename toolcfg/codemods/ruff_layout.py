"""How ``ruff format`` (and Black) lay out one logical line that does not fit.

``wrapping`` decides which lines to wrap and reads them into tokens; this module decides
how. It follows Black's algorithm, which ruff's output matches for these shapes:

- a ``def`` splits at its parameters;
- a ``return`` value or an assigned value with several operators of one kind (``a if b
  else c``, ``a + b + c``) goes in parentheses; otherwise the line splits at its last
  bracket (or an earlier one, past trailers, when the head would not fit), and falls back
  to parentheses when that fails;
- the contents of brackets stay on one indented line if they fit (a collection literal
  with several items excepted), else split at their highest-priority delimiters: one item
  per line with a trailing comma, or a line per ``for``, ``if``, ``else``, ``and`` or
  operator;
- a chain of two or more calls goes one call per line, in parentheses.

Every function returns the lines, or None for a shape it does not know, which leaves the
line as the fix wrote it.
"""

from __future__ import annotations

import keyword
import tokenize
import unicodedata
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

OPENING, CLOSING = "([{", ")]}"
#: Comments ruff leaves out when it measures a line (ruff#7008).
_PRAGMAS = ("noqa", "type", "pyright", "pylint")

#: Black's split priorities: a line splits at its delimiters of the highest priority.
COMPREHENSION, COMMA, TERNARY, LOGIC, STRING, COMPARATOR = 20, 18, 16, 14, 12, 10
_MATH = {
    "|": 9, "^": 8, "&": 7, "<<": 6, ">>": 6, "+": 5, "-": 5,
    "*": 4, "/": 4, "//": 4, "%": 4, "@": 4, "**": 1,
}  # fmt: skip
_COMPARISONS = ("<", ">", "==", "!=", "<=", ">=", "in", "is")
AUGMENTED = ("+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=")
_OPERAND_KEYWORDS = ("None", "True", "False")


@dataclass(frozen=True)
class Token:
    text: str
    kind: int  # tokenize's type: NAME, NUMBER, STRING, OP
    start: int  # columns within the physical line
    end: int
    depth: int  # brackets open around the token; a bracket counts as outside itself


@dataclass(frozen=True)
class Line:
    """One physical line that holds whole tokens and balanced brackets."""

    text: str  # without its line ending
    tokens: Tuple[Token, ...]
    comment: str  # the trailing comment with the spaces before it, or ""
    inside_brackets: bool


@dataclass(frozen=True)
class Style:
    limit: int
    unit: str  # one level of indentation


@dataclass(frozen=True)
class _Run:
    """Some of a line's tokens, to be laid out at ``indent``."""

    line: Line
    tokens: Sequence[Token]
    indent: str
    inside_brackets: bool

    def source(self, start: int = 0, stop: Optional[int] = None) -> str:
        """The text of ``tokens[start:stop]``, as written."""
        tokens = self.tokens[start:stop]
        return self.line.text[tokens[0].start : tokens[-1].end]

    def part(self, start: int, stop: Optional[int] = None, indent: Optional[str] = None) -> _Run:
        """``tokens[start:stop]``, inside brackets, at ``indent`` (or the run's own)."""
        indent = self.indent if indent is None else indent
        return _Run(self.line, self.tokens[start:stop], indent, True)


def wrap_line(line: Line, style: Style) -> Optional[List[str]]:
    """The line as ruff would lay it out, or None if it fits or is not a shape we know."""
    code = line.text[: line.tokens[-1].end]
    run = _Run(line, line.tokens, _indentation(code), line.inside_brackets)
    commas = _commas(line.tokens)
    if line.inside_brackets and len(commas) > 1 and commas[-1] == len(line.tokens) - 1:
        # Items before a trailing comma: the comma is "magic", so ruff gives each its own line.
        # (LibCST's AddImportsVisitor writes ``RunnableConfig, RunnableLambda,`` this way.)
        return _one_per_line(run, commas, style, line.comment)
    if fits(code, line.comment, style.limit):
        return None
    if _is_import(line.tokens):
        return _import(line, style)
    laid_out = _layout(run, style, line.comment)
    return None if laid_out == [line.text] else laid_out


def _layout(
    run: _Run, style: Style, comment: str = "", extra: str = "", explode: bool = False
) -> Optional[List[str]]:
    """The run on one line if it fits, else split.

    ``comment`` ends the last line and ``extra`` (a trailing comma) goes just before it;
    ``explode`` puts comma-separated items on lines of their own even if they fit.
    """
    code = run.indent + run.source() + extra
    found = _own_delimiters(run.tokens) if run.inside_brackets else {}
    highest = max(found.values(), default=0)
    if fits(code, comment, style.limit) and not (explode and highest == COMMA):
        return [code + comment]
    if highest == COMMA:
        return _one_per_line(run, _commas(run.tokens), style, comment)
    if highest:
        return _line_per_operator(
            run, sorted(i for i, p in found.items() if p == highest), style, comment, extra
        )
    if not run.inside_brackets:
        return _statement(run, style, comment, extra)
    return _split_at_bracket(run, style, comment, extra)


def _statement(run: _Run, style: Style, comment: str, extra: str) -> Optional[List[str]]:
    """A whole statement: its value in parentheses when that reads better, as in Black."""
    message = _assert_message(run.tokens)
    if message is not None and fits(run.indent + run.source(0, message) + " (", "", style.limit):
        # Ruff puts an assert's message in parentheses before it splits the test.
        return _in_parentheses(run, message, style, comment)
    if _is_def(run.tokens):
        laid_out = _split_at_bracket(run, style, comment, extra)
        arrow = next((i for i, t in enumerate(run.tokens) if t.text == "->"), None)
        if laid_out is None and arrow is not None:
            # No parameters to split at: ruff puts the return annotation in parentheses.
            return _in_parentheses(run, arrow + 1, style, comment, stop=len(run.tokens) - 1)
        return laid_out
    start = _value_start(run.tokens)
    if start is None:
        return _split_at_bracket(run, style, comment, extra)
    value = run.tokens[start:]
    found = delimiters(value)
    highest = max(found.values(), default=0)
    several = sum(priority == highest for priority in found.values()) > 1
    ends_in_bracket = value[-1].text in CLOSING and not _is_parenthesized(value)
    if found and (several or not ends_in_bracket):
        return _in_parentheses(run, start, style, comment)
    # One operator before a call (``a(x) + b(y)``): split the call even if what comes before
    # it splits too, as Black does rather than add parentheses.
    laid_out = _split_at_bracket(run, style, comment, extra, long_head=bool(found))
    if laid_out is None:  # the head is too long, say: the parentheses are Black's fallback
        return _in_parentheses(run, start, style, comment)
    return laid_out


def _in_parentheses(
    run: _Run, start: int, style: Style, comment: str, stop: Optional[int] = None
) -> Optional[List[str]]:
    """``return (`` / ``tokens[start:stop]``, indented / ``)`` and the rest: Black's "optional
    parentheses"."""
    if _is_parenthesized(run.tokens[start:stop]):
        return None
    # The parentheses make a tuple of a value with commas: one item per line, as any literal.
    body = _layout(run.part(start, stop, run.indent + style.unit), style, explode=True)
    if body is None:
        return None
    rest = run.source(stop) if stop is not None else ""
    return [run.indent + run.source(0, start) + " (", *body, run.indent + ")" + rest + comment]


def _one_per_line(
    run: _Run, commas: Sequence[int], style: Style, comment: str
) -> Optional[List[str]]:
    """Each comma-separated item on its own line, and a trailing comma, as ruff explodes a list."""
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


def _line_per_operator(
    run: _Run, splits: Sequence[int], style: Style, comment: str, extra: str
) -> Optional[List[str]]:
    """A new line before each ``for``, ``if``, ``else``, ``and`` or operator of one priority."""
    bounds = [0, *splits, len(run.tokens)]
    lines: List[str] = []
    for number, (start, stop) in enumerate(zip(bounds, bounds[1:])):
        last = number == len(bounds) - 2
        laid_out = _layout(
            run.part(start, stop), style, comment if last else "", extra if last else ""
        )
        if laid_out is None:
            return None
        lines.extend(laid_out)
    return lines


def _split_at_bracket(
    run: _Run, style: Style, comment: str, extra: str, long_head: bool = False
) -> Optional[List[str]]:
    """Black's right-hand split: the head up to a bracket, its contents indented, the rest.

    A ``def`` splits at its parameters, even when its name is long; anything else at its last
    bracket that has contents, or an earlier one when the head would not fit and the rest
    would fit after it. With ``long_head``, when no head fits, the line splits at its last
    bracket all the same and its head splits in turn, as Black does for ``a(x) + b(y)``.
    """
    tokens = run.tokens
    candidates = _split_candidates(run, style)
    chosen = next(
        (
            (opening, closing)
            for opening, closing in candidates
            if _is_def(tokens) or fits(run.indent + run.source(0, opening + 1), "", style.limit)
        ),
        None,
    )
    head: Optional[List[str]] = None
    if chosen is None and long_head and candidates:
        chosen = candidates[0]
        start = _Run(run.line, tokens[: chosen[0] + 1], run.indent, run.inside_brackets)
        head = _split_at_bracket(start, style, "", "")
        if head is None or len(head) < 2:
            return None
    if chosen is None:
        if not any(token.text in OPENING for token in tokens):
            return [run.indent + run.source() + extra + comment]  # an atom stays long, as in ruff
        return None
    opening, closing = chosen
    if _is_fluent_call(tokens, opening):
        return _fluent(run, style, comment)
    body = run.part(opening + 1, closing, run.indent + style.unit)
    # Ruff gives a lone parameter a trailing comma, which keeps it on a line of its own.
    lone_parameter = _is_def(tokens) and COMMA not in _own_delimiters(body.tokens).values()
    body_lines = _layout(
        body, style, extra="," if lone_parameter else "", explode=_is_collection(tokens, opening)
    )
    tail = run.indent + run.source(closing) + extra
    if body_lines is None or not fits(tail, comment, style.limit):
        return None
    return [*(head or [run.indent + run.source(0, opening + 1)]), *body_lines, tail + comment]


def _split_candidates(run: _Run, style: Style) -> List[Tuple[int, int]]:
    """Bracket pairs to split at, best first, as ``(opening, closing)`` indexes.

    As Black's ``generate_trailers_to_omit``: the last pair, then earlier ones for as long
    as what follows them (``) + await other.ainvoke(q)``) fits on the closing line.
    """
    tokens = run.tokens
    base = _base(tokens)
    pairs, stack = [], []
    for index, token in enumerate(tokens):
        if token.text in OPENING and token.depth == base:
            stack.append(index)
        elif token.text in CLOSING and token.depth == base and stack:
            opening = stack.pop()
            if index > opening + 1:  # an empty pair, such as a call without arguments, cannot split
                pairs.append((opening, index))
    if _is_def(tokens):
        return pairs[:1]
    candidates = pairs[-1:]
    for opening, closing in reversed(pairs[:-1]):
        if not fits(run.indent + run.source(closing), "", style.limit):
            break
        candidates.append((opening, closing))
    return candidates


def _is_fluent_call(tokens: Sequence[Token], opening: int) -> bool:
    """Is the bracket a call at the end of a chain ruff formats fluently?

    Ruff does so when two or more attributes are taken from calls or subscripts, as in
    ``llm.with_structured_output(Invoice).with_retry().ainvoke(...)``.
    """
    base = tokens[opening].depth
    if tokens[0].text == ".":
        # The line continues a chain ruff laid out one call per line: is it several calls?
        return any(
            token.text == "." and token.depth == base and tokens[i - 1].text in CLOSING
            for i, token in enumerate(tokens[1:], start=1)
        )
    called_attributes, index = 0, opening - 1
    while index > 0:
        token = tokens[index]
        if token.depth != base:
            index -= 1
            continue
        if token.text.isidentifier() and tokens[index - 1].text == ".":
            if index >= 2 and tokens[index - 2].text in CLOSING:
                called_attributes += 1
            index -= 2
        elif token.text in CLOSING:
            index -= 1  # back past the call's arguments or the subscript, to its opening
            while index > 0 and not (tokens[index].depth == base and tokens[index].text in OPENING):
                index -= 1
            index -= 1
        else:
            break
    return called_attributes >= 2


def _fluent(run: _Run, style: Style, comment: str) -> Optional[List[str]]:
    """A call chain laid out as ruff does: in parentheses, then one ``.call()`` per line.

    Only a chain (perhaps awaited) that is all of ``name = ...``, ``return ...`` or an
    expression statement, which get the parentheses, or all of the contents of brackets,
    which have them already. Anything else is left alone.
    """
    tokens = run.tokens
    base = _base(tokens)
    if tokens[0].depth != base:
        return None  # the line closes brackets it did not open: part of a larger layout
    start = 0 if run.inside_brackets else (_value_start(tokens) or 0)
    if start >= len(tokens):
        return None
    chain = start + 1 if tokens[start].text == "await" else start
    breaks = []
    for i in range(chain, len(tokens)):
        token = tokens[i]
        if token.depth != base:
            continue
        if not (token.text in (*OPENING, *CLOSING, ".") or _is_name(token.text)):
            return None  # an operator, a comma or a keyword: the chain is not the whole value
        if token.text == "." and i > chain and tokens[i - 1].text in CLOSING:
            breaks.append(i)
    if not breaks:
        return None
    inner = run.indent if run.inside_brackets else run.indent + style.unit
    head = run.indent + (run.source(0, start) + " (" if start else "(")
    whole = inner + run.source(start)
    if not run.inside_brackets and fits(whole, "", style.limit):
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


def _import(line: Line, style: Style) -> Optional[List[str]]:
    """``from a import b, c`` as ruff wraps it: in parentheses, one name per line."""
    names = next(i for i, token in enumerate(line.tokens) if token.text == "import") + 1
    if any(token.text in "()" for token in line.tokens[names:]):
        return None  # already parenthesised, so on several lines in a formatted file
    statement = _Run(line, line.tokens, _indentation(line.text), False)
    listed = statement.part(names, indent=statement.indent + style.unit)
    commas = [i for i, token in enumerate(listed.tokens) if token.text == ","]
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


def delimiters(tokens: Sequence[Token]) -> Dict[int, int]:
    """Where the run may split, by token index, with Black's priority of each place.

    Commas in a lambda's parameters and in a comprehension's targets do not count, nor do
    unary operators; a ``for``, ``if`` or comparison counts at its first word.
    """
    base = _base(tokens)
    found: Dict[int, int] = {}
    in_lambda = in_target = comprehension = False
    previous: Optional[Token] = None
    for index, token in enumerate(tokens):
        if token.depth != base:
            continue
        text = token.text
        if in_lambda or in_target:
            if (in_lambda and text == ":") or (in_target and text == "in"):
                in_lambda = in_target = False
        elif text == "lambda":
            in_lambda = True
        elif text == ",":
            found[index] = COMMA
        elif text == "for":
            at_async = previous is not None and previous.text == "async"
            found[index - 1 if at_async else index] = COMPREHENSION
            in_target = comprehension = True
        elif text == "if":
            found[index] = COMPREHENSION if comprehension else TERNARY
        elif text == "else":
            found[index] = TERNARY
        elif text in ("and", "or"):
            found[index] = LOGIC
        elif text == "not":
            if index + 1 < len(tokens) and tokens[index + 1].text == "in":
                found[index] = COMPARATOR  # ``not in``; a unary ``not`` is no delimiter
        elif text in _COMPARISONS and token.kind in (tokenize.OP, tokenize.NAME):
            if not (previous is not None and previous.text == "not" and text == "in"):
                found[index] = COMPARATOR
        elif text in _MATH and token.kind == tokenize.OP and _ends_operand(previous):
            found[index] = _MATH[text]
        elif (
            token.kind == tokenize.STRING
            and previous is not None
            and previous.kind == tokenize.STRING
        ):
            found[index] = STRING  # implicit concatenation
        previous = token
    return found


def _commas(tokens: Sequence[Token]) -> List[int]:
    """Where the run's own commas are (not a lambda's parameters' or a comprehension's)."""
    return [i for i, priority in delimiters(tokens).items() if priority == COMMA]


def _own_delimiters(tokens: Sequence[Token]) -> Dict[int, int]:
    """``delimiters``, less a trailing comma and a leading ``else`` or operator: those end or
    continue the run, they do not split it."""
    found = delimiters(tokens)
    if found.get(len(tokens) - 1) == COMMA:
        del found[len(tokens) - 1]
    found.pop(0, None)
    return found


def _ends_operand(token: Optional[Token]) -> bool:
    """Is ``token`` the end of an operand, so that an operator after it is binary?"""
    if token is None:
        return False
    if token.kind == tokenize.NAME:
        return _is_name(token.text) or token.text in _OPERAND_KEYWORDS
    return token.kind in (tokenize.NUMBER, tokenize.STRING) or token.text in CLOSING


def _value_start(tokens: Sequence[Token]) -> Optional[int]:
    """Where the value of ``return value`` or ``target = value`` starts; None otherwise."""
    if tokens[0].text == "return" and len(tokens) > 1:
        return 1
    base = _base(tokens)
    assignments = [
        i
        for i, token in enumerate(tokens)
        if token.depth == base and (token.text == "=" or token.text in AUGMENTED)
    ]
    if not assignments or any(t.text == "lambda" for t in tokens[: assignments[-1]]):
        return None
    return assignments[-1] + 1 if assignments[-1] + 1 < len(tokens) else None


def _assert_message(tokens: Sequence[Token]) -> Optional[int]:
    """Where the message of ``assert test, message`` starts; None for anything else."""
    if tokens[0].text != "assert":
        return None
    commas = _commas(tokens)
    return commas[0] + 1 if commas and commas[0] + 1 < len(tokens) else None


def _is_parenthesized(tokens: Sequence[Token]) -> bool:
    """Is the whole run one pair of parentheses?"""
    if tokens[0].text != "(" or tokens[-1].text != ")":
        return False
    base = tokens[0].depth
    return not any(t.depth == base for t in tokens[1:-1])


def _is_collection(tokens: Sequence[Token], opening: int) -> bool:
    """Does the bracket open a list, set, dict or tuple, rather than a call or subscript?"""
    base = tokens[opening].depth
    before = next((t for t in reversed(tokens[:opening]) if t.depth == base), None)
    return not (before is not None and (before.text in CLOSING or _ends_operand(before)))


def _is_import(tokens: Sequence[Token]) -> bool:
    return tokens[0].text == "from" and any(token.text == "import" for token in tokens)


def _is_def(tokens: Sequence[Token]) -> bool:
    words = [token.text for token in tokens[:2]]
    return words[:1] == ["def"] or words == ["async", "def"]


def _base(tokens: Sequence[Token]) -> int:
    """The depth of a run's outermost tokens (a line may first close brackets it did not open)."""
    return min(token.depth for token in tokens)


def _is_name(text: str) -> bool:
    return text.isidentifier() and not keyword.iskeyword(text)


def _indentation(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def fits(code: str, comment: str, limit: int) -> bool:
    return width(code) + (0 if _is_pragma(comment) else width(comment)) <= limit


def _is_pragma(comment: str) -> bool:
    text = comment.strip().lstrip("#").strip()
    word = text.split(":", 1)[0].strip()
    return word in _PRAGMAS and (":" in text or word == "noqa")


def width(text: str) -> int:
    """Columns, as ruff counts them: a tab four, combining marks and format characters none,
    East Asian wide characters two."""
    text = text.replace("\t", "    ")
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1
