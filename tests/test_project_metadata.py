"""``toolcfg.project``: the Python and package versions a project declares, and where.

Every declaration a project can make is read (PEP 621, PEP 735, Poetry, uv, requirements
files, lock files), and they are combined so that a rule is silenced only when every version
the project admits is past its bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import write

from toolcfg.configfiles import ConfigError, ConfigFiles
from toolcfg.project import Project, canonical_name, parse_requirement, project_for, read_project
from toolcfg.versions import Range, Version, parse_specifiers


def project(root: Path, pyproject: str = "", **others: str) -> Project:
    """Write ``pyproject.toml`` (and ``others``, by file name) and read the project."""
    path = write(root / "pyproject.toml", pyproject)
    for name, text in others.items():
        write(root / name.replace("__", "/"), text)
    return read_project(path, ConfigFiles())


def admitted(found: Project, package: str) -> str:
    return str(found.packages[package].range)


# --- Python ------------------------------------------------------------------------------


def test_requires_python(tmp_path: Path) -> None:
    found = project(tmp_path, '[project]\nrequires-python = ">=3.10"\n')
    assert found.python is not None
    assert found.python.range == Range(lower=Version.of(3, 10))
    assert found.python.short == "`requires-python >=3.10`"
    assert found.python.long == f'`requires-python = ">=3.10"` in {tmp_path / "pyproject.toml"}'


def test_poetry_python_when_there_is_no_requires_python(tmp_path: Path) -> None:
    found = project(tmp_path, '[tool.poetry.dependencies]\npython = "^3.11"\n')
    assert found.python is not None
    assert str(found.python.range) == ">=3.11,<4"
    assert found.python.short == 'Poetry\'s `python = "^3.11"`'
    assert found.python.long.endswith(f"in [tool.poetry.dependencies] of {tmp_path}/pyproject.toml")


def test_requires_python_wins_over_poetry(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\nrequires-python = ">=3.12"\n[tool.poetry.dependencies]\npython = "^3.9"\n',
    )
    assert found.python is not None and str(found.python.range) == ">=3.12"


def test_no_python_declared(tmp_path: Path) -> None:
    assert project(tmp_path, '[project]\nname = "x"\n').python is None


def test_a_pyproject_with_a_bom_and_crlf_line_endings_is_read(tmp_path: Path) -> None:
    text = '[project]\r\nrequires-python = ">=3.11"\r\ndependencies = ["langgraph>=1.2"]\r\n'
    path = write(tmp_path / "pyproject.toml", b"\xef\xbb\xbf" + text.encode())
    found = read_project(path, ConfigFiles())
    assert found.python is not None and str(found.python.range) == ">=3.11"
    assert admitted(found, "langgraph") == ">=1.2"


# --- names and requirements --------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["langchain_core", "LangChain-Core", "langchain.core", "LANGCHAIN__CORE"]
)
def test_names_are_canonicalised_as_pep_503_does(name: str) -> None:
    assert canonical_name(name) == "langchain-core"


@pytest.mark.parametrize(
    "requirement, expected",
    [
        ("langchain-core>=1.5", ("langchain-core", ">=1.5")),
        ("LangChain_Core [extra] >= 1.5 , <2", ("langchain-core", ">=1.5,<2")),
        ('langgraph==1.2.24; python_version < "3.11"', ("langgraph", "==1.2.24")),
        ("langchain (>=0.3)", ("langchain", ">=0.3")),
        ("langchain", ("langchain", "*")),
        ("langchain-core>=1!0.1", ("langchain-core", ">=1!0.1")),
        ("langchain-core @ git+https://github.com/langchain-ai/langchain", None),
        ("requests>=2", None),
        ("langchain-openai>=0.3", None),
        # Another package's malformed requirement is not read, whatever is wrong with it.
        ("requests>=latest", None),
    ],
)
def test_parse_requirement(requirement: str, expected: object) -> None:
    found = parse_requirement(requirement)
    assert (None if found is None else (found[0], str(found[1]))) == expected


@pytest.mark.parametrize(
    "requirement",
    ["", ">=1.0", "langchain-core>>1", "langchain-core>=x", "langchain-core>=1; python_version <"],
)
def test_a_malformed_requirement_raises_value_error(requirement: str) -> None:
    with pytest.raises(ValueError):
        parse_requirement(requirement)


# --- pyproject.toml sources --------------------------------------------------------------


def test_project_dependencies(tmp_path: Path) -> None:
    found = project(
        tmp_path, '[project]\ndependencies = ["langchain-core>=1.5,<2", "requests", "langgraph"]\n'
    )
    assert admitted(found, "langchain-core") == ">=1.5,<2"
    assert admitted(found, "langgraph") == "*"
    assert "langchain" not in found.packages
    declared = found.packages["langchain-core"]
    assert declared.short == "`langchain-core>=1.5,<2` in pyproject.toml"
    assert declared.long == (
        f"`langchain-core>=1.5,<2` in `project.dependencies` of {tmp_path}/pyproject.toml"
    )


def test_optional_dependencies_and_dependency_groups(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        "[project.optional-dependencies]\n"
        'graph = ["langgraph>=1.2"]\n'
        "[dependency-groups]\n"
        'test = ["langchain-core>=1.6"]\n'
        'dev = [{include-group = "test"}, "ruff"]\n',
    )
    assert admitted(found, "langgraph") == ">=1.2"
    assert admitted(found, "langchain-core") == ">=1.6"
    # Read through the include and directly, it is one declaration.
    assert found.packages["langchain-core"].long.count("langchain-core>=1.6") == 1


def test_an_include_group_cycle_is_an_error(tmp_path: Path) -> None:
    text = '[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}]\n'
    with pytest.raises(ConfigError, match=r"`dependency-groups\.a`: includes itself"):
        project(tmp_path, text)


def test_an_unknown_include_group_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"`dependency-groups\.missing`: no such group"):
        project(tmp_path, '[dependency-groups]\na = [{include-group = "missing"}]\n')


def test_poetry_dependencies(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        "[tool.poetry.dependencies]\n"
        'python = "^3.10"\n'
        'langchain-core = "^1.5"\n'
        'langgraph = {version = "~1.2", extras = ["x"]}\n'
        'langchain = {git = "https://example.com/langchain.git"}\n',
    )
    assert admitted(found, "langchain-core") == ">=1.5,<2"
    assert admitted(found, "langgraph") == ">=1.2,<1.3"
    assert "langchain" not in found.packages  # a git dependency says nothing of its version
    assert found.packages["langchain-core"].long == (
        f'`langchain-core = "^1.5"` in [tool.poetry.dependencies] of {tmp_path}/pyproject.toml'
    )


def test_poetry_multiple_constraints_take_their_hull(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        "[tool.poetry.dependencies]\nlangchain-core = [\n"
        '  {version = "^0.3", python = "<3.11"},\n'
        '  {version = "^1.7", python = ">=3.11"},\n'
        "]\n",
    )
    assert admitted(found, "langchain-core") == ">=0.3,<2"


def test_poetry_groups_dev_dependencies_and_uv_dev_dependencies_are_optional(
    tmp_path: Path,
) -> None:
    found = project(
        tmp_path,
        "[tool.poetry.group.test.dependencies]\n"
        'langchain-core = ">=1.6"\n'
        "[tool.poetry.dev-dependencies]\n"
        'langchain-core = ">=1.7"\n'
        "[tool.uv]\n"
        'dev-dependencies = ["langgraph>=1.2"]\n',
    )
    # Only optional sources: the widest range any of them admits.
    assert admitted(found, "langchain-core") == ">=1.6"
    assert admitted(found, "langgraph") == ">=1.2"
    assert found.packages["langchain-core"].long.endswith(
        ", all optional, so the widest range counts"
    )


def test_an_optional_poetry_dependency_is_optional(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        "[tool.poetry.dependencies]\n"
        'langchain-core = {version = ">=1.7", optional = true}\n'
        "[tool.poetry.group.dev.dependencies]\n"
        'langchain-core = ">=1.4"\n',
    )
    assert admitted(found, "langchain-core") == ">=1.4"


# --- combining ---------------------------------------------------------------------------


def test_sources_that_always_apply_are_intersected(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\ndependencies = ["langchain-core>=1.5"]\n'
        '[tool.poetry.dependencies]\nlangchain-core = "<1.8"\n',
        **{"requirements.txt": "langchain-core>=1.6\n"},
    )
    declared = found.packages["langchain-core"]
    assert str(declared.range) == ">=1.6,<1.8"
    assert declared.short == "`langchain-core>=1.6,<1.8` in pyproject.toml, requirements.txt"


def test_optional_sources_do_not_narrow_a_required_one(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\ndependencies = ["langchain-core>=0.3"]\n'
        '[project.optional-dependencies]\nnew = ["langchain-core>=1.7"]\n',
        **{"requirements-dev.txt": "langchain-core==1.7.2\n"},
    )
    assert admitted(found, "langchain-core") == ">=0.3"


def test_conflicting_required_sources_take_their_hull(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\ndependencies = ["langchain-core>=1.5"]\n',
        **{"requirements.txt": "langchain-core==1.4.0\n"},
    )
    declared = found.packages["langchain-core"]
    assert str(declared.range) == ">=1.4.0"
    assert declared.long.endswith(", which conflict, so the widest range counts")


def test_a_lock_file_pin_wins(tmp_path: Path) -> None:
    lock = (
        'version = 1\n[[package]]\nname = "langchain-core"\nversion = "1.7.2"\n'
        '[[package]]\nname = "LangGraph"\nversion = "1.2.24"\n'
    )
    found = project(
        tmp_path,
        '[project]\ndependencies = ["langchain-core>=0.3", "langgraph>=0.6"]\n',
        **{"uv.lock": lock},
    )
    declared = found.packages["langchain-core"]
    assert str(declared.range) == "==1.7.2"
    assert declared.short == "`langchain-core==1.7.2` in uv.lock"
    assert declared.long == f"`langchain-core==1.7.2` in {tmp_path}/uv.lock"
    assert admitted(found, "langgraph") == "==1.2.24"


def test_poetry_lock_pins_and_several_pins_take_their_hull(tmp_path: Path) -> None:
    lock = (
        '[[package]]\nname = "langchain-core"\nversion = "0.3.86"\n'
        '[[package]]\nname = "langchain-core"\nversion = "1.7.2"\n'
    )
    found = project(tmp_path, '[project]\nname = "x"\n', **{"poetry.lock": lock})
    assert admitted(found, "langchain-core") == ">=0.3.86,<=1.7.2"


def test_a_package_nobody_mentions_is_unknown(tmp_path: Path) -> None:
    assert project(tmp_path, '[project]\ndependencies = ["requests"]\n').packages == {}


# --- requirements files ------------------------------------------------------------------


def test_requirements_files(tmp_path: Path) -> None:
    requirements = (
        "# pinned by pip-compile\n"
        "--index-url https://example.com/simple\n"
        "-e ./local-package\n"
        "./vendored/langchain\n"
        "git+https://github.com/langchain-ai/langgraph#egg=langgraph\n"
        "langchain-core==1.7.2 \\\n"
        "    --hash=sha256:0123456789abcdef\n"
        "-r base.txt  # shared\n"
        "-c constraints.txt\n"
    )
    found = project(
        tmp_path,
        '[project]\nname = "x"\n',
        **{
            "requirements.txt": requirements,
            "base.txt": 'langgraph>=1.2; python_version >= "3.10"\n',
            "requirements-docs.txt": "langchain>=0.3\n",
        },
    )
    declared = found.packages["langchain-core"]
    assert str(declared.range) == "==1.7.2"
    assert declared.long == f"`langchain-core==1.7.2` in {tmp_path}/requirements.txt line 6"
    assert admitted(found, "langgraph") == ">=1.2"
    assert found.packages["langgraph"].short == "`langgraph>=1.2` in base.txt"
    assert admitted(found, "langchain") == ">=0.3"


def test_a_requirements_file_including_itself_is_read_once(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        "",
        **{"requirements.txt": "-r requirements.txt\nlangchain-core>=1.5\n"},
    )
    assert admitted(found, "langchain-core") == ">=1.5"


def test_a_malformed_requirement_line_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        project(tmp_path, "", **{"requirements.txt": "requests\nlangchain-core>=one\n"})
    assert str(raised.value).startswith(f"{tmp_path}/requirements.txt: line 2: ")


def test_a_missing_included_requirements_file_names_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        project(tmp_path, "", **{"requirements.txt": "\n-r missing.txt\n"})
    assert str(raised.value) == f"{tmp_path}/requirements.txt: line 2: no file missing.txt"


# --- malformed values --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key",
    [
        ('[project]\nrequires-python = ">=three"\n', "project.requires-python"),
        ("[project]\nrequires-python = 3.10\n", "project.requires-python"),
        ('[project]\ndependencies = "langchain-core"\n', "project.dependencies"),
        ("[project]\ndependencies = [1]\n", "project.dependencies"),
        ('[project]\ndependencies = ["langchain-core>=x"]\n', "project.dependencies"),
        ('[project.optional-dependencies]\ndev = "x"\n', "project.optional-dependencies.dev"),
        ('[project]\noptional-dependencies = ["x"]\n', "project.optional-dependencies"),
        ('[tool.poetry.dependencies]\npython = "^three"\n', "tool.poetry.dependencies.python"),
        (
            '[tool.poetry.dependencies]\nlangchain-core = "^x"\n',
            "tool.poetry.dependencies.langchain-core",
        ),
        ('[tool.uv]\ndev-dependencies = "x"\n', "tool.uv.dev-dependencies"),
        ('[dependency-groups]\ndev = "x"\n', "dependency-groups.dev"),
    ],
)
def test_a_malformed_value_names_the_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(ConfigError) as raised:
        project(tmp_path, text)
    assert (raised.value.path, raised.value.key) == (tmp_path / "pyproject.toml", key)
    assert str(raised.value).startswith(f"{tmp_path}/pyproject.toml: `{key}`: ")


def test_a_malformed_value_for_another_package_does_not_matter(tmp_path: Path) -> None:
    found = project(tmp_path, '[tool.poetry.dependencies]\nrequests = "^nonsense"\n')
    assert found.packages == {}


# --- the closest pyproject.toml ----------------------------------------------------------


def test_project_for_a_directory_is_the_closest_pyproject(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nrequires-python = ">=3.11"\n')
    write(tmp_path / "sub" / "pkg" / "mod.py", "")
    found = project_for(tmp_path / "sub" / "pkg", ConfigFiles())
    assert found.pyproject == tmp_path / "pyproject.toml"
    assert found.python is not None
    assert found.python.range == parse_specifiers(">=3.11")


def test_project_for_a_directory_without_a_pyproject(tmp_path: Path) -> None:
    assert project_for(tmp_path, ConfigFiles()) == Project()


# --- Python declared outside pyproject.toml (issue 20) -----------------------------------


def test_setup_cfg_python_requires(tmp_path: Path) -> None:
    found = project(tmp_path, "", **{"setup.cfg": "[options]\npython_requires = >=3.11\n"})
    assert found.python is not None and str(found.python.range) == ">=3.11"
    assert found.python.short == "`python_requires >=3.11` in setup.cfg"


def test_setup_py_python_requires_is_read_never_run(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom setuptools import setup\n"
        "sys.exit('setup.py was run')\n"
        "setup(name='app', python_requires='>=3.12', install_requires=['langgraph'])\n"
    )
    found = project(tmp_path, "", **{"setup.py": script})
    assert found.python is not None and str(found.python.range) == ">=3.12"
    assert found.python.long == f"`python_requires >=3.12` in {tmp_path / 'setup.py'}"


def test_requires_python_wins_over_setup_and_langgraph_json(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\nrequires-python = ">=3.9"\n',
        **{
            "setup.cfg": "[options]\npython_requires = >=3.11\n",
            "langgraph.json": '{"graphs": {}, "python_version": "3.12"}',
        },
    )
    assert found.python is not None and str(found.python.range) == ">=3.9"


def test_langgraph_json_python_version_when_nothing_else_declares_one(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        '[project]\nname = "agent"\n',
        **{"langgraph.json": '{"graphs": {"agent": "./agent.py:graph"}, "python_version": "3.11"}'},
    )
    assert found.python is not None and str(found.python.range) == ">=3.11"
    assert found.python.short == '`"python_version": "3.11"` in langgraph.json'


# --- lock files: applications only (issue 20) --------------------------------------------

LOCK = '[[package]]\nname = "langchain-core"\nversion = "1.7.2"\n'
LIBRARY = (
    '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
    '[project]\nname = "lib"\ndependencies = ["langchain-core>=0.3"]\n'
)


def test_a_library_s_lock_file_is_ignored_for_its_declared_range(tmp_path: Path) -> None:
    found = project(tmp_path, LIBRARY, **{"uv.lock": LOCK})
    assert admitted(found, "langchain-core") == ">=0.3"
    assert found.locks.startswith("lock files ignored: ")
    assert "builds a package" in found.locks


@pytest.mark.parametrize(
    "marker",
    ["", "[tool.uv]\npackage = false\n", "[tool.poetry]\npackage-mode = false\n"],
    ids=["no build-system", "uv package = false", "poetry package-mode = false"],
)
def test_an_application_s_lock_file_pins_what_runs(tmp_path: Path, marker: str) -> None:
    text = LIBRARY + marker if marker else "[project]" + LIBRARY.split("[project]", 1)[1]
    found = project(tmp_path, text, **{"uv.lock": LOCK})
    assert admitted(found, "langchain-core") == "==1.7.2"
    assert found.locks.startswith("pinned by the lock files: ")
