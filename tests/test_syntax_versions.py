"""The syntax of every Python, whatever Python runs toolcfg (issue 18).

The project index reads modules with the running interpreter's ``ast``. Under Python 3.11 a
module with PEP 695 type parameters could not be read, so the node it registered went
unseen and the node's own file passed with "All checks passed!". Now a text ``ast`` refuses
is read through LibCST (``toolcfg.index.grammar``), which reads every Python's syntax up to
3.14, so these tests pass on every Python toolcfg runs on; CI runs them on 3.9, 3.11 and
3.13. Each construct is asserted to be one the running ``ast`` refuses exactly when it
predates the construct, so on every Python the 3.14 ones at least take the fallback.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from support import fuzz_examples, invoke, lines, write

from toolcfg.fixchecks import FixError, check, compiles, free_names
from toolcfg.index import grammar
from toolcfg.index.statements import statements
from toolcfg.pipeline import check_source


@dataclass(frozen=True)
class Construct:
    name: str
    #: The first Python whose parser reads it.
    since: tuple[int, int]
    code: str


NEWER = [
    Construct(
        "type parameters (PEP 695)",
        (3, 12),
        "def first[T](items: list[T]) -> T:\n"
        "    return items[0]\n\n\n"
        "class Box[T: (int, str), *Ts, **P]:\n"
        "    pass\n",
    ),
    Construct(
        "type aliases (PEP 695)",
        (3, 12),
        'type Route = Literal["agent", "end"]\ntype Pair[T] = tuple[T, T]\n',
    ),
    Construct(
        "type parameter defaults (PEP 696)",
        (3, 13),
        "class Box[T = int, *Ts = *tuple[int, ...], **P = [str]]:\n"
        "    pass\n\n\n"
        "def pick[T: int = bool](x: T) -> T:\n"
        "    return x\n",
    ),
    Construct(
        "f-strings (PEP 701)",
        (3, 12),
        'LABEL = f"{CONFIG["name"]}: {", ".join(f"{n!r}" for n in NAMES)}"\n'
        'NOTE = f"{len(\n    NAMES  # counted\n)} names"\n',
    ),
    Construct(
        "match (PEP 634)",
        (3, 10),
        "match MODE:\n"
        '    case {"kind": "fast", **rest} if rest:\n'
        "        FAST = True\n"
        "    case [first, *others] | (first, *others):\n"
        "        FAST = False\n"
        "    case _:\n"
        "        pass\n",
    ),
    Construct(
        "except* (PEP 654)",
        (3, 11),
        "try:\n    pass\nexcept* (ValueError, TypeError) as group:\n    pass\n",
    ),
    Construct(
        "stars in subscripts (PEP 646)",
        (3, 11),
        "def spread(*args: *tuple[int, ...]) -> tuple[*tuple[int, ...]]:\n    return args\n",
    ),
    Construct("t-strings (PEP 750)", (3, 14), 'GREETING = t"Hello {NAME!r:>10}"\n'),
    Construct(
        "except without parentheses (PEP 758)",
        (3, 14),
        "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
    ),
]
ALL_AT_ONCE = Construct(
    "all of them", max(c.since for c in NEWER), "\n\n".join(c.code for c in NEWER)
)

NODES = """\
from typing import TypedDict


class State(TypedDict):
    messages: list


async def agent(state: State) -> dict:
    response = await model.ainvoke(state["messages"])
    return {"messages": [response]}
"""
AGENT_REPORT = (
    "nodes.py:8:11: TCF041 [*] LangGraph node `agent` takes no `config` parameter, so 1 runnable "
    "call drops the caller's config on Python 3.9 and 3.10\n"
    "Found 1 problem (1 fixable with --fix).\n"
)
GRAPH_HEAD = """\
from typing import Literal

from langgraph.graph import StateGraph

from nodes import State, agent

