"""What the CLI, integration and runner tests share: sample sources and ways to run toolcfg.

The samples are small async LangChain tools, each with the finding it must give (path,
line and column as ``check`` prints them) and, where it has one, the exact text ``--fix``
writes. ``invoke`` runs the command line in-process through click's ``CliRunner``;
``run_script`` and ``run_module`` run it as users and pre-commit do, in a subprocess;
``run_files`` and ``fix_file`` take the same path in-process, through
``toolcfg.runner.run``, for tests that need the results as values.

Fixed texts are pinned literally. Where a fix makes a line longer than 88 columns the
formatter (ruff, a test dependency) lays the statement out, so ``FIXED`` is ruff's layout.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from toolcfg.cli import main
from toolcfg.results import FileResult, Mode, Options
from toolcfg.runner import StdinFile, run
from toolcfg.settings import Overrides, Resolver

#: Where the tool rules bite when a project declares neither ``requires-python`` nor
#: package versions: the end of their messages.
WHERE = " on Python 3.9 and 3.10 with langchain-core < 1.4.8"

# The naive async tool: one TCF001 finding at 4:11. The fix adds ``config`` and
# ``callbacks``, forwards ``patch_config(config, callbacks=callbacks)`` and imports what it
# names where isort sorts them; ruff lays out the two lines it makes too long.
NAIVE = '''\
from langchain_core.tools import tool

@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return (await model.ainvoke(question)).content
'''

FIXED = '''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    return (
        await model.ainvoke(question, config=patch_config(config, callbacks=callbacks))
    ).content
'''

# NAIVE's message, and its code and message as the text formats print them: a finding
# whose fix --fix applies is marked `[*]`, as ruff marks it.
NAIVE_TEXT = (
    "Async tool `ask` takes no `RunnableConfig` parameter, "
    "so 1 runnable call drops the caller's config" + WHERE
)
NAIVE_MESSAGE = "TCF001 [*] " + NAIVE_TEXT

# A tool that receives its config but passes a foreign one: TCF002 at 7:25, fixed by
# merging the foreign config into the received one.
FOREIGN_CONFIG = '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return (await model.ainvoke(question, config={"run_name": "x"})).content
'''

FOREIGN_FIXED = '''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.runnables.config import merge_configs
from langchain_core.tools import tool

@tool
async def ask(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question."""
    return (
        await model.ainvoke(
            question,
            config=merge_configs(
                patch_config(config, callbacks=callbacks), {"run_name": "x"}
            ),
        )
    ).content
'''

FOREIGN_MESSAGE = (
    "TCF002 [*] `model.ainvoke()` passes a config that is not built from `config` in async "
    "tool `ask`" + WHERE
)

# A call in a comprehension that binds `config` again: TCF002 at 7:26, with no fix.
UNFIXABLE = '''\
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    return [(await model.ainvoke(question)).content for config in configs][0]
'''

UNFIXABLE_MESSAGE = (
    "TCF002 `model.ainvoke()` does not forward `config` in async tool `ask`"
    + WHERE
    + " (no fix: `config` is a different name in a comprehension)"
)

# Mentions a tool and a runnable method, so the prefilter lets it through; no findings:
# the tool run's callbacks reach the inner call.
CLEAN = '''\
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

@tool
async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    child = patch_config(config, callbacks=callbacks)
    return (await model.ainvoke(question, config=child)).content
'''

# Passes the prefilter (a LangChain import, ``@tool`` and ``.ainvoke(``) but does not parse.
SYNTAX_ERROR = "from langchain_core.tools import tool\n@tool\nasync def f(:\n    x.ainvoke(\n"

# A sync tool whose optional config LangChain never injects (TCF101 at 8:36). An earlier
# parameter has a default, so the fix must also make `config` keyword-only: an unsafe fix.
UNSAFE = '''\
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
def search(query: str, k: int = 3, config: Optional[RunnableConfig] = None) -> str:
    """Search the web."""
    return chain.invoke(query, config=config)
'''

UNSAFE_FIXED = UNSAFE.replace(
    "k: int = 3, config: Optional[RunnableConfig] = None", "k: int = 3, *, config: RunnableConfig"
)

UNSAFE_TEXT = (
    "`config: Optional[RunnableConfig] = None` is never injected by LangChain: the tool "
    "receives `None`, and the parameter shows up in the tool's args schema"
)

#: The lines ``check`` prints for one file each of NAIVE, UNFIXABLE and UNSAFE.
NAIVE_LINE = f"naive.py:4:11: {NAIVE_MESSAGE}"
UNFIXABLE_LINE = f"unfixable.py:7:26: {UNFIXABLE_MESSAGE}"
UNSAFE_LINE = f"unsafe.py:8:36: TCF101 {UNSAFE_TEXT} (unsafe fix available)"

# A TCF001 tool (6:11) and a TCF002 call (17:25) in one file.
BOTH = '''\
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool


