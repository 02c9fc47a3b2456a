"""Runtime matrix: naive constructs lose inner events where FACTS.md says, fixed ones never do.

For every ``examples/construct_*.py`` a naive copy and a copy fixed by
``toolcfg check --fix`` are run, in one ``probe.py`` subprocess per
environment, under a fake chat model:

- ``py310-core03``: Python 3.10, langchain-core 0.3.x, langgraph 0.6.x;
- ``py310-newest``: Python 3.10, the newest langchain-core < 2 and langgraph < 2
  that install there;
- ``current``: the interpreter running pytest, with its own packages.

The Python 3.10 environments are venvs built once and cached outside the
repository, in ``$TOOLCFG_E2E_CACHE`` (default ``~/.cache/toolcfg-e2e``),
one directory per environment and hash of its interpreter version and
requirements. Delete that directory to rebuild them with newer releases. The
tests of an environment are skipped when no Python 3.10 is found (set
``TOOLCFG_E2E_PYTHON310`` to point at one).

The tests check that (a) each naive construct loses the chat model's events
(and, for LangGraph, its message chunks; the whole message a node returns is
still emitted by ``stream_mode="messages"``) exactly where ``FACTS.md`` measured
LOST for that Python and langchain-core version, and gets them where it
measured ok; (b) each fixed construct gets them in every environment; and
(c) fixing a tool never adds ``config`` to any schema the model sees.
"""

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

pytestmark = pytest.mark.runtime

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples"
PROBE = Path(__file__).resolve().with_name("probe.py")
REPLY = "hello world"  # what the probe's fake chat model answers
MARKER = "toolcfg-e2e-complete.json"  # written last into a finished venv


# --------------------------------------------------------------------------
# What is run
# --------------------------------------------------------------------------

# Rows of the FACTS.md table "When the inner calls are lost".
ASYNC_TOOL = "async tool"
ASYNC_LAMBDA = "async RunnableLambda / @chain"
SYNC_LAMBDA = "sync RunnableLambda calling .invoke"
GRAPH_NODE = "LangGraph node / @entrypoint"

MESSAGES_INPUT = {"messages": [["user", "What is LangChain?"]]}


@dataclass(frozen=True)
class Construct:
    file: str  # stem of examples/<file>.py
    row: str  # its row in the FACTS.md table
    codes: Tuple[str, ...]  # what `toolcfg check` reports on the naive file
    kind: str  # "tool", "runnable" or "graph" (see probe.py)
    attr: str  # the module attribute to run
    input: Any
    install: str = "model"  # "model" or "build_graph" (see probe.py)
    nodes: Tuple[str, ...] = ()  # graphs: the nodes that call the model, once each

    @property
    def replies(self) -> int:
        return max(1, len(self.nodes))


CONSTRUCTS = [
    Construct(
        "construct_structured_tool", ASYNC_TOOL, ("TCF011",), "tool",
        "summarize_tool", {"text": "LangChain is a framework for LLM apps."},
    ),
    Construct(
        "construct_tool_call", ASYNC_TOOL, ("TCF011",), "tool",
        "search_docs_tool", {"query": "How do I stream events?"},
    ),
    Construct(
        "construct_base_tool", ASYNC_TOOL, ("TCF021",), "tool",
        "answer_tool", {"query": "What is LangChain?"},
    ),
    Construct(
        "construct_runnable_lambda", ASYNC_LAMBDA, ("TCF031",), "runnable",
        "answer_chain", "What is LangChain?",
    ),
    Construct(
        "construct_runnable_lambda_sync", SYNC_LAMBDA, ("TCF031",), "runnable",
        "answer_chain", "What is LangChain?",
    ),
    Construct(
        "construct_chain", ASYNC_LAMBDA, ("TCF031",), "runnable",
        "answer_chain", "What is LangChain?",
    ),
    Construct(
        "construct_graph_node", GRAPH_NODE, ("TCF041", "TCF041"), "graph",
        "graph", MESSAGES_INPUT, install="build_graph", nodes=("agent", "summarize"),
    ),
    Construct(
        "construct_graph_sync_node", GRAPH_NODE, ("TCF041",), "graph",
        "graph", MESSAGES_INPUT, nodes=("call_model",),
    ),
    Construct(
        "construct_entrypoint", GRAPH_NODE, ("TCF041",), "graph",
        "answer_workflow", "What is LangChain?", nodes=("answer_workflow",),
    ),
]
TOOL_CONSTRUCTS = [c for c in CONSTRUCTS if c.kind == "tool"]
VARIANTS = ("naive", "fixed")


