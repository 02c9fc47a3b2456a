"""Messages claim only what holds for the code they point at.

Each module is checked on its own (``toolcfg.pipeline.check_source``) with every rule
reported wherever it bites, so the messages carry no words about versions.
"""

from __future__ import annotations

from pathlib import Path

from toolcfg.linter.context import Context
from toolcfg.pipeline import check_source

CASES = Path(__file__).parent / "cases" / "declarations"


def messages(case: str, code: str) -> list[str]:
    path = CASES / case
    return [
        finding.message
        for finding in check_source(path.read_bytes(), Context(), str(path))
        if finding.code == code
    ]


def test_a_function_tool_with_an_optional_config_has_it_in_its_args_schema() -> None:
    [message] = messages("tool_union_none.py", "TCF101")
    assert message.endswith(
        "the tool receives `None`, and the parameter shows up in the tool's args schema"
    )


def test_a_base_tool_has_it_in_its_args_schema_only_without_an_args_schema() -> None:
    """A BaseTool with an ``args_schema`` (langchain-sandbox's) takes its schema from it."""
    [message] = messages("base_tool_run_optional.py", "TCF101")
    assert message.endswith(
        "the tool receives `None`, and without an `args_schema` the parameter shows up in the "
        "tool's args schema"
    )


def test_a_call_on_a_built_runnable_is_named_as_written() -> None:
    source = b'''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Ask."""
    a = await llm.bind_tools(tools, tool_choice="any").ainvoke(question)
    b = await llm.with_structured_output(Answer).with_retry().ainvoke(question)
    c = await (prompt | llm).ainvoke(question)
    return a + b + c
'''
    assert [finding.message for finding in check_source(source, Context())] == [
        "`llm.bind_tools(...).ainvoke()` does not forward `config` in async tool `ask`",
        (
            "`llm.with_structured_output(...).with_retry().ainvoke()` does not forward `config` "
            "in async tool `ask`"
        ),
        "`(...).ainvoke()` does not forward `config` in async tool `ask`",
    ]


def test_a_wrapper_passing_on_a_config_never_injected_makes_no_nesting_claim() -> None:
    """``_arun(self, query, config=None)`` is handed ``None``: no claim that it forwards the
    config it was called with (TCF023), and the loss is said to depend on versions."""
    path = CASES / "base_tool_wrapper_untyped_config.py"
    found = check_source(path.read_bytes(), Context(), str(path))
    assert [(finding.code, finding.message) for finding in found] == [
        (
            "TCF102",
            "`config` has no annotation, so LangChain does not inject the caller's config into "
            "it: the tool passes `None` on, so its runnable calls run without the caller's "
            "config",
        )
    ]


def test_a_parameter_of_arun_is_never_said_to_show_up_in_the_args_schema() -> None:
    """A ``BaseTool`` builds its args schema from ``_run``, whatever ``_arun`` declares."""
    [message] = messages("base_tool_arun_optional_reads.py", "TCF101")
    assert message == (
        "`config: Optional[RunnableConfig] = None` is never injected by LangChain: the tool "
        "receives `None`"
    )


def test_a_tool_that_reads_its_config_never_injected_is_told_it_receives_none() -> None:
    [message] = messages("tool_optional_reads_configurable.py", "TCF101")
    assert message == (
        "`config: Optional[RunnableConfig] = None` is never injected by LangChain: the tool "
        "receives `None`, and the parameter shows up in the tool's args schema"
    )


def test_a_defaulted_config_only_passed_on_is_said_to_lose_it_where_none_is_passed() -> None:
    """``config: RunnableConfig = None`` on ``_arun``: not injected on Python 3.10 with
    langchain-core < 1.6.0, where it passes ``None`` on; no schema claim for ``_arun``."""
    source = b"""\
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool


class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the web."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(
        self,
        query: str,
        run_manager: Optional[AsyncCallbackManagerForToolRun] = None,
        config: RunnableConfig = None,
    ) -> str:
        return (await llm.ainvoke(query, config=config)).content
"""
    [default] = [f.message for f in check_source(source, Context()) if f.code == "TCF101"]
    assert default == (
        "`config: RunnableConfig = None` is not injected by LangChain: the default turns the "
        "annotation into `Optional[RunnableConfig]` there, and the tool passes `None` on, so "
        "its runnable calls run without the caller's config"
    )
