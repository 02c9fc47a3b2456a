"""Reading the syntax of every Python with this interpreter's ``ast``.

The index parses with the running interpreter's ``ast``, so under Python 3.11 a module with
PEP 695 type parameters (``def first[T](items: list[T]) -> T``) could not be read, and the
nodes it registered went unseen. LibCST's native parser reads the syntax of every Python up
to 3.14, whatever Python runs it. So when ``ast`` refuses a text, LibCST parses it, and if
LibCST accepts it, the constructs this interpreter cannot read are rewritten into text it
can, keeping every other character at its line and UTF-8 byte column: the summary records
calls by those, and the analysis finds its calls by the same keys. What is rewritten:

- ``match``/``case`` (3.10): ``match S:`` becomes ``if  (S):``, a ``case`` header ``if 1``
  or ``if`` and its guard, its pattern blanked (a pattern holds no call);
- ``except*`` (3.11): the star is blanked; PEP 646 stars (``tuple[*Ts]``, ``*args: *Ts``) too;
- type parameters (3.12, their defaults 3.13): ``[T]`` after a def's or class's name is
  blanked, and ``type X[T] = V`` becomes ``X=`` and blanks, ``V`` where it was;
- f-strings this interpreter's parser cannot read (PEP 701, 3.12) and t-strings (3.14)
  become ``...`` and blanks, so calls inside them are not seen (acceptable for a fallback:
  the analysis, which reads the file with LibCST, still sees them in a function it checks);
- an unparenthesised ``except A, B:`` (3.14) becomes ``except A| B:``.

A blanked region spanning lines gets a backslash before each line break, so its lines stay
one logical line. Only the fallback pays: text ``ast`` accepts is parsed once, as before. A
text LibCST refuses too is a real syntax error, reported with ``ast``'s message and line;
when that line holds newer syntax, with those of the real error further on (``_located``).
"""

from __future__ import annotations

import ast
import io
import re
import sys
import threading
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple, TypeVar, Union

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

#: The limits of CPython's tokenizer, the same in every version: no grammar lifts them, so
#: a text ``ast`` refuses for one of these is not worth LibCST's time.
_LIMITS = ("too many nested parentheses", "too many levels of indentation")
#: LibCST's native parser recurses on the C stack (LibCST#619), so it runs on a large one.
_STACK_SIZE = 512 * 1024 * 1024
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")

Source = Union[str, bytes]
_T = TypeVar("_T")


def reread(source: Source, refused: SyntaxError) -> ast.Module:
    """The tree of a text ``ast.parse`` refused with ``refused``: that of
    ``readable(source)``, every call at its line and UTF-8 byte column. For a text no
    Python reads, raises ``refused``, or ``ast``'s error further on where the line
    ``refused`` names is newer syntax and the real error lies past it (see ``_located``)."""
    found = _attempt(source) if _may_read(source, refused) else None
    if isinstance(found, str):
        try:
            return ast.parse(found)
        except SyntaxError:
            raise refused from None
    if found is not None:
        raise _located(source, refused, found)
    raise refused


def _located(source: Source, refused: SyntaxError, refusal: _Refusal) -> SyntaxError:
    """The error to report for a text neither ``ast`` nor LibCST reads. When LibCST
    stopped past the line ``ast`` names, that line may hold syntax this interpreter cannot
    read, and the real error lies further on. LibCST says roughly where (often a line
    late, and its tokenizer does not say), so the text before a line or two earlier is
    read as ``readable`` reads it, and ``ast`` then names the real error, with its own
    words, as it does on a Python that reads the whole text."""
    host_line = refused.lineno or 0
    for cut in range(refusal.line - 1, max(host_line, refusal.line - 4), -1):
        try:
            head, tail = _split(source, cut)
        except (SyntaxError, UnicodeError):  # a coding cookie LibCST did not read either
            return refused
        found = _attempt(head)
        if not isinstance(found, str):
            continue
        try:
            ast.parse(found + tail)
        except SyntaxError as error:
            if (error.lineno or 0) >= cut:
                return error
        except (ValueError, RecursionError, MemoryError):
            pass
    return refused


def readable(source: Source) -> Optional[str]:
    """The text with the constructs this interpreter's parser cannot read rewritten into
    ones it can, every other character at its line and UTF-8 byte column; None if LibCST
    refuses the text too (a real syntax error). Meant for text ``ast`` refused: it does not
    ask ``ast`` first. Raises ``RecursionError`` for a tree deeper than Python's recursion
    limit."""
    found = _attempt(source)
    return found if isinstance(found, str) else None


