"""Added imports land where ruff's isort puts them: ``codemods/imports.py``, ``importstyle.py``.

The oracle is the real ``ruff`` from the test environment. Each header is written into a
small project with a ``ruff.toml``, made clean with ``ruff check --select I --fix``, given
the imports with ``add_imports``, and must then pass ``ruff check --select I`` under the
same configuration. The output must also parse, bind each wanted name exactly once at
module level, and keep every original line in order: ``add_imports`` only inserts lines,
or names into an existing import statement (which ruff may need laid out one name per
line).

Headers are hand-written shapes plus a Hypothesis strategy; each Hypothesis example is a
batch of headers, so that ruff runs twice per batch rather than twice per header.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Collection, Dict, List, Sequence, Tuple

import libcst as cst
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support import fuzz_examples

from toolcfg.codemods.imports import add_imports
from toolcfg.configfiles import ConfigFiles
from toolcfg.importconfig import import_style
from toolcfg.importstyle import (
    FIRST_PARTY,
    LOCAL_FOLDER,
    STANDARD_LIBRARY,
    THIRD_PARTY,
    ImportStyle,
    is_standard_library,
    section_of,
)


def _ruff() -> str:
    beside = Path(sys.executable).parent / "ruff"
    found = str(beside) if beside.exists() else shutil.which("ruff")
    assert found, "ruff is a test dependency: pip install -e '.[test]'"
    return found


RUFF = _ruff()

RUNNABLE_CONFIG = ("langchain_core.runnables", "RunnableConfig")
PATCH_CONFIG = ("langchain_core.runnables", "patch_config")
CALLBACKS = ("langchain_core.callbacks", "Callbacks")
OPTIONAL = ("typing", "Optional")
WANTED = [RUNNABLE_CONFIG, PATCH_CONFIG, CALLBACKS, OPTIONAL]

#: Project configurations, as ``ruff.toml``. Every project has a first-party package
#: ``mypkg`` (under ``src/`` in the src layout, beside ``ruff.toml`` otherwise).
CONFIGS: Dict[str, str] = {
    "default": "",
    "known-first-party": '[lint.isort]\nknown-first-party = ["langchain_core", "requests"]\n',
    "force-sort-within-sections": "[lint.isort]\nforce-sort-within-sections = true\n",
    "force-single-line": "[lint.isort]\nforce-single-line = true\n",
    "combine-as-imports": "[lint.isort]\ncombine-as-imports = true\n",
    "order-by-type-false": "[lint.isort]\norder-by-type = false\n",
    "case-sensitive": "[lint.isort]\ncase-sensitive = true\n",
    "lines-between-types": "[lint.isort]\nlines-between-types = 1\n",
    "from-first": "[lint.isort]\nfrom-first = true\nlines-between-types = 1\n",
    "src-layout": 'src = ["src"]\n',
    "no-lines-before": '[lint.isort]\nno-lines-before = ["first-party", "local-folder"]\n',
    "no-lines-before-most": (
        '[lint.isort]\nno-lines-before = ["standard-library", "third-party", "local-folder"]\n'
    ),
    "custom-section": (
        '[lint.isort]\nsection-order = ["future", "standard-library", "third-party", '
        '"langchain", "first-party", "local-folder"]\n'
        '[lint.isort.sections]\nlangchain = ["langchain_*", "langgraph"]\n'
    ),
    "short-lines": "line-length = 60\n",
    "force-wrap-aliases": "[lint.isort]\ncombine-as-imports = true\nforce-wrap-aliases = true\n",
    "force-to-top-and-closest": (
        '[lint.isort]\nforce-to-top = ["typing", "langchain_core.callbacks"]\n'
        'relative-imports-order = "closest-to-furthest"\n'
    ),
    "lines-after-imports": "[lint.isort]\nlines-after-imports = 2\n",
    "headings": (
        "[lint.isort.import-heading]\n"
        'standard-library = "Standard library"\nthird-party = "Third party"\n'
        'first-party = "This project"\n'
    ),
    "force-single-line-typing-excluded": (
        '[lint.isort]\nforce-single-line = true\nsingle-line-exclusions = ["typing"]\n'
    ),
}


@dataclass(frozen=True)
class Project:
    root: Path
    cases: Path
    style: ImportStyle


class Projects:
    """The projects, by configuration name (a class of its own, which Hypothesis prints briefly)."""

    def __init__(self, made: Dict[str, Project]) -> None:
        self._made = made

    def __call__(self, name: str) -> Project:
        return self._made[name]

    def __repr__(self) -> str:
        return "projects"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Projects:
    made = {}
    for name, config in CONFIGS.items():
        root = tmp_path_factory.mktemp(name)
        (root / "ruff.toml").write_text(config)
        package = root / "src" / "mypkg" if name == "src-layout" else root / "mypkg"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        cases = root / "cases"
        cases.mkdir()
        made[name] = Project(root, cases, import_style(cases, ConfigFiles()))
    return Projects(made)


# --- the pipeline ----------------------------------------------------------------------------


def ruff(project: Project, *args: str) -> Dict[str, List[str]]:
    """ruff on the project's cases: the I-rule problems, by file name."""
    result = subprocess.run(
        [RUFF, "check", "--select", "I", "--no-cache", "--output-format", "json", *args, "cases"],
        cwd=project.root,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    problems: Dict[str, List[str]] = {}
    for problem in json.loads(result.stdout or "[]"):
        problems.setdefault(Path(problem["filename"]).name, []).append(
            f"{problem['code']} {problem['message']}"
        )
    return problems


def check_batch(project: Project, batch: Sequence[Tuple[str, Sequence[Tuple[str, str]]]]) -> int:
    """Run ``batch`` (headers and the imports each needs) through ruff and ``add_imports``."""
    for old in project.cases.iterdir():
        old.unlink()
    names = [f"h{i:04d}.py" for i in range(len(batch))]
    for name, (header, _) in zip(names, batch):
        (project.cases / name).write_bytes(header.encode())
    unfixable = ruff(project, "--fix")  # what --fix leaves is reported in the same run
    assert not unfixable, unfixable
    outputs = {}
    for name, (_, wanted) in zip(names, batch):
        before = (project.cases / name).read_bytes().decode()
        after = add_imports(cst.parse_module(before), wanted, project.style).code
        (project.cases / name).write_bytes(after.encode())
        outputs[name] = (before, after, wanted)
    problems = ruff(project)
    for name, (before, after, wanted) in outputs.items():
        context = (
            f"{name}:\n--- before\n{before}--- after\n{after}--- problems: {problems.get(name)}"
        )
        assert name not in problems, context
        try:
            assert_added(before, after, wanted)
        except AssertionError as error:
            raise AssertionError(f"{context}\n{error}") from None
    return len(batch)


def assert_added(before: str, after: str, wanted: Sequence[Tuple[str, str]]) -> None:
    """``after`` parses, binds each wanted name once, and only adds to ``before``."""
    for source, name in wanted:
        already = len(module_level_bindings(before, source, name))
        assert len(module_level_bindings(after, source, name)) == max(already, 1), (source, name)
    if "\r\n" in before:
        assert after.count("\n") == after.count("\r\n"), "line endings changed"
    assert after.endswith("\n") == before.endswith("\n") or not before, "trailing newline changed"
    assert_lines_kept(before, after, wanted)


def module_level_bindings(text: str, source: str, name: str) -> List[cst.ImportAlias]:
    """The ``from <source> import <name>`` (or ``<name> as <name>``) in the module's body."""
    module = cst.parse_module(text)
    return [
        alias
        for line in module.body
        if isinstance(line, cst.SimpleStatementLine)
        for statement in line.body
        if isinstance(statement, cst.ImportFrom)
        and not statement.relative
        and statement.module is not None
        and module.code_for_node(statement.module) == source
        and not isinstance(statement.names, cst.ImportStar)
        for alias in statement.names
        if module.code_for_node(alias.name) == name
        and (alias.asname is None or module.code_for_node(alias.asname.name) == name)
    ]


def assert_lines_kept(before: str, after: str, wanted: Sequence[Tuple[str, str]]) -> None:
    """Every non-blank line of ``before`` is in ``after``, in order.

    A line of ``after`` may differ from its original by added names. Imports from the
    wanted modules are compared in one-line form, since ruff lays out one that grew too
    long one name per line, and in any order: one that gains a name that sorts first may
    have to move above a sibling from its module (``from x import a as b``), as in ruff.
    """
    names = {name for _, name in wanted}
    touched = tuple(f"from {source} import " for source, _ in wanted)
    old = [line for line in _one_line_imports(before).splitlines() if line.strip()]
    new = [line for line in _one_line_imports(after).splitlines() if line.strip()]
    unmatched = [line for line in new if line.startswith(touched)]
    for line in (line for line in old if line.startswith(touched)):
        match = next((n for n in unmatched if _same_but_names(line, n, names)), None)
        assert match is not None, f"import lost: {line!r}\n{after}"
        unmatched.remove(match)
    others = [line for line in new if not line.startswith(touched)]
    position = 0
    for line in (line for line in old if not line.startswith(touched)):
        while position < len(others) and line != others[position]:
            position += 1
        assert position < len(others), f"line lost or moved: {line!r}\n{after}"
        position += 1


def _same_but_names(old: str, new: str, names: Collection[str]) -> bool:
    if old == new:
        return True
    if not old.startswith("from "):
        return False
    for name in names:
        if not re.search(rf"\b{name}\b(?! as)", old):
            new = re.sub(rf"(?<=import ){name}, |, {name}\b(?! as)", "", new)
    return old == new


def _one_line_imports(text: str) -> str:
    """``text`` with each parenthesised ``from`` import on one line, its comments after it."""
    module = cst.parse_module(text)
    body = []
    for line in module.body:
        if (
            isinstance(line, cst.SimpleStatementLine)
            and isinstance(line.body[0], cst.ImportFrom)
            and line.body[0].lpar is not None
        ):
            code = module.code_for_node(line.body[0])
            comments = re.findall(r"#[^\r\n]*", code)
            if line.trailing_whitespace.comment:
                comments.append(line.trailing_whitespace.comment.value)
            flat = re.sub(r"#[^\r\n]*", "", code)
            flat = re.sub(r"\s+", " ", flat).replace("( ", "").replace("(", "")
            flat = re.sub(r",? ?\)$", "", flat.strip())
            text_line = flat + "".join(f"  {comment}" for comment in comments)
            line = cst.parse_statement(text_line + "\n").with_changes(
                leading_lines=line.leading_lines
            )
        body.append(line)
    return module.with_changes(body=body).code


# --- hand-written headers ------------------------------------------------------------------------

HEADERS = [
    "",
    "x = 1\n",
    '"""Only a docstring."""\n',
    '"""Docstring."""\n\n\ndef main():\n    pass\n',
    '"""Docstring."""\n\n# What main does.\ndef main():\n    pass\n',
    '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""Script."""\n\nprint("hi")\n',
    "# Copyright 2025 Example Ltd.\n\nclass Tool:\n    pass\n",
    "from __future__ import annotations\n\nx = 1\n",
    "from langchain_core.runnables import RunnableLambda\n",
    "from langchain_core.runnables import RunnableLambda",
    "import os\r\nimport sys\r\n\r\nfrom langchain_core.tools import tool\r\n\r\nx = 1\r\n",
    (
        "from langchain_core.runnables import (\n"
        "    RunnableLambda,  # the lambda\n"
        "    # the parallel one\n"
        "    RunnableParallel,\n"
        ")\n"
    ),
    "import langchain_core.runnables\n",
    "from langchain_core.runnables import RunnableConfig as RC\n\nRC.x = 1\n",
    (
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from langchain_core.runnables import RunnableConfig\n"
    ),
    (
        "import os\n\ntry:\n    from langchain_core.callbacks import BaseCallbackHandler\n"
        "except ImportError:\n    BaseCallbackHandler = object\n"
    ),
    "import sys\n\nsys.path.insert(0, '.')\nimport mypkg\n",
    (
        '"""Doc."""\n\nfrom __future__ import annotations\n\nimport asyncio\n'
        "from collections.abc import Sequence\n\nimport requests\nfrom pydantic import BaseModel\n\n"
        "from mypkg import helpers\n\nfrom . import sibling\nfrom .utils import helper\n\n\n"
        "class Model(BaseModel):\n    pass\n"
    ),
    "from langchain_core.runnables import RunnableGenerator, RunnableLambda, RunnableSequence\n",
    "from langchain_core.runnables import RunnableGenerator, RunnableLambda  # the runnables\n",
    "from langchain_core.runnables import RunnableLambda  # noqa: F401\n",
    "# Standard library\nimport os\n\n# Third party\nimport requests\n",
    "from zzz import a\nimport aaa\n\nfrom mypkg import b\n",
    "from langchain_core.callbacks import *\nfrom langchain_core.runnables import *\n",
    "import os  # isort: skip\nimport abc\n",
    "import abc\n\n# isort: split\nimport os\n",
    "from typing import Any, Optional\n\nfrom langchain_core.runnables import RunnableConfig\n",
]


@pytest.mark.parametrize("config", CONFIGS)
def test_hand_written_headers_stay_clean(projects: Projects, config: str) -> None:
    batch = [(header, wanted) for header in HEADERS for wanted in ([RUNNABLE_CONFIG], WANTED)]
    assert check_batch(projects(config), batch) == 2 * len(HEADERS)


# --- generated headers -----------------------------------------------------------------------

IMPORTS = [
    # standard library
    "import os\n",
    "import sys\n",
    "import json  # for dumps\n",
    "from typing import Any\n",
    "from typing import Optional\n",
    "from typing import Dict, List\n",
    "import typing as t\n",
    "from collections import OrderedDict\n",
    "from os import path as osp\n",
    "import base64\n",
    "# asyncio for gather\nimport asyncio\n",
    "from dataclasses import dataclass, field\n",
    # third party
    "import requests\n",
    "from pydantic import BaseModel, Field\n",
    "from langchain_core.tools import tool\n",
    "from langchain_core.runnables import RunnableLambda\n",
    "from langchain_core.runnables import RunnableConfig as RC\n",
    "from langchain_core.runnables import RunnablePassthrough, RunnableParallel\n",
    "from langchain_core.runnables import (\n    RunnableBranch,\n    RunnableLambda,\n)\n",
    (
        "from langchain_core.runnables import (  # runnables\n"
        "    RunnableLambda,  # lambda\n    RunnableSerializable,\n)\n"
    ),
    "from langchain_core.runnables import RunnableGenerator, RunnableLambda, RunnableSequence\n",
    "import langchain_core.runnables\n",
    "from langchain_core.callbacks import BaseCallbackHandler\n",
    "from langchain_core.callbacks.manager import CallbackManager\n",
    "from langchain_core.messages import (\n    AIMessage,\n    HumanMessage,\n)\n",
    "from langgraph.graph import END, StateGraph\n",
    "import numpy as np\n",
    "from lib10 import a10, a9\n",
    "import lib9\n",
    "import Zebra\n",
    "from openai import AsyncOpenAI  # noqa: F401\n",
    "from typing_extensions import Annotated\n",
    # first party
    "import mypkg\n",
    "from mypkg import helpers\n",
    "from mypkg.sub import thing as other\n",
    # relative
    "from . import sibling\n",
    "from .utils import helper\n",
    "from ..core import base\n",
    "from .runnables import RunnableConfig\n",
]

PRELUDES = [
    "",
    "#!/usr/bin/env python3\n",
    "# -*- coding: utf-8 -*-\n",
    "# Copyright 2025 Example Ltd.\n\n",
]
DOCSTRINGS = ["", '"""Tools."""\n', '"""Tools.\n\nMore about them.\n"""\n\n']
TYPE_CHECKING_BLOCK = (
    "\nif TYPE_CHECKING:\n    from langchain_core.runnables import RunnableConfig\n"
)
TRY_BLOCK = (
    "\ntry:\n    import ujson as fast_json\nexcept ImportError:\n    import json as fast_json\n"
)
TAILS = [
    "",
    "\nx = 1\n",
    "\n\ndef main():\n    pass\n",
    "\n\n# The entry point.\nclass Tool:\n    pass\n",
    "\n\n@decorator\nasync def f():\n    pass\n",
    "\n# Settings.\n\nlogger = 1\n",
]


@st.composite
def headers(draw: st.DrawFn) -> str:
    """A module header: prelude, docstring, imports in any order, blocks and code after."""
    text = draw(st.sampled_from(PRELUDES)) + draw(st.sampled_from(DOCSTRINGS))
    if draw(st.booleans()):
        text += "from __future__ import annotations\n"
    if draw(st.integers(0, 5)) == 0:
        text += "x = 1\n"  # code before the first import
    imports = draw(st.lists(st.sampled_from(IMPORTS), max_size=8, unique=True))
    type_checking = draw(st.booleans())
    if type_checking:
        imports.append("from typing import TYPE_CHECKING\n")
    for statement in imports:
        text += "\n" * draw(st.integers(0, 1)) + statement
    if type_checking:
        text += TYPE_CHECKING_BLOCK
    if draw(st.booleans()):
        text += TRY_BLOCK
    text += draw(st.sampled_from(TAILS))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 4)) == 0:
        text = text.rstrip("\r\n")
    return text


