"""``target-version``: the oldest Python a file may run on, and where that came from.

Resolved as ruff resolves its own: ``--target-version``; ``target-version`` in
``[tool.toolcfg]``; ruff's ``target-version`` from the ruff configuration that applies; the
lower bound of the project's ``requires-python`` (or Poetry's ``python``); else ``py39``,
the oldest Python langchain-core supports.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import NAIVE, NAIVE_MESSAGE, WHERE, invoke, lines, reported, write

from toolcfg.settings import Overrides, Resolver, SettingsError
from toolcfg.versions import Version, parse_target


def resolved(path: Path, overrides: Overrides | None = None) -> tuple[str, str, str]:
    """The target version of ``path`` (as ``py3N``) and its short and long sources."""
    settings = Resolver(overrides or Overrides()).for_file(path)
    major, minor = settings.target_version.release
    return (
        f"py{major}{minor}",
        settings.target_version_source,
        settings.target_version_source_long,
    )


def shown(*args: str) -> str:
    """The ``target-version`` lines of ``--show-settings``."""
    result = invoke("check", "--show-settings", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    found = lines(result.stdout)
    index = found.index(next(line for line in found if "target-version:" in line))
    return "\n".join(found[index : index + 2])


# --- each source -------------------------------------------------------------------------


def test_nothing_declared_means_py39(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[project]\nname = "x"\n')
    assert resolved(workdir / "a.py") == (
        "py39",
        "no declared Python version",
        "no declared Python version",
    )


def test_requires_python_lower_bound(workdir: Path) -> None:
    config = write(workdir / "pyproject.toml", '[project]\nrequires-python = ">=3.10, <4"\n')
    assert resolved(workdir / "a.py") == (
        "py310",
        "`requires-python >=3.10, <4`",
        f'`requires-python = ">=3.10, <4"` in {config}',
    )


@pytest.mark.parametrize(
    "requires, target",
    [(">=3.9.7", "py39"), (">3.10", "py310"), ("~=3.11", "py311"), ("==3.12.*", "py312")],
)
def test_requires_python_falls_in_its_minor_release(
    workdir: Path, requires: str, target: str
) -> None:
    write(workdir / "pyproject.toml", f'[project]\nrequires-python = "{requires}"\n')
    assert resolved(workdir / "a.py")[0] == target


def test_requires_python_without_a_lower_bound_means_py39(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[project]\nrequires-python = "<3.13"\n')
    assert resolved(workdir / "a.py")[:2] == ("py39", "no declared Python version")


def test_poetry_python(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.11"\n')
    assert resolved(workdir / "a.py")[:2] == ("py311", 'Poetry\'s `python = "^3.11"`')


def test_ruff_target_version_beats_requires_python(workdir: Path) -> None:
    config = write(
        workdir / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n[tool.ruff]\ntarget-version = "py312"\n',
    )
    assert resolved(workdir / "a.py") == (
        "py312",
        'ruff\'s `target-version = "py312"`',
        f'ruff\'s `target-version = "py312"` in {config}',
    )


def test_ruff_target_version_from_a_ruff_toml_above(workdir: Path) -> None:
    ruff = write(workdir / "ruff.toml", 'target-version = "py311"\n')
    write(workdir / "app" / "pyproject.toml", '[project]\nrequires-python = ">=3.10"\n')
    assert resolved(workdir / "app" / "a.py")[0] == "py311"
    assert resolved(workdir / "app" / "a.py")[2].endswith(f"in {ruff}")


def test_ruff_target_version_through_extend(workdir: Path) -> None:
    write(workdir / "shared" / "ruff.toml", 'target-version = "py313"\n')
    write(workdir / "app" / "ruff.toml", 'extend = "../shared/ruff.toml"\n')
    assert resolved(workdir / "app" / "a.py")[0] == "py313"


def test_ruff_configuration_without_target_version_falls_through(workdir: Path) -> None:
    write(
        workdir / "pyproject.toml",
        '[project]\nrequires-python = ">=3.11"\n[tool.ruff]\nline-length = 100\n',
    )
    assert resolved(workdir / "a.py")[:2] == ("py311", "`requires-python >=3.11`")


def test_toolcfg_target_version_beats_ruff(workdir: Path) -> None:
    config = write(
        workdir / "pyproject.toml",
        '[tool.ruff]\ntarget-version = "py312"\n[tool.toolcfg]\ntarget-version = "py310"\n',
    )
    assert resolved(workdir / "a.py") == (
        "py310",
        '`target-version = "py310"` in [tool.toolcfg]',
        f'`target-version = "py310"` in [tool.toolcfg] of {config}',
    )


def test_toolcfg_target_version_from_a_config_flag_file(workdir: Path) -> None:
    config = write(workdir / "configs" / "toolcfg.toml", 'target-version = "py311"\n')
    write(workdir / "pyproject.toml", '[project]\nrequires-python = ">=3.13"\n')
    found = resolved(workdir / "a.py", Overrides(config=Path("configs/toolcfg.toml")))
    assert found[0] == "py311"
    assert found[2] == f'`target-version = "py311"` in {config.relative_to(workdir)}'


def test_command_line_beats_everything(workdir: Path) -> None:
    write(
        workdir / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n'
        '[tool.ruff]\ntarget-version = "py311"\n'
        '[tool.toolcfg]\ntarget-version = "py312"\n',
    )
    assert resolved(workdir / "a.py", Overrides(target_version="py39")) == (
        "py39",
        "`--target-version py39`",
        "`--target-version py39`",
    )


def test_each_subproject_has_its_own_target_version(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[project]\nrequires-python = ">=3.11"\n')
    write(workdir / "legacy" / "pyproject.toml", '[project]\nrequires-python = ">=3.9"\n')
    resolver = Resolver()
    assert resolver.for_file(workdir / "a.py").target_version == Version.of(3, 11)
    assert resolver.for_file(workdir / "legacy" / "a.py").target_version == Version.of(3, 9)
    assert resolver.for_file(workdir / "legacy" / "deep" / "a.py").target_version == Version.of(
        3, 9
    )


def test_a_bom_and_crlf_pyproject_is_read(workdir: Path) -> None:
    text = '[project]\r\nrequires-python = ">=3.12"\r\n'
    write(workdir / "pyproject.toml", b"\xef\xbb\xbf" + text.encode())
    assert resolved(workdir / "a.py")[0] == "py312"


# --- through the command line ------------------------------------------------------------


def test_show_settings_shows_each_source(workdir: Path) -> None:
    config = write(
        workdir / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n[tool.ruff]\nline-length = 100\n',
    )
    write(workdir / "a.py", NAIVE)
    assert shown("a.py") == (
        f'  target-version: py310\n      from `requires-python = ">=3.10"` in {config}'
    )
    assert shown("--target-version", "py313", "a.py") == (
        "  target-version: py313\n      from `--target-version py313`"
    )


def test_target_version_flag_accepts_py39_to_py314(workdir: Path) -> None:
    write(workdir / "a.py", NAIVE)
    for minor in range(9, 15):
        assert shown("--target-version", f"py3{minor}", "a.py").startswith(
            f"  target-version: py3{minor}\n"
        )


@pytest.mark.parametrize("value", ["py38", "py315", "3.10"])
def test_a_bad_target_version_flag_exits_2(workdir: Path, value: str) -> None:
    write(workdir / "a.py", NAIVE)
    result = invoke("check", "--target-version", value, "a.py")
    assert result.exit_code == 2
    assert "--target-version" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "name, text, message",
    [
        (
            "pyproject.toml",
            '[tool.toolcfg]\ntarget-version = "py38"\n',
            (
                "`target-version` in [tool.toolcfg] must be one of py39, py310, py311, py312, "
                "py313, py314, not 'py38'"
            ),
        ),
        (
            "pyproject.toml",
            '[project]\nrequires-python = ">=three"\n',
            "`project.requires-python`: not a version: 'three'",
        ),
        (
            "pyproject.toml",
            "[project]\nrequires-python = 3.10\n",
            "`project.requires-python`: must be a string, not 3.1",
        ),
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\npython = "^three"\n',
            "`tool.poetry.dependencies.python`: not a version: 'three'",
        ),
        (
            "ruff.toml",
            'target-version = "python3.10"\n',
            "`target-version`: not a Python target such as py310: 'python3.10'",
        ),
    ],
)
def test_a_malformed_value_exits_2_naming_the_file_and_key(
    workdir: Path, name: str, text: str, message: str
) -> None:
    config = write(workdir / "proj" / name, text)
    write(workdir / "proj" / "src" / "a.py", NAIVE)
    for args in (["proj"], ["--show-settings", "proj/src/a.py"]):
        result = invoke("check", *args)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == f"error: {config}: {message}\n"


def test_resolver_raises_settings_error_for_a_malformed_value(workdir: Path) -> None:
    write(workdir / "pyproject.toml", '[project]\nrequires-python = "3.10"\n')
    with pytest.raises(SettingsError, match=r"project\.requires-python"):
        Resolver().for_file(workdir / "a.py")


# --- what the report says ------------------------------------------------------------------

#: NAIVE's TCF001 without the words on where it bites.
TCF001 = NAIVE_MESSAGE[: -len(WHERE)]


def test_nothing_declared_reports_where_the_rule_bites(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    assert reported("naive.py") == [
        f"naive.py:4:11: {TCF001} on Python 3.9 and 3.10 with langchain-core < 1.4.8"
    ]


@pytest.mark.parametrize(
    "pyproject, where",
    [
        (
            '[project]\nrequires-python = ">=3.10"\n',
            " on Python 3.10 with langchain-core < 1.4.8, which `requires-python >=3.10` admits",
        ),
        (
            '[tool.ruff]\ntarget-version = "py310"\n',
            (
                " on Python 3.10 with langchain-core < 1.4.8, which ruff's "
                '`target-version = "py310"` admits'
            ),
        ),
        (
            '[project]\nrequires-python = ">=3.9"\ndependencies = ["langchain-core>=1.2,<1.5"]\n',
            (
                " on Python 3.9 and 3.10 with langchain-core < 1.4.8, which `requires-python "
                ">=3.9` and `langchain-core>=1.2,<1.5` in pyproject.toml admit"
            ),
        ),
    ],
    ids=["requires-python", "ruff", "requires-python and langchain-core"],
)
def test_the_message_names_the_declarations_that_admit_the_loss(
    workdir: Path, pyproject: str, where: str
) -> None:
    write(workdir / "pyproject.toml", pyproject)
    write(workdir / "naive.py", NAIVE)
    assert reported("naive.py") == [f"naive.py:4:11: {TCF001}{where}"]


def test_the_target_version_flag_is_named_too(workdir: Path) -> None:
    write(workdir / "naive.py", NAIVE)
    assert reported("--target-version", "py310", "naive.py") == [
        (
            f"naive.py:4:11: {TCF001} on Python 3.10 with langchain-core < 1.4.8, which "
            "`--target-version py310` admits"
        )
    ]


@pytest.mark.parametrize(
    "pyproject",
    [
        '[project]\nrequires-python = ">=3.11"\n',
        '[tool.toolcfg]\ntarget-version = "py311"\n',
        '[project]\nrequires-python = ">=3.9"\ndependencies = ["langchain-core>=1.4.8"]\n',
    ],
    ids=["requires-python", "toolcfg target-version", "langchain-core"],
)
def test_a_loss_the_project_cannot_have_is_not_reported(workdir: Path, pyproject: str) -> None:
    write(workdir / "pyproject.toml", pyproject)
    write(workdir / "naive.py", NAIVE)
    result = invoke("check", "naive.py")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "All checks passed!\n", "")


def test_a_rule_that_bites_everywhere_is_reported_whatever_the_target(workdir: Path) -> None:
    # TCF003 (a tool forwarding the config it was called with) does not depend on versions.
    write(workdir / "pyproject.toml", '[project]\nrequires-python = ">=3.12"\n')
    write(
        workdir / "sibling.py",
        NAIVE.replace("question: str)", "question: str, config: RunnableConfig)").replace(
            "ainvoke(question)", "ainvoke(question, config=config)"
        ),
    )
    assert reported("sibling.py") == [
        (
            "sibling.py:6:25: TCF003 [*] `model.ainvoke()` forwards the config async tool `ask` "
            "was called with, so its run is filed beside the tool's run instead of under it"
        )
    ]


def test_the_later_of_ruff_s_target_and_requires_python_is_the_oldest_python(
    tmp_path: Path,
) -> None:
    """ruff's `target-version = "py39"` beside `requires-python >=3.10`: the code never runs
    on 3.9, so no message may say it does (a real library's configuration)."""
    write(
        tmp_path / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n[tool.ruff]\ntarget-version = "py39"\n',
    )
    settings = Resolver().for_file(tmp_path / "nodes.py")
    assert settings.target_version == parse_target("py310")
    assert settings.target_version_source == "`requires-python >=3.10`"
    write(
        tmp_path / "pyproject.toml",
        '[project]\nrequires-python = ">=3.10"\n[tool.ruff]\ntarget-version = "py311"\n',
    )
    settings = Resolver().for_file(tmp_path / "nodes.py")
    assert settings.target_version == parse_target("py311")
    assert settings.target_version_source == 'ruff\'s `target-version = "py311"`'


@pytest.mark.parametrize(
    "name, text",
    [
        ("setup.cfg", "[options]\npython_requires = >=3.11\n"),
        ("setup.py", "from setuptools import setup\nsetup(python_requires='>=3.11')\n"),
        ("langgraph.json", '{"graphs": {"agent": "./naive.py:graph"}, "python_version": "3.11"}'),
    ],
)
def test_a_python_declared_beside_the_code_silences_what_cannot_bite(
    workdir: Path, name: str, text: str
) -> None:
    write(workdir / name, text)
    write(workdir / "naive.py", NAIVE)
    assert lines(invoke("check", "--no-cache", ".").stdout) == ["All checks passed!"]
    shown = invoke("check", "--show-settings", "naive.py").stdout
    assert "  target-version: py311\n" in shown, shown


def test_an_application_with_only_a_requirements_file_is_judged_on_its_pins(
    workdir: Path,
) -> None:
    """No pyproject.toml, only `requirements.txt` pinning langchain-core 1.5.1 (a real
    application's shape): tools keep their config from 1.4.8 on, so nothing is reported.
    The pins were read only beside a pyproject.toml or a file declaring the Python."""
    write(workdir / "requirements.txt", "langchain-core==1.5.1\nlangchain-openai==1.1.0\n")
    write(workdir / "naive.py", NAIVE)
    assert lines(invoke("check", "--no-cache", ".").stdout) == ["All checks passed!"]
    shown = invoke("check", "--show-settings", "naive.py").stdout
    assert "  langchain-core: ==1.5.1\n" in shown, shown
    write(workdir / "requirements.txt", "langchain-core>=0.3\n")
    assert [line.split(":")[3].split()[0] for line in lines(invoke("check", ".").stdout)[:-1]] == [
        "TCF001"
    ]


def test_a_module_importing_a_name_only_newer_pythons_have_runs_nowhere_older(
    workdir: Path,
) -> None:
    """`from typing import NotRequired` at the top of a LangGraph app's state module (a real
    project's shape): the module cannot be imported on Python 3.10, where the config is
    lost, whatever requires-python admits. The same name from typing_extensions, or an
    import a version check guards, says nothing."""
    node = NAIVE
    write(workdir / "newer.py", "from typing import NotRequired\n\n" + node)
    write(
        workdir / "guarded.py",
        "import sys\n\nif sys.version_info >= (3, 11):\n    from typing import NotRequired\n\n"
        + node,
    )
    write(workdir / "backport.py", "from typing_extensions import NotRequired\n\n" + node)
    reported = sorted(
        line.split(":")[0] for line in lines(invoke("check", "--no-cache", ".").stdout)[:-1]
    )
    assert reported == ["backport.py", "guarded.py"]


@pytest.mark.parametrize(
    "name, text",
    [
        ("setup.py", "import sys\n\nprint(sys.version_info)\n"),
        ("requirements.txt", "langchain-core>=0.3\n"),
        ("langgraph.json", '{"graphs": {"agent": "./naive.py:graph"}}'),
    ],
)
def test_a_nested_file_that_declares_no_python_keeps_the_enclosing_one(
    workdir: Path, name: str, text: str
) -> None:
    """A real repository on Python 3.12 (its root `langgraph.json`), with an installer
    script named `setup.py` in one app's directory: that app runs on 3.12 too. A nearer
    file that declares no Python says nothing of it; one that declares it wins."""
    write(workdir / "langgraph.json", '{"graphs": {}, "python_version": "3.12"}')
    write(workdir / "app" / name, text)
    write(workdir / "app" / "naive.py", NAIVE)
    assert lines(invoke("check", "--no-cache", ".").stdout) == ["All checks passed!"]
    assert resolved(workdir / "app" / "naive.py")[0] == "py312"
    write(workdir / "app" / "pyproject.toml", '[project]\nrequires-python = ">=3.9"\n')
    assert resolved(workdir / "app" / "naive.py")[0] == "py39"
