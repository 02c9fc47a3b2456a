"""End to end: code fixed by ``toolcfg check --fix`` really forwards config.

Each naive example in ``examples/`` is copied to a temporary directory, fixed
by running toolcfg in a subprocess, and imported from there. Its tool is then
run under ``astream_events(version="v2")`` with a fake chat model, and the
chat model's events must reach the caller while the tool runs, as children of
the tool's run.

On Python 3.11+ the events also arrive for naive code (contextvars carry the
config), so these tests prove the fix is correct, not that it was needed.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from support import run_module

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = REPO_ROOT / "examples"


def _set_model(module: ModuleType, model: GenericFakeChatModel) -> None:
    module.model = model


def _set_summarize_chain(module: ModuleType, model: GenericFakeChatModel) -> None:
    module.chain = module.build_chain(model)


@dataclass(frozen=True)
class Example:
    file: str
    tool_attr: str  # the module attribute that holds the tool
    tool_input: dict[str, Any]
    install_model: Callable[[ModuleType, GenericFakeChatModel], None] = _set_model


NAIVE_EXAMPLES = [
    Example(
        "summarize_naive.py",
        "summarize",
        {"text": "LangChain is a framework for building LLM applications."},
        install_model=_set_summarize_chain,
    ),
    Example("spelling_bare.py", "ask", {"question": "What is LangChain?"}),
    Example("spelling_named.py", "translate", {"text": "Good morning"}),
    Example("spelling_kwargs.py", "rewrite", {"text": "Send it now.", "tone": "polite"}),
    Example("spelling_alias.py", "classify", {"text": "I love this library."}),
    Example("spelling_module_attr.py", "extract_keywords", {"text": "Config lost on 3.10."}),
]

NOT_FLAGGED_EXAMPLES = ["not_flagged.py", "not_flagged_local_tool.py"]


def run_toolcfg(*args: str) -> subprocess.CompletedProcess[str]:
    return run_module(*args, cwd=REPO_ROOT, timeout=300)


def fix_with_toolcfg(path: Path) -> None:
    """Run ``toolcfg check --fix path`` and require that every problem was fixed."""
    result = run_toolcfg("check", "--fix", str(path))
    assert result.returncode == 0, (
        f"toolcfg check --fix {path} exited {result.returncode}\n"
        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )


def import_from_path(path: Path) -> ModuleType:
    name = f"toolcfg_e2e_{path.stem}_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class FixedExample:
    example: Example
    path: Path
    module: ModuleType

    @property
    def tool(self) -> BaseTool:
        tool = getattr(self.module, self.example.tool_attr)
        assert isinstance(tool, BaseTool)
        return tool

    def install_fake_model(self) -> None:
        model = GenericFakeChatModel(messages=iter([AIMessage(content="hello world")]))
        self.example.install_model(self.module, model)

    def stream_events(self) -> list[dict[str, Any]]:
        """Run the tool under astream_events v2 with a fresh fake model."""
        self.install_fake_model()

        async def collect() -> list[dict[str, Any]]:
            return [
                event
                async for event in self.tool.astream_events(self.example.tool_input, version="v2")
            ]

        return asyncio.run(collect())


@pytest.fixture(scope="module", params=NAIVE_EXAMPLES, ids=lambda e: Path(e.file).stem)
def fixed(request, tmp_path_factory) -> Iterator[FixedExample]:
    """A naive example, copied to a temporary directory, fixed and imported."""
    example: Example = request.param
    path = tmp_path_factory.mktemp("fixed") / example.file
    shutil.copyfile(EXAMPLES_DIR / example.file, path)
    fix_with_toolcfg(path)
    module = import_from_path(path)
    yield FixedExample(example, path, module)
    sys.modules.pop(module.__name__, None)


def test_fixed_example_passes_check(fixed: FixedExample) -> None:
    result = run_toolcfg("check", str(fixed.path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_fixed_tool_emits_inner_chat_model_end(fixed: FixedExample) -> None:
    events = fixed.stream_events()
    assert "on_chat_model_end" in [event["event"] for event in events]


def test_inner_chat_model_end_arrives_while_tool_runs(fixed: FixedExample) -> None:
    names = [event["event"] for event in fixed.stream_events()]
    assert (
        names.index("on_tool_start") < names.index("on_chat_model_end") < names.index("on_tool_end")
    )


def test_inner_chat_model_run_is_a_child_of_the_tool_run(fixed: FixedExample) -> None:
    # The config LangChain injects into a tool is the one the tool was *called with*:
    # forwarding it as is (``config=config``) would file the model run beside the tool run.
    # The fix forwards ``patch_config(config, callbacks=callbacks)``, the tool run's own
    # callbacks, so the model run is the tool run's child.
    events = fixed.stream_events()
    [tool_run] = [event["run_id"] for event in events if event["event"] == "on_tool_start"]
    [model_end] = [event for event in events if event["event"] == "on_chat_model_end"]
    assert tool_run in model_end["parent_ids"], (tool_run, model_end["parent_ids"])


def test_fixed_tool_returns_model_reply(fixed: FixedExample) -> None:
    fixed.install_fake_model()
    assert asyncio.run(fixed.tool.ainvoke(fixed.example.tool_input)) == "hello world"


def test_fixed_tool_args_exclude_config(fixed: FixedExample) -> None:
    assert set(fixed.tool.args) == set(fixed.example.tool_input)


def test_fixed_args_schema_excludes_config(fixed: FixedExample) -> None:
    properties = fixed.tool.args_schema.model_json_schema()["properties"]
    assert set(properties) == set(fixed.example.tool_input)


def test_schema_sent_to_model_excludes_config(fixed: FixedExample) -> None:
    parameters = convert_to_openai_tool(fixed.tool)["function"]["parameters"]
    assert set(parameters.get("properties", {})) == set(fixed.example.tool_input)


def test_fixed_summarize_matches_committed_example(tmp_path: Path) -> None:
    path = tmp_path / "summarize_naive.py"
    shutil.copyfile(EXAMPLES_DIR / "summarize_naive.py", path)
    fix_with_toolcfg(path)
    assert path.read_bytes() == (EXAMPLES_DIR / "summarize_fixed.py").read_bytes()


@pytest.mark.parametrize("example", NAIVE_EXAMPLES, ids=lambda e: Path(e.file).stem)
def test_naive_example_is_reported_as_tcf001(example: Example) -> None:
    result = run_toolcfg("check", str(EXAMPLES_DIR / example.file))
    assert "TCF001" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("file", NOT_FLAGGED_EXAMPLES)
def test_not_flagged_example_has_no_findings(file: str) -> None:
    result = run_toolcfg("check", str(EXAMPLES_DIR / file))
    assert result.returncode == 0, result.stdout + result.stderr
