"""Time toolcfg on one big module: ``--fix``, ``--diff`` and the full and JSON formats, each
as a ratio to ``check`` on the same file, and the peak memory of each.

    python bench/bigfile.py                         # 17,500 lines, 3 runs
    python bench/bigfile.py --lines 5000 35000      # several sizes: is the growth linear?
    python bench/bigfile.py --keep DIR              # also write the generated module to DIR
    python bench/bigfile.py --stages                # where each command's time goes

The module is generated: about 14 findings of several kinds (async ``@tool`` functions that
take no config or do not forward it, a tool that reaches a model through a helper, LangGraph
nodes registered with ``add_node``, a ``RunnableLambda``), with a few hundred lines of
ordinary code between each two, as a big application module has. Ordinary code repeats
itself (``return None``, blank lines, the same call in many places), which is what makes a
whole-file line matcher slow.

Each command runs in a fresh copy of the project, alternating with the others so that the
machine's noise hits them alike; the figures are medians of wall time and of CPU time (user
and system, of toolcfg and the formatter it runs), which a loaded machine moves less. Peak
memory is the child's ``ru_maxrss``, largest of the runs. It is a script, not a test: on a
shared machine timings mean something only as ratios.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

HEADER = '''"""A generated application module: tools, nodes and a great deal of ordinary code."""

import asyncio
import json
import logging
from typing import Any, Dict, List, Optional

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from langgraph.graph import END, START, StateGraph
from typing_extensions import TypedDict

logger = logging.getLogger(__name__)
llm: BaseChatModel = None  # set at start-up
chain = None


class State(TypedDict):
    messages: List[Any]
    notes: Dict[str, str]


'''

PYPROJECT = """[project]
name = "bigfile"
version = "0"
requires-python = ">=3.9"
dependencies = ["langchain-core>=0.3", "langgraph>=0.2"]
"""


def ordinary(index: int, lines: int) -> str:
    """About ``lines`` lines of code that registers nothing: classes, loops, dicts, and
    lines that repeat all over the file."""
    parts: List[str] = []
    count = 0
    k = 0
    while count < lines:
        name = f"{index}_{k}"
        block = f'''class Record{name}:
    """A record of the application, number {name}."""

    def __init__(self, key: str, value: Optional[int] = None) -> None:
        self.key = key
        self.value = value
        self.history: List[int] = []

    def update(self, value: int) -> None:
        if value is None:
            return None
        self.history.append(value)
        self.value = value

    def total(self) -> int:
        result = 0
        for item in self.history:
            if item < 0:
                continue
            result += item
        return result

    def as_dict(self) -> Dict[str, Any]:
        return {{
            "key": self.key,
            "value": self.value,
            "history": list(self.history),
        }}


def load_{name}(path: str) -> Dict[str, Any]:
    """Read the settings for part {name}."""
    with open(path) as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        return {{}}
    logger.debug("loaded %s", path)
    return data


def merge_{name}(left: Dict[str, Any], right: Dict[str, Any]) -> Dict[str, Any]:
    merged = dict(left)
    for key, value in right.items():
        if key in merged and isinstance(merged[key], dict):
            merged[key] = merge_{name}(merged[key], value)
        else:
            merged[key] = value
    return merged


'''
        if count + block.count("\n") // 2 > lines and parts:
            break
        parts.append(block)
        count += block.count("\n")
        k += 1
    return "".join(parts)


def finding(index: int) -> Tuple[str, str]:
    """One function toolcfg reports, of a kind chosen by ``index``; and the line that
    registers it, if it needs one (a node's ``add_node``)."""
    kind = index % 5
    if kind == 0:  # TCF001: a tool that takes no config
        return (
            f'''@tool
async def lookup_{index}(query: str) -> str:
    """Look something up, number {index}."""
    answer = await chain.ainvoke({{"query": query}})
    return answer


''',
            "",
        )
    if kind == 1:  # TCF002: a tool that takes the config and drops it
        return (
            f'''@tool
async def search_{index}(query: str, config: RunnableConfig) -> str:
    """Search, number {index}."""
    logger.info("searching %s", config.get("tags"))
    return await llm.ainvoke([("human", query)])


''',
            "",
        )
    if kind == 2:  # a tool that reaches the model through a helper
        return (
            f'''async def summarize_helper_{index}(text: str) -> str:
    reply = await llm.ainvoke([("human", text)])
    return reply.content


@tool
async def summarize_{index}(text: str) -> str:
    """Summarise, number {index}."""
    return await summarize_helper_{index}(text)


''',
            "",
        )
    if kind == 3:  # TCF041: a LangGraph node
        return (
            f"""async def node_{index}(state: State) -> dict:
    reply = await llm.ainvoke(state["messages"])
    return {{"messages": [reply]}}


""",
            f'    builder.add_node("node_{index}", node_{index})\n',
        )
    return (  # TCF031: a RunnableLambda
        f"""async def step_{index}(inputs: dict) -> dict:
    result = await chain.ainvoke(inputs)
    return {{"result": result}}


lambda_{index} = RunnableLambda(step_{index})


""",
        "",
    )


def generate(lines: int, findings: int = 14) -> str:
    """A module of about ``lines`` lines holding ``findings`` functions to report."""
    body = lines - 30 - 8 * findings
    between = max(body // (findings + 1), 20)
    parts = [HEADER, ordinary(0, between)]
    registrations: List[str] = []
    for index in range(findings):
        text, registration = finding(index)
        parts.append(text)
        if registration:
            registrations.append(registration)
        parts.append(ordinary(index + 1, between))
    parts.append("def build_graph():\n    builder = StateGraph(State)\n")
    parts.extend(registrations)
    parts.append("    builder.add_edge(START, END)\n    return builder.compile()\n")
    text = "".join(parts)
    # RunnableConfig is imported for the kind-1 tools; the fix adds what else it needs.
    return text.replace(
        "from langchain_core.runnables import RunnableLambda",
        "from langchain_core.runnables import RunnableConfig, RunnableLambda",
    )


def write_project(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(PYPROJECT)
    module = directory / "app.py"
    module.write_text(text)
    return module


def timed(command: Sequence[str], cwd: Path, env: Dict[str, str]) -> Tuple[float, float, int, int]:
    """Wall time and CPU time (user and system, the formatter's runs included) in seconds,
    peak memory in KiB, and the exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


COMMANDS: Dict[str, List[str]] = {
    "check": [],
    "check --fix": ["--fix"],
    "check --diff": ["--diff"],
    "--output-format full": ["--output-format", "full"],
    "--output-format json": ["--output-format", "json"],
}


def measure(lines: int, runs: int, keep: Path | None = None) -> None:
    text = generate(lines)
    work = Path(tempfile.mkdtemp(prefix="toolcfg-bigfile-"))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    base = [sys.executable, "-m", "toolcfg", "check", "--no-cache", "--exit-zero", "app.py"]
    if keep is not None:
        write_project(keep, text)
    found = subprocess.run(
        [*base, "--output-format", "concise"],
        cwd=write_project(work / "probe", text).parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    reported = sum(1 for line in found.stdout.splitlines() if ": TCF" in line)
    walls: Dict[str, List[float]] = {label: [] for label in COMMANDS}
    cpus: Dict[str, List[float]] = {label: [] for label in COMMANDS}
    memory: Dict[str, int] = dict.fromkeys(COMMANDS, 0)
    for run in range(runs):
        for index, (label, extra) in enumerate(COMMANDS.items()):
            # A fresh copy each time: --fix writes the file.
            project = write_project(work / f"{run}-{index}", text).parent
            wall, cpu, peak, code = timed([*base, *extra], project, env)
            if code not in (0, 1):
                raise SystemExit(f"{label} exited with {code} on {project}")
            walls[label].append(wall)
            cpus[label].append(cpu)
            memory[label] = max(memory[label], peak)
    wall_check, cpu_check = statistics.median(walls["check"]), statistics.median(cpus["check"])
    print(f"{text.count(chr(10)):,} lines, {reported} findings ({runs} runs, medians)")
    print(
        f"{'command':<24} {'wall s':>8} {'x check':>8} {'CPU s':>8} {'x check':>8} {'peak MiB':>9}"
    )
    for label in COMMANDS:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        print(
            f"{label:<24} {wall:>8.2f} {wall / wall_check:>8.2f} {cpu:>8.2f}"
            f" {cpu / cpu_check:>8.2f} {memory[label] / 1024:>9.1f}"
        )
    shutil.rmtree(work, ignore_errors=True)


#: What ``--stages`` times, inclusive: (what, module, the name its callers look up there).
#: A name the module does not have (the code moved) is left out.
STAGES = (
    ("summarise (ast)", "toolcfg.scan", "summarize"),
    ("analyse (LibCST, planned functions)", "toolcfg.pipeline", "_analyse"),
    ("apply fixes", "toolcfg.codemods.apply", "apply_text"),
    ("  of which in pieces (LibCST)", "toolcfg.codemods.apply", "_in_pieces"),
    ("check the fixed text", "toolcfg.fixing", "check"),
    ("  of which compile()", "toolcfg.fixchecks", "_compiles"),
    ("  of which LibCST, pieces", "toolcfg.fixchecks", "_parses_alone"),
    ("  of which LibCST, whole", "toolcfg.fixchecks", "_parses"),
    ("  of which names (symtable)", "toolcfg.fixchecks", "_globals"),
    ("where the pieces are (ast), in both", "toolcfg.codemods.pieces", "outline"),
    ("formatter layout", "toolcfg.formatting", "relayout"),
    ("  of which tokenize", "toolcfg.formatting", "_read"),
    ("  of which compile() again", "toolcfg.formatting", "_compiles"),
    ("  of which row_map", "toolcfg.formatting", "row_map"),
    ("text edits of the fixes", "toolcfg.fixing", "text_edits"),
    ("--diff positions on disk", "toolcfg.runner", "position_before"),
    ("--diff unified diff", "toolcfg.runner", "file_diff"),
    ("full format fix diffs", "toolcfg.report", "_fix_diff"),
)


def stages_child(output: str, argv: List[str]) -> None:
    """Run ``toolcfg`` here with each stage timed, and write the times to ``output``."""
    spent: Dict[str, float] = {}
    started = time.process_time()

    def timed_stage(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - start

        return wrapper

    for label, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            setattr(module, name, timed_stage(label, getattr(module, name)))

    def write() -> None:
        spent["total (in process)"] = time.process_time() - started
        Path(output).write_text(json.dumps(spent))

    atexit.register(write)
    from toolcfg.cli import main

    sys.argv = ["toolcfg", *argv]
    main()


def stages(lines: int) -> None:
    """Each command once, with its CPU time split by stage: the process's own, so that the
    machine's load does not count (a formatter's runs are not in it)."""
    text = generate(lines)
    work = Path(tempfile.mkdtemp(prefix="toolcfg-bigfile-"))
    print(f"{text.count(chr(10)):,} lines: CPU seconds per stage (inclusive; one run each)")
    found: Dict[str, Dict[str, float]] = {}
    for label, extra in COMMANDS.items():
        project = write_project(work / label.replace(" ", "_"), text).parent
        output = project / "stages.json"
        argv = ["check", "--no-cache", "--exit-zero", "app.py", *extra]
        command = [sys.executable, __file__, "--stages-child", str(output), *argv]
        subprocess.run(command, cwd=project, capture_output=True, check=True)
        found[label] = json.loads(output.read_text())
    names = [label for label, _, _ in STAGES] + ["total (in process)"]
    print(f"{'stage':<38}" + "".join(f"{label[-12:]:>13}" for label in COMMANDS))
    for name in names:
        cells = [found[label].get(name) for label in COMMANDS]
        if any(cells):
            print(f"{name:<38}" + "".join(f"{c:>13.2f}" if c else f"{'':>13}" for c in cells))
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[17500])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the generated project here too")
    parser.add_argument("--stages", action="store_true", help="split each command's time")
    if sys.argv[1:2] == ["--stages-child"]:
        stages_child(sys.argv[2], sys.argv[3:])
        return
    options = parser.parse_args()
    for lines in options.lines:
        if options.stages:
            stages(lines)
        else:
            measure(lines, options.runs, options.keep)
        print()


if __name__ == "__main__":
    main()
