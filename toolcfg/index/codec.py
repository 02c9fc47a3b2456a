"""The one JSON form of a ``Summary``, for the cache: ``encode`` and ``decode``.

The form follows the model's type annotations, so a field added to a record in
``model.py`` is stored and checked with no change here: a record is a JSON list of its
fields in order; a member of a union (``Expr``, ``Binding``) is a list that starts with its
tag (``TAGS``); an enum is its value; a mapping is an object. The summary itself is an
object that also carries its layout: a digest of the source written from the annotations,
so that a summary cached by a build whose records differ (a development build of the same
version, say) is summarised again, with no number to remember to change.

A cache directory can come with a checked-out repository, so ``decode`` trusts nothing:
what it returns has every field of the type its annotation says, every index pointing at a
record that exists and every ``parent`` at an earlier one (the index walks up parents).
Any other data raises ``MalformedSummary``, and the file is summarised again.

A run whose files changed since the last one (a CI job with a restored cache, an edit)
decodes every summary it reads from the cache, so decoding is kept cheap in two ways:

- the encoder and the decoder of each type are Python source written from its
  annotations once, on first use, and compiled (``codegen.py``); an index
  (``model.ScopeIndex``...) is checked there against the number of records;
- the fields only the project pass reads, and for few records (``LAZY``: a function's
  calls and returns, read for the functions on a target's path), are decoded, and
  checked, when first read: a third less decoding. Reading a malformed one raises
  ``MalformedSummary`` then, in the project pass, which the pipeline handles as a
  summary it cannot use (it summarises the file again). The analysis reads none of them.
"""

from __future__ import annotations

import functools
import typing
from collections import abc
from typing import (
    Dict,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    NoReturn,
    Optional,
    Sequence,
    TypeVar,
    Union,
    overload,
)

from toolcfg.index import codegen, model
from toolcfg.index.model import Summary
from toolcfg.interpreter import collector_held

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
    model.Lambda: "L",
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

T = TypeVar("T")


class MalformedSummary(ValueError):
    """The data is not a summary of this layout."""


class Limits(NamedTuple):
    """How many records of each kind the summary has: what its indexes must stay below."""

    scopes: int
    functions: int
    classes: int


def encode(summary: Summary) -> Dict[str, object]:
    """The summary as JSON-able data."""
    encoded: Dict[str, object] = {"format": _compiled().layout}
    encoded.update(zip(Summary._fields, _compiled().encode(summary)))
    return encoded


def decode(data: object) -> Summary:
    """The summary ``encode`` made of it, or ``MalformedSummary``."""
    if not isinstance(data, dict) or data.get("format") != _compiled().layout:
        raise MalformedSummary("not a summary of this layout")
    if len(data) != len(Summary._fields) + 1:
        raise MalformedSummary("not the fields of a summary")
    # Tens of thousands of new tuples and no cycle among them: a collection would walk the
    # whole heap for nothing, and took most of the time (as in Mercurial's ``util.nogc``).
    with collector_held():
        try:
            fields = [data[name] for name in Summary._fields]
            limits = Limits(*(_count(data[name]) for name in ("scopes", "functions", "classes")))
            summary = typing.cast(Summary, _compiled().decode(fields, 0, limits))
        except MalformedSummary:
            raise
        except (IndexError, KeyError, TypeError, ValueError, RecursionError) as error:
            raise MalformedSummary(f"{type(error).__name__}: {error}") from None
    _check_references(summary)
    return summary


def _count(records: object) -> int:
    return len(records) if type(records) is list else 0


def _bad() -> NoReturn:
    raise MalformedSummary("a value of the wrong type")


# -- decoded on first use ----------------------------------------------------------------------


class _LazyList(Sequence[T]):
    """A list decoded, and checked, the first time it is read (its length is known before)."""

    __slots__ = ("_field", "_items", "_limits", "_raw")

    def __init__(self, raw: List[object], field: int, limits: Limits) -> None:
        self._raw, self._field, self._limits = raw, field, limits
        self._items: Optional[List[T]] = None

    def _list(self) -> List[T]:
        if self._items is None:
            self._items = typing.cast(List[T], _decode_lazy(self._field, self._raw, self._limits))
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(
        self, index: slice[Optional[int], Optional[int], Optional[int]]
    ) -> Sequence[T]: ...

    def __getitem__(
        self, index: Union[int, slice[Optional[int], Optional[int], Optional[int]]]
    ) -> Union[T, Sequence[T]]:
        return self._list()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, abc.Sequence) or isinstance(other, str):
            return NotImplemented
        return self._list() == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._list())


def _decode_lazy(field: int, raw: object, limits: Limits) -> object:
    try:
        return _compiled().lazy[field](raw, 0, limits)
    except MalformedSummary:
        raise
    except (IndexError, KeyError, TypeError, ValueError, RecursionError) as error:
        raise MalformedSummary(f"{type(error).__name__}: {error}") from None


#: The fields only the project pass reads, and for few records: a function's calls and
#: returns (the helper search reads those of the functions on a target's path). A scope's
#: bindings are not among them: the analysis reads those, where a malformed one could
#: not be summarised again.
LAZY = frozenset(
    {
        (model.Function, "calls"),
        (model.Function, "runnable"),
        (model.Function, "returns"),
    }
)
#: What each kind of index must stay below.
_INDEXES: Mapping[object, str] = {
    model.ScopeIndex: "limits.scopes",
    model.FunctionIndex: "limits.functions",
    model.ClassIndex: "limits.classes",
}


# -- written from the annotations ------------------------------------------------------------


@functools.cache
def _compiled() -> codegen.Compiled:
    """The summary's encoder and decoders, written on first use: a run that reads nothing
    from the cache (every result known from the last run) does not pay for them."""
    runtime = {
        "_bad": _bad,
        "_list": _list,
        "_dict": _dict,
        "_LazyList": _LazyList,
        "_MAX_NESTING": _MAX_NESTING,
    }
    form = codegen.Form(TAGS, LAZY, _INDEXES, vars(model), runtime)
    return codegen.compile_record(form, Summary)


def _list(value: object) -> List[object]:
    if type(value) is not list:
        _bad()
    return value


def _dict(value: object) -> Dict[str, object]:
    if type(value) is not dict:
        _bad()
    return value


# -- references between records ----------------------------------------------------------------


def _check_references(summary: Summary) -> None:
    """Every parent is an earlier record, and the first scope is the module's: the index
    walks up parents to the module. (The decoders checked every index is in range.)"""
    parents = ([scope.parent for scope in summary.scopes], [f.parent for f in summary.functions])
    for records in parents:
        for number, parent in enumerate(records):
            if parent is not None and parent >= number:
                raise MalformedSummary(f"parent {parent} of record {number}")
    if not summary.scopes or summary.scopes[0].parent is not None:
        raise MalformedSummary("no module scope")