"""
REGISTRATION = 'builder = StateGraph(State)\nbuilder.add_node("agent", agent)\n'


def refuses(code: str) -> bool:
    try:
        ast.parse(code)
    except SyntaxError:
        return True
    return False


def project(root: Path, graph: str, nodes: str = NODES) -> None:
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    write(root / "graph.py", graph)
    write(root / "nodes.py", nodes)


@pytest.mark.parametrize("construct", [*NEWER, ALL_AT_ONCE], ids=lambda c: c.name)
def test_this_python_refuses_exactly_the_syntax_of_newer_ones(construct: Construct) -> None:
    assert refuses(construct.code) == (sys.version_info < construct.since)


# --- a module in newer syntax registers a node -------------------------------------------


@pytest.mark.parametrize("construct", [*NEWER, ALL_AT_ONCE], ids=lambda c: c.name)
def test_a_graph_in_newer_syntax_still_registers_its_node(
    workdir: Path, construct: Construct
) -> None:
    project(workdir, GRAPH_HEAD + "\n" + construct.code + "\n\n" + REGISTRATION)
    alone = invoke("check", "--no-cache", "nodes.py")
    assert (alone.exit_code, alone.stdout, alone.stderr) == (1, AGENT_REPORT, "")
    everything = invoke("check", "--no-cache", ".")
    assert (everything.exit_code, everything.stdout, everything.stderr) == (1, AGENT_REPORT, "")


#: Registrations inside the newer constructs themselves.
REGISTERING = {
    "in a generic builder": "def build[S: State](state: type[S]) -> StateGraph:\n"
    "    builder = StateGraph(state)\n"
    '    builder.add_node("agent", agent)\n'
    "    return builder\n",
    "in a match case": "builder = StateGraph(State)\n"
    "match MODE:\n"
    '    case "agent" | "all" if f"{MODE!r}":\n'
    '        builder.add_node("agent", agent)\n'
    "    case _:\n"
    "        pass\n",
    "in an except* handler": "builder = StateGraph(State)\n"
    "try:\n"
    "    pass\n"
    "except* ValueError:\n"
    '    builder.add_node("agent", agent)\n',
    "after an f-string of 3.12 on its line": "builder = StateGraph(State)\n"
    'NAME = f"{"agent"}"; builder.add_node("agent", agent)\n',
    "after a t-string on its line": "builder = StateGraph(State)\n"
    'NAME = t"{"agent"}"; builder.add_node("agent", agent)\n',
    "under an unparenthesised except": "builder = StateGraph(State)\n"
    "try:\n"
    "    pass\n"
    "except KeyError, ValueError:\n"
    '    builder.add_node("agent", agent)\n',
}


@pytest.mark.parametrize("registering", list(REGISTERING.values()), ids=list(REGISTERING))
def test_a_registration_inside_newer_syntax_is_seen(workdir: Path, registering: str) -> None:
    project(workdir, GRAPH_HEAD + "\n" + registering)
    result = invoke("check", "--no-cache", "nodes.py")
    assert (result.exit_code, result.stdout, result.stderr) == (1, AGENT_REPORT, "")


# --- the node's own file is in newer syntax ----------------------------------------------

NEWER_NODES = """\
from typing import Literal, TypedDict

type Route = Literal["agent", "end"]


class State[T = str](TypedDict):
    messages: list[T]


async def agent[S: State](state: S) -> dict:
    match state:
        case {"messages": [*_, last]} if last:
            label = f"{state["messages"][-1]!r}"
        case _:
            label = t"{state!r}"
    try:
        response = await model.ainvoke(state["messages"])
    except* ValueError, TypeError:
        raise
    return {"messages": [response], "label": label}