def version_tuple(version: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def facts_say_lost(row: str, python: str, core: str) -> bool:
    """Whether FACTS.md measured the naive construct LOST in this environment."""
    if version_tuple(python) >= (3, 11):
        return False
    if row == GRAPH_NODE:
        return True  # LOST on 3.9/3.10 with langchain-core 0.3 and 1.x alike
    return version_tuple(core) <= (1, 4, 7)


@dataclass(frozen=True)
class Env:
    name: str
    requirements: Tuple[str, ...]  # empty: the interpreter running pytest, as it is
    core_range: Tuple[str, str] = ("0", "999")  # langchain-core it must get: [low, high)
    langgraph_range: Tuple[str, str] = ("0", "999")


ENVS = [
    Env(
        "py310-core03",
        ("langchain-core>=0.3,<0.4", "langgraph>=0.6,<0.7"),
        core_range=("0.3", "0.4"),
        langgraph_range=("0.6", "0.7"),
    ),
    Env(
        "py310-newest",
        ("langchain-core<2", "langgraph<2"),
        core_range=("1.4.8", "2"),
        langgraph_range=("1", "2"),
    ),
    Env("current", ()),
]


# --------------------------------------------------------------------------
# Environments: find Python 3.10, build and cache venvs
# --------------------------------------------------------------------------


def python_version_of(executable: str) -> Optional[str]:
    """The version of an interpreter that really runs, else None (pyenv shims fail)."""
    try:
        result = subprocess.run(
            [executable, "-c", "import platform; print(platform.python_version())"],
            capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def find_python310() -> Tuple[Optional[str], str]:
    """An interpreter for Python 3.10 and its version, or None and where we looked."""
    candidates = []
    if os.environ.get("TOOLCFG_E2E_PYTHON310"):
        candidates.append(os.environ["TOOLCFG_E2E_PYTHON310"])
    try:
        root = subprocess.run(
            ["pyenv", "root"], capture_output=True, text=True, timeout=60
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        root = ""
    if root:
        found = glob.glob(os.path.join(root, "versions", "3.10.*", "bin", "python"))
        candidates.extend(sorted(found, key=lambda p: version_tuple(p.split(os.sep)[-3]), reverse=True))
    on_path = shutil.which("python3.10")
    if on_path:
        candidates.append(on_path)
    for candidate in candidates:
        version = python_version_of(candidate)
        if version and version.startswith("3.10."):
            return candidate, version
    looked = ", ".join(candidates) or "nothing found"
    return None, (
        "no working Python 3.10 (tried $TOOLCFG_E2E_PYTHON310, `pyenv root`/versions/3.10.*, "
        f"python3.10 on PATH: {looked})"
    )


def cache_root() -> Path:
    return Path(os.environ.get("TOOLCFG_E2E_CACHE") or Path.home() / ".cache" / "toolcfg-e2e")


def run_checked(cmd: List[str], what: str, timeout: float) -> str:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit {result.returncode}): {' '.join(map(str, cmd))}\n"
            f"stdout:\n{result.stdout[-5000:]}\nstderr:\n{result.stderr[-5000:]}"
        )
    return result.stdout


def cached_venv(env: Env, base_python: str, base_version: str) -> str:
    """The Python of ``env``'s venv, built into the cache unless a finished one is there."""
    key = json.dumps({"python": base_version, "requirements": env.requirements})
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    directory = root / f"{env.name}-{digest}"
    python = str(directory / "bin" / "python")
    with open(root / f"{directory.name}.lock", "w") as lock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            pass
        else:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time, across processes
        if (directory / MARKER).is_file():
            return python
        shutil.rmtree(directory, ignore_errors=True)  # an unfinished build
        run_checked([base_python, "-m", "venv", str(directory)], "creating a venv", 300)
        run_checked(
            [python, "-m", "pip", "install", "--disable-pip-version-check",
             "--no-input", "--quiet", "--no-compile", *env.requirements],
            f"installing {env.name}", 900,
        )
        freeze = run_checked([python, "-m", "pip", "freeze"], "pip freeze", 120)
        (directory / MARKER).write_text(
            json.dumps({"python": base_version, "requirements": env.requirements,
                        "freeze": freeze.splitlines()}, indent=1)
        )
    return python


# --------------------------------------------------------------------------
# Fixtures: fixed copies, and the probe's results per environment
# --------------------------------------------------------------------------


def run_toolcfg(*args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "toolcfg", *args],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )


