"""The language server's session without the protocol: what it remembers of buffers, and
when it looks at the disk again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from toolcfg.cache import Cache
from toolcfg.files import digest
from toolcfg.server import session as session_module
from toolcfg.server.session import Buffer, EditorSettings, Session, editor_settings
from toolcfg.settings import SettingsError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "app"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "app")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a"\nrequires-python = ">=3.9"\n')
    return tmp_path


def codes(reports: dict, path: Path) -> list:
    report = reports.get(str(path))
    return [] if report is None else [f.code for f in report.findings]


def test_buffers_never_reach_the_disk_cache_and_are_released(project: Path) -> None:
    nodes = project / "app" / "nodes.py"
    session = Session([str(project)])
    root = session.root_of(str(nodes))
    text = nodes.read_text()
    typed = [
        text.replace("plan.content, tool_calls", f"plan.content + {'x' * n!r}, tool_calls")
        for n in range(5)
    ]
    for number, each in enumerate(typed):
        session.check(root, {str(nodes): Buffer(each, number)})
    memo = session._projects[root].memo
    # Only the buffer the editor holds now is remembered.
    assert list(memo._buffers) == [digest(typed[-1].encode())]
    session.save()
    cache = Cache(project)
    # The disk's files are kept; no buffer's text is.
    assert cache.summary(digest((project / "app" / "graph.py").read_bytes())) is not None
    assert all(cache.summary(digest(each.encode())) is None for each in typed)


def test_the_disk_is_looked_at_again_on_a_change_the_editor_reports(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph, nodes = project / "app" / "graph.py", project / "app" / "nodes.py"
    session = Session([str(project)])
    root = session.root_of(str(nodes))
    assert codes(session.check(root, {}), nodes) == ["TCF041", "TCF041"]
    graph.write_text(
        graph.read_text().replace('    builder.add_node("planner", planner_node)\n', "")
    )
    # Within DISK_FRESH_SECONDS the disk is taken to be as it was...
    assert codes(session.check(root, {}), nodes) == ["TCF041", "TCF041"]
    # ... until the editor says the file changed, or the time is up.
    assert session.files_changed([str(graph)]) == [root]
    assert codes(session.check(root, {}), nodes) == ["TCF041"]
    graph.write_text(
        graph.read_text().replace('    builder.add_node("summarize", summarize_node)\n', "")
    )
    monkeypatch.setattr(session_module, "DISK_FRESH_SECONDS", -1.0)
    assert codes(session.check(root, {}), nodes) == []


def test_a_module_created_outside_the_editor_joins_the_project(project: Path) -> None:
    session = Session([str(project)])
    root = session.root_of(str(project / "app" / "nodes.py"))
    session.check(root, {})
    extra = project / "app" / "more.py"
    extra.write_text(
        "from langchain_core.tools import tool\n\n@tool\nasync def ask(q: str) -> str:\n"
        '    """Ask."""\n    return (await model.ainvoke(q)).content\n'
    )
    session.files_changed([], [str(extra)])
    assert codes(session.check(root, {}), extra) == ["TCF001"]


def test_editor_settings_take_ruffs_shape_and_refuse_the_wrong_kind() -> None:
    assert editor_settings(
        {"settings": {"lint": {"select": ["tcf0"], "ignore": ["TCF041"]}, "unsafeFixes": True}}
    ) == EditorSettings(select=("TCF0",), ignore=("TCF041",), unsafe_fixes=True)
    assert editor_settings({"toolcfg": {"targetVersion": "py310"}}).target_version == "py310"
    assert editor_settings(None) == EditorSettings()
    with pytest.raises(SettingsError, match=r"lint\.select"):
        editor_settings({"lint": {"select": "TCF001"}})
    with pytest.raises(SettingsError, match="targetVersion"):
        editor_settings({"targetVersion": "3.10"})
    with pytest.raises(
        SettingsError, match=re.escape("unknown rule selector `E501` in `lint.ignore`")
    ):
        editor_settings({"lint": {"ignore": ["E501"]}})
