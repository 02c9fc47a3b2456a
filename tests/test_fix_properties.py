"""Property tests: ``check`` never crashes and ``--fix`` never breaks a file.

Two generators feed ``properties.fix_properties``, the definition the real-corpus
sweep (``scripts/corpus_sweep.py``) asserts too:

- ``hypothesmith.from_grammar()``, LibCST's own fuzzer: arbitrary Python, with and without
  LangChain imports in front (``fix_properties`` also checks each one with the prefilter
  and the index's filter switched off, so every program is parsed and analysed);
- ``langchain_programs()`` below: modules of LangChain tools, runnable lambdas, ``@chain``
  functions, LangGraph nodes and entrypoints, ``BaseTool`` subclasses and coroutine tools,
  in random shapes (async or sync, every decorator spelling, defaults, ``*args``, ``*``,
  ``**kwargs``, positional-only, extra decorators, comments in signatures and calls,
  nested and one-line functions, existing ``config`` names, ``.with_config(...)``,
  runnable calls in lambdas, comprehensions and ``gather``, tabs, CRLF).

For every program: ``check`` does not raise or report a bug of its own; the fix never
fails; the fixed text parses and compiles; a second ``--fix`` changes nothing; the fixed
text has no finding ``--fix`` would fix; every edit lies in a signature, a call or an
import; the json edits give the fix's text; and no superset tier drops a finding.

The examples are derandomized (a fixed seed, no example database), so CI runs the same
programs every time. ``TOOLCFG_FUZZ_EXAMPLES=2000 TOOLCFG_FUZZ_RANDOM=1 pytest
tests/test_fix_properties.py`` runs a longer, random search by hand.
"""

from __future__ import annotations

import os
from typing import List, Sequence, Tuple

import hypothesmith
import properties
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from support import fuzz_examples

from toolcfg.pipeline import check_source

RANDOM = bool(os.environ.get("TOOLCFG_FUZZ_RANDOM"))


