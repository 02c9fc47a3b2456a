"""Reading the syntax of every Python with this interpreter's ``ast``.

The index parses with the running interpreter's ``ast``, so under Python 3.11 a module with
PEP 695 type parameters (``def first[T](items: list[T]) -> T``) could not be read, and the
nodes it registered went unseen. LibCST's native parser reads the syntax of every Python up
to 3.14, whatever Python runs it. So a text ``ast`` refuses is read one top-level statement
at a time (``statements``): ``ast`` reads those it can, and LibCST the others, whose
constructs this interpreter cannot read are then rewritten into text it can, every other
character kept at its line and UTF-8 byte column (the summary records calls by those, and
the analysis finds its calls by the same keys). What is rewritten:

- ``match``/``case`` (3.10): ``match S:`` becomes ``if  (S):``, a ``case`` header ``if 1``
  or ``if`` and its guard, its pattern blanked (a pattern holds no call);
- ``except*`` (3.11): the star is blanked; PEP 646 stars (``tuple[*Ts]``, ``*args: *Ts``) too;
- type parameters (3.12, their defaults 3.13): ``[T]`` after a def's or class's name is
  blanked, and ``type X[T] = V`` becomes ``X=`` and blanks, ``V`` where it was;
- f-strings this interpreter's parser cannot read (PEP 701, 3.12) and t-strings (3.14)
  become ``f""`` and blanks, so calls inside them are not seen (acceptable for a fallback:
  the analysis, which reads the file with LibCST, still sees them in a function it checks).
  A statement whose only such syntax is f-strings is not given to LibCST whole: each of
  its f-strings is, to be sure it is one;
- an unparenthesised ``except A, B:`` (3.14) becomes ``except A| B:``.

A blanked region spanning lines gets a backslash before each line break, so its lines stay
one logical line. Only the fallback pays: text ``ast`` accepts is parsed once, as before;
one that needs LibCST in a few statements costs about twice ``ast``'s parse. A statement
LibCST refuses too is a real syntax error, reported with ``ast``'s message and line; when
that line holds newer syntax, with those of the real error further on (``_located``).
"""

from __future__ import annotations

import ast
import gc
import io
import re
import sys
import threading
import tokenize
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import (
    Callable,
    Dict,
    Iterator,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypeVar,
    Union,
)

import libcst as cst
from libcst._nodes.internal import CodegenState

from toolcfg.index.statements import Statement, statements

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
#: A statement nested deeper than CPython's tokenizer allows (200 brackets) is no Python's,
#: and LibCST's parser overflows even a large stack on 100,000 of them.
MAX_DEPTH = 200
#: LibCST's parser takes time and memory that grow faster than the code in a long chain
#: (2,000 characters of ``f()()...`` take it a second, 10,000 of ``- - - x`` gigabytes), so
#: a statement with a longer logical line is not given to it: code written by hand has
#: none, and a statement ``ast`` reads never goes to LibCST at all.
MAX_WIDTH = 2_000
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")

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
        raise _on_large_stack(lambda: _located(reading, refused, flags))
    with _collector_paused():
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
    return _on_large_stack(lambda: _read_statements(text, flags))


def _read_statements(text: str, flags: int) -> _Reading:
    """Each top-level statement as ``ast`` reads it; or with its f-strings of Python 3.12
    blanked, when that is all it needs (most often, and cheap: LibCST reads each f-string
    alone); or as LibCST reads it and ``_rewritten`` rewrites it. Statements are whole
    lines, so a rewritten one keeps its place."""
    pieces: List[str] = []
    refusal: Optional[_Refusal] = None
    with _collector_paused():
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
    edits: List[_Edit] = []
    for start, end in statement.fstrings:
        fstring = part[start - statement.start : end - statement.start]
        if _host_reads(fstring):
            continue
        try:
            cst.parse_module(f"(\n{fstring}\n)\n")
        except Exception:  # a real error in it, which LibCST's parse of the statement names
            return None
        edits.append(_Edit(start - statement.start, end - statement.start, _NO_FSTRING))
    return _apply(part, edits) if edits else None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off: it walks every tree ``ast`` builds, over and over
    as one grows, which costs a third of parsing a large module."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        return _rewritten(module, part)
    except (RecursionError, _NotGivenBack):  # a tree deeper than Python's recursion limit
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
    with _collector_paused():
        found = _host_error(text, flags) or refused
    if (found.lineno or 0) < (refused.lineno or 0):
        found = refused
    first = 1 + sum(1 for _ in _LINE_BREAK.finditer(text, 0, refusal.start))
    starts = [
        refusal.start,
        *(match.end() for match in _LINE_BREAK.finditer(text, refusal.start, refusal.end)),
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


class _NotGivenBack(Exception):
    """LibCST's code for a tree is not the text it read (beyond a last lone CR)."""


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


def _rewritten(module: cst.Module, source: str) -> str:
    """``source``, which LibCST read as ``module``, with the constructs this interpreter
    cannot read rewritten."""
    recorder = _Recorder(module.default_indent, module.default_newline)
    module._codegen(recorder)
    text = "".join(recorder.tokens)
    if not source.startswith(text):
        raise _NotGivenBack()  # then offsets in it are not offsets in ``source``
    edits: List[_Edit] = []
    strings_end = 0  # a string inside a string already judged is not judged again
    for node in recorder.found:
        if isinstance(node, _STRINGS):
            start, end = recorder.spans.get(id(node), (0, 0))
            if start < strings_end:
                continue
            strings_end = end
        edits.extend(_edits(node, recorder.spans, text))
    return _apply(text, edits) + source[len(text) :]  # LibCST drops a last lone CR


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
#: What an unreadable f-string or t-string becomes (then blanks to its width).
_NO_FSTRING = 'f""'


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
    """Each f-string this interpreter cannot read, and each t-string, becomes ``f""`` and
    blanks, which ``ast`` reads (alone or concatenated) and the summary takes for an
    unknown string. A t-string concatenated with another kind of string is an error in
    every Python: left as it is."""
    parts = _parts(node)
    templates = [isinstance(part, _TEMPLATE) for part in parts]
    if any(templates) and not all(templates):
        return []
    return [
        _Edit(*spans[id(part)], _NO_FSTRING)
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
    return found is not None and not _host_reads(text[found[0] : found[1]])


def _host_reads(expression: str) -> bool:
    """Does this interpreter's parser read this f-string? Many an f-string of Python 3.12
    is one an older Python reads too, and its calls are worth keeping."""
    try:
        ast.parse(f"(\n{expression}\n)", mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
