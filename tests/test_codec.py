"""The summary's JSON form: what ``encode`` writes ``decode`` reads back exactly, and
``decode`` turns anything else into ``MalformedSummary``, never into a summary the index
could trip over.

``toolcfg.index.codec``: the cache stores summaries in this form, and a cache directory can
come with a checked-out repository (``test_untrusted_code.py`` plants whole cache files).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Tuple

import pytest
from support import NAIVE

import toolcfg.scan
from toolcfg.files import digest
from toolcfg.index import model
from toolcfg.index.codec import MalformedSummary, decode, encode
from toolcfg.index.summary import summarize
from toolcfg.memo import Memo
from toolcfg.pipeline import ProjectFiles, check_project
from toolcfg.settings import Resolver
from toolcfg.workspace import Workspace

ROOT = Path(__file__).parent.parent
SOURCES = sorted(
    path
    for path in [*(ROOT / "tests" / "cases").rglob("*.py"), *(ROOT / "toolcfg").rglob("*.py")]
    if not path.name.endswith(".fixed.py")
)

#: Every kind of record and expression, in one module.
EVERYTHING = b"""\
from __future__ import annotations
import functools, typing as t
from .. import sibling
from .tools import *
from langchain_core.tools import tool as lc_tool
if t.TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig

NODES = {"a": sibling.fn, True: [x for x in ()], **other}
TOOLS = NODES["a"] + [lambda: 1] if NODES else "text"

class Search(Base, metaclass=Meta):
    args_schema = Schema

    def __init__(self, llm):
        self.llm = llm.bind_tools(*tools, **options)

    @staticmethod
    def helper(config: "RunnableConfig | None" = None, *args, k=1, **kwargs):
        return functools.partial(Search, 1)[0]

@lc_tool(args_schema=Schema)
async def ask(question: str, /, config=None) -> str:
    global NODES
    try:
        (a, b), c = await model.ainvoke(question), 2
    except Exception as error:
        locals()
    for name, fn in NODES.items():
        builder.add_node(name, fn)
    return await Search(llm).llm.ainvoke(question, config=config)

