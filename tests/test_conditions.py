"""Each rule is reported only where the project's Python and package versions let it bite,
and says why it applies there (``toolcfg/when.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from click.testing import CliRunner

from toolcfg.cli import main
from toolcfg.filesettings import Settings
from toolcfg.project import Declared
from toolcfg.rules import RULES
from toolcfg.versions import Version, parse_specifiers
from toolcfg.when import words

APP = '''\
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool
from langgraph.graph import StateGraph

from app.llm import llm


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await llm.ainvoke(question)).content


@tool
async def profile(config: Optional[RunnableConfig] = None) -> str:
    """Describe the user."""
    return config["configurable"]["user_id"]


@tool
async def search(query: str, config: RunnableConfig) -> str:
    """Search the web."""
    return (await llm.ainvoke(query, config=config)).content


async def agent(state):
    return {"messages": [await llm.ainvoke(state["messages"])]}


builder = StateGraph(dict)
builder.add_node("agent", agent)
'''


def project(root: Path, pyproject: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(pyproject)
    (root / "app.py").write_text(APP)
    return root


def codes(root: Path, *flags: str) -> List[str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", *flags, str(root)])
    assert result.exit_code in (0, 1), result.output
    return [line.split()[1] for line in result.output.splitlines() if line.startswith(str(root))]


def messages(root: Path, *flags: str) -> List[str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", *flags, str(root)])
    return [line for line in result.output.splitlines() if line.startswith(str(root))]


def test_a_python_311_project_hears_only_what_bites_there(tmp_path: Path) -> None:
    root = project(tmp_path / "p", '[project]\nname = "p"\nrequires-python = ">=3.11"\n')
    # The forwarding rules are silent; an Optional tool config is never injected anywhere, and a
    # tool that passes its caller's config on files the model's run beside itself on any Python.
    assert codes(root) == ["TCF101", "TCF003"]


def test_python_310_with_a_new_core_keeps_node_rules_and_drops_tool_rules(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        '[project]\nname = "p"\nrequires-python = ">=3.10"\n'
        'dependencies = ["langchain-core>=1.5", "langgraph>=1"]\n',
    )
    assert codes(root) == ["TCF101", "TCF003", "TCF041"]


def test_an_explicit_target_version_overrides_the_project(tmp_path: Path) -> None:
    root = project(tmp_path / "p", '[project]\nname = "p"\nrequires-python = ">=3.11"\n')
    assert codes(root, "--target-version", "py310") == [
        "TCF001",
        "TCF101",
        "TCF003",
        "TCF041",
    ]


def test_py39_reports_everything_that_can_bite_anywhere(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        '[project]\nname = "p"\nrequires-python = ">=3.12"\n'
        'dependencies = ["langchain-core==1.7.2"]\n',
    )
    # The lock-like pin keeps the tool rules quiet whatever the Python.
    assert codes(root, "--target-version", "py39") == ["TCF101", "TCF003", "TCF041"]
    unpinned = project(tmp_path / "q", '[project]\nname = "q"\nrequires-python = ">=3.12"\n')
    assert codes(unpinned, "--target-version", "py39") == ["TCF001", "TCF101", "TCF003", "TCF041"]


def test_messages_say_why_a_rule_applies(tmp_path: Path) -> None:
    root = project(
        tmp_path / "p",
        '[project]\nname = "p"\nrequires-python = ">=3.10"\n'
        'dependencies = ["langchain-core>=1.0"]\n',
    )
    found = "\n".join(messages(root))
    assert (
        "drops the caller's config on Python 3.10 with langchain-core < 1.4.8, which "
        "`requires-python >=3.10` and `langchain-core>=1.0` in pyproject.toml admit" in found
    )
    assert (
        "drops the caller's config on Python 3.10, which `requires-python >=3.10` admits" in found
    )
    # A defect that does not depend on versions says nothing of them.
    assert "is never injected by LangChain: the tool receives `None`" in found


def _settings(target: str, **packages: str) -> Settings:
    return Settings(
        target_version=Version.parse(target),
        target_version_source="`requires-python >=" + target + "`",
        packages={
            name.replace("_", "-"): Declared(parse_specifiers(spec), f"`{name}{spec}`", "")
            for name, spec in packages.items()
        },
    )


@pytest.mark.parametrize(
    "target, expected",
    [
        ("3.8", " on Python 3.8 to 3.10, which `requires-python >=3.8` admits"),
        ("3.9", " on Python 3.9 and 3.10, which `requires-python >=3.9` admits"),
        ("3.10", " on Python 3.10, which `requires-python >=3.10` admits"),
        ("3.11", None),
        ("3.13", None),
    ],
)
def test_the_words_for_a_python_bound(target: str, expected: str) -> None:
    assert words(RULES["TCF041"].condition, _settings(target)) == expected


def test_a_package_bound_the_project_is_past_silences_the_rule() -> None:
    tool = RULES["TCF001"].condition
    assert words(tool, _settings("3.10", langchain_core=">=1.4.8")) is None
    assert words(tool, _settings("3.10", langchain_core=">=1.4")) == (
        " on Python 3.10 with langchain-core < 1.4.8, which `requires-python >=3.10` and "
        "`langchain_core>=1.4` admit"
    )


def test_tcf101_speaks_of_the_default_only_where_it_fails() -> None:
    rule = RULES["TCF101"]
    assert words(rule.condition_of("optional"), _settings("3.12")) == ""
    assert words(rule.condition_of("default"), _settings("3.11")) is None
    assert words(rule.condition_of("default"), _settings("3.10", langchain_core=">=1.6")) is None
    assert words(rule.condition_of("default"), _settings("3.10")) == (
        " on Python 3.10 with langchain-core < 1.6.0, which `requires-python >=3.10` admits"
    )


WRAPPER = """\
from typing import Any

