"""The rules: their codes, names and documentation, in the shape of ruff's rule pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional

_VERSIONS = """\
The loss is real on Python 3.9 and 3.10, where `asyncio.create_task()` takes no
`context=` argument, so LangChain cannot run the function inside the context that holds
the config. We measured it with langchain-core 0.3.x up to 1.4.7:
an async tool that calls a model without forwarding its config shows no
`on_chat_model_*` events in `astream_events()`, and no tokens in LangGraph's
`stream_mode="messages"`. From langchain-core 1.4.8 async tools are rescued on 3.10, but
code that must run on older cores, or on 3.9, still loses the events. On Python 3.11 and
later, forwarding is harmless and keeps behaviour explicit. The same holds for a
*sync* `.invoke()` inside an async tool, and for an explicit config that is not built
from the received one, such as `config={"run_name": "inner"}`."""


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
    #: "always" or "sometimes", as in ruff's rule pages.
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


RULES: Dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            code="TCF001",
            name="tool-missing-config",
            summary="Async tool takes no `RunnableConfig`, so its runnable calls drop the caller's config",
            what="""\
Checks for async LangChain tools (functions decorated with `langchain_core.tools.tool`,
under any import spelling) that call a runnable (`.ainvoke`, `.astream`,
`.astream_events`, `.abatch`, `.invoke`, ...) but have no parameter annotated
`RunnableConfig` through which LangChain could hand them the caller's config.""",
            why=f"""\
LangChain runs a tool with a `RunnableConfig` that carries the caller's callbacks, tags
and metadata. A tool that does not accept that config cannot pass it to the runnables it
calls, so their work is invisible to the caller: no tracing, no streamed tokens, no
events.

{_VERSIONS}""",
            example="""\
from langchain_core.tools import tool


@tool
async def summarize(text: str) -> str:
    \"\"\"Summarize a text.\"\"\"
    result = await summarize_chain.ainvoke({"text": text})
    return result.content
""",
            fix="""\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def summarize(text: str, config: RunnableConfig) -> str:
    \"\"\"Summarize a text.\"\"\"
    result = await summarize_chain.ainvoke({"text": text}, config=config)
    return result.content
""",
            fix_safety="""\
The fix is safe. It adds a `config: RunnableConfig` parameter (keyword-only when the
signature has defaults or `*args`, always before `**kwargs`), imports `RunnableConfig` at
run time, and passes `config=config` to each call that dropped it. LangChain injects the
parameter by its annotation, so it never appears in the tool's args schema and the model
is never asked for it. If the name `config` is already used in the function, the
parameter is called `run_config` instead. A tool that takes `runtime: ToolRuntime` gets
`config=runtime.config` and no new parameter (rule TCF002).""",
        ),
        Rule(
            code="TCF002",
            name="tool-config-not-forwarded",
            summary="A runnable call inside a tool does not forward the tool's config",
            what="""\
Checks for runnable calls inside an async LangChain tool that already receives its config
(a parameter annotated `RunnableConfig`, under any name, or a `runtime: ToolRuntime`)
but does not pass it on. A call forwards the config when it passes a second positional
argument, a `config=` built from the received one (`config`, `{**config, ...}`,
`patch_config(config, ...)`, `merge_configs(config, ...)` or a variable assigned from
one of these), or when its receiver is built with `.with_config(...)` from it. Calls with
`*args` or `**kwargs` are not judged.

It also reports a call that passes an explicit config *not* built from the received one,
such as `config={"run_name": "inner"}`.""",
            why=f"""\
Receiving the config is only half of the job: each inner call must pass it on, or its
events are lost to the caller exactly as if the tool had never received it.

{_VERSIONS}""",
            example="""\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def research(topic: str, config: RunnableConfig) -> str:
    \"\"\"Research a topic.\"\"\"
    settings = Settings.from_runnable_config(config)
    answer = await model.ainvoke(f"Research {topic} for {settings.audience}")
    return answer.content
""",
            fix="""\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def research(topic: str, config: RunnableConfig) -> str:
    \"\"\"Research a topic.\"\"\"
    settings = Settings.from_runnable_config(config)
    answer = await model.ainvoke(f"Research {topic} for {settings.audience}", config=config)
    return answer.content
""",
            fix_safety="""\
Adding `config=config` to a call that passed no config is safe. A call that passes a
different config is reported without a fix: merging two configs is a decision for its
author, for example `config={**config, "run_name": "inner"}`. An existing
`.with_config(...)` on the receiver is kept, and its tags (such as `nostream`) are merged
with the forwarded config.""",
            fix_availability="sometimes",
        ),
    )
}


def find_rule(code: str) -> Optional[Rule]:
    return RULES.get(code.upper())