@dataclass(frozen=True)
class _Refusal:
    """LibCST's refusal: the line its parser stopped at, 0 where it does not say (its
    tokenizer's errors)."""

    line: int = 0


#: ``parser error: error at 6:4: expected one of ...``
_STOPPED_AT = re.compile(r"^parser error: error at (\d+):")


@lru_cache(maxsize=4)
def _attempt(source: Source) -> Union[str, _Refusal]:
    """``readable``'s text, or LibCST's refusal. Kept for the last few texts: a fix is
    checked against the text before it, which the pass before checked as its result."""
    if HOST >= NEWEST:
        return _Refusal()
    return _on_large_stack(lambda: _read(source))


def _read(source: Source) -> Union[str, _Refusal]:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        stopped = _STOPPED_AT.match(error.message)
        return _Refusal(int(stopped.group(1)) if stopped else 0)
    except (RecursionError, MemoryError):
        return _Refusal()
    except Exception:  # a failure of LibCST's own, such as the CSTLogicError of LibCST 1.9
        return _Refusal()  # on concatenated t-strings
    return _rewritten(module)


def _split(source: Source, line: int) -> Tuple[Source, str]:
    """The text before ``line`` (as it is), and the rest (decoded as Python decodes it)."""
    if isinstance(source, str):  # not str.splitlines: a form feed breaks no line here
        starts = [0, *(match.end() for match in _LINE_BREAK.finditer(source))]
        at = starts[line - 1] if line <= len(starts) else len(source)
        return source[:at], source[at:]
    data = source.splitlines(keepends=True)  # bytes break lines only at CR and LF
    encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    rest = b"".join(data[line - 1 :]).decode("utf-8" if encoding == "utf-8-sig" else encoding)
    return b"".join(data[: line - 1]), rest


def _may_read(source: Source, refused: SyntaxError) -> bool:
    """Could a newer grammar read what ``ast`` refused? Not past the tokenizer's limits,
    nor with a NUL byte (which Python 3.12 refuses with a ``SyntaxError``)."""
    nul = b"\0" in source if isinstance(source, bytes) else "\0" in source
    message = str(refused)
    return HOST < NEWEST and not nul and not any(m in message for m in _LIMITS)


def _on_large_stack(work: Callable[[], _T]) -> _T:
    """``work()`` on a thread with a large stack; its exception is raised here."""
    outcome: List[_T] = []
    failure: List[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the caller
            failure.append(error)

    previous = threading.stack_size(_STACK_SIZE)
    try:
        worker = threading.Thread(target=run, name="toolcfg-grammar")
        worker.start()
    finally:
        threading.stack_size(previous)
    worker.join()
    if failure:
        raise failure[0]
    return outcome[0]


# -- the rewriting -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edit:
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


def _rewritten(module: cst.Module) -> str:
    recorder = _Recorder(module.default_indent, module.default_newline)
    module._codegen(recorder)
    text = "".join(recorder.tokens)
    edits: List[_Edit] = []
    strings_end = 0  # a string inside a string already judged is not judged again
    for node in recorder.found:
        if isinstance(node, _STRINGS):
            start, end = recorder.spans.get(id(node), (0, 0))
            if start < strings_end:
                continue
            strings_end = end
        edits.extend(_edits(node, recorder.spans, text))
    return _apply(text, edits)


def _apply(text: str, edits: List[_Edit]) -> str:
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
    parts = _LINE_BREAK.split(region)  # lines and the line breaks between them
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


def _edits(node: cst.CSTNode, spans: Dict[int, Span], text: str) -> List[_Edit]:
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

    def blank(part: Optional[Span], head: str = "") -> List[_Edit]:
        return [_Edit(part[0], part[1], head)] if part is not None else []

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
        edits: List[_Edit] = []
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


def _string_edits(node: cst.CSTNode, spans: Dict[int, Span], text: str) -> List[_Edit]:
    """An f-string this interpreter cannot read, or a t-string, becomes ``...``, with the
    strings it is concatenated with: ``...`` is no string to concatenate. A t-string
    concatenated with another kind of string is an error in every Python: left as it is."""
    found = spans.get(id(node))
    if found is None:
        return []
    parts = _parts(node)
    templates = [isinstance(part, _TEMPLATE) for part in parts]
    if any(templates) and not all(templates):
        return []
    if not any(_unreadable(part, spans, text) for part in parts):
        return []
    return [_Edit(found[0], found[1], "...")]


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
    return found is not None and not _host_reads(text[found[0] : found[1]])


def _host_reads(expression: str) -> bool:
    """Does this interpreter's parser read this f-string? Many an f-string of Python 3.12
    is one an older Python reads too, and its calls are worth keeping."""
    try:
        ast.parse(f"(\n{expression}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