from langchain_core.tools import BaseTool


class LoggedTool(BaseTool):
    name: str = "logged"
    description: str = "Run the wrapped tool."
    inner: Any = None

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(self, query, config=None):
        return await self.inner.ainvoke(query, config=config)


class ProfileTool(BaseTool):
    name: str = "profile"
    description: str = "Look up the user's profile."

    def _run(self, query: str) -> str:
        raise NotImplementedError

    async def _arun(self, query, config=None):
        return await self.inner.ainvoke(config["configurable"]["user_id"], config=config)
"""


def _wrapper_project(root: Path, pyproject: str) -> Path:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(pyproject)
    (root / "tools.py").write_text(WRAPPER)
    return root


def test_a_config_never_injected_and_only_passed_on_is_lost_only_where_the_context_drops_it(
    tmp_path: Path,
) -> None:
    """Passing on ``None`` leaves the call to the context's config: lost on Python 3.10 with
    langchain-core < 1.4.8 only. Reading from it fails everywhere."""
    old = _wrapper_project(
        tmp_path / "old",
        '[project]\nname = "p"\nrequires-python = ">=3.10"\n'
        'dependencies = ["langchain-core>=1.0"]\n',
    )
    [wrapper, reader] = messages(old)
    assert wrapper.endswith(
        "the tool passes `None` on, so its runnable calls run without the caller's config on "
        "Python 3.10 with langchain-core < 1.4.8, which `requires-python >=3.10` and "
        "`langchain-core>=1.0` in pyproject.toml admit (unsafe fix available)"
    )
    assert ":25:" in reader and "TCF102" in reader
    for pyproject in (
        '[project]\nname = "p"\nrequires-python = ">=3.11"\n',
        '[project]\nname = "p"\nrequires-python = ">=3.10"\ndependencies = ["langchain-core>=1.4.8"]\n',
    ):
        name = f"new{len(pyproject)}"
        [reader] = messages(_wrapper_project(tmp_path / name, pyproject))
        assert ":25:" in reader and "TCF102" in reader


def test_each_never_injected_variant_bites_where_it_was_measured() -> None:
    forwarded = [
        RULES["TCF101"].condition_of("optional-forwarded"),
        RULES["TCF101"].condition_of("default-forwarded"),
        RULES["TCF102"].condition_of("untyped-forwarded"),
    ]
    for condition in forwarded:
        assert words(condition, _settings("3.11")) is None
        assert words(condition, _settings("3.10", langchain_core=">=1.4.8")) is None
        assert words(condition, _settings("3.10", langchain_core=">=1.4")) == (
            " on Python 3.10 with langchain-core < 1.4.8, which `requires-python >=3.10` and "
            "`langchain_core>=1.4` admit"
        )
    assert words(RULES["TCF102"].condition_of("untyped"), _settings("3.12")) == ""


@pytest.mark.parametrize(
    "target, expected",
    [
        # LangChain v1 needs Python 3.10: a project that declares 3.9 runs create_agent on 3.10.
        ("3.9", " on Python 3.10, which `requires-python >=3.9` admits"),
        ("3.10", " on Python 3.10, which `requires-python >=3.10` admits"),
        ("3.11", None),
    ],
)
def test_create_agent_is_said_to_bite_on_python_310_only(target: str, expected: str) -> None:
    assert words(RULES["TCF061"].condition, _settings(target)) == expected


def test_tcf105_bites_only_with_a_langgraph_that_reads_the_annotation() -> None:
    condition = RULES["TCF105"].condition
    assert condition.describe() == "langgraph >= 0.6.0"
    assert words(condition, _settings("3.12")) == " with langgraph >= 0.6.0"
    assert words(condition, _settings("3.12", langgraph="<0.6")) is None
    assert words(condition, _settings("3.12", langgraph="==0.5.4")) is None
    assert words(condition, _settings("3.12", langgraph=">=0.2")) == (
        " with langgraph >= 0.6.0, which `langgraph>=0.2` admits"
    )


GRAPH = """\
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def stream_answer(state: MessagesState):
    async for chunk in llm.astream(state["messages"]):
        yield {"messages": [chunk]}


async def answer(state: MessagesState):
    return {"messages": [await llm.ainvoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("stream", stream_answer)
builder.add_node("answer", answer)
"""


def test_an_async_generator_node_bites_where_lambdas_do(tmp_path: Path) -> None:
    """LangGraph runs it as a RunnableLambda: lost only with langchain-core < 1.4.8."""
    old = tmp_path / "old"
    old.mkdir()
    (old / "pyproject.toml").write_text(
        '[project]\nname = "p"\nrequires-python = ">=3.10"\ndependencies = ["langgraph>=0.6"]\n'
    )
    (old / "graph.py").write_text(GRAPH)
    [generator, node] = messages(old)
    assert "LangGraph node `stream_answer` (an async generator) takes no `config`" in generator
    assert generator.endswith(
        "on Python 3.10 with langchain-core < 1.4.8, which `requires-python >=3.10` admits"
    )
    assert node.endswith("on Python 3.10, which `requires-python >=3.10` admits")
    new = tmp_path / "new"
    new.mkdir()
    (new / "pyproject.toml").write_text(
        '[project]\nname = "p"\nrequires-python = ">=3.10"\n'
        'dependencies = ["langgraph>=1", "langchain-core>=1.4.8"]\n'
    )
    (new / "graph.py").write_text(GRAPH)
    [node] = messages(new)
    assert "LangGraph node `answer` takes no `config`" in node
