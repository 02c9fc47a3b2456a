"""A module's text cut into its top-level statements, in any Python's syntax.

``grammar`` reads a module this interpreter's ``ast`` refuses one top-level statement at a
time: ``ast`` reads the statements it can, and LibCST only the others. So one ``match``
in a long module costs LibCST's parse of that statement, not of the module, and code that
LibCST parses slowly (a chain of thousands of calls or operators, which CPython reads) is
never given to it unless it sits in a statement ``ast`` refuses. Each statement also says
how deeply it nests and how long its longest logical line is, which ``grammar`` uses to
keep such statements from LibCST, and where its f-strings are, so that a statement whose
only newer syntax is an f-string of Python 3.12 needs LibCST for that f-string alone.

The scan knows what decides where a statement ends: comments, line continuations,
brackets, and strings, f-strings and t-strings as Python 3.12 reads them (quotes reused
inside replacement fields, fields spanning lines, comments in them, nested format
specifications). A statement starts on a line whose first character is code, at column 0,
outside brackets and strings; ``else``, ``elif``, ``except`` and ``finally`` continue the
statement before them, and a decorator belongs to what it decorates. Blank and comment
lines go with the statement before them. Where the scan is wrong (text that is no Python),
a statement is cut where it should not be, and neither parser reads the pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Pattern, Tuple

#: What a run of code can end at; in a replacement field a colon starts the format spec.
_CODE = re.compile(r"[#\\\r\n'\"()\[\]{}]")
_FIELD = re.compile(r"[#\\\r\n'\"()\[\]{}:]")
_SPEC = re.compile(r"[\\\r\n{}]")
_STRING_PREFIX = re.compile(r"[A-Za-z]{0,2}\Z")
_PREFIXES = frozenset({"", "r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"})
_CONTINUES = re.compile(r"(?:else|elif|except|finally)\b")
_LINE_END = re.compile(r"[\r\n]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPENING = "([{"


@dataclass(frozen=True)
class Statement:
    """A top-level statement: its text is ``text[start:end]``, whole lines."""

    start: int
    end: int
    #: Its first line, from 1.
    line: int
    #: The deepest nesting of brackets and replacement fields in it.
    depth: int
    #: The most characters of code in one of its logical lines (strings' text, comments
    #: and blank lines not counted).
    widest: int
    #: Where its f-strings are, ``[start, end)`` in the text, prefix included (not those
    #: in another f-string's replacement fields).
    fstrings: Tuple[Tuple[int, int], ...] = ()


@dataclass
class _Frame:
    """Where the scan is: code (``quote`` None), a string, or a format specification."""

    quote: Optional[str] = None
    formatted: bool = False
    raw: bool = False
    #: Where an f-string that no other string holds starts; -1 for any other frame.
    begins: int = -1
    field: bool = False
    spec: bool = False
    brackets: int = 0


def statements(text: str) -> List[Statement]:
    """The top-level statements of ``text``, which they cover from end to end."""
    return _Scan(text).run()


class _Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        self.stack = [_Frame()]
        self.found: List[Statement] = []
        self.start = 0
        self.first_line = 1
        self.depth = 0
        self.widest = 0
        self.logical = 0
        self.decorating = False
        self.fstrings: List[Tuple[int, int]] = []

    def run(self) -> List[Statement]:
        text, at = self.text, 0
        self.line_start(0)
        while at < len(text):
            frame = self.stack[-1]
            if frame.quote is None:
                at = self.code(frame, at)
            elif frame.spec:
                at = self.spec(at)
            else:
                at = self.string(frame, at)
        self.close(len(text))
        return self.found

    # -- code ----------------------------------------------------------------------------

    def code(self, frame: _Frame, at: int) -> int:
        text = self.text
        found = (_FIELD if frame.field else _CODE).search(text, at)
        end = found.start() if found else len(text)
        self.logical += end - at
        if found is None:
            return end
        char = text[end]
        if char == "#":
            return self.skip_to_line_end(end)
        if char == "\\":  # a line continuation: its line break ends no logical line
            return end + 1 + self.newline_at(end + 1)
        if char in "\r\n":
            return self.newline(end)
        self.logical += 1
        if char in _OPENING:
            frame.brackets += 1
            self.deepen()
        elif char in ")]}":
            if frame.field and frame.brackets == 0 and char == "}":
                self.stack.pop()  # the replacement field ends
            else:
                frame.brackets = max(frame.brackets - 1, 0)
        elif char == ":":  # a field's format specification, at its own level only
            if frame.brackets == 0:
                self.stack.append(_Frame(quote="", spec=True))
        else:
            return self.open_string(end)
        return end + 1

    def open_string(self, at: int) -> int:
        text = self.text
        prefix_run = _STRING_PREFIX.search(text, max(at - 2, 0), at)
        prefix = prefix_run.group().lower() if prefix_run else ""
        before = text[at - len(prefix) - 1] if at > len(prefix) else " "
        if before.isalnum() or before == "_" or prefix not in _PREFIXES:
            prefix = ""
        quote = text[at] * 3 if text.startswith(text[at] * 3, at) else text[at]
        formatted = "f" in prefix or "t" in prefix
        begins = at - len(prefix) if "f" in prefix and len(self.stack) == 1 else -1
        self.stack.append(_Frame(quote, formatted, "r" in prefix, begins=begins))
        return at + len(quote)

    # -- strings and format specifications -----------------------------------------------

    def string(self, frame: _Frame, at: int) -> int:
        text, quote = self.text, frame.quote or ""
        pattern = _formatted_string(quote) if frame.formatted else _plain_string(quote)
        found = pattern.search(text, at)
        if found is None:
            self.end_string(len(text))
            return len(text)
        end, char = found.start(), found.group()
        if char == "\\":
            return self.escape(frame, end)
        if char in ("\r", "\n", "\r\n"):
            if len(quote) == 1:  # unterminated: Python stops the string here
                self.end_string(end)
                return self.newline(end)
            return end + len(char)
        if char == "{{" or char == "}}" or char == "}":
            return end + len(char)
        if char == "{":
            self.stack.append(_Frame(field=True))
            self.deepen()
            return end + 1
        self.end_string(end + len(char))  # the closing quote
        return end + len(char)

    def end_string(self, end: int) -> None:
        frame = self.stack.pop()
        if frame.begins >= 0:
            self.fstrings.append((frame.begins, end))

    def escape(self, frame: _Frame, at: int) -> int:
        """Past the escape at ``at``. A backslash escapes a quote (in a raw string too, as
        the tokenizer reads it) but not an f-string's brace; ``\\N{...}`` names a
        character."""
        text, after = self.text, at + 1
        if frame.formatted and text.startswith(("{", "}"), after):
            return after
        if frame.formatted and not frame.raw and text.startswith("N{", after):
            close = text.find("}", after)
            return close + 1 if close >= 0 else len(text)
        return after + (self.newline_at(after) or 1)

    def spec(self, at: int) -> int:
        found = _SPEC.search(self.text, at)
        if found is None:
            return len(self.text)
        end, char = found.start(), found.group()
        if char == "\\":
            return end + 2
        if char in "\r\n":
            return end + (self.newline_at(end) or 1)
        if char == "{":
            self.stack.append(_Frame(field=True))
            self.deepen()
            return end + 1
        self.stack.pop()  # the spec, and the field it ends
        self.stack.pop()
        return end + 1

    # -- lines and statements ------------------------------------------------------------

    def newline_at(self, at: int) -> int:
        """The length of the line break at ``at``, 0 if there is none."""
        if self.text.startswith("\r\n", at):
            return 2
        return 1 if self.text.startswith(("\r", "\n"), at) else 0

    def skip_to_line_end(self, at: int) -> int:
        found = _LINE_END.search(self.text, at)
        return found.start() if found else len(self.text)

    def newline(self, at: int) -> int:
        after = at + self.newline_at(at)
        top = len(self.stack) == 1 and self.stack[0].brackets == 0
        if top:
            self.widest = max(self.widest, self.logical)
            self.logical = 0
            self.line_start(after)
        return after

    def line_start(self, at: int) -> None:
        """A logical line may start a statement at ``at``, if code starts there."""
        text = self.text
        if at >= len(text) or text[at] in " \t\x0c\r\n#":
            return
        continues = bool(_CONTINUES.match(text, at)) or self.decorating
        self.decorating = text[at] == "@"
        if at > 0 and not continues:
            self.close(at)
            self.first_line += len(_LINE_BREAK.findall(text, self.start, at))
            self.start = at

    def close(self, end: int) -> None:
        self.widest = max(self.widest, self.logical)
        self.found.append(
            Statement(
                self.start, end, self.first_line, self.depth, self.widest, tuple(self.fstrings)
            )
        )
        self.depth = self.widest = self.logical = 0
        self.fstrings = []

    def deepen(self) -> None:
        nesting = sum(f.brackets for f in self.stack) + sum(f.field for f in self.stack)
        self.depth = max(self.depth, nesting)


_PATTERNS: Dict[Tuple[str, str], Pattern[str]] = {}


def _plain_string(quote: str) -> Pattern[str]:
    return _pattern(("p", quote), rf"\\|{re.escape(quote)}|\r\n|\r|\n")


def _formatted_string(quote: str) -> Pattern[str]:
    return _pattern(("f", quote), rf"\\|{re.escape(quote)}|\r\n|\r|\n|{{{{|}}}}|{{|}}")


def _pattern(key: Tuple[str, str], source: str) -> Pattern[str]:
    found = _PATTERNS.get(key)
    if found is None:
        found = _PATTERNS[key] = re.compile(source)
    return found
