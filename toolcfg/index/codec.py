"""The one JSON form of a ``Summary``, for the cache: ``encode`` and ``decode``.

The form follows the model's type annotations, so a field added to a record in
``model.py`` is stored and checked with no change here: a record is a JSON list of its
fields in order; a member of a union (``Expr``, ``Binding``) is a list that starts with its
tag (``TAGS``); an enum is its value; a mapping is an object. The summary itself is an
object that also carries ``FORMAT``.

A cache directory can come with a checked-out repository, so ``decode`` trusts nothing:
what it returns has every field of the type its annotation says, every index pointing at a
record that exists and every ``parent`` at an earlier one (the index walks up parents).
Any other data raises ``MalformedSummary``, and the file is summarised again.

A run decodes every summary it reads from the cache, so the encoder and the decoder of
each type are Python source written from its annotations once, at import, and compiled:
a generic walk that interprets the annotations for every value was ten times slower.
"""

from __future__ import annotations

import enum
import gc
import typing
from collections import abc
from typing import Callable, Dict, List, Mapping, NoReturn, Optional, Tuple

from toolcfg.index import model
from toolcfg.index.model import Summary

#: The layout of the JSON form: a cached summary of another layout is summarised again,
#: even under the same toolcfg version (a development build, say).
FORMAT = 4

#: How a member of a union is told apart from the others.
TAGS: Mapping[type, str] = {
    model.Name: "n",
    model.Attribute: "a",
    model.Call: "c",
    model.ListOf: "l",
    model.Starred: "*",
    model.DictOf: "d",
    model.Subscript: "s",
    model.Concat: "+",
    model.Either: "|",
    model.Text: "k",
    model.Unknown: "?",
    model.FunctionBinding: "f",
    model.ClassBinding: "C",
    model.SelfBinding: "self",
    model.ParameterBinding: "p",
    model.ValueBinding: "v",
    model.ImportBinding: "i",
    model.RelativeImportBinding: "r",
    model.OpaqueBinding: "o",
}

#: Deeper than any expression the summary writes (it stops at twelve levels).
_MAX_NESTING = 64


class MalformedSummary(ValueError):
    """The data is not a summary of this layout."""


def encode(summary: Summary) -> Dict[str, object]:
    """The summary as JSON-able data."""
    encoded: Dict[str, object] = {"format": FORMAT}
    encoded.update(zip(Summary._fields, _encode_fields(summary)))
    return encoded