@tool
async def search(
    query: str,
    limit: int,
) -> str:
    """Search."""
    return (await model.ainvoke(query)).content


@tool
async def other(question: str, config: RunnableConfig) -> str:
    """Other."""
    return (await model.ainvoke(question)).content
'''

# Files with several findings whose fixes touch the same import, for the json round trip
# and for LibCST's codemod runner.
ROUND_TRIP_FILES = {
    # A TCF001 tool with a multi-line signature, a TCF002 call, and the new names merged
    # into an existing `from langchain_core.runnables import ...`.
    "import_merge_multiline": BOTH,
    # Two tools whose fixes both add the same new import lines: identical edits, applied once.
    "same_new_import_twice": """\
from langchain_core.tools import tool
@tool
async def a(q: str) -> str: return await m.ainvoke(q)
@tool
async def b(q: str) -> str: return await m.ainvoke(q)
""",
    # The new import lines land right next to a changed signature.
    "import_next_to_signature": """\
from langchain_core.tools import tool
async def a(q: str) -> str:
    return await m.ainvoke(q)
@tool
async def b(
    q: str, *, k: int = 1
) -> str:
    return await m.ainvoke(q)
a = tool(a)
""",
    # Three calls on one line: two forward nothing, one passes a foreign config.
    "three_calls_one_line": '''\
"""Doc."""
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool


@tool
async def a(q: str, config: RunnableConfig) -> str:
    return await m.ainvoke(q) + await n.ainvoke(q, config={"tags": ["x"]}) + await o.ainvoke(q)
''',
    # A LangGraph node missing `config`, a node whose config is misnamed, and a tool.
    "graph_nodes_and_tool": """\
from langchain_core.tools import tool
from langgraph.graph import StateGraph

async def node(state):
    return {"x": await llm.ainvoke(state["m"])}

async def node2(state, cfg: RunnableConfig):
    return {"x": await llm.ainvoke(state["m"], config=cfg)}

g = StateGraph(dict)
g.add_node("n", node)
g.add_node("n2", node2)

@tool
async def t(q: str) -> str:
    return await llm.ainvoke(q)
""",
    "unsafe_and_safe": UNSAFE + "\n\n" + NAIVE.split("\n", 1)[1],
}

# A tool that calls a helper of another module, which drops the config: the fix of the
# tool's TCF001 also changes the helper.
TOOL_CALLING_HELPER = '''\
from langchain_core.tools import tool

from helpers import answer


@tool
async def ask(question: str) -> str:
    """Answer a question."""
    return await answer(question)