def fuzz_settings(examples: int):  # type: ignore[no-untyped-def]
    """``examples`` is sized for CI: each test takes a few seconds on one core."""
    return settings(
        max_examples=fuzz_examples(examples),
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


def assert_fix_properties(source: bytes) -> properties.Outcome:
    """Check with safe fixes, and with unsafe ones when there are any; return the safe run."""
    outcome = properties.fix_properties(source)
    assert outcome.violations == [], _explain(source, outcome)
    if any(fix == "unsafe" for *_, fix in outcome.findings):
        unsafe = properties.fix_properties(source, unsafe_fixes=True)
        assert unsafe.violations == [], _explain(source, unsafe)
    return outcome


def _explain(source: bytes, outcome: properties.Outcome) -> str:
    fixed = outcome.fixed.decode("utf-8", "replace") if outcome.fixed is not None else "(none)"
    lines = [f"{kind}: {detail}" for kind, detail in outcome.violations]
    return "\n".join([*lines, "--- source", source.decode("utf-8", "replace"), "--- fixed", fixed])


# -- hypothesmith: arbitrary Python -----------------------------------------------------

#: Imports that make the resolver see LangChain and LangGraph, so random names such as
#: ``tool``, ``chain`` or ``add_node`` resolve like the real ones.
LANGCHAIN_HEADER = (
    "from langchain_core.tools import tool, BaseTool, StructuredTool\n"
    "from langchain_core.runnables import RunnableLambda, chain\n"
    "from langgraph.graph import StateGraph\n"
    "from langgraph.func import entrypoint\n"
)


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it draws
@fuzz_settings(examples=120)
@given(source=hypothesmith.from_grammar(), header=st.booleans())
def test_grammar_programs_never_crash_check(source: str, header: bool) -> None:
    text = (LANGCHAIN_HEADER if header else "") + source
    note(text)
    assert_fix_properties(text.encode("utf-8", "surrogatepass"))


# -- LangChain and LangGraph programs ---------------------------------------------------

NAMES = ("query", "state", "k", "text", "items", "config", "cfg", "run_config", "llm", "runtime")
ANNOTATIONS = (
    None,
    "str",
    "int",
    "RunnableConfig",
    "Optional[RunnableConfig]",
    "RunnableConfig | None",
    '"RunnableConfig"',
    "dict",
    "Any",
    "ToolRuntime",
    "Optional[AsyncCallbackManagerForToolRun]",
)
CONFIG_ANNOTATIONS = (
    "RunnableConfig",
    "RunnableConfig",
    "RunnableConfig",
    "Optional[RunnableConfig]",
    "RunnableConfig | None",
    "dict",
    None,
    "RC",
)
DEFAULTS = ("None", "3", '"x"', "{}")
RECEIVERS = (
    "model",
    "llm",
    "chain",
    "agent",
    "graph",
    "self.llm",
    "llm.bind_tools([])",
    "retriever",
)
INPUTS = ("query", '{"text": query}', '"literal"', 'state["messages"]', 'f"x {query}"', "[query]")

TOOL_SPELLINGS = {
    # decorator text: the import it needs
    "@tool": "from langchain_core.tools import tool",
    '@tool("named")': "from langchain_core.tools import tool",
    "@tool(parse_docstring=True)": "from langchain_core.tools import tool",
    '@tool("named", return_direct=True)': "from langchain_core.tools import tool",
    "@lc_tool": "from langchain_core.tools import tool as lc_tool",
    "@tools.tool": "from langchain_core import tools",
    "@langchain_core.tools.tool": "import langchain_core.tools",
    "@tool ": "from langchain.tools import tool",
}
CONFIG_IMPORTS = (
    "",
    "from langchain_core.runnables import RunnableConfig",
    "from langchain_core.runnables import RunnableLambda",
    "from langchain_core.runnables import (\n    RunnableConfig,  # comment\n    RunnableLambda,\n)",
    "from langchain_core.runnables.config import RunnableConfig",
    "from langchain_core.runnables import RunnableConfig as RC",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from langchain_core.runnables import RunnableConfig",
    "import langchain_core.runnables",
)
EXTRA_DECORATORS = ("@functools.lru_cache", "@traced", "@traced(name='x')", "@staticmethod")
KINDS = (
    "tool",
    "node",
    "lambda",
    "chain",
    "entrypoint",
    "coroutine",
    "tool_call",
    "base_tool",
    "partial_node",
)


def indent(text: str, prefix: str) -> str:
    return "".join(
        prefix + line if line.strip() else line for line in text.splitlines(keepends=True)
    )


@st.composite
def parameters(draw, kind: str) -> List[str]:  # type: ignore[no-untyped-def]
    """A valid parameter list as texts: ``/``, ``*`` and ``**`` included, names unique."""
    if kind == "base_tool" and draw(st.booleans()):
        return [
            "self",
            "query: str",
            draw(
                st.sampled_from(
                    (
                        "run_manager=None",
                        "run_manager: Optional[AsyncCallbackManagerForToolRun] = None",
                    )
                )
            ),
        ]
    names = list(draw(st.permutations(NAMES)))
    count = draw(st.integers(0, 4))

    def param(name: str, default: bool) -> str:
        if name == "config" or name == "cfg":
            annotation = draw(st.sampled_from(CONFIG_ANNOTATIONS))
        else:
            annotation = draw(st.sampled_from(ANNOTATIONS))
        text = name if annotation is None else f"{name}: {annotation}"
        if default:
            value = draw(st.sampled_from(DEFAULTS))
            text += f" = {value}" if annotation is not None else f"={value}"
        return text

    positional = [names.pop() for _ in range(count)]
    first_default = draw(st.integers(0, len(positional))) if positional else 0
    texts = [
        param(name, index >= first_default and draw(st.booleans()))
        for index, name in enumerate(positional)
    ]
    # Once one positional parameter has a default, the rest need one too.
    seen_default = False
    for index, text in enumerate(texts):
        if "=" in text:
            seen_default = True
        elif seen_default:
            texts[index] = param(positional[index], True)
    posonly = draw(st.integers(0, len(texts))) if texts and draw(st.booleans()) else 0
    if posonly:
        texts.insert(posonly, "/")
    star = draw(st.sampled_from(("", "", "*args", "*", "*args: Any")))
    kwonly = [param(names.pop(), draw(st.booleans())) for _ in range(draw(st.integers(0, 2)))]
    if star == "*" and not kwonly:
        star = ""
    if star:
        texts.append(star)
        texts.extend(kwonly)
    if draw(st.booleans()) and draw(st.booleans()):
        texts.append(draw(st.sampled_from(("**kwargs", "**kwargs: Any"))))
    if kind == "base_tool":
        texts.insert(0, "self")
    return texts


def layout_parameters(draw, params: Sequence[str], one_line_only: bool) -> str:  # type: ignore[no-untyped-def]
    """The text between the parentheses, in one of the layouts people write."""
    if not params or one_line_only:
        return ", ".join(params)
    layout = draw(
        st.sampled_from(("one_line", "one_line", "multi", "multi_trailing", "hanging", "commented"))
    )
    if layout == "one_line":
        return ", ".join(params)
    if layout == "hanging":
        return params[0] + "".join(f",\n        {p}" for p in params[1:])
    lines = []
    for index, param in enumerate(params):
        last = index == len(params) - 1
        comma = "," if (not last or layout != "multi") else ""
        comment = (
            "  # about " + param.split(":")[0].strip("*/ ")
            if layout == "commented" and draw(st.booleans())
            else ""
        )
        lines.append(f"    {param}{comma}{comment}\n")
    before = "  # the inputs\n" if layout == "commented" and draw(st.booleans()) else "\n"
    return before + "".join(lines)


@st.composite
def runnable_call(draw, params: Sequence[str], asynchronous: bool) -> str:  # type: ignore[no-untyped-def]
    """One call of a runnable method, as an expression."""
    receiver = draw(st.sampled_from(RECEIVERS))
    if draw(st.integers(0, 4)) == 0:
        receiver += draw(
            st.sampled_from(
                (
                    '.with_config({"tags": ["nostream"]})',
                    ".with_config(config)",
                    ".with_config(tags=['x'])",
                )
            )
        )
    sync_methods = ("invoke", "batch", "stream")
    methods = sync_methods + (
        ("ainvoke", "ainvoke", "abatch", "astream_events") if asynchronous else ()
    )
    method = draw(st.sampled_from(methods))
    argument = draw(st.sampled_from(INPUTS))
    if method in ("batch", "abatch"):
        argument = f"[{argument}]"
    names = {p.split(":")[0].split("=")[0].strip("*/ ") for p in params}
    extras = ["", "", ""]
    if "config" in names:
        extras += [", config", ", config=config", ", config={**config, 'tags': ['x']}"]
    extras += [", config={'run_name': 'x'}", ", **kwargs", ", stop=['\\n']", ", *args"]
    extra = draw(st.sampled_from(extras))
    if draw(st.integers(0, 5)) == 0:
        # input= is a keyword: no positional argument may follow it.
        argument = f"input={argument}"
        if extra == ", config":
            extra = ""
    layout = draw(st.sampled_from(("flat", "flat", "multi", "multi_trailing", "commented")))
    broken = extra.replace(", ", ",\n    ")
    if layout == "flat":
        inner = argument + extra
    elif layout == "multi":
        inner = "\n    " + argument + broken + "\n"
    elif layout == "multi_trailing":
        inner = "\n    " + argument + broken + ",\n"
    else:
        inner = "  # the call\n    " + argument + extra + ",  # the argument\n"
    call = f"{receiver}.{method}({inner})"
    awaited = asynchronous and method.startswith("a") and method != "astream_events"
    return f"await {call}" if awaited else call


@st.composite
def statement(draw, params: Sequence[str], asynchronous: bool) -> str:  # type: ignore[no-untyped-def]
    call = draw(runnable_call(params, asynchronous))
    plain = call[len("await ") :] if call.startswith("await ") else call
    shape = draw(st.integers(0, 11))
    if shape == 0:
        return f"result = {call}\n"
    if shape == 1:
        return f"return {call}\n"
    if shape == 2:
        return f"results = [{plain} for _ in range(3)]\n"
    if shape == 3:
        return f"fn = lambda query: {plain}\n"
    if shape == 4 and asynchronous:
        return f"results = await asyncio.gather(\n    {plain},\n    {plain},\n)\n"
    if shape == 5:
        nested_async = asynchronous and draw(st.booleans())
        inner = draw(runnable_call(params, nested_async))
        keyword = "async def" if nested_async else "def"
        return f"{keyword} helper(query):\n    return {inner}\n\nresult = helper\n"
    if shape == 6:
        return "config = {'model': 'gpt'}\n" + f"result = {call}\n"
    if shape == 7 and asynchronous:
        return "async for chunk in model.astream(query):\n    print(chunk)\n"
    if shape == 8:
        return f"if query:\n    result = {call}\nelse:\n    result = None\n"
    if shape == 9:
        return f"try:\n    result = {call}  # noqa: TCF002\nexcept Exception:\n    raise\n"
    if shape == 10:
        return f"data = {{'a': {call}}}\n"
    return f"{call}\n"


@st.composite
def function(draw, index: int) -> Tuple[str, List[str], str]:  # type: ignore[no-untyped-def]
    """A target function: its text, the imports it needs, and text to put after it."""
    kind = draw(st.sampled_from(KINDS))
    name = f"fn{index}" if kind != "base_tool" else "_arun"
    asynchronous = draw(st.booleans()) if kind != "base_tool" else draw(st.integers(0, 3)) > 0
    if kind == "base_tool" and not asynchronous:
        name = "_run"
    params = draw(parameters(kind))
    imports: List[str] = []
    decorators: List[str] = []
    after = ""
    if kind == "tool":
        spelling = draw(st.sampled_from(sorted(TOOL_SPELLINGS)))
        decorators.append(spelling.rstrip())
        imports.append(TOOL_SPELLINGS[spelling])
    elif kind == "chain":
        decorators.append("@chain")
        imports.append("from langchain_core.runnables import chain")
    elif kind == "entrypoint":
        decorators.append(
            draw(st.sampled_from(("@entrypoint()", "@entrypoint(checkpointer=saver)")))
        )
        imports.append("from langgraph.func import entrypoint")
    elif kind == "node":
        imports.append("from langgraph.graph import StateGraph")
        after = f"builder = StateGraph(dict)\nbuilder.add_node({draw(st.sampled_from(('', repr(name) + ', ')))}{name})\n"
    elif kind == "partial_node":
        imports += ["from langgraph.graph import StateGraph", "import functools"]
        after = f"builder = StateGraph(dict)\nbuilder.add_node('n{index}', functools.partial({name}, llm=llm))\n"
    elif kind == "lambda":
        imports.append("from langchain_core.runnables import RunnableLambda")
        after = draw(
            st.sampled_from(
                (
                    f"r{index} = RunnableLambda({name})\n",
                    f"r{index} = RunnableLambda(lambda x: x, afunc={name})\n",
                )
            )
        )
    elif kind == "coroutine":
        imports.append("from langchain_core.tools import StructuredTool")
        after = f"t{index} = StructuredTool.from_function(coroutine={name}, name='t{index}', description='d')\n"
    elif kind == "tool_call":
        imports.append("from langchain_core.tools import tool")
        after = f"t{index} = tool({name})\n"
    if draw(st.integers(0, 4)) == 0 and kind != "base_tool":
        extra = draw(st.sampled_from(EXTRA_DECORATORS[:3]))
        imports.append("import functools")
        decorators.insert(draw(st.integers(0, len(decorators))), extra)

    body_statements = draw(st.lists(statement(params, asynchronous), min_size=1, max_size=3))
    docstring = '"""Do the thing."""\n' if draw(st.booleans()) else ""
    returns = draw(st.sampled_from(("", " -> str", " -> dict")))
    keyword = "async def" if asynchronous else "def"
    one_liner = draw(st.integers(0, 7)) == 0
    signature_inside = layout_parameters(draw, params, one_line_only=one_liner)
    header = f"{keyword} {name}({signature_inside}){returns}:"
    simple = body_statements[0]
    if (
        one_liner
        and simple.count("\n") == 1
        and not simple.startswith(("if ", "try", "async for", "def", "async def"))
    ):
        text = f"{header} {simple}"
    else:
        text = header + "\n" + indent(docstring + "".join(body_statements), "    ")
    text = "".join(d + "\n" for d in decorators) + text

    if kind == "base_tool":
        imports.append("from langchain_core.tools import BaseTool")
        text = "class Tool{0}(BaseTool):\n    name: str = 't{0}'\n    description: str = 'd'\n\n{1}".format(
            index, indent(text, "    ")
        )
    elif draw(st.integers(0, 5)) == 0:
        # Nested: defined in a factory that returns it (a closure, as graph builders do).
        text = f"def make{index}(llm):\n" + indent(text + after, "    ") + f"    return {name}\n"
        after = ""
    return text, imports, after


@st.composite
def langchain_programs(draw) -> str:  # type: ignore[no-untyped-def]
    count = draw(st.integers(1, 3))
    functions = [draw(function(index)) for index in range(count)]
    imports = ["import asyncio", "from typing import Any, Optional"]
    if draw(st.booleans()):
        imports.insert(0, "from __future__ import annotations")
    config_import = draw(st.sampled_from(CONFIG_IMPORTS))
    if config_import:
        imports.append(config_import)
    for _, needed, _ in functions:
        for line in needed:
            if line not in imports:
                imports.append(line)
    head = imports[:1] if imports[0].startswith("from __future__") else []
    rest = imports[len(head) :]
    rest = draw(st.permutations(rest))
    parts = []
    if draw(st.booleans()):
        parts.append('"""A module of tools."""\n')
    parts.append("".join(line + "\n" for line in [*head, *rest]))
    if draw(st.booleans()):
        parts.append("\nconfig = {'language': 'en'}\n")
    for text, _, after in functions:
        parts.append("\n\n" + text + ("\n\n" + after if after else ""))
    source = "".join(parts)
    unit = draw(st.sampled_from(("    ", "    ", "\t", "  ")))
    if unit != "    ":
        source = "\n".join(_reindent(line, unit) for line in source.split("\n"))
    if draw(st.integers(0, 4)) == 0:
        source = source.replace("\n", "\r\n")
    return source


def _reindent(line: str, unit: str) -> str:
    stripped = line.lstrip(" ")
    depth = (len(line) - len(stripped)) // 4
    return unit * depth + " " * ((len(line) - len(stripped)) % 4) + stripped


@fuzz_settings(examples=60)
@given(source=langchain_programs())
def test_langchain_programs_fix_never_breaks_a_file(source: str) -> None:
    note(source)
    data = source.encode("utf-8")
    assert properties.compiles(data), (
        "the generator wrote a program that does not compile:\n" + source
    )
    assert_fix_properties(data)


def test_generator_reaches_fixes() -> None:
    """The generated programs do exercise the fix: most have a fixable finding, of many rules."""
    seen = {"programs": 0, "fixable": 0, "codes": set()}

    @settings(
        max_examples=300,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(source=langchain_programs())
    def collect(source: str) -> None:
        findings = check_source(source)
        seen["programs"] += 1
        seen["fixable"] += any(finding.fix is not None for finding in findings)
        seen["codes"].update(finding.code for finding in findings)

    collect()
    assert seen["fixable"] >= seen["programs"] // 2, seen
    wanted = {
        "TCF001",
        "TCF002",
        "TCF011",
        "TCF012",
        "TCF021",
        "TCF022",
        "TCF031",
        "TCF032",
        "TCF041",
        "TCF042",
        "TCF101",
        "TCF104",
    }
    assert wanted <= seen["codes"], seen


# -- what the generators found, kept as examples -----------------------------------------

FOUND = {
    # Two RunnableConfig parameters of a lambda both renamed to `config`: a duplicate
    # parameter, which ast.parse accepts and only compile() rejects.
    "two misnamed configs": (
        "from langchain_core.runnables import RunnableConfig, RunnableLambda\n"
        "def rewrite(question: str, cfg: RunnableConfig, other: RunnableConfig) -> str:\n"
        "    return llm.invoke(question, config=cfg)\n"
        "rewriter = RunnableLambda(rewrite)\n"
    ),
    # Dropping the first default makes the second fix safe: --fix needs a second pass.
    "a fix that enables another": (
        "from langchain_core.tools import tool\n"
        "from langchain_core.runnables import RunnableConfig\n"
        "@tool\n"
        "def fn(runtime, llm, config: RunnableConfig = None, cfg: RunnableConfig = None):\n"
        "    return model.invoke(query)\n"
    ),
    # The rename fix and the forwarding fix of one node: each finding's edits must agree.
    "rename and forward": (
        "from langchain_core.runnables import RunnableConfig\n"
        "from langgraph.graph import StateGraph\n"
        "async def agent(state, runtime: RunnableConfig) -> dict:\n"
        "    return {'messages': [await llm.ainvoke(state['messages'])]}\n"
        "builder = StateGraph(dict)\n"
        "builder.add_node('agent', agent)\n"
    ),
    # A last lone CR line ending, which LibCST drops when it writes the file back.
    "classic mac line endings": (
        "from langchain_core.tools import tool\r@tool\rasync def ask(q: str) -> str:\r"
        "    return (await model.ainvoke(q)).content\r"
    ),
    # From the corpus sweep (deepagents' RubricMiddleware): a hook that calls a method helper
    # on `self`. The fix was right; the property check did not count that call as one a fix
    # may edit, and reported the added `config=config` as an edit outside.
    "a method helper of a middleware hook": (
        "from langchain.agents.middleware import AgentMiddleware\n"
        "class Grader(AgentMiddleware):\n"
        "    async def aafter_agent(self, state, runtime):\n"
        "        graded = await self._agrade(state, context=getattr(runtime, 'context', None))\n"
        "        return {'graded': graded}\n"
        "    async def _agrade(self, state, context=None):\n"
        "        return await self.model.ainvoke(state['messages'])\n"
    ),
}


@pytest.mark.parametrize("source", list(FOUND.values()), ids=list(FOUND))
def test_programs_the_generators_found(source: str) -> None:
    outcome = assert_fix_properties(source.encode())
    assert outcome.fixed is not None or outcome.findings


def test_json_edits_of_two_keyword_only_moves_combine() -> None:
    source = (
        b"from typing import Optional\n"
        b"from langchain_core.runnables import RunnableConfig\n"
        b"from langchain_core.tools import tool\n"
        b"@tool\n"
        b"def fn(a=None, b: RunnableConfig = None, c: Optional[RunnableConfig] = None):\n"
        b"    return model.invoke(a)\n"
    )
    outcome = properties.fix_properties(source, unsafe_fixes=True)
    assert outcome.violations == []
    assert properties.json_edit_violations(source, unsafe_fixes=True) == []


def test_a_call_of_an_imported_helper_is_a_place_a_fix_may_edit() -> None:
    """A helper in another module gets its config at the call, in the caller's file."""
    before = (
        b"from app.helpers import summarize as summ\n"
        b"async def node(state, config):\n"
        b"    return {'s': await summ(state['text'])}\n"
    )
    after = before.replace(b"summ(state['text'])", b"summ(state['text'], config=config)")
    assert properties.edit_violations(before, after) == []
    elsewhere = before.replace(b"{'s'", b"{'s', config")
    assert properties.edit_violations(before, elsewhere) != []
