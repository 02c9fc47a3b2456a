"""Encoders and decoders of typed records, written as Python source from the records'
annotations and compiled once: the codec's speed (``codec.py`` says what the JSON form is).

Interpreting the annotations for every value was ten times slower than this: a decoder is
a few lines per record type, with the type of each field checked inline.
"""

from __future__ import annotations

import enum
import hashlib
import typing
from collections import abc
from dataclasses import dataclass
from typing import AbstractSet, Callable, Dict, List, Mapping, Optional, Tuple


@dataclass(frozen=True)
class Form:
    """What the JSON form adds to the annotations."""

    #: How a member of a union is told apart from the others: a list starts with its tag.
    tags: Mapping[type, str]
    #: The list fields ``(record type, name)`` wrapped in a container that decodes them
    #: when first read, ``runtime["_LazyList"]``, called with the raw list, the field's
    #: number in ``Compiled.lazy`` and ``limits``.
    lazy: AbstractSet[Tuple[type, str]]
    #: The types of indexes, and the expression (of ``limits``) they must stay below.
    indexes: Mapping[object, str]
    #: Where the annotations' names are defined.
    namespace: Mapping[str, object]
    #: What the written code calls: ``_bad`` (raises), ``_list`` and ``_dict`` (a value of
    #: that type, or ``_bad``), the lazy containers, and ``_MAX_NESTING`` (how deeply unions
    #: may nest).
    runtime: Mapping[str, object]


@dataclass(frozen=True)
class Compiled:
    #: Encodes a record as the list of its fields, encoded.
    encode: Callable[[object], List[object]]
    #: Decodes the list of a record's fields: ``decode(fields, 0, limits)``.
    decode: Callable[[List[object], int, object], object]
    #: Each lazy field's decoder (of a mapping's value, or of the list), by its number.
    lazy: List[Callable[[object, int, object], object]]
    #: A digest of the source written: it changes with any record's fields or types.
    layout: str


def compile_record(form: Form, record: type) -> Compiled:
    """The encoder and decoders of ``record`` and of everything it holds."""
    writer = Writer(form)
    decoder = writer.decoder(record)
    encoder = writer.encoder(record)
    assert encoder is not None  # a record is written as a list
    scope = writer.compile()
    written = "\n".join(writer.source).encode()
    return Compiled(
        scope[encoder],  # type: ignore[arg-type]
        scope[decoder],  # type: ignore[arg-type]
        [scope[name] for name in writer.lazy],  # type: ignore[misc]
        hashlib.blake2b(written, digest_size=8).hexdigest(),
    )