builder.add_node("ask", ask)
"""


def _round_trip(summary: model.Summary) -> model.Summary:
    return decode(json.loads(json.dumps(encode(summary))))


def _types(value: Any) -> Iterator[Tuple[str, object]]:
    """Every value's type, with where it is: tuples compare by their fields alone, so
    ``==`` cannot tell a ``Name`` from a ``Text`` of the same string. (A mapping or a list
    the codec decodes on first use is a mapping or a list.)"""
    if isinstance(value, Mapping):
        yield "", Mapping
        for key, item in value.items():
            yield from ((f"{key}.{where}", kind) for where, kind in _types(item))
        return
    is_list = isinstance(value, Sequence) and not isinstance(value, (str, tuple))
    yield "", Sequence if is_list else type(value)
    if isinstance(value, (list, tuple)) or is_list:
        for number, item in enumerate(value):
            yield from ((f"{number}.{where}", kind) for where, kind in _types(item))


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_decode_gives_back_what_encode_wrote(path: Path) -> None:
    summary = summarize(path.read_bytes())
    again = _round_trip(summary)
    assert again == summary
    assert list(_types(again)) == list(_types(summary))


def test_every_kind_of_record_survives_the_round_trip() -> None:
    summary = summarize(EVERYTHING)
    kinds = {kind for _, kind in _types(summary)}
    written = {
        *(model.Name, model.Attribute, model.Call, model.ListOf, model.Starred, model.DictOf),
        *(model.Subscript, model.Concat, model.Either, model.Text, model.Lambda, model.Unknown),
        *(model.FunctionBinding, model.ClassBinding, model.SelfBinding, model.ValueBinding),
        *(model.ImportBinding, model.RelativeImportBinding, model.ParameterBinding),
        *(model.OpaqueBinding, model.StarImport, model.Scope, model.Function, model.Class),
        *(model.Param, model.NamedCall, model.RunnableCall, model.Assigned, model.Site),
        *(model.Span, model.ScopeKind, model.ParamKind),
    }
    assert written <= kinds
    again = _round_trip(summary)
    assert list(_types(again)) == list(_types(summary))
    assert again == summary


def test_a_decoded_summary_pickles_as_it_reads() -> None:
    """A plan's summary goes to the analysis's pool workers: one decoded from the cache,
    part of it still to decode, arrives whole."""
    summary = summarize(EVERYTHING)
    decoded = _round_trip(summary)
    assert list(decoded.functions[0].calls) == list(summary.functions[0].calls)  # one read
    again = pickle.loads(pickle.dumps(decoded))
    assert again == summary
    assert list(_types(again)) == list(_types(summary))


def _encoded() -> Any:
    return json.loads(json.dumps(encode(summarize(EVERYTHING))))


def _deep(depth: int) -> List[Any]:
    expr: List[Any] = ["n", "x"]
    for _ in range(depth):
        expr = ["a", expr, "y"]
    return expr


def _set_function_field(data: Any, field: str, value: Any) -> Any:
    data["functions"][0][model.Function._fields.index(field)] = value
    return data


MALFORMED = {
    "not an object": lambda data: [data],
    # A build whose records differ (a field added to a record, under the same version).
    "another layout": lambda data: {**data, "format": "0123456789abcdef"},
    "the last hand-numbered layout": lambda data: {**data, "format": 5},
    "no format": lambda data: {k: v for k, v in data.items() if k != "format"},
    "a field missing": lambda data: {k: v for k, v in data.items() if k != "sites"},
    "a field more": lambda data: {**data, "extra": []},
    "a record of the wrong length": lambda data: {**data, "scopes": [data["scopes"][0][:3]]},
    "a record as an object": lambda data: {**data, "functions": [{}]},
    "an unknown tag": lambda data: _set_function_field(data, "decorators", [["os.system"]]),
    "an empty expression": lambda data: _set_function_field(data, "decorators", [[]]),
    "an expression as a string": lambda data: _set_function_field(data, "decorators", ["n"]),
    "a string for a number": lambda data: _set_function_field(data, "indent", "4"),
    "a bool for an index": lambda data: _set_function_field(data, "scope", True),
    "a number for a bool": lambda data: _set_function_field(data, "is_async", 1),
    "an unknown enum value": lambda data: {
        **data,
        "scopes": [[None, "global", {}, []], *data["scopes"][1:]],
    },
    "a scope out of range": lambda data: _set_function_field(data, "scope", 10_000),
    "a negative index": lambda data: _set_function_field(data, "outer", -1),
    "a binding to a missing function": lambda data: {
        **data,
        "scopes": [[None, "module", {"f": [["f", 10_000]]}, []], *data["scopes"][1:]],
    },
    "a scope that is its own parent": lambda data: {
        **data,
        "scopes": [data["scopes"][0], [1, "function", {}, []], *data["scopes"][2:]],
    },
    "a function whose parent comes after it": lambda data: _set_function_field(
        data, "parent", len(data["functions"]) - 1
    ),
    "no module scope": lambda data: {**data, "scopes": []},
    "expressions nested too deeply": lambda data: _set_function_field(
        data, "decorators", [_deep(500)]
    ),
    "expressions nested beyond the stack": lambda data: _set_function_field(
        data, "decorators", [_deep(50_000)]
    ),
}


def _read(summary: model.Summary) -> None:
    """Read all of the summary: a function's calls and returns are decoded, and refused,
    when first read."""
    encode(summary)


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_data_is_refused(name: str) -> None:
    with pytest.raises(MalformedSummary):
        _read(decode(MALFORMED[name](_encoded())))


def _paths(value: Any, where: Tuple[Any, ...] = ()) -> Iterator[Tuple[Any, ...]]:
    yield where
    if isinstance(value, (list, dict)):
        for key, item in enumerate(value) if isinstance(value, list) else value.items():
            yield from _paths(item, (*where, key))


def _replaced(data: Any, where: Tuple[Any, ...], value: Any) -> Any:
    if not where:
        return value
    copy = json.loads(json.dumps(data))
    parent = copy
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = value
    return copy


def test_any_value_replaced_gives_a_summary_or_malformed_summary() -> None:
    """Each value of a summary's JSON, replaced by each kind of JSON value: ``decode``, or
    reading what it decoded, refuses it or reads a summary, never fails otherwise (a
    TypeError, an IndexError)."""
    data = _encoded()
    replacements = [None, True, 0, -1, 10_000, "", "x", [], ["n"], {}, {"a": 1}]
    decoded = refused = 0
    for where in _paths(data):
        for value in replacements:
            try:
                _read(decode(_replaced(data, where, value)))
            except MalformedSummary:
                refused += 1
            else:
                decoded += 1
    assert refused and decoded


class _PlantedCache:
    """A cache whose record of every file says its content is ``source``, registering,
    and whose summary of it is ``data`` (JSON), as ``toolcfg.cache.Cache`` would hold them."""

    def __init__(self, source: bytes, data: Any) -> None:
        self.hashed = digest(source)
        self.data = data

    def file(self, path: str, stamped: Any) -> Tuple[str, bool]:
        return self.hashed, True

    def summary(self, hashed: str) -> Optional[model.Summary]:
        return decode(self.data) if hashed == self.hashed else None

    def mentions(self, *args: Any) -> None:
        return None

    def analysis(self, *args: Any) -> None:
        return None

    def put_file(self, *args: Any) -> None:
        pass

    put_summary = put_analysis = put_mentions = save = put_file


def _with_calls(data: Any, calls: Any) -> Any:
    return _set_function_field(data, "runnable", calls)


def _check(tmp_path: Path, data: Any) -> Tuple[Any, Memo]:
    path = tmp_path / "naive.py"
    path.write_text(NAIVE)
    memo = Memo(_PlantedCache(NAIVE.encode(), data))  # type: ignore[arg-type]
    project = ProjectFiles(str(tmp_path), (str(path),), (str(path),))
    return check_project(Workspace(), project, Resolver(), memo), memo


def test_a_summary_from_the_cache_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(json.dumps(encode(summarize(NAIVE.encode()))))

    def untouched(source: bytes) -> model.Summary:
        raise AssertionError("a summary the cache holds was made again")

    monkeypatch.setattr(toolcfg.scan, "summarize", untouched)
    checked, _ = _check(tmp_path, data)
    assert [f.code for f in checked.findings[str(tmp_path / "naive.py")]] == ["TCF001"]


@pytest.mark.parametrize(
    "plant",
    [
        lambda data: _with_calls(data, [[1, 1, "ainvoke", ["n", "model"], 10_000]]),
        lambda data: _with_calls(data, [[1, 1, "ainvoke", ["os.system"], 0]]),
    ],
    ids=["call out of range", "call of no kind"],
)
def test_a_summary_found_malformed_when_read_is_summarised_again(
    tmp_path: Path, plant: Any
) -> None:
    """A function's calls are checked when the project pass reads them: the run then
    summarises the file again, and finds what it would have found."""
    data = plant(json.loads(json.dumps(encode(summarize(NAIVE.encode())))))
    decode(data)  # what decode checks up front is well-formed
    checked, memo = _check(tmp_path, data)
    assert checked.failures == {}
    assert [f.code for f in checked.findings[str(tmp_path / "naive.py")]] == ["TCF001"]
    scanned = memo.summary(digest(NAIVE.encode()))
    assert scanned is not None and scanned.summary == summarize(NAIVE.encode())