wanted_imports = st.lists(st.sampled_from(WANTED), min_size=1, max_size=4, unique=True)

#: Headers per Hypothesis example, and examples per configuration.
BATCH = 50
EXAMPLES = fuzz_examples(4)


@pytest.mark.parametrize("config", CONFIGS)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("TOOLCFG_FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # No shrinking: each step would run ruff over a whole batch, and the failure already
    # names the header, with its text before and after.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(batch=st.lists(st.tuples(headers(), wanted_imports), min_size=BATCH, max_size=BATCH))
def test_generated_headers_stay_clean(
    projects: Projects, config: str, batch: List[Tuple[str, List[Tuple[str, str]]]]
) -> None:
    assert check_batch(projects(config), batch) == BATCH


#: Shapes ruff would rewrite, for headers that are not sorted at all.
ODD_IMPORTS = [
    "import os; import sys\n",
    "import os, sys\n",
    "x = 1; import os\n",
    "from langchain_core.runnables import (RunnableLambda)\n",
    "from langchain_core.runnables import (\n    RunnableLambda\n)\n",
    "from langchain_core.runnables import (\n    RunnableLambda  # why\n)\n",
    "from langchain_core.runnables import (\n    # above\n    RunnableLambda,\n)\n",
    "from langchain_core.runnables import RunnableLambda as RL, RunnableMap\n",
    "from typing import Optional as Optional\n",
    "from langchain_core.runnables import *\n",
    "from . import *\n",
]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(
    text=st.lists(
        st.sampled_from(IMPORTS + ODD_IMPORTS + ["x = 1\n", "\n", "# note\n", '"""Doc."""\n']),
        max_size=12,
    ).map("".join),
    style=st.sampled_from(
        [
            ImportStyle(),
            ImportStyle(force_single_line=True, line_length=40),
            ImportStyle(combine_as_imports=True, force_sort_within_sections=True),
            ImportStyle(headings=(("standard-library", "Standard"), ("third-party", "Third"))),
        ]
    ),
    wanted=wanted_imports,
)
def test_unsorted_and_odd_headers_only_gain_imports(
    text: str, style: ImportStyle, wanted: List[Tuple[str, str]]
) -> None:
    """Without ruff's sorting first, ``add_imports`` still only adds, and binds each name once."""
    assert_added(text, add_imports(cst.parse_module(text), wanted, style).code, wanted)


# --- edge cases, exactly ---------------------------------------------------------------------


DEFAULT = ImportStyle()


def added(text: str, wanted: Sequence[Tuple[str, str]], style: ImportStyle = DEFAULT) -> str:
    return add_imports(cst.parse_module(text), wanted, style).code


def test_the_only_import_is_the_one_merged_into() -> None:
    assert (
        added("from langchain_core.runnables import RunnableLambda\n", [RUNNABLE_CONFIG])
        == "from langchain_core.runnables import RunnableConfig, RunnableLambda\n"
    )


def test_names_from_one_module_end_in_one_statement_in_sorted_order() -> None:
    assert added("import os\n", [PATCH_CONFIG, RUNNABLE_CONFIG]) == (
        "import os\n\nfrom langchain_core.runnables import RunnableConfig, patch_config\n"
    )


def test_force_single_line_adds_a_statement_per_name_beside_the_module() -> None:
    style = ImportStyle(force_single_line=True)
    text = "import os\n\nfrom langchain_core.runnables import RunnableLambda\n"
    assert added(text, [RUNNABLE_CONFIG, PATCH_CONFIG], style) == (
        "import os\n\n"
        "from langchain_core.runnables import RunnableConfig\n"
        "from langchain_core.runnables import RunnableLambda\n"
        "from langchain_core.runnables import patch_config\n"
    )


def test_crlf_line_endings_are_kept() -> None:
    text = "import os\r\n\r\nx = 1\r\n"
    assert added(text, [RUNNABLE_CONFIG, OPTIONAL]) == (
        "import os\r\nfrom typing import Optional\r\n\r\n"
        "from langchain_core.runnables import RunnableConfig\r\n\r\nx = 1\r\n"
    )


def test_a_file_without_a_trailing_newline_keeps_it_that_way() -> None:
    assert added("import os", [RUNNABLE_CONFIG]) == (
        "import os\n\nfrom langchain_core.runnables import RunnableConfig"
    )
    assert added("from langchain_core.runnables import RunnableLambda", [RUNNABLE_CONFIG]) == (
        "from langchain_core.runnables import RunnableConfig, RunnableLambda"
    )


def test_a_parenthesised_list_gets_the_name_on_its_own_line_and_keeps_its_comments() -> None:
    text = (
        "from langchain_core.runnables import (  # runnables\n"
        "    RunnableLambda,  # the lambda\n"
        "    # the parallel one\n"
        "    RunnableParallel,\n"
        ")\n"
    )
    assert added(text, [RUNNABLE_CONFIG, PATCH_CONFIG]) == (
        "from langchain_core.runnables import (  # runnables\n"
        "    RunnableConfig,\n"
        "    RunnableLambda,  # the lambda\n"
        "    # the parallel one\n"
        "    RunnableParallel,\n"
        "    patch_config,\n"
        ")\n"
    )


def test_comments_on_lines_of_their_own_stay_above_their_name() -> None:
    text = (
        "from langchain_core.runnables import (  # runnables\n"
        "    # the base class\n"
        "    Runnable,\n"
        "    # the lambda\n"
        "    RunnableLambda,\n"
        "    # after the last one\n"
        ")\n"
    )
    assert added(text, [RUNNABLE_CONFIG, PATCH_CONFIG, ("langchain_core.runnables", "chain")]) == (
        "from langchain_core.runnables import (  # runnables\n"
        "    # the base class\n"
        "    Runnable,\n"
        "    RunnableConfig,\n"
        "    # the lambda\n"
        "    RunnableLambda,\n"
        "    # after the last one\n"
        "    chain,\n"
        "    patch_config,\n"
        ")\n"
    )
    first = "from langchain_core.runnables import (\n    # the lambda\n    RunnableLambda,\n)\n"
    assert added(first, [RUNNABLE_CONFIG]) == (
        "from langchain_core.runnables import (\n"
        "    RunnableConfig,\n"
        "    # the lambda\n"
        "    RunnableLambda,\n"
        ")\n"
    )


def test_a_one_line_import_that_grows_too_long_is_laid_out_as_ruff_does() -> None:
    text = "from langchain_core.runnables import RunnableGenerator, RunnableLambda  # why\n"
    assert added(text, [RUNNABLE_CONFIG], ImportStyle(line_length=79)) == (
        "from langchain_core.runnables import (  # why\n"
        "    RunnableConfig,\n"
        "    RunnableGenerator,\n"
        "    RunnableLambda,\n"
        ")\n"
    )
    # A pragma comment does not count towards the width, as in ruff.
    pragma = "from langchain_core.runnables import RunnableGenerator  # noqa: F401 because\n"
    assert added(pragma, [RUNNABLE_CONFIG], ImportStyle(line_length=70)) == (
        "from langchain_core.runnables import RunnableConfig, RunnableGenerator"
        "  # noqa: F401 because\n"
    )


def test_a_module_import_does_not_count() -> None:
    assert added("import langchain_core.runnables\n", [RUNNABLE_CONFIG]) == (
        "import langchain_core.runnables\nfrom langchain_core.runnables import RunnableConfig\n"
    )


def test_an_alias_does_not_count_and_is_not_merged_into() -> None:
    """``RunnableConfig as RC`` binds ``RC``; the fixes write ``RunnableConfig`` itself.

    LangGraph matches the annotation's text under ``from __future__ import annotations``,
    so the literal name must be bound. ruff keeps ``from x import a as b`` apart from
    ``from x import c`` unless ``combine-as-imports``.
    """
    text = "from langchain_core.runnables import RunnableConfig as RC\n"
    assert added(text, [RUNNABLE_CONFIG]) == (
        "from langchain_core.runnables import RunnableConfig\n"
        "from langchain_core.runnables import RunnableConfig as RC\n"
    )
    assert added(text, [RUNNABLE_CONFIG], ImportStyle(combine_as_imports=True)) == (
        "from langchain_core.runnables import RunnableConfig, RunnableConfig as RC\n"
    )
    same_name = "from langchain_core.runnables import RunnableConfig as RunnableConfig\n"
    assert added(same_name, [RUNNABLE_CONFIG]) == same_name


def test_a_statement_whose_new_first_name_sorts_it_earlier_moves_with_its_comments() -> None:
    """ruff orders ``from x import A as B`` and ``from x import C`` by their first names."""
    text = (
        "import os\n\nfrom langchain_core.runnables import RunnableConfig as RC\n\n"
        "# Lambdas.\nfrom langchain_core.runnables import RunnableLambda\n"
    )
    assert added(text, [RUNNABLE_CONFIG]) == (
        "import os\n\n# Lambdas.\n"
        "from langchain_core.runnables import RunnableConfig, RunnableLambda\n"
        "from langchain_core.runnables import RunnableConfig as RC\n"
    )


def test_an_import_under_type_checking_does_not_count() -> None:
    text = (
        "from typing import TYPE_CHECKING\n\n"
        "if TYPE_CHECKING:\n    from langchain_core.runnables import RunnableConfig\n"
    )
    assert added(text, [RUNNABLE_CONFIG]) == (
        "from typing import TYPE_CHECKING\n\n"
        "from langchain_core.runnables import RunnableConfig\n\n"
        "if TYPE_CHECKING:\n    from langchain_core.runnables import RunnableConfig\n"
    )
    otherwise = "if not TYPE_CHECKING:\n    from typing import Optional\n"
    assert added(otherwise, [OPTIONAL]) == otherwise
    aliased = "import typing as t\n\nif t.TYPE_CHECKING:\n    from typing import Optional\n"
    assert added(aliased, [OPTIONAL]) == (
        "import typing as t\nfrom typing import Optional\n\n"
        "if t.TYPE_CHECKING:\n    from typing import Optional\n"
    )


def test_a_guarded_import_counts_but_is_not_merged_into() -> None:
    text = (
        "import os\n\ntry:\n    from langchain_core.runnables import RunnableConfig\n"
        "except ImportError:\n    RunnableConfig = dict\n"
    )
    assert added(text, [RUNNABLE_CONFIG]) == text
    assert added(text, [PATCH_CONFIG]) == (
        "import os\n\nfrom langchain_core.runnables import patch_config\n\n"
        "try:\n    from langchain_core.runnables import RunnableConfig\n"
        "except ImportError:\n    RunnableConfig = dict\n"
    )


def test_a_file_without_imports_gets_them_after_its_docstring() -> None:
    text = '#!/usr/bin/env python3\n"""Tools."""\n\n# The tool.\ndef tool():\n    pass\n'
    assert added(text, [RUNNABLE_CONFIG, OPTIONAL]) == (
        '#!/usr/bin/env python3\n"""Tools."""\n\n'
        "from typing import Optional\n\n"
        "from langchain_core.runnables import RunnableConfig\n\n\n"
        "# The tool.\ndef tool():\n    pass\n"
    )
    assert added("x = 1\n", [RUNNABLE_CONFIG]) == (
        "from langchain_core.runnables import RunnableConfig\n\nx = 1\n"
    )
    assert added("", [RUNNABLE_CONFIG]) == "from langchain_core.runnables import RunnableConfig\n"


def test_future_imports_stay_first() -> None:
    text = '"""Doc."""\n\nfrom __future__ import annotations\n\nx = 1\n'
    assert added(text, [RUNNABLE_CONFIG]) == (
        '"""Doc."""\n\nfrom __future__ import annotations\n\n'
        "from langchain_core.runnables import RunnableConfig\n\nx = 1\n"
    )


def test_the_name_joins_the_block_that_imports_its_module() -> None:
    """A new statement goes beside the ``from`` imports of its module, in a later block too."""
    text = "import sys\n\nsys.path.insert(0, '.')\nfrom langchain_core.runnables import Runnable as R\n"
    assert added(text, [RUNNABLE_CONFIG]) == (
        "import sys\n\nsys.path.insert(0, '.')\n"
        "from langchain_core.runnables import Runnable as R\n"
        "from langchain_core.runnables import RunnableConfig\n"
    )
    straight = "import sys\n\nsys.path.insert(0, '.')\nimport langchain_core.runnables\n"
    assert added(straight, [RUNNABLE_CONFIG]) == (
        "import sys\n\nfrom langchain_core.runnables import RunnableConfig\n\n"
        "sys.path.insert(0, '.')\nimport langchain_core.runnables\n"
    )


def test_a_comment_above_the_next_import_stays_with_it() -> None:
    text = "import requests\n\n# Our own code.\nfrom mypkg import helpers\n"
    style = ImportStyle(known=(("mypkg", FIRST_PARTY),))
    assert added(text, [RUNNABLE_CONFIG], style) == (
        "import requests\nfrom langchain_core.runnables import RunnableConfig\n\n"
        "# Our own code.\nfrom mypkg import helpers\n"
    )


def test_no_lines_before_counts_the_empty_sections_between() -> None:
    """ruff leaves out the blank line only if every section it crosses is listed."""
    style = ImportStyle(no_lines_before=frozenset({FIRST_PARTY, LOCAL_FOLDER}))
    text = "from __future__ import annotations\n\nfrom . import sibling\n"
    assert added(text, [OPTIONAL], style) == (
        "from __future__ import annotations\n\nfrom typing import Optional\n\n"
        "from . import sibling\n"
    )
    assert added(text, [RUNNABLE_CONFIG], style) == (
        "from __future__ import annotations\n\n"
        "from langchain_core.runnables import RunnableConfig\nfrom . import sibling\n"
    )


def test_nothing_to_do_returns_the_module_unchanged() -> None:
    module = cst.parse_module("from typing import Optional\n")
    assert add_imports(module, [OPTIONAL], ImportStyle()) is module


# --- sections and configuration ------------------------------------------------------------------


def test_sections_follow_ruff(tmp_path: Path) -> None:
    (tmp_path / "src" / "app").mkdir(parents=True)
    (tmp_path / "src" / "app" / "models.py").write_text("")
    (tmp_path / "script.py").write_text("")
    style = ImportStyle(src=(tmp_path, tmp_path / "src"), package="pkg")
    assert section_of("typing", 0, style) == STANDARD_LIBRARY
    assert section_of("langchain_core.runnables", 0, style) == THIRD_PARTY
    assert section_of("app.models", 0, style) == FIRST_PARTY
    assert section_of("app.missing", 0, style) == THIRD_PARTY  # ruff 0.17 wants the module
    assert section_of("script", 0, style) == FIRST_PARTY
    assert section_of("pkg.sub", 0, style) == FIRST_PARTY
    assert section_of("runnables", 1, style) == LOCAL_FOLDER
    assert section_of(None, 2, style) == LOCAL_FOLDER
    known = ImportStyle(known=(("langchain_*", FIRST_PARTY),))
    assert section_of("langchain_core.runnables", 0, known) == FIRST_PARTY
    dotted = ImportStyle(known=(("langchain_core.runnables", FIRST_PARTY),))
    assert section_of("langchain_core.runnables.config", 0, dotted) == FIRST_PARTY
    assert section_of("langchain_core.tools", 0, dotted) == THIRD_PARTY


def test_the_standard_library_table_matches_ruff_for_every_target(tmp_path: Path) -> None:
    """For Python 3.9 to 3.14, ruff puts ``import <name>`` apart from a third-party import
    exactly for the names the table calls standard library."""
    names = sorted(
        set(sys.builtin_module_names)
        | set(getattr(sys, "stdlib_module_names", ()))
        | {"distutils", "tomllib", "annotationlib", "compression", "asynchat", "imp", "formatter"}
        | {"requests", "langchain_core", "graphlib", "zoneinfo", "test", "typing_extensions"}
    )
    cases = tmp_path / "cases"
    cases.mkdir()
    for index, name in enumerate(names):
        (cases / f"m{index}.py").write_text(f"import {name}\n\nimport zzz_third_party\n")
    for minor in range(9, 15):
        result = subprocess.run(
            [
                RUFF,
                "check",
                "--isolated",
                "--no-cache",
                "--select",
                "I",
                "--target-version",
                f"py3{minor}",
                "--output-format",
                "json",
                str(cases),
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=120,
        )
        together = {Path(problem["filename"]).name for problem in json.loads(result.stdout)}
        ruff_stdlib = {name for i, name in enumerate(names) if f"m{i}.py" not in together}
        ours = {name for name in names if is_standard_library(name, minor)}
        assert ours == ruff_stdlib, (minor, ours ^ ruff_stdlib)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_ruff_configuration_is_read_as_ruff_reads_it(tmp_path: Path) -> None:
    write(
        tmp_path / "base.toml",
        '[lint.isort]\nknown-first-party = ["langchain_core"]\ncombine-as-imports = true\n',
    )
    write(
        tmp_path / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n\n[tool.ruff]\nextend = "base.toml"\n'
        'line-length = 100\nsrc = ["lib"]\n\n[tool.ruff.isort]\nforce-single-line = true\n'
        "[tool.ruff.lint.isort]\norder-by-type = false\n"
        '[tool.ruff.lint.isort.sections]\ngraph = ["langgraph"]\n',
    )
    style = import_style(tmp_path / "lib" / "app", ConfigFiles())
    assert style.line_length == 100
    assert style.target_minor == 10
    assert style.src == (tmp_path / "lib",)
    assert style.force_single_line and style.combine_as_imports and not style.order_by_type
    assert ("langchain_core", FIRST_PARTY) in style.known
    assert ("langgraph", "graph") in style.known
    assert section_of("langgraph", 0, style) == THIRD_PARTY  # not in section-order
    assert style.origin == tmp_path / "pyproject.toml"


def test_ruff_defaults_and_a_ruff_toml_beside_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nrequires-python = "~=3.12"\n')
    write(tmp_path / "ruff.toml", "")
    (tmp_path / "pkg").mkdir()
    write(tmp_path / "pkg" / "__init__.py", "")
    style = import_style(tmp_path / "pkg", ConfigFiles())
    assert style.target_minor == 12
    assert style.src == (tmp_path, tmp_path / "src")
    assert style.package == "pkg"
    assert style.line_length == 88 and style.order_by_type and not style.case_sensitive


def test_isort_configuration_applies_only_without_ruff(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml",
        '[tool.isort]\nprofile = "google"\nknown_first_party = ["langchain_core"]\n'
        'src_paths = ["lib"]\npy_version = 39\n',
    )
    style = import_style(tmp_path, ConfigFiles())
    assert style.force_single_line and style.force_sort_within_sections
    assert not style.order_by_type and "typing" in style.single_line_exclusions
    assert style.line_length == 1000 and style.target_minor == 9
    assert style.src == (tmp_path / "lib",)
    assert section_of("langchain_core", 0, style) == FIRST_PARTY
    assert style.origin == tmp_path / "pyproject.toml"
    write(tmp_path / "ruff.toml", "")
    assert not import_style(tmp_path, ConfigFiles()).force_single_line


def test_isort_ini_files(tmp_path: Path) -> None:
    write(
        tmp_path / "a" / ".isort.cfg",
        "[settings]\nline_length = 100\nknown_first_party = one,\n    two\n"
        "force_sort_within_sections = True\nsections = FUTURE,STDLIB,THIRDPARTY,LANGCHAIN,"
        "FIRSTPARTY,LOCALFOLDER\nknown_langchain = langchain_core\nno_lines_before = LOCALFOLDER\n"
        "import_heading_thirdparty = Third party\n",
    )
    style = import_style(tmp_path / "a", ConfigFiles())
    assert style.line_length == 100 and style.force_sort_within_sections
    assert ("one", FIRST_PARTY) in style.known and ("two", FIRST_PARTY) in style.known
    assert section_of("langchain_core.runnables", 0, style) == "langchain"
    assert style.no_lines_before == frozenset({LOCAL_FOLDER})
    assert style.heading(THIRD_PARTY) == "Third party"
    assert style.target_minor is None  # isort's default: any Python 3
    write(tmp_path / "b" / "setup.cfg", "[tool:isort]\nprofile = black\nreverse_relative = true\n")
    style = import_style(tmp_path / "b", ConfigFiles())
    assert style.line_length == 88 and style.relative_imports_order == "closest-to-furthest"
    write(tmp_path / "c" / ".git" / "HEAD", "")
    assert import_style(tmp_path / "c" / "d", ConfigFiles()).origin is None