class Writer:
    """Writes an encoder and a decoder function for each type a record holds, as Python
    source, and compiles them.

    A decoder takes a JSON value, how deeply unions nest there, and ``limits``, which the
    record's indexes must stay below; an encoder takes a model value. What JSON writes as
    it is (strings, numbers, tuples of them) passes through."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.source: List[str] = []
        self.scope: Dict[str, object] = {
            **form.runtime,
            "_new": tuple.__new__,
            "_NoneType": type(None),
        }
        self.decoders: Dict[Tuple[object, bool], str] = {}
        self.encoders: Dict[Tuple[object, bool], Optional[str]] = {}
        #: Each lazy field's decoder (of a value of the mapping, or of the list).
        self.lazy: List[str] = []
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

    def hints(self, annotation: object) -> Dict[str, object]:
        """The types of a record's fields in order, or of a fixed-length tuple's items."""
        if typing.get_origin(annotation) is tuple:
            return {str(number): arg for number, arg in enumerate(typing.get_args(annotation))}
        return typing.get_type_hints(annotation, dict(self.form.namespace))

    # decoding

    def decoder(self, annotation: object, tagged: bool = False) -> str:
        """The name of the function that decodes a record or a tuple of fixed length
        (``tagged``: a union's member, after its tag), written on first use."""
        key = (annotation, tagged)
        if key in self.decoders:
            return self.decoders[key]
        name = self.decoders[key] = f"_decode{len(self.decoders)}"
        fields = [f"f{number}" for number in range(len(self.hints(annotation)))]
        values = "".join(
            f"{self.field(annotation, field_name, hint, f)}, "
            for (field_name, hint), f in zip(self.hints(annotation).items(), fields)
        )
        unpack = "".join(f"{f}, " for f in (["_", *fields] if tagged else fields))
        cls = tuple if typing.get_origin(annotation) is tuple else annotation
        self.source += [
            f"def {name}(v, depth, limits):",
            f"    if type(v) is not list or len(v) != {len(fields) + tagged}: _bad()",
            *(["    if depth > _MAX_NESTING: _bad()"] if tagged else []),
            *([f"    {unpack}= v"] if unpack else []),
            f"    return _new({self.constant(cls)}, ({values}))",
        ]
        return name

    def field(self, record: object, name: str, annotation: object, value: str) -> str:
        """An expression that decodes the field ``name`` of a record, or wraps it to be
        decoded on first use."""
        if (record, name) not in self.form.lazy:
            return self.decode(annotation, value)
        lazy = f"_lazy{len(self.lazy)}"
        self.lazy.append(lazy)
        self.source += [
            f"def {lazy}(v, depth, limits):",
            f"    return {self.decode(annotation, 'v')}",
        ]
        return f"_LazyList(_list({value}), {len(self.lazy) - 1}, limits)"

    def decode(self, annotation: object, value: str) -> str:
        """An expression that decodes the JSON value named ``value``."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PRIMITIVES or (origin is typing.Union and set(args) <= _PRIMITIVES):
            test = " or ".join(_is(arg, value) for arg in args or (annotation,))
            return f"({value} if {test} else _bad())"
        if annotation in self.form.indexes:
            limit = self.form.indexes[annotation]
            return f"({value} if type({value}) is int and 0 <= {value} < {limit} else _bad())"
        if origin is typing.Union and type(None) in args and len(args) == 2:
            inner = self.decode(next(arg for arg in args if arg is not type(None)), value)
            return f"(None if {value} is None else {inner})"
        if origin is typing.Union:  # the member its tag names; bad data raises on the way
            table = self.table(
                ("decode", annotation),
                lambda: {
                    self.form.tags[member]: self.decoder(member, tagged=True) for member in args
                },
            )
            return f"{table}[{value}[0]]({value}, depth + 1, limits)"
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
        return f"{self.decoder(annotation)}({value}, depth, limits)"

    # encoding

    def encoder(self, annotation: object, tagged: bool = False) -> Optional[str]:
        """The name of the function that encodes a record or a tuple of fixed length
        (``tagged``: as a union's member, tag first), written on first use; None when
        JSON writes the value as it is."""
        key = (annotation, tagged)
        if key in self.encoders:
            return self.encoders[key]
        hints = list(self.hints(annotation).values())
        fields = [self.encode(hint, f"v[{n}]") for n, hint in enumerate(hints)]
        if not tagged and fields == [f"v[{n}]" for n in range(len(hints))]:
            self.encoders[key] = None
            return None
        tag = [repr(self.form.tags[annotation])] if tagged else []  # type: ignore[index]
        name = self.encoders[key] = f"_encode{len(self.encoders)}"
        self.source += [f"def {name}(v):", f"    return [{', '.join([*tag, *fields])}]"]
        return name

    def encode(self, annotation: object, value: str) -> str:
        """An expression that encodes the model value named ``value``."""
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if annotation in _PRIMITIVES or annotation in self.form.indexes:
            return value
        if origin is typing.Union and set(args) <= _PRIMITIVES:
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
            # A list (a lazy one too) is written as a list.
            return f"[{encoded} for {item} in {value}]"
        if origin is abc.Mapping:
            encoded, key = self.encode(args[1], item), self.variable()
            return f"{{{key}: {encoded} for {key}, {item} in {value}.items()}}"
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
