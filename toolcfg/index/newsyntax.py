"""Rewriting the constructs this interpreter's parser cannot read into ones it can.

``grammar.py`` reads a statement ``ast`` refuses with LibCST; this turns what LibCST read back
into text, with each construct newer than the running Python rewritten and every other
character kept at its line and UTF-8 byte column (the summary records calls by those, and
the analysis finds its calls by the same keys). What is rewritten:

- ``match``/``case`` (3.10): ``match S:`` becomes ``if  (S):``, a ``case`` header ``if 1``
  or ``if`` and its guard, its pattern blanked (a pattern holds no call);
- ``except*`` (3.11): the star is blanked; PEP 646 stars (``tuple[*Ts]``, ``*args: *Ts``) too;
- type parameters (3.12, their defaults 3.13): ``[T]`` after a def's or class's name is
  blanked, and ``type X[T] = V`` becomes ``X=`` and blanks, ``V`` where it was;
- f-strings this interpreter's parser cannot read (PEP 701, 3.12) and t-strings (3.14)
  become ``f""`` and blanks, so calls inside them are not seen (acceptable for a fallback:
  the analysis, which reads the file with LibCST, still sees them in a function it checks);
- an unparenthesised ``except A, B:`` (3.14) becomes ``except A| B:``.

A blanked region spanning lines gets a backslash before each line break, so its lines stay
one logical line.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState

HOST = sys.version_info[:2]

#: The first Python whose parser reads each construct.
MATCH = (3, 10)
EXCEPT_STAR = (3, 11)
STARRED_TYPES = (3, 11)
TYPE_PARAMETERS = (3, 12)
FSTRINGS_ANYWHERE = (3, 12)
TYPE_PARAMETER_DEFAULTS = (3, 13)
TEMPLATE_STRINGS = (3, 14)
EXCEPT_WITHOUT_PARENTHESES = (3, 14)
NEWEST = max(MATCH, TYPE_PARAMETER_DEFAULTS, TEMPLATE_STRINGS, EXCEPT_WITHOUT_PARENTHESES)
LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


class NotGivenBack(Exception):
    """LibCST's code for a tree is not the text it read (beyond a last lone CR)."""


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` of the text with ``head`` and blanks: every line of the
    region keeps its UTF-8 width, and all but its last end with a backslash. A head wider
    than the region's first line makes that line longer, which only a region that ends its
    line (a colon before the line break) may do."""

    start: int
    end: int
    head: str = ""


Span = Tuple[int, int]
#: For a kind of node: the parts whose spans its rewriting needs, or None if it needs none.
Noticer = Callable[[cst.CSTNode], Optional[Sequence[cst.CSTNode]]]


def rewritten_text(module: cst.Module, source: str) -> str:
    """``source``, which LibCST read as ``module``, with the constructs this interpreter
    cannot read rewritten."""
    recorder = _Recorder(module.default_indent, module.default_newline)
    module._codegen(recorder)
    text = "".join(recorder.tokens)
    if not source.startswith(text):
        raise NotGivenBack()  # then offsets in it are not offsets in ``source``
    edits: List[Edit] = []
    strings_end = 0  # a string inside a string already judged is not judged again
    for node in recorder.found:
        if isinstance(node, _STRINGS):
            start, end = recorder.spans.get(id(node), (0, 0))
            if start < strings_end:
                continue
            strings_end = end
        edits.extend(_edits(node, recorder.spans, text))
    return apply_edits(text, edits) + source[len(text) :]  # LibCST drops a last lone CR


def apply_edits(text: str, edits: List[Edit]) -> str:
    """The text with the edits made; one inside an edit made before it is dropped (a
    string inside a blanked type parameter list)."""
    pieces: List[str] = []
    done = 0
    for edit in sorted(edits, key=lambda e: (e.start, -e.end)):
        if edit.start < done:
            continue
        pieces.append(text[done : edit.start])
        pieces.append(_blanked(text[edit.start : edit.end], edit.head))
        done = edit.end
    pieces.append(text[done:])
    return "".join(pieces)


def _blanked(region: str, head: str) -> str:
    parts = LINE_BREAK.split(region)  # lines and the line breaks between them
    out: List[str] = []
    for index in range(0, len(parts), 2):
        width = len(parts[index].encode("utf-8"))
        lead = head if index == 0 else ""
        if index == len(parts) - 1:
            out.append(lead + " " * (width - len(lead.encode("utf-8"))))
        else:
            out.append(
                lead + " " * (width - 1 - len(lead.encode("utf-8"))) + "\\" + parts[index + 1]
            )
    return "".join(out)


class _Recorder(CodegenState):
    """LibCST's code generation, noting the constructs this interpreter cannot read and
    where their parts start and end, as offsets in the text. Cheaper than LibCST's position
    metadata, which records every node: here offsets are summed only when asked for."""

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.found: List[cst.CSTNode] = []
        self.spans: Dict[int, Span] = {}
        self.wanted: Set[int] = set()
        self.starts: Dict[int, int] = {}
        self.counted = 0
        self.offset = 0
        self.noticers = _noticers()

    def position(self) -> int:
        tokens = self.tokens
        if len(tokens) > self.counted:
            self.offset += sum(map(len, tokens[self.counted :]))
            self.counted = len(tokens)
        return self.offset

    def before_codegen(self, node: cst.CSTNode) -> None:
        notice = self.noticers.get(type(node))
        if notice is not None:
            parts = notice(node)
            if parts is not None:
                self.found.append(node)
                self.wanted.update(id(part) for part in parts)
        if id(node) in self.wanted:
            self.starts[id(node)] = self.position()

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.starts:
            self.spans[key] = (self.starts.pop(key), self.position())


#: LibCST reads t-strings since 1.8.5 or so; toolcfg asks for 1.1.
_TEMPLATE: Tuple[type, ...] = tuple(
    kind for kind in (getattr(cst, "TemplatedString", None),) if kind is not None
)


_STRINGS = (cst.FormattedString, cst.ConcatenatedString, *_TEMPLATE)


#: What an unreadable f-string or t-string becomes (then blanks to its width).
NO_FSTRING = 'f""'


@lru_cache(maxsize=1)
def _noticers() -> Dict[type, Noticer]:
    """What to notice on this interpreter: the kinds of node that may hold a construct
    its parser cannot read."""
    table: Dict[type, Noticer] = {}
    if HOST < TYPE_PARAMETER_DEFAULTS:
        table[cst.FunctionDef] = table[cst.ClassDef] = _type_parameters
        table[cst.TypeAlias] = _alias
    if HOST < FSTRINGS_ANYWHERE:
        table[cst.FormattedString] = table[cst.ConcatenatedString] = _itself
    if HOST < TEMPLATE_STRINGS:
        for kind in (*_TEMPLATE, cst.ConcatenatedString):
            table[kind] = _itself
        table[cst.ExceptHandler] = table[cst.ExceptStarHandler] = _handler
    if HOST < MATCH:
        table[cst.Match] = _match
        table[cst.MatchCase] = _case
    if HOST < STARRED_TYPES:
        table[cst.Index] = _starred_index
        table[cst.Annotation] = _starred_annotation
    return table


def _itself(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    return [node]


def _unreadable_parameters(parameters: Optional[cst.TypeParameters]) -> bool:
    if parameters is None:
        return False
    return HOST < TYPE_PARAMETERS or any(
        getattr(p, "default", None) is not None  # LibCST reads defaults since 1.5
        for p in parameters.params
    )


def _type_parameters(node: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    assert isinstance(node, (cst.FunctionDef, cst.ClassDef))
    parameters = node.type_parameters
    return [parameters] if parameters and _unreadable_parameters(parameters) else None


def _alias(node: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    assert isinstance(node, cst.TypeAlias)
    if HOST < TYPE_PARAMETERS:
        return [node, node.value]
    parameters = node.type_parameters
    return [parameters] if parameters and _unreadable_parameters(parameters) else None


def _handler(node: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    assert isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler))
    parts: List[cst.CSTNode] = []
    if isinstance(node, cst.ExceptStarHandler) and HOST < EXCEPT_STAR:
        parts.append(node.type)
    if isinstance(node.type, cst.Tuple) and not node.type.lpar:
        parts.extend(e.comma for e in node.type.elements if isinstance(e.comma, cst.Comma))
    return parts or None


def _match(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    assert isinstance(node, cst.Match)
    return [node.subject]


def _case(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    assert isinstance(node, cst.MatchCase)
    return [node.pattern] + ([node.guard] if node.guard is not None else [])


def _starred_index(node: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    assert isinstance(node, cst.Index)
    return [node] if node.star else None


def _starred_annotation(node: cst.CSTNode) -> Optional[Sequence[cst.CSTNode]]:
    assert isinstance(node, cst.Annotation)
    return [node.annotation] if isinstance(node.annotation, cst.StarredElement) else None


def _edits(node: cst.CSTNode, spans: Dict[int, Span], text: str) -> List[Edit]:
    """The edits that make ``node`` readable here. None where the text is not as expected:
    then ``ast`` refuses it again, and the file is reported as ``ast`` refused it."""

    def span(part: Optional[cst.CSTNode]) -> Optional[Span]:
        return spans.get(id(part)) if part is not None else None

    def keyword(word: str, part: Optional[Span], gap: str) -> Optional[int]:
        """Where ``word`` starts: ``gap`` before the part at ``part``."""
        if part is None:
            return None
        start = part[0] - len(gap) - len(word)
        return start if text.startswith(word, start) else None

    def blank(part: Optional[Span], head: str = "") -> List[Edit]:
        return [Edit(part[0], part[1], head)] if part is not None else []

    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return blank(span(node.type_parameters))
    if isinstance(node, cst.TypeAlias):
        if HOST >= TYPE_PARAMETERS:
            return blank(span(node.type_parameters))
        whole, value = span(node), span(node.value)
        if whole is None or value is None or not text.startswith("type", whole[0]):
            return []
        return blank((whole[0], value[0]), node.name.value + "=")
    if isinstance(node, _STRINGS):
        return _string_edits(node, spans, text)
    if isinstance(node, cst.Match):
        subject = span(node.subject)
        start = keyword("match", subject, node.whitespace_after_match.value)
        if subject is None or start is None:
            return []
        colon = subject[1] + len(node.whitespace_before_colon.value)
        if not text.startswith(":", colon):
            return []
        return blank((start, start + 5), "if  (") + blank((colon, colon + 1), "):")
    if isinstance(node, cst.MatchCase):
        pattern, guard = span(node.pattern), span(node.guard)
        start = keyword("case", pattern, node.whitespace_after_case.value)
        if pattern is None or start is None:
            return []
        if guard is not None:
            return blank((start, guard[0]), "if")
        return blank((start, pattern[1]), "if 1")
    if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)):
        edits: List[Edit] = []
        if isinstance(node, cst.ExceptStarHandler) and HOST < EXCEPT_STAR:
            star = keyword("*", span(node.type), node.whitespace_after_star.value)
            edits += blank((star, star + 1)) if star is not None else []
        if isinstance(node.type, cst.Tuple) and not node.type.lpar:
            elements = node.type.elements
            for position, element in enumerate(elements):
                comma = span(element.comma) if isinstance(element.comma, cst.Comma) else None
                at = text.find(",", *comma) if comma is not None else -1
                if at >= 0:  # `A, B,` becomes `A| B `
                    edits += blank((at, at + 1), "|" if position < len(elements) - 1 else "")
        return edits
    if isinstance(node, (cst.Index, cst.Annotation)):
        starred = span(node if isinstance(node, cst.Index) else node.annotation)
        at = text.find("*", *starred) if starred is not None else -1
        return blank((at, at + 1)) if at >= 0 else []
    return []


def _string_edits(node: cst.CSTNode, spans: Dict[int, Span], text: str) -> List[Edit]:
    """Each f-string this interpreter cannot read, and each t-string, becomes ``f""`` and
    blanks, which ``ast`` reads (alone or concatenated) and the summary takes for an
    unknown string. A t-string concatenated with another kind of string is an error in
    every Python: left as it is."""
    parts = _parts(node)
    templates = [isinstance(part, _TEMPLATE) for part in parts]
    if any(templates) and not all(templates):
        return []
    return [
        Edit(*spans[id(part)], NO_FSTRING)
        for part in parts
        if id(part) in spans and _unreadable(part, spans, text)
    ]


def _parts(node: cst.CSTNode) -> List[cst.CSTNode]:
    if isinstance(node, cst.ConcatenatedString):
        return [*_parts(node.left), *_parts(node.right)]
    return [node]


def _unreadable(node: cst.CSTNode, spans: Dict[int, Span], text: str) -> bool:
    if isinstance(node, _TEMPLATE):
        return HOST < TEMPLATE_STRINGS
    if not isinstance(node, cst.FormattedString) or HOST >= FSTRINGS_ANYWHERE:
        return False
    found = spans.get(id(node))
    return found is not None and not host_reads(text[found[0] : found[1]])


def host_reads(expression: str) -> bool:
    """Does this interpreter's parser read this f-string? Many an f-string of Python 3.12
    is one an older Python reads too, and its calls are worth keeping."""
    try:
        ast.parse(f"(\n{expression}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
