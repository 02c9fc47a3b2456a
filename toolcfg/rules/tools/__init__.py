"""Tools: ``@tool`` functions (TCF00x), tool coroutines (TCF01x) and ``BaseTool._arun``
(TCF02x).

LangChain finds a tool's config parameter by its ``RunnableConfig`` annotation and passes
it the config the tool was *called with*: forwarded as it is, the inner runs are filed
beside the tool's run. The fixes forward the tool run's child callbacks instead
(docs/facts.md, "Trace nesting").
"""

from __future__ import annotations

from toolcfg import registry
from toolcfg.rules.base import ALWAYS, Condition, FixAvailability, Rule, paragraphs, wrap
from toolcfg.rules.families import FamilyText, family

#: Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7.
LOST = Condition(python_below=(3, 11), packages=(("langchain-core", (1, 4, 8)),))

VERSIONS = """\
Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7 (including every
0.3.x release); langchain-core 1.4.8 and later rescue tools on 3.10. Python 3.11 and later
are not affected. langchain-core 1.8 requires Python 3.11, so users on 3.9 and 3.10 stay on
1.7.x or older."""

INJECTION = """\
LangChain finds a tool's config parameter by its type annotation, which must be exactly
`RunnableConfig`; the name does not matter. It passes the tool the config the tool was
*called with*, not the tool run's own, so forwarding that config as it is would file the
inner runs beside the tool's run instead of under it. The fix therefore adds
`config: RunnableConfig` (`run_config` when `config` is already a name in the function)
and `callbacks: Callbacks = None`, which LangChain fills with the tool run's child
callbacks, and passes `patch_config(config, callbacks=callbacks)` at each inner call.
Neither parameter shows up in the tool's args schema. `RunnableConfig`, `patch_config` and
`Callbacks` are imported at run time, where ruff's isort would put them: an import under
`if TYPE_CHECKING:` is not enough, because LangChain resolves the annotations when it
builds the tool. A tool that takes `runtime: ToolRuntime` forwards
`patch_config(runtime.config, callbacks=callbacks)`."""

METHOD_INJECTION = """\
`BaseTool.arun` passes `_arun` the config it was called with and a `run_manager` for the
tool's own run. The fix adds `config: RunnableConfig` next to `run_manager` and forwards
`patch_config(config, callbacks=run_manager.get_child())`, which files the inner runs
under the tool's run; without a `run_manager` parameter it adds one,
`run_manager: Optional[AsyncCallbackManagerForToolRun] = None`. Where `run_manager`
defaults to None, as in LangChain's own signature, the child is taken only when there is
one (`run_manager.get_child() if run_manager else None`), so a direct call of `_arun`
still works and type checkers accept it. A call that passes
`config={"callbacks": run_manager.get_child()}` already forwards the tool run's callbacks.
Never pass `callbacks=` as a keyword to `.ainvoke()`: it raises TypeError."""

DIRECT_CALLERS = """\
LangChain never injects a default into a tool's config on old langchain-core, so the
config parameter is required. A function the project also calls directly (a tool
coroutine called by a test, say) would then fail with a missing argument: the fix is
unsafe there, and the message names those calls. A `@tool` function's name is bound to
the tool, which LangChain always calls with the config."""

FORWARD = "patch_config(config, callbacks=callbacks)"
_TOOL = FamilyText(
    prefix="TCF00",
    slug="tool",
    noun="an async tool",
    targets="async LangChain tools",
    kinds=(registry.TOOL,),
    injection=INJECTION,
    versions=VERSIONS,
    example='''\
from langchain_core.tools import tool


@tool
async def summarize(text: str) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text})
''',
    unforwarded='''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def summarize(text: str, config: RunnableConfig) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text})
''',
    fixed='''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool


@tool
async def summarize(text: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text}, config=patch_config(config, callbacks=callbacks))
''',
    condition=LOST,
    missing_fix_availability=FixAvailability.SOMETIMES,
    forward_expression=FORWARD,
)