def decode(data: object) -> Summary:
    """The summary ``encode`` made of it, or ``MalformedSummary``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MalformedSummary("not a summary of this layout")
    if len(data) != len(Summary._fields) + 1:
        raise MalformedSummary("not the fields of a summary")
    collecting = gc.isenabled()
    # Tens of thousands of new tuples and no cycle among them: a collection would walk the
    # whole heap for nothing, and took most of the time (as in Mercurial's ``util.nogc``).
    gc.disable()
    try:
        summary: Summary = _decode_fields([data[name] for name in Summary._fields], 0)
    except (IndexError, KeyError, TypeError, ValueError, RecursionError) as error:
        raise MalformedSummary(f"{type(error).__name__}: {error}") from None
    finally:
        if collecting:
            gc.enable()
    _check_references(summary)
    return summary


# -- written from the annotations ------------------------------------------------------------


def _bad() -> NoReturn:
    raise MalformedSummary("a value of the wrong type")


class _Writer:
    """Writes an encoder and a decoder function for each type the summary holds, as
    Python source, and compiles them.

    A decoder takes a JSON value and how deeply unions nest there; an encoder takes a model
    value. What JSON writes as it is (strings, numbers, tuples of them) passes through."""

    def __init__(self) -> None:
        self.source: List[str] = []
        self.scope: Dict[str, object] = {
            "_bad": _bad,
            "_new": tuple.__new__,
            "_list": _list,
            "_dict": _dict,
            "_MAX_NESTING": _MAX_NESTING,
            "_NoneType": type(None),
        }
        self.decoders: Dict[Tuple[object, bool], str] = {}
        self.encoders: Dict[Tuple[object, bool], Optional[str]] = {}
        #: Each union's table of functions by tag or by type, and the functions' names:
        #: filled once they are compiled.
        self.tables: Dict[object, Tuple[str, Dict[object, str]]] = {}
        self.variables = 0

    def constant(self, value: object) -> str:
        """A name for ``value`` in the compiled source."""
        name = f"_constant{len(self.scope)}"
        self.scope[name] = value
        return name

    def variable(self) -> str:
        self.variables += 1
        return f"v{self.variables}"

    def compile(self) -> Dict[str, object]:
        exec("\n".join(self.source), self.scope)  # our own source, written from our types
        for name, entries in self.tables.values():
            table = self.scope[name]
            assert isinstance(table, dict)
            table.update({key: self.scope[function] for key, function in entries.items()})
        return self.scope

    def table(self, key: object, entries: Callable[[], Dict[object, str]]) -> str:
        """The name of a union's table, filled with ``entries()`` on first use."""
        if key not in self.tables:
            by: Dict[object, str] = {}
            self.tables[key] = (self.constant({}), by)
            by.update(entries())
        return self.tables[key][0]

    # decoding

    def decoder(self, annotation: object, tagged: bool = False) -> str:
        """The name of the function that decodes a record or a tuple of fixed length
        (``tagged``: a union's member, after its tag), written on first use."""
        key = (annotation, tagged)
        if key in self.decoders:
            return self.decoders[key]
        name = self.decoders[key] = f"_decode{len(self.decoders)}"
        hints = _hints(annotation)
        fields = [f"f{number}" for number in range(len(hints))]
        values = "".join(f"{self.decode(hint, f)}, " for hint, f in zip(hints, fields))
        unpack = "".join(f"{f}, " for f in (["_", *fields] if tagged else fields))
        cls = tuple if typing.get_origin(annotation) is tuple else annotation
        self.source += [
            f"def {name}(v, depth):",
            f"    if type(v) is not list or len(v) != {len(fields) + tagged}: _bad()",
            *(["    if depth > _MAX_NESTING: _bad()"] if tagged else []),
            *([f"    {unpack}= v"] if unpack else []),
            f"    return _new({self.constant(cls)}, ({values}))",
        ]
        return name

    def decode(self, annotation: object, value: str) -> str:
        """An expression that decodes the JSON value named ``value``."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PRIMITIVES or (origin is typing.Union and set(args) <= _PRIMITIVES):
            test = " or ".join(_is(arg, value) for arg in args or (annotation,))
            return f"({value} if {test} else _bad())"
        if origin is typing.Union and type(None) in args and len(args) == 2:
            inner = self.decode(next(arg for arg in args if arg is not type(None)), value)
            return f"(None if {value} is None else {inner})"
        if origin is typing.Union:  # the member its tag names; bad data raises on the way
            table = self.table(
                ("decode", annotation),
                lambda: {TAGS[member]: self.decoder(member, tagged=True) for member in args},
            )
            return f"{table}[{value}[0]]({value}, depth + 1)"
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            members = {member.value: member for member in annotation}
            return f"{self.constant(members)}[{value}]"
        item = self.variable()
        if origin is abc.Sequence or (origin is tuple and args[-1:] == (...,)):
            items = f"[{self.decode(args[0], item)} for {item} in _list({value})]"
            return f"tuple({items})" if origin is tuple else items
        if origin is abc.Mapping:
            key = self.variable()
            pairs = f"_dict({value}).items()"
            return f"{{{key}: {self.decode(args[1], item)} for {key}, {item} in {pairs}}}"
        return f"{self.decoder(annotation)}({value}, depth)"

    # encoding

    def encoder(self, annotation: object, tagged: bool = False) -> Optional[str]:
        """The name of the function that encodes a record or a tuple of fixed length
        (``tagged``: as a union's member, tag first), written on first use; None when
        JSON writes the value as it is."""
        key = (annotation, tagged)
        if key in self.encoders:
            return self.encoders[key]
        hints = _hints(annotation)
        fields = [self.encode(hint, f"v[{n}]") for n, hint in enumerate(hints)]
        if not tagged and fields == [f"v[{n}]" for n in range(len(hints))]:
            self.encoders[key] = None
            return None
        tag = [repr(TAGS[annotation])] if tagged else []  # type: ignore[index]
        name = self.encoders[key] = f"_encode{len(self.encoders)}"
        self.source += [f"def {name}(v):", f"    return [{', '.join([*tag, *fields])}]"]
        return name

    def encode(self, annotation: object, value: str) -> str:
        """An expression that encodes the model value named ``value``."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PRIMITIVES or (origin is typing.Union and set(args) <= _PRIMITIVES):
            return value
        if origin is typing.Union and type(None) in args and len(args) == 2:
            inner = self.encode(next(arg for arg in args if arg is not type(None)), value)
            return value if inner == value else f"(None if {value} is None else {inner})"
        if origin is typing.Union:
            table = self.table(("encode", annotation), lambda: self._tagged_encoders(args))
            return f"{table}[type({value})]({value})"
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return f"{value}.value"
        item = self.variable()
        if origin is abc.Sequence or (origin is tuple and args[-1:] == (...,)):
            encoded = self.encode(args[0], item)
            return value if encoded == item else f"[{encoded} for {item} in {value}]"
        if origin is abc.Mapping:
            encoded, key = self.encode(args[1], item), self.variable()
            pairs = f"{value}.items()"
            return (
                value if encoded == item else f"{{{key}: {encoded} for {key}, {item} in {pairs}}}"
            )
        name = self.encoder(annotation)
        return value if name is None else f"{name}({value})"

    def _tagged_encoders(self, members: Tuple[object, ...]) -> Dict[object, str]:
        found: Dict[object, str] = {}
        for member in members:
            name = self.encoder(member, tagged=True)
            assert name is not None  # a tag is always written
            found[member] = name
        return found


_PRIMITIVES = frozenset({int, str, bool, type(None)})


def _is(kind: type, value: str) -> str:
    """A test that ``value`` is of type ``kind`` exactly: a bool is no index."""
    name = "_NoneType" if kind is type(None) else kind.__name__
    return f"type({value}) is {name}"


def _hints(annotation: object) -> List[object]:
    """The types of a record's fields in order, or of a fixed-length tuple's items."""
    if typing.get_origin(annotation) is tuple:
        return list(typing.get_args(annotation))
    return list(typing.get_type_hints(annotation, vars(model)).values())


def _list(value: object) -> List[object]:
    if type(value) is not list:
        _bad()
    return value


def _dict(value: object) -> Dict[str, object]:
    if type(value) is not dict:
        _bad()
    return value


def _functions() -> Tuple[
    Callable[[Summary], List[object]], Callable[[List[object], int], Summary]
]:
    writer = _Writer()
    decoder = writer.decoder(Summary)
    encoder = writer.encoder(Summary)
    assert encoder is not None
    scope = writer.compile()
    return scope[encoder], scope[decoder]  # type: ignore[return-value]


_encode_fields, _decode_fields = _functions()


# -- references between records ----------------------------------------------------------------


def _check_references(summary: Summary) -> None:
    """Every index points at a record that exists, and every parent at an earlier one.

    Gathered into lists and checked with ``min`` and ``max``: a call per index would cost
    as much as the rest of decoding."""
    functions, classes = summary.functions, summary.classes
    bindings = [
        binding for scope in summary.scopes for each in scope.bindings.values() for binding in each
    ]
    _within(
        [b.position for b in bindings if isinstance(b, model.FunctionBinding)]
        + [method for cls in classes for method in cls.methods.values()]
        + [site.function for site in summary.sites if site.function is not None],
        len(functions),
    )
    _within(
        [b.position for b in bindings if isinstance(b, model.ClassBinding)]
        + [b.owner for b in bindings if isinstance(b, model.SelfBinding)]
        + [f.owner for f in functions if f.owner is not None],
        len(classes),
    )
    _within(
        [index for f in functions for index in (f.scope, f.outer)]
        + [call.scope for f in functions for call in f.calls]
        + [call.scope for f in functions for call in f.runnable]
        + [index for cls in classes for index in (cls.scope, cls.outer)]
        + [a.scope for cls in classes for each in cls.attributes.values() for a in each]
        + [site.scope for site in summary.sites]
        + [call.scope for call in summary.calls],
        len(summary.scopes),
    )
    for parents in ([scope.parent for scope in summary.scopes], [f.parent for f in functions]):
        for number, parent in enumerate(parents):
            if parent is not None and not 0 <= parent < number:
                raise MalformedSummary(f"parent {parent} of record {number}")
    if not summary.scopes or summary.scopes[0].parent is not None:
        raise MalformedSummary("no module scope")


def _within(indexes: List[int], count: int) -> None:
    if indexes and (min(indexes) < 0 or max(indexes) >= count):
        raise MalformedSummary("an index out of range")
