"""The rules: codes, names and documentation in the shape of ruff's rule pages.

Every family of config-receiving functions has two rules: ``TCFx1``, the function takes no
config, and ``TCFx2``, it takes one but an inner call does not pass it on. The version
facts come from the measurements in FACTS.md.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Dict, Iterator, Optional


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    what: str
    why: str
    example: str
    fix: str
    fix_safety: str
    #: "always", "sometimes" or "not", as in ruff's rule pages.
    fix_availability: str = "always"

    def documentation(self) -> str:
        return "\n".join(
            [
                f"# {self.name} ({self.code})",
                "",
                f"Fix is {self.fix_availability} available.",
                "",
                "## What it does",
                self.what,
                "",
                "## Why is this bad?",
                self.why,
                "",
                "## Example",
                "```python",
                self.example.rstrip(),
                "```",
                "",
                "Use instead:",
                "```python",
                self.fix.rstrip(),
                "```",
                "",
                "## Fix safety",
                self.fix_safety,
                "",
            ]
        )


@dataclass(frozen=True)
class _Family:
    prefix: str  # "TCF00": the rules are prefix + "1" and prefix + "2"
    slug: str
    noun: str  # one of them, for the one-line summaries
    targets: str  # which functions, as a noun phrase
    recognised: str  # how toolcfg recognises them
    injection: str  # how LangChain hands the config over, and what the fix writes
    versions: str  # where the loss was measured
    example: str
    fixed: str
    missing_fix_availability: str = "always"
    missing_fix_notes: str = ""


_HOW_LOST = """\
LangChain runs these functions with a `RunnableConfig` that carries the caller's
callbacks, tags and metadata. On Python 3.9 and 3.10, `asyncio.create_task()` takes no
`context=` argument, so LangChain cannot run the function inside the context that holds
that config. Unless the function takes the config and passes it on, the runnables it
calls are invisible to the caller: no `on_chat_model_*` events in `astream_events()`, no
tokens in LangGraph's `stream_mode="messages"`, no inner runs in a trace. The call still
returns the right answer, so nobody notices. An explicit config that is not built from
the received one, such as `config={"run_name": "inner"}` or
`.with_config(run_name="inner")`, loses the events the same way."""

_TOOL_VERSIONS = """\
Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7 (including every
0.3.x release); langchain-core 1.4.8 and later rescue tools on 3.10. Python 3.11 and later
are not affected. langchain-core 1.8 requires Python 3.11, so users on 3.9 and 3.10 stay on
1.7.x or older."""

_TOOL_INJECTION = """\
LangChain finds a tool's config parameter by its type annotation, which must be exactly
`RunnableConfig`; the name does not matter. The fix adds a bare `config: RunnableConfig`
(or `run_config` when `config` is already a name in the function), imports
`RunnableConfig` at run time (an import under `if TYPE_CHECKING:` is not enough, because
LangChain resolves the annotation when it builds the tool), and passes it at each inner
call. The parameter never shows up in the tool's args schema. A tool that takes
`runtime: ToolRuntime` forwards `config=runtime.config` instead."""

_NAME_INJECTION = """\
LangChain and LangGraph find this config parameter by its *name*: it must be called
`config`. The fix adds `config: RunnableConfig`, spelled exactly so (under
`from __future__ import annotations` LangGraph reads the annotation's text), without a
default, and passes `config=config` at each inner call. If `config` is already a name in
the function, the fix is not offered: rename that variable first."""

_SIGNATURE = """\
The parameter is appended when the signature allows it, and otherwise added keyword-only
(after `*args` or a new `*`); it always goes before `**kwargs`."""

_HARMLESS = """\
On Python 3.11 and later, where the config already reached the inner calls, forwarding it
by hand is harmless: events arrive either way."""

_TOOL_NESTING = """\
LangChain passes a tool the *caller's* config rather than the tool run's child config, so
after the fix the inner model run is reported next to the tool run instead of under it;
`astream_events()` and callbacks see it on every version."""

_FAMILIES = (
    _Family(
        prefix="TCF00",
        slug="tool",
        noun="an async tool",
        targets="async LangChain tools",
        recognised="functions decorated with `langchain_core.tools.tool` (or "
        "`langchain.tools.tool`, `langchain.agents.tool`), in every spelling: `@tool`, "
        '`@tool("name")`, `@tool(parse_docstring=True)`, an import alias or a module attribute',
        injection=_TOOL_INJECTION,
        versions=_TOOL_VERSIONS,
        example='''\
from langchain_core.tools import tool


@tool
async def summarize(text: str) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text})
''',
        fixed='''\
from langchain_core.tools import tool
from langchain_core.runnables import RunnableConfig


@tool
async def summarize(text: str, config: RunnableConfig) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text}, config=config)
''',
    ),
    _Family(
        prefix="TCF01",
        slug="tool-coroutine",
        noun="a tool coroutine",
        targets="async functions made into tools without a decorator",
        recognised="functions passed as `coroutine=` to `StructuredTool.from_function`, "
        '`Tool(...)` or `Tool.from_function`, or wrapped as `tool(fn)` or `tool("name")(fn)`',
        injection=_TOOL_INJECTION,
        versions=_TOOL_VERSIONS,
        example="""\
async def alookup(query: str) -> str:
    return (await model.ainvoke(query)).content

lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
        fixed="""\
async def alookup(query: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(query, config=config)).content

lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
    ),
    _Family(
        prefix="TCF02",
        slug="tool-method",
        noun="a `BaseTool._arun`",
        targets="the `_arun` method of `BaseTool` subclasses",
        recognised="`async def _arun` in a class whose base resolves to "
        "`langchain_core.tools.BaseTool` (or `StructuredTool`, `Tool`), directly or through "
        "other classes of the same module",
        injection=_TOOL_INJECTION
        + """\n\nIn `_arun`, a call that passes `config={"callbacks": run_manager.get_child()}`,
or anything else built from `run_manager`, forwards the config too. Never pass
`callbacks=` as a keyword to `.ainvoke()`: it raises TypeError.""",
        versions=_TOOL_VERSIONS,
        example="""\
class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    async def _arun(self, query: str, run_manager=None, **kwargs) -> str:
        return (await self.llm.ainvoke(query)).content
""",
        fixed="""\
class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    async def _arun(self, query: str, run_manager=None, *, config: RunnableConfig, **kwargs) -> str:
        return (await self.llm.ainvoke(query, config=config)).content
""",
        missing_fix_availability="sometimes",
        missing_fix_notes="""
If any annotation of `_arun` names something imported only under `if TYPE_CHECKING:`,
LangChain cannot resolve the signature and injects nothing at all, so a required config
parameter would raise TypeError. The finding is then reported without a fix: import that
name at run time first.""",
    ),
    _Family(
        prefix="TCF03",
        slug="runnable-lambda",
        noun="a `RunnableLambda` or `@chain` function",
        targets="functions run by `RunnableLambda` or `@chain`",
        recognised="functions passed to `RunnableLambda(fn)` or `RunnableLambda(func, "
        "afunc=fn)`, and functions decorated with or wrapped by `langchain_core.runnables.chain`; "
        "async ones, and sync ones that call sync runnables",
        injection=_NAME_INJECTION,
        versions="""\
Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7 (including every
0.3.x release), for async functions and async generators, and for sync functions calling
`.invoke()`; langchain-core 1.4.8 and later rescue them on 3.10. Python 3.11 and later are
not affected.""",
        example="""\
async def rewrite(question: str) -> str:
    return (await model.ainvoke(f"Rewrite: {question}")).content

rewriter = RunnableLambda(rewrite)
""",
        fixed="""\
async def rewrite(question: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(f"Rewrite: {question}", config=config)).content

rewriter = RunnableLambda(rewrite)
""",
        missing_fix_availability="sometimes",
    ),
    _Family(
        prefix="TCF04",
        slug="graph-node",
        noun="a LangGraph node or entrypoint",
        targets="LangGraph nodes and `@entrypoint` functions",
        recognised='functions registered with `.add_node("name", fn)` or `.add_node(fn)` '
        "(also through `functools.partial(fn, ...)`, and closures in the function that "
        "builds the graph) in a module that imports LangGraph, and functions decorated with "
        "`langgraph.func.entrypoint`; async and sync",
        injection=_NAME_INJECTION,
        versions="""\
Measured: lost on Python 3.9 and 3.10 for async and sync nodes and for `@entrypoint`
functions, with every langchain-core version, including 1.4.8 and later, and with
langgraph 0.6.11 and 1.2.22: every LangGraph user on 3.9 or 3.10 is affected today. Python
3.11 and later are not affected. (An async `@task` called from an async `@entrypoint`
fails on 3.10 with "Called get_config outside of a runnable context" even when config is
forwarded; adding config cannot fix that, so it is out of scope.)""",
        example="""\
def build_graph(llm):
    async def agent(state: State) -> dict:
        return {"messages": [await llm.ainvoke(state["messages"])]}

    builder = StateGraph(State)
    builder.add_node("agent", agent)
    return builder.compile()
""",
        fixed="""\
def build_graph(llm):
    async def agent(state: State, config: RunnableConfig) -> dict:
        return {"messages": [await llm.ainvoke(state["messages"], config=config)]}

    builder = StateGraph(State)
    builder.add_node("agent", agent)
    return builder.compile()
""",
        missing_fix_availability="sometimes",
    ),
)


def _family_rules(family: _Family) -> Iterator[Rule]:
    why = f"{_HOW_LOST}\n\n{family.versions}"
    yield Rule(
        code=f"{family.prefix}1",
        name=f"{family.slug}-missing-config",
        summary=f"{_capitalized(family.noun)} calls runnables but takes no config",
        what=_wrapped(
            f"Checks for {family.targets} that call a runnable (`.ainvoke`, `.astream`, "
            f"`.astream_events`, `.abatch`, `.invoke`, ...) but take no config. Recognised: "
            f"{family.recognised}."
        ),
        why=why,
        example=family.example,
        fix=family.fixed,
        fix_safety=_paragraphs(
            family.injection,
            _SIGNATURE,
            family.missing_fix_notes,
            _HARMLESS,
            _TOOL_NESTING if family.injection.startswith(_TOOL_INJECTION) else "",
        ),
        fix_availability=family.missing_fix_availability,
    )
    yield Rule(
        code=f"{family.prefix}2",
        name=f"{family.slug}-config-not-forwarded",
        summary=f"A runnable call in {family.noun} does not pass its config on",
        what=_wrapped(
            f"Checks for runnable calls inside {family.targets} that receive a config "
            "but do not pass it on. A call forwards the config when it passes a second positional "
            "argument, a `config=` built from the received one (`config`, `{**config, ...}`, "
            "`patch_config(config, ...)`, `merge_configs(config, ...)`, or a variable assigned "
            "from one of these), or when its receiver is built with `.with_config(...)` from it. "
            "Calls with `*args` or `**kwargs` are not judged. A call that passes an explicit "
            "config *not* built from the received one is reported too."
        ),
        why=why,
        example=family.fixed.replace(", config=config)", ")"),
        fix=family.fixed,
        fix_safety="""\
Adding `config=config` to a call that passed no config is safe. A call that passes a
different config is reported without a fix, because merging two configs is a decision
for its author: for example `config={**config, "run_name": "inner"}`. An existing
`.with_config(...)` on the receiver is kept, and its tags (such as `nostream`) are
merged with the forwarded config. A call in a nested function that binds the config's
name again (a parameter or a variable of its own) has no fix either: there, the name
is something else.""",
        fix_availability="sometimes",
    )


def _paragraphs(*texts: str) -> str:
    return "\n\n".join(text.strip() for text in texts if text.strip())


def _capitalized(text: str) -> str:
    return text[0].upper() + text[1:]


def _wrapped(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=88, break_on_hyphens=False, break_long_words=False)


_DECLARATION_RULES = (
    Rule(
        code="TCF101",
        name="tool-config-not-injectable",
        summary="A tool's `RunnableConfig` parameter is optional, so LangChain never injects it",
        what="""\
Checks for tool functions (`@tool`, tool coroutines, `BaseTool._run` and `_arun`) whose
config parameter is annotated `Optional[RunnableConfig]`, `RunnableConfig | None` or
`Union[RunnableConfig, None]`, or has a default.""",
        why="""\
LangChain injects a tool's config only into a parameter whose resolved annotation is
exactly `RunnableConfig`. An optional annotation is never injected, on any version we
measured (langchain-core 0.3.86 to 1.7.2): the function receives `None`, and the
parameter appears in the tool's args schema, so the model is asked to supply a config.
`config: RunnableConfig = None` is not injected, and leaks into the schema, on Python 3.10
with langchain-core up to 1.5.6; it works from 1.6.0. ruff's UP045 rewrites
`Optional[RunnableConfig]` into `RunnableConfig | None`, which is just as broken.""",
        example='''\
@tool
async def search(query: str, config: Optional[RunnableConfig] = None) -> str:
    """Search the web."""
    return await chain.ainvoke(query, config=config)
''',
        fix='''\
@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web."""
    return await chain.ainvoke(query, config=config)
''',
        fix_safety="""\
The fix writes a bare `RunnableConfig` annotation and drops the default. For a function
decorated with `@tool` this is safe: the name is bound to the tool, which LangChain always
calls with the config. For tool coroutines and `BaseTool` methods, code may call the
function directly without a config, so dropping the default is an unsafe fix. When an
earlier parameter has a default, the parameter must also become keyword-only, which is
always an unsafe fix (`--unsafe-fixes`).""",
    ),
    Rule(
        code="TCF102",
        name="tool-config-untyped",
        summary="A tool's `config` parameter has no `RunnableConfig` annotation",
        what="""\
Checks for tool functions with a parameter named `config` that has no annotation, or a
dict-like one (`dict`, `Dict[str, Any]`, `Any`), while the body uses it as a
`RunnableConfig`: forwards it to a runnable, passes it to `patch_config` or
`ensure_config`, or reads `config["configurable"]`. A `config` that is an ordinary tool
argument is left alone.""",
        why="""\
Tools are injected by annotation, not by name. Without `RunnableConfig`, `config` is an
ordinary argument: it shows up in the tool's args schema, the model is asked to fill it
in, and the call fails or receives the model's made-up value.""",
        example='''\
@tool
async def profile(query: str, config) -> str:
    """Look up the user's profile."""
    user = config["configurable"]["user_id"]
    return await lookup.ainvoke(user, config=config)
''',
        fix='''\
@tool
async def profile(query: str, config: RunnableConfig) -> str:
    """Look up the user's profile."""
    user = config["configurable"]["user_id"]
    return await lookup.ainvoke(user, config=config)
''',
        fix_safety="""\
The fix annotates the parameter `RunnableConfig` and imports it at run time. It is safe:
the parameter leaves the args schema and receives the caller's config. A default is
dropped as for TCF101.""",
    ),
    Rule(
        code="TCF103",
        name="tool-config-type-checking-import",
        summary="`RunnableConfig` is imported only under `TYPE_CHECKING` in a module with tools",
        what="""\
Checks for tool functions annotated with `RunnableConfig` where the module imports it only
under `if TYPE_CHECKING:`.""",
        why="""\
LangChain resolves a tool's annotations at run time with `typing.get_type_hints`. When
`RunnableConfig` does not exist at run time, the resolution fails and the tool fails when
it is called, with or without `from __future__ import annotations`.""",
        example="""\
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig
""",
        fix="""\
from __future__ import annotations
from typing import TYPE_CHECKING
from langchain_core.runnables import RunnableConfig

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig
""",
        fix_safety="The fix adds a run-time import of `RunnableConfig`. It is safe.",
    ),
    Rule(
        code="TCF104",
        name="config-parameter-misnamed",
        summary="A `RunnableConfig` parameter of a lambda, chain or node is not named `config`",
        what="""\
Checks for functions run by `RunnableLambda`, `@chain`, LangGraph nodes and `@entrypoint`
that take a `RunnableConfig` under another name, such as `cfg` or `runnable_config`.""",
        why="""\
These constructs find the config parameter by its name: it must be called `config`. A
parameter with another name receives nothing, whatever its annotation or default, in
every version we measured.""",
        example="""\
async def agent(state: State, cfg: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=cfg)]}
""",
        fix="""\
async def agent(state: State, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}
""",
        fix_safety="""\
The fix renames the parameter and its uses inside the function. It is safe for the
framework, which passes the config by keyword; code that passes the old name by keyword
must be updated by hand. No fix is offered when `config` is already a name in the
function.""",
        fix_availability="sometimes",
    ),
    Rule(
        code="TCF105",
        name="node-config-annotation",
        summary="LangGraph does not inject a `config` parameter with this annotation",
        what="""\
Checks for LangGraph nodes and `@entrypoint` functions whose `config` parameter has an
annotation LangGraph does not accept. LangGraph accepts `RunnableConfig`,
`Optional[RunnableConfig]` and no annotation; under `from __future__ import annotations`
it compares the annotation's *text*, so `RunnableConfig | None`,
`typing.Optional[RunnableConfig]` and `module.RunnableConfig` fail there too.""",
        why="""\
A node whose `config` annotation is not on LangGraph's list receives nothing: the
parameter keeps its default, or the node fails with a missing argument (`config: dict`).
Measured with langgraph 0.6.11 and 1.2.22.""",
        example="""\
from __future__ import annotations


async def agent(state: State, config: RunnableConfig | None = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}
""",
        fix="""\
from __future__ import annotations


async def agent(state: State, config: RunnableConfig = None) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}
""",
        fix_safety="""\
The fix writes the bare annotation `RunnableConfig`, spelled exactly so, and keeps any
default, so direct callers are unaffected. It is safe.""",
    ),
)


_SUPPRESSION_RULES = (
    Rule(
        code="TCF901",
        name="unused-noqa",
        summary="A `# noqa` comment names a toolcfg code that is not reported on its line",
        what="""\
Checks for `# noqa: TCF...` comments that silence nothing: no finding with that code is
reported on their line. Bare `# noqa` comments and other tools' codes are left alone.
Like ruff's RUF100, this rule is not selected by default: enable it with
`--extend-select TCF9`.""",
        why="""\
A stale suppression hides the next real problem on that line, and tells the reader that
the function drops its config when it no longer does.""",
        example='''\
@tool
async def search(query: str, config: RunnableConfig) -> str:  # noqa: TCF001
    """Search the web."""
    return await chain.ainvoke(query, config=config)
''',
        fix='''\
@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web."""
    return await chain.ainvoke(query, config=config)
''',
        fix_safety="No fix is offered yet: remove the comment, or the unused codes, by hand.",
        fix_availability="not",
    ),
)


RULES: Dict[str, Rule] = {
    rule.code: rule
    for rule in (
        *(rule for family in _FAMILIES for rule in _family_rules(family)),
        *_DECLARATION_RULES,
        *_SUPPRESSION_RULES,
    )
}


def find_rule(code: str) -> Optional[Rule]:
    return RULES.get(code.upper())


#: Every rule but the TCF9 ones, which are opt-in like ruff's RUF100.
DEFAULT_SELECT = ("TCF0", "TCF1")


def is_default(code: str) -> bool:
    return code.startswith(DEFAULT_SELECT)