@dataclass
class Prepared:
    """Naive and fixed copies of every construct example."""

    paths: Dict[Tuple[str, str], Path] = field(default_factory=dict)  # (file, variant)
    fix_errors: Dict[str, str] = field(default_factory=dict)  # file -> toolcfg output


@pytest.fixture(scope="session")
def prepared(tmp_path_factory) -> Prepared:
    prepared = Prepared()
    for variant in VARIANTS:
        directory = tmp_path_factory.mktemp(variant)
        for construct in CONSTRUCTS:
            path = directory / f"{construct.file}.py"
            shutil.copyfile(EXAMPLES_DIR / f"{construct.file}.py", path)
            prepared.paths[construct.file, variant] = path
            if variant == "fixed":
                result = run_toolcfg("check", "--fix", str(path))
                if result.returncode != 0:
                    prepared.fix_errors[construct.file] = (
                        f"toolcfg check --fix exited {result.returncode}\n"
                        f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
                    )
    return prepared


class Matrix:
    """Runs the probe once per environment, on first use, and keeps the results."""

    def __init__(self, prepared: Prepared, workdir: Path) -> None:
        self.prepared = prepared
        self.workdir = workdir
        self.results: Dict[str, Any] = {}  # env name -> results, or an exception
        self.python310: Optional[Tuple[Optional[str], str]] = None

    def jobs(self) -> List[Dict[str, Any]]:
        jobs = []
        for construct in CONSTRUCTS:
            for variant in VARIANTS:
                if variant == "fixed" and construct.file in self.prepared.fix_errors:
                    continue
                jobs.append({
                    "id": f"{construct.file}/{variant}",
                    "path": str(self.prepared.paths[construct.file, variant]),
                    "kind": construct.kind,
                    "attr": construct.attr,
                    "input": construct.input,
                    "install": construct.install,
                    "replies": construct.replies,
                })
        return jobs

    def interpreter(self, env: Env) -> str:
        if not env.requirements:
            return sys.executable
        if self.python310 is None:
            self.python310 = find_python310()
        base, version_or_reason = self.python310
        if base is None:
            raise Skip(f"{env.name}: {version_or_reason}")
        return cached_venv(env, base, version_or_reason)

    def run(self, env: Env) -> Dict[str, Any]:
        python = self.interpreter(env)
        jobs_path = self.workdir / f"{env.name}-jobs.json"
        results_path = self.workdir / f"{env.name}-results.json"
        jobs_path.write_text(json.dumps(self.jobs(), indent=1))
        run_checked([python, str(PROBE), str(jobs_path), str(results_path)],
                    f"probe in {env.name}", 600)
        return json.loads(results_path.read_text())

    def get(self, env: Env) -> Dict[str, Any]:
        if env.name not in self.results:
            try:
                self.results[env.name] = self.run(env)
            except (Skip, RuntimeError, subprocess.TimeoutExpired) as error:
                self.results[env.name] = error
        outcome = self.results[env.name]
        if isinstance(outcome, Skip):
            pytest.skip(str(outcome))
        if isinstance(outcome, Exception):
            pytest.fail(f"environment {env.name} could not be run:\n{outcome}", pytrace=False)
        return outcome


class Skip(Exception):
    pass


@pytest.fixture(scope="session")
def matrix(prepared, tmp_path_factory) -> Matrix:
    return Matrix(prepared, tmp_path_factory.mktemp("probe"))


# --------------------------------------------------------------------------
# Helpers over one probe result
# --------------------------------------------------------------------------


def job_result(results: Dict[str, Any], construct: Construct, variant: str) -> Dict[str, Any]:
    result = results["jobs"][f"{construct.file}/{variant}"]
    assert "error" not in result, f"{construct.file} ({variant}) raised in " \
        f"{describe(results)}:\n{result['error']}"
    return result


def describe(results: Dict[str, Any]) -> str:
    return (f"Python {results['python']}, langchain-core {results['langchain_core']}, "
            f"langgraph {results['langgraph']}")


def chat_model_events(result: Dict[str, Any]) -> Dict[str, int]:
    events = result["events"]
    return {name: events.count(name) for name in ("on_chat_model_end", "on_chat_model_stream")}


