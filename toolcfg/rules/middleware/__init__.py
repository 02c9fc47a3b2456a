"""LangChain v1 agent middleware (TCF05x): the node hooks of ``AgentMiddleware`` run as
LangGraph nodes and lose their model calls on Python 3.10 like any node; the wrap hooks
are not nodes and receive no config at all (docs/facts.md, "LangChain v1 agents")."""

from __future__ import annotations

from toolcfg import registry
from toolcfg.rules.base import Condition, FixAvailability, Rule, paragraphs, wrap
from toolcfg.rules.families import FamilyText, family, recognition
from toolcfg.rules.nodes import LOST

HOOK_INJECTION = """\
A node hook runs as a LangGraph node, which finds the config parameter by its name. The
fix adds `config: Optional[RunnableConfig] = None`, with a default so that the override
stays compatible with `AgentMiddleware`'s signature for type checkers, and passes
`config=config` at each inner call. `langgraph.config.get_config()` is no way out: on
Python 3.10 it raises inside an async hook."""

HOOK = family(
    FamilyText(
        prefix="TCF05",
        slug="middleware-hook",
        noun="an agent middleware hook",
        targets="the node hooks of LangChain v1 agent middleware",
        kinds=(registry.MIDDLEWARE_HOOK,),
        injection=HOOK_INJECTION,
        versions="""\
Measured with langchain 1.4.7, langchain-core 1.7.2 and langgraph 1.2.24: a hook that
calls a model without a config loses its events on Python 3.10; with a forwarded `config`
parameter it keeps them. Python 3.11 and later are not affected.""",
        example="""\
from langchain.agents.middleware import AgentMiddleware


class Summarize(AgentMiddleware):
    async def abefore_model(self, state, runtime):
        summary = await self.llm.ainvoke(state["messages"])
        return {"messages": [summary]}
""",
        unforwarded="""\
from typing import Optional

from langchain.agents.middleware import AgentMiddleware
from langchain_core.runnables import RunnableConfig


class Summarize(AgentMiddleware):
    async def abefore_model(self, state, runtime, config: Optional[RunnableConfig] = None):
        summary = await self.llm.ainvoke(state["messages"])
        return {"messages": [summary]}
""",
        fixed="""\
from typing import Optional

from langchain.agents.middleware import AgentMiddleware
from langchain_core.runnables import RunnableConfig


class Summarize(AgentMiddleware):
    async def abefore_model(self, state, runtime, config: Optional[RunnableConfig] = None):
        summary = await self.llm.ainvoke(state["messages"], config=config)
        return {"messages": [summary]}
""",
        condition=LOST,
    )
)

#: The kinds TCF053 decides: hooks that LangChain runs with no config to forward.
WRAP_HOOKS = (registry.WRAP_HOOK,)

WRAP_HOOK_CALL = Rule(
    code="TCF053",
    name="wrap-hook-call-without-config",
    summary="A runnable call in an agent's wrap hook runs without the caller's config",
    messages={
        "dropped": "`{call}` in {subject} runs without the caller's config{when}: wrap hooks "
        "receive no config to forward",
    },
    what=paragraphs(
        wrap(
            "Checks for runnable calls, directly or through a project function that makes "
            "one, inside the wrap hooks of LangChain v1 agent middleware, which receive no "
            "config. Recognised:"
        ),
        recognition(WRAP_HOOKS),
    ),
    why="""\
Wrap hooks are not graph nodes: they receive a request and a handler, never a config. A
model the hook calls itself (to classify or rewrite a request) is invisible to the
caller's `astream_events()` and streams no tokens on Python 3.10, where the config does
not travel with the task. The model call the handler makes is not affected.""",
    example="""\
from langchain.agents.middleware import AgentMiddleware


class Guard(AgentMiddleware):
    async def awrap_model_call(self, request, handler):
        verdict = await self.judge.ainvoke(request.messages)
        return await handler(request)
""",
    use_instead="""\
from typing import Optional

from langchain.agents.middleware import AgentMiddleware
from langchain_core.runnables import RunnableConfig


class Guard(AgentMiddleware):
    async def abefore_model(self, state, runtime, config: Optional[RunnableConfig] = None):
        verdict = await self.judge.ainvoke(state["messages"], config=config)
""",
    fix_safety="""\
No fix is offered: a wrap hook has no config to forward. Move the call into a node hook
(`abefore_model`), which can take one, or accept that it is not traced on Python 3.10.""",
    fix_availability=FixAvailability.NONE,
    condition=Condition(python_below=(3, 11)),
)

FAMILIES = (HOOK,)
RULES = (*HOOK.rules, WRAP_HOOK_CALL)