'''

HELPER = """\
async def answer(question: str) -> str:
    return (await model.ainvoke(question)).content
"""

HELPER_FIXED = """\
from typing import Optional

from langchain_core.runnables import RunnableConfig


async def answer(question: str, config: Optional[RunnableConfig] = None) -> str:
    return (await model.ainvoke(question, config=config)).content
"""

TOOLCFG_SCRIPT = Path(sys.executable).parent / "toolcfg"


# --- files -------------------------------------------------------------------------------


def write(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` byte for byte (str is UTF-8, newlines untranslated)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def write_helper_project(root: Path) -> None:
    """A project (``pyproject.toml``) with ``tools.py``, whose tool calls ``helpers.py``."""
    write(root / "pyproject.toml", '[project]\nname = "app"\n')
    write(root / "tools.py", TOOL_CALLING_HELPER)
    write(root / "helpers.py", HELPER)


def lines(text: str) -> list[str]:
    return text.splitlines()


def freeze_mtime(path: Path) -> int:
    """Set ``path``'s mtime far in the past, so any write shows; return it in ns."""
    os.utime(path, ns=(1_000_000_000 * 10**9, 1_000_000_000 * 10**9))
    return path.stat().st_mtime_ns


def leftovers(directory: Path) -> list[str]:
    """What a write could leave behind: toolcfg's temporaries are ``.<name>.*.toolcfg``;
    any other dotfile but the cache directory is suspect too."""
    return sorted(
        path.name
        for path in directory.iterdir()
        if path.name.endswith(".toolcfg")
        or (path.name.startswith(".") and path.name != ".toolcfg_cache")
    )


def stderr_names(stderr: str, path: str) -> bool:
    """Does a line of ``stderr`` name ``path``?"""
    return any(path in line for line in lines(stderr))


# --- the command line, in-process and as a subprocess ------------------------------------


def make_runner() -> CliRunner:
    """A runner with stdout and stderr apart: click < 8.2 needs ``mix_stderr=False``,
    click >= 8.2 separates them by default and no longer takes the argument."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def invoke(*args: str, input: bytes | None = None) -> Result:
    return make_runner().invoke(main, list(args), input=input, catch_exceptions=False)


def run_script(
    *args: str, cwd: Path, timeout: float = 60, env: dict | None = None
) -> subprocess.CompletedProcess[str]:
    assert TOOLCFG_SCRIPT.exists(), f"console script not installed next to {sys.executable}"
    return subprocess.run(
        [str(TOOLCFG_SCRIPT), *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def run_module(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "toolcfg", *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed script so that ``chmod 000`` really blocks it.

    Root reads anything through CAP_DAC_OVERRIDE, and CI runs as root, so there the script
    runs with that capability dropped (``setpriv``, from util-linux).
    """
    command = [str(TOOLCFG_SCRIPT), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.fail("running as root needs setpriv to drop CAP_DAC_OVERRIDE")
        command = [
            setpriv,
            "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search",
            *command,
        ]
    return subprocess.run(command, check=False, cwd=cwd, capture_output=True, text=True, timeout=60)


# --- this checkout, as others install it -------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parents[1]


def clean_env(home: Path) -> dict[str, str]:
    """The environment for a git, pip or pre-commit subprocess: no PYTHONPATH (it must run
    the toolcfg it installed), no GIT_* from an enclosing git hook, no colour, a git
    identity, and ``home`` as pre-commit's home."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTHONPATH" and not key.startswith(("GIT_", "PRE_COMMIT"))
    }
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="toolcfg tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="toolcfg tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """Run git (unsigned commits, ``main`` for a new repository); its output, stripped."""
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.strip()


def project_files(root: Path) -> list[str]:
    """This checkout's files as on disk: tracked or new, less what .gitignore ignores."""
    try:
        listed = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        ).stdout.decode()
        names = [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: take the tree
        skip = {".git", "__pycache__", ".pytest_cache", ".venv", "venv", "build", "dist"}
        names = [
            str(path.relative_to(root))
            for path in root.rglob("*")
            if path.is_file()
            and not skip.intersection(path.relative_to(root).parts)
            and not any(part.endswith(".egg-info") for part in path.parts)
        ]
    return [name for name in names if (root / name).is_file() or (root / name).is_symlink()]


def copy_checkout(target: Path) -> Path:
    """Copy this checkout's files, as they are on disk and committed or not, to ``target``:
    what pre-commit, pip or the GitHub Action install from, with no network access to
    this repository and from a fresh clone too."""
    for name in project_files(REPO_ROOT):
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, copy, follow_symlinks=False)
    return target


def committed_copy(target: Path, env: dict[str, str]) -> str:
    """Make ``target`` a new git repository holding ``copy_checkout``'s files in one commit,
    and return that commit."""
    copy_checkout(target)
    git("init", "-q", cwd=target, env=env)
    git("add", "-A", cwd=target, env=env)
    git("commit", "-q", "-m", "toolcfg under test", cwd=target, env=env)
    return git("rev-parse", "HEAD", cwd=target, env=env)


def readme_block(language: str, marker: str) -> str:
    """The one fenced ``language`` block of README.md that holds ``marker``. The tests that
    run the README's commands and configurations take them from here, so what the README
    tells users to type is what the tests run."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    [block] = [block for block in blocks if marker in block]
    return block


# --- the runner, as the command line calls it --------------------------------------------


def run_files(
    paths: Sequence[Path],
    mode: Mode = Mode.CHECK,
    cache_root: Path | None = None,
    stdin: StdinFile | None = None,
    **options: Any,
) -> list[FileResult]:
    """``toolcfg.runner.run`` with the default settings (``[tool.toolcfg]`` as discovered),
    as ``toolcfg check`` calls it; ``options`` are ``Options`` fields."""
    return run(paths, Options(mode=mode, **options), Resolver(Overrides()), cache_root, stdin)


def fix_file(path: Path, unsafe_fixes: bool = False) -> FileResult:
    """``toolcfg check --fix --no-cache path``: the file's result."""
    [result] = run_files([path], Mode.FIX, unsafe_fixes=unsafe_fixes)
    return result


def fuzz_examples(default: int) -> int:
    """How many examples a generated-input test draws. ``TOOLCFG_FUZZ_EXAMPLES`` sets the
    number, for a longer search by hand; ``TOOLCFG_FUZZ_SCALE`` scales ``default``: CI's
    3.9 and 3.13 legs draw a quarter of the derandomized examples the default leg draws
    in full, which still puts each interpreter's parser to them, in less time."""
    fixed = int(os.environ.get("TOOLCFG_FUZZ_EXAMPLES", "0"))
    if fixed:
        return fixed
    return max(1, round(default * float(os.environ.get("TOOLCFG_FUZZ_SCALE", "1"))))


def reported(*args: str) -> list[str]:
    """The finding lines of ``check``, without the summary; the run must succeed."""
    result = invoke("check", *args)
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    return lines(result.stdout)[:-1]