_COROUTINE = FamilyText(
    prefix="TCF01",
    slug="tool-coroutine",
    noun="a tool coroutine",
    targets="async functions that LangChain makes into tools without a decorator",
    kinds=(registry.TOOL_COROUTINE, registry.TOOL_FUNCTION),
    injection=INJECTION,
    versions=VERSIONS,
    example="""\
from langchain_core.tools import StructuredTool


async def alookup(query: str) -> str:
    return (await model.ainvoke(query)).content


lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
    unforwarded="""\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool


async def alookup(query: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(query)).content


lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
    fixed="""\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool


async def alookup(query: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    return (await model.ainvoke(query, config=patch_config(config, callbacks=callbacks))).content


lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
    condition=LOST,
    missing_fix_notes=DIRECT_CALLERS,
    forward_expression=FORWARD,
)


def _search_tool(imports: str, arun: str, body: str) -> str:
    """A ``BaseTool`` of the examples: ``imports`` beside its own, ``arun``'s signature
    and ``body``."""
    return f"""\
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
{imports}from langchain_core.tools import BaseTool


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

{arun}{body}"""


_ARUN = """\
    async def _arun(
        self, query: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
"""
_ARUN_CONFIG = """\
    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        *,
        config: RunnableConfig,
    ) -> str:
"""

_METHOD = FamilyText(
    prefix="TCF02",
    slug="tool-method",
    noun="a `BaseTool._arun`",
    targets="the `_arun` method of `BaseTool` subclasses",
    kinds=(registry.BASE_TOOL,),
    recognised_notes="Only `_arun` is checked for the calls it makes: a sync `_run` keeps the "
    "caller's config, as sync tools do. The declarations of both are checked (TCF10x).",
    injection=METHOD_INJECTION,
    versions=VERSIONS,
    example=_search_tool("", _ARUN, "        return (await self.llm.ainvoke(query)).content\n"),
    unforwarded=_search_tool(
        "from langchain_core.runnables import RunnableConfig\n",
        _ARUN_CONFIG,
        "        return (await self.llm.ainvoke(query)).content\n",
    ),
    fixed=_search_tool(
        "from langchain_core.runnables import RunnableConfig, patch_config\n",
        _ARUN_CONFIG,
        """\
        return (
            await self.llm.ainvoke(
                query,
                config=patch_config(
                    config, callbacks=run_manager.get_child() if run_manager else None
                ),
            )
        ).content
""",
    ),
    condition=LOST,
    missing_fix_notes="""\
If any annotation of `_arun` names something imported only under `if TYPE_CHECKING:`,
LangChain cannot resolve the signature and injects nothing at all, so a required config
parameter would raise TypeError. The finding is then reported without a fix: import that
name at run time first.""",
    forward_expression=(
        "patch_config(config, callbacks=run_manager.get_child() if run_manager else None)"
    ),
)


def _nesting(text: FamilyText, example: str, how: str) -> Rule:
    """The family's ``x3``: ``example`` forwards the config the tool was called with; the
    family's fixed example is what to use instead."""
    noun = text.noun
    return Rule(
        code=f"{text.prefix}3",
        name=f"{text.slug}-config-not-nested",
        summary=f"A runnable call in {noun} forwards the config the tool was called with",
        messages={
            "nesting": "`{call}` forwards the config {subject} was called with, so its run "
            "is filed beside the tool's run instead of under it",
        },
        what=wrap(
            f"Checks for runnable calls inside {noun.split(' ', 1)[1]}s that forward the "
            "config the tool received (`config=config`, `runtime.config`, the config as the "
            "second positional argument) rather than one carrying the tool run's callbacks."
        ),
        why=paragraphs(
            """\
LangChain passes a tool the config the tool was *called with*, not the child config of
the tool's own run (lambdas and graph nodes get the child config). A model called with
that config becomes a sibling of the tool run: its `parent_ids` lack the tool's run id,
traces show the model next to the tool, and span trees built from `parent_run_id` lose
their shape. This is what LangChain's own how-to writes. On Python 3.11, or with
langchain-core >= 1.4.8, code that forwards nothing nests correctly, so forwarding the
received config makes those traces worse.""",
            how,
        ),
        example=example,
        use_instead=text.fixed,
        fix_safety="""\
The fix changes what the call forwards and, where needed, adds the parameter LangChain
fills with the tool run's callbacks. Callbacks, tags, metadata and `configurable` still
reach the inner run; only the caller's `run_name` and `run_id`, which belong to the
caller's run, are left out. It is safe.""",
        fix_availability=FixAvailability.SOMETIMES,
        fix_title="Forward the tool run's child config",
        condition=ALWAYS,
    )


_CALLBACKS = """\
The fix adds `callbacks: Callbacks = None`, which LangChain fills with the tool run's
child callbacks (`run_manager.get_child()`) and keeps out of the args schema, and forwards
`patch_config(config, callbacks=callbacks)`."""

TOOL = family(
    _TOOL,
    _nesting(
        _TOOL,
        example='''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def summarize(text: str, config: RunnableConfig) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text}, config=config)
''',
        how=_CALLBACKS,
    ),
)
TOOL_COROUTINE = family(
    _COROUTINE,
    _nesting(
        _COROUTINE,
        example="""\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool


async def alookup(query: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(query, config=config)).content


lookup = StructuredTool.from_function(func=lookup_sync, coroutine=alookup)
""",
        how=_CALLBACKS,
    ),
)
BASE_TOOL = family(
    _METHOD,
    _nesting(
        _METHOD,
        example=_search_tool(
            "from langchain_core.runnables import RunnableConfig\n",
            _ARUN_CONFIG,
            "        return (await self.llm.ainvoke(query, config=config)).content\n",
        ),
        how="""\
In `_arun`, the fix forwards `patch_config(config, callbacks=run_manager.get_child())`:
`run_manager` manages the tool's own run. Where it defaults to None, the child is taken
only when there is one.""",
    ),
)

FAMILIES = (TOOL, TOOL_COROUTINE, BASE_TOOL)
RULES = tuple(rule for each in FAMILIES for rule in each.rules)