def assert_inner_calls_seen(construct: Construct, variant: str, results: Dict[str, Any]) -> None:
    result = job_result(results, construct, variant)
    where = f"{construct.file} ({variant}) in {describe(results)}"
    assert result["reply"] == REPLY, f"{where}: the outer call returned {result['reply']!r}"
    assert chat_model_events(result)["on_chat_model_end"] == construct.replies, (
        f"{where}: expected {construct.replies} on_chat_model_end event(s); "
        f"events: {result['events']}"
    )
    if construct.kind == "graph":
        chunks = result["message_chunks"]
        assert sorted(chunks) == sorted(construct.nodes) and all(chunks.values()), (
            f"{where}: expected the chat model's message chunks from nodes "
            f"{construct.nodes}, got {chunks} (whole messages: {result['whole_messages']})"
        )


def assert_inner_calls_lost(construct: Construct, variant: str, results: Dict[str, Any]) -> None:
    result = job_result(results, construct, variant)
    where = f"{construct.file} ({variant}) in {describe(results)}"
    assert result["reply"] == REPLY, f"{where}: the outer call returned {result['reply']!r}"
    assert chat_model_events(result) == {"on_chat_model_end": 0, "on_chat_model_stream": 0}, (
        f"{where}: FACTS.md says LOST, but the caller saw the chat model; "
        f"events: {result['events']}"
    )
    if construct.kind == "graph":
        # Whole messages taken from the node's return value may still arrive.
        assert result["message_chunks"] == {}, (
            f"{where}: FACTS.md says LOST, but the chat model's message chunks "
            f"arrived: {result['message_chunks']}"
        )


def ids(items):
    return [item.name if isinstance(item, Env) else item.file for item in items]


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


@pytest.mark.parametrize("construct", CONSTRUCTS, ids=ids(CONSTRUCTS))
def test_naive_example_is_reported(construct: Construct) -> None:
    result = run_toolcfg("check", str(EXAMPLES_DIR / f"{construct.file}.py"))
    assert result.returncode == 1, result.stdout + result.stderr
    codes = re.findall(r"\bTCF\d{3}\b", result.stdout.split("Found")[0])
    assert sorted(codes) == sorted(construct.codes), result.stdout


@pytest.mark.parametrize("construct", CONSTRUCTS, ids=ids(CONSTRUCTS))
def test_fixed_copy_passes_check(construct: Construct, prepared: Prepared) -> None:
    assert construct.file not in prepared.fix_errors, prepared.fix_errors.get(construct.file)
    path = prepared.paths[construct.file, "fixed"]
    assert path.read_bytes() != prepared.paths[construct.file, "naive"].read_bytes()
    result = run_toolcfg("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_environment_has_the_measured_versions(env: Env, matrix: Matrix) -> None:
    results = matrix.get(env)
    if not env.requirements:
        import langchain_core

        assert results["python"] == ".".join(map(str, sys.version_info[:3]))
        assert results["langchain_core"] == langchain_core.__version__
        return
    assert version_tuple(results["python"])[:2] == (3, 10), describe(results)
    for name, (low, high) in (("langchain_core", env.core_range),
                              ("langgraph", env.langgraph_range)):
        version = version_tuple(results[name])
        assert version_tuple(low) <= version < version_tuple(high), (
            f"{env.name}: {name} {results[name]} not in [{low}, {high})"
        )


@pytest.mark.parametrize("construct", CONSTRUCTS, ids=ids(CONSTRUCTS))
@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_naive_construct_matches_facts(env: Env, construct: Construct, matrix: Matrix) -> None:
    results = matrix.get(env)
    if facts_say_lost(construct.row, results["python"], results["langchain_core"]):
        assert_inner_calls_lost(construct, "naive", results)
    else:
        assert_inner_calls_seen(construct, "naive", results)


@pytest.mark.parametrize("construct", CONSTRUCTS, ids=ids(CONSTRUCTS))
@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_fixed_construct_forwards_config(env: Env, construct: Construct, matrix: Matrix) -> None:
    assert construct.file not in matrix.prepared.fix_errors, (
        matrix.prepared.fix_errors[construct.file]
    )
    assert_inner_calls_seen(construct, "fixed", matrix.get(env))


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("construct", TOOL_CONSTRUCTS, ids=ids(TOOL_CONSTRUCTS))
@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_tool_schemas_exclude_config(
    env: Env, construct: Construct, variant: str, matrix: Matrix
) -> None:
    if variant == "fixed":
        assert construct.file not in matrix.prepared.fix_errors
    schemas = job_result(matrix.get(env), construct, variant)["schemas"]
    expected = sorted(construct.input)
    for name in ("args", "tool_call_schema", "input_schema", "openai"):
        assert schemas[name] == expected, f"{name}: {schemas[name]} (all: {schemas})"
    # A BaseTool subclass without an args_schema has None here.
    assert schemas["args_schema"] in (None, expected), schemas