"""
NEWER_NODES_FIXED = (
    NEWER_NODES.replace(
        "from typing import Literal, TypedDict\n",
        "from typing import Literal, TypedDict\n\n"
        "from langchain_core.runnables import RunnableConfig\n",
    )
    .replace("(state: S)", "(state: S, config: RunnableConfig)")
    .replace('ainvoke(state["messages"])', 'ainvoke(state["messages"], config=config)')
)
PLAIN_GRAPH = (
    "from langgraph.graph import StateGraph\n\nfrom nodes import State, agent\n\n" + REGISTRATION
)


def test_a_node_in_newer_syntax_is_reported_and_fixed(workdir: Path) -> None:
    project(workdir, PLAIN_GRAPH, NEWER_NODES)
    assert refuses(NEWER_NODES)  # t-strings and `except* A, B` are Python 3.14's
    checked = invoke("check", "--no-cache", "nodes.py")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (
        1,
        AGENT_REPORT.replace("nodes.py:8:11", "nodes.py:10:11"),
        "",
    )
    fixed = invoke("check", "--fix", "--no-cache", "nodes.py")
    assert (fixed.exit_code, fixed.stdout, fixed.stderr) == (
        0,
        "Found 1 problem (1 fixed, 0 remaining).\n",
        "",
    )
    assert (workdir / "nodes.py").read_text() == NEWER_NODES_FIXED
    again = invoke("check", "--no-cache", "nodes.py")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "All checks passed!\n", "")


# --- a real syntax error is still one ----------------------------------------------------

#: Line 9 holds the error; newer syntax comes before it, after it, or not at all.
BROKEN = {
    "after newer syntax": GRAPH_HEAD + "def first[T](items: list[T]) -> T:\n"
    "    return items[0]\n"
    "x = [1 2]\n" + REGISTRATION,
    "before newer syntax": GRAPH_HEAD + "\n\n"
    "x = [1 2]\n"
    "type Route = Literal['agent']\n" + REGISTRATION,
    "without newer syntax": GRAPH_HEAD + "\n\nx = [1 2]\n" + REGISTRATION,
    "after an f-string of 3.12 in the same function": GRAPH_HEAD + "def first():\n"
    '    label = f"{CONFIG["name"]}"\n'
    "    x = [1 2]\n" + REGISTRATION,
    "an f-string with an empty field": GRAPH_HEAD + "\n\n"
    'x = f"{CONFIG["name"]}" + f"{}"\n' + REGISTRATION,
    # LibCST reads it, and no Python does: 3.14 does not concatenate a t-string with a str.
    "a t-string concatenated with a str": GRAPH_HEAD + '\n\nx = t"{1}" "2"\n' + REGISTRATION,
}


@pytest.mark.parametrize("graph", list(BROKEN.values()), ids=list(BROKEN))
def test_a_real_syntax_error_is_reported_at_its_line(workdir: Path, graph: str) -> None:
    assert lines(graph)[8].lstrip().startswith("x = ")
    project(workdir, graph)
    result = invoke("check", "--no-cache", ".")
    assert result.exit_code == 2
    reported = [line for line in lines(result.stderr) if "graph.py" in line]
    assert len(reported) == 1, result.stderr
    assert re.search(r"graph\.py: cannot parse: .+ \(line 9\)$", reported[0]), reported[0]


# --- a notebook's top-level await ----------------------------------------------------------

#: A notebook's cells, read as one module with the flags that allow a top-level ``await``.
NOTEBOOK = 'GREETING = t"{NAME}"\nresult = await chain.ainvoke(GREETING)\n'
TOP_LEVEL_AWAIT = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def test_newer_syntax_beside_a_top_level_await_is_read_with_the_flags_given() -> None:
    with pytest.raises(SyntaxError) as refused:  # the t-string: Python 3.14's
        compile(NOTEBOOK, "<cell>", "exec", TOP_LEVEL_AWAIT, dont_inherit=True)
    tree = grammar.reread(NOTEBOOK.encode(), refused.value, TOP_LEVEL_AWAIT)
    [call] = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert (call.lineno, call.col_offset) == (2, 15)


# --- a fix of newer syntax is still checked -----------------------------------------------

#: Python 3.14's syntax, which every Python toolcfg supports reads only through LibCST.
BEFORE_FIX = """\
def first[T](items: list[T]) -> T:
    return items[0]


async def agent(state):
    return (await model.ainvoke(state), t"{state!r}")
"""


def test_newer_syntax_compiles_where_the_rewriting_does() -> None:
    assert refuses(BEFORE_FIX)
    assert compiles(BEFORE_FIX)
    # Before Python 3.12 T is free: the blanked type parameter list was all that bound it.
    blanked = {"T"} if sys.version_info < (3, 12) else set()
    assert free_names(BEFORE_FIX) == {"list", "model", *blanked}
    assert not compiles(BEFORE_FIX.replace("items[0]", "items[0"))


def test_a_good_fix_of_newer_syntax_passes_the_check() -> None:
    check(
        BEFORE_FIX,
        BEFORE_FIX.replace("agent(state)", "agent(state, config)").replace(
            "ainvoke(state)", "ainvoke(state, config=config)"
        ),
    )


@pytest.mark.parametrize(
    "broken, says",
    [
        (BEFORE_FIX.replace("ainvoke(state)", "ainvoke(state, config=cfg)"), "nothing defines"),
        (BEFORE_FIX.replace("agent(state)", "agent(state, state)"), "does not compile"),
        (BEFORE_FIX.replace("agent(state)", "agent(state"), "does not parse"),
    ],
    ids=["new free name", "duplicate parameter", "unclosed parenthesis"],
)
def test_a_bad_fix_of_newer_syntax_fails_the_check(broken: str, says: str) -> None:
    with pytest.raises(FixError, match=says):
        check(BEFORE_FIX, broken)


# --- statements are cut where Python ends them --------------------------------------------

#: A module whose top-level statements start on the lines marked ``# <``; between them,
#: strings and f-strings that look like code, continuations, comments and clauses.
TRICKY = r"""import os  # <
@decorator  # <
@other(
    argument,
)
def f[T](x: T) -> T:
    '''
x = 1
'''
# a comment at column 0, inside the function
    return f"{x["key"]:>{width}} {'}'} {{not a field}}" + rf'\' + "\"'"
if os:  # <
    pass
elif x:
    pass
else:
    pass
try:  # <
    pass
except* ValueError:
    pass
finally:
    pass
label = f"{  # <
    x  # a comment in a field, as Python 3.12 allows
}"
tricky = t"{x!r}" f'{"\n".join(lines)}' "{"  # <
value = (1,  # <
2) + \
3
pattern = rf'(\{{%)({name}' + f"\N{BULLET} {x}" + rf"\"" + "\{"  # <
text = '''  # <
def g(): pass
'''
match x:  # <
    case {"k": [*_]}:
        pass
type Pair[T] = tuple[T, T]  # <
"""


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_statements_start_where_python_starts_them(line_break: str) -> None:
    text = TRICKY.replace("\n", line_break)
    found = statements(text)
    marked = [number for number, line in enumerate(lines(text), 1) if line.endswith("# <")]
    assert [statement.line for statement in found] == marked
    assert "".join(text[s.start : s.end] for s in found) == text


def test_every_statement_of_this_project_parses_alone() -> None:
    root = Path(__file__).parent.parent
    for path in [*root.glob("toolcfg/**/*.py"), *root.glob("tests/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if refuses(text):
            continue  # a case with a syntax error, or in a newer Python's syntax
        for statement in statements(text):
            assert not refuses(text[statement.start : statement.end]), (path, statement.line)


def assert_rewriting_keeps_calls(text: str) -> None:
    """``grammar.readable``'s text parses here, has the original's lines, and each call in
    it spans the same bytes, holding the same code, as in the original."""
    readable = grammar.readable(text)
    assert readable is not None
    tree = ast.parse(readable)
    original = [line.encode("utf-8") for line in re.split(r"\r\n|\r|\n", text)]
    rewritten = [line.encode("utf-8") for line in re.split(r"\r\n|\r|\n", readable)]
    assert len(rewritten) == len(original)
    for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
        start, end = call.lineno - 1, (call.end_lineno or call.lineno) - 1
        first, last = call.col_offset, call.end_col_offset or 0
        if start == end:
            assert original[start][first:last] == rewritten[start][first:last]
        else:
            assert original[start][first:] == rewritten[start][first:]
            assert original[start + 1 : end] == rewritten[start + 1 : end]
            assert original[end][:last] == rewritten[end][:last]


CALLS_AROUND = """\
é = call_0()
{code}
é, ü = call_1(f"ü"), call_2("ü")  # ü
"""


@pytest.mark.parametrize("construct", [*NEWER, ALL_AT_ONCE], ids=lambda c: c.name)
def test_the_rewriting_keeps_every_call_at_its_line_and_byte_column(
    construct: Construct,
) -> None:
    text = CALLS_AROUND.format(code=construct.code)
    assert_rewriting_keeps_calls(text)
    assert_rewriting_keeps_calls(text.replace("\n", "\r\n"))


# --- generated modules ---------------------------------------------------------------------

#: Pieces of newer syntax, as format strings of a unique number ``i``.
PIECES = [
    "def first_{i}[T](items: list[T]) -> T:\n    return items[0]\n",
    "def pick_{i}[T: int = bool, *Ts, **P](x: T) -> T:\n    return helper(x)\n",
    "class Box_{i}[T = str, *Ts = *tuple[int, ...]]:\n    value: T\n",
    "class Pair_{i}[\n    A,\n    B: (int, str) = int,\n](Base):\n    pass\n",
    "type Alias_{i} = int\n",
    "type Alias_{i}[T = int] = list[T] | set[T]\n",
    'LABEL_{i} = f"{{CONFIG["name"]}}-{{" ".join(f"{{n!r}}" for n in NAMES)}}"\n',
    'NOTE_{i} = (f"{{len(\n    NAMES  # counted\n)}}"\n    "names")\n',
    'PATH_{i} = f"{{"\\\\".join(PARTS)}}"\n',
    'TEMPLATE_{i} = t"{{NAME!r}} {{VALUE:>{{WIDTH}}}}"\n',
    "match MODE_{i}:\n"
    '    case {{"kind": "fast", **rest}} if rest:\n'
    "        pass\n"
    "    case [\n        first,\n        *others,\n    ]:\n"
    "        pass\n",
    "try:\n    pass\nexcept* (ValueError, TypeError) as group_{i}:\n    pass\n",
    "try:\n    pass\nexcept KeyError, ValueError:\n    ERRORS_{i} = 1\n",
    "Shape_{i} = tuple[*Ts]\n",
]

NODE = """\
async def agent{params}(state: State) -> dict:
    response = await model.ainvoke(state["messages"])
    return {{"messages": [response]}}
"""
REGISTRATIONS = [
    'builder = StateGraph(State)\nbuilder.add_node("agent", agent)\n',
    "def build[S](state: type[S]) -> StateGraph:\n"
    "    builder = StateGraph(state)\n"
    '    builder.add_node("agent", agent)\n'
    "    return builder\n",
    "builder = StateGraph(State)\n"
    "match MODE:\n"
    "    case _:\n"
    '        builder.add_node("agent", agent)\n',
]
HEADER = "from typing import TypedDict\n\nfrom langgraph.graph import StateGraph\n\n\n"


@st.composite
def newer_modules(draw: st.DrawFn) -> tuple[str, int]:
    """A module mixing newer syntax around a node and its registration; and the line of
    the node's ``async def``."""
    chosen = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6))
    pieces = [piece.format(i=i) for i, piece in enumerate(chosen)]
    node_at = draw(st.integers(0, len(pieces)))
    params = draw(st.sampled_from(["", "[S: State]", "[S = dict]"]))
    pieces.insert(node_at, NODE.format(params=params))
    pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(REGISTRATIONS)))
    text = HEADER + "\n\n".join(pieces)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    line = 1 + lines(text).index(NODE.format(params=params).splitlines()[0])
    return text, line


@settings(
    max_examples=fuzz_examples(40),
    deadline=None,
    derandomize=not os.environ.get("TOOLCFG_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(newer_modules())
def test_a_generated_module_in_newer_syntax_yields_its_node_finding(
    module: tuple[str, int],
) -> None:
    text, line = module
    note(text)
    found = [(f.code, f.start.line, f.start.column) for f in check_source(text)]
    assert ("TCF041", line, 11) in found
    assert_rewriting_keeps_calls(text)
