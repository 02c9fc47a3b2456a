"""The edit path: a check that takes the last check's project pass (``toolcfg.incremental``)
finds exactly what a fresh check finds, whether the edit only moved positions (the pass is
reused) or changed what the pass reads (it runs again).

Each edit is checked twice: with the memo that checked the text before it (as the language
server does at every keystroke), and with a new memo; both must give the same findings,
failures, missing files and plans.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest

import toolcfg.pipeline
from toolcfg.incremental import Edit, same_but_positions
from toolcfg.memo import Memo
from toolcfg.pipeline import Checked, ProjectFiles, check_project
from toolcfg.scan import summarised
from toolcfg.settings import Resolver
from toolcfg.workspace import Workspace

APP = Path(__file__).resolve().parent.parent / "examples" / "app"
AFTER = '    """Ask the model what to look up, and plan one call of the docs tool with it."""\n'

Change = Callable[[str], str]


def after_docstring(line: str) -> Change:
    return lambda text: text.replace(AFTER, AFTER + line)


def replaced(old: str, new: str) -> Change:
    def change(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return change


#: (file, change, whether the last pass may be taken): edits that move positions only,
#: then edits that change what the project pass reads.
EDITS: List[Tuple[str, Change, bool]] = [
    ("nodes.py", after_docstring("\n"), True),
    ("nodes.py", after_docstring("    extra\n"), True),
    ("nodes.py", replaced("plan one call", "plan a call"), True),
    ("nodes.py", replaced("dict:\n", "dict:  # the planner\n"), True),
    ("nodes.py", replaced('"""The graph', '"""The  graph'), True),
    ("nodes.py", after_docstring("    extra =\n"), False),  # no longer parses
    ("nodes.py", replaced('"plan-1"', '"plan-one"'), False),  # a Text in a binding
    ("nodes.py", after_docstring("    extra = get_model\n"), False),  # a new binding
    ("nodes.py", after_docstring('    extra = "get_model"\n'), False),  # a Text, not a Name
    ("nodes.py", after_docstring('    await get_model().ainvoke("more")\n'), False),
    ("nodes.py", replaced("summarize_messages(state", "get_model().ainvoke(state"), False),
    ("nodes.py", replaced("from .helpers import get_model, ", "from .helpers import "), False),
    ("nodes.py", replaced("async def summarize_node", "def summarize_node"), False),
    ("graph.py", replaced('builder.add_node("summarize", summarize_node)\n', ""), False),
    ("graph.py", replaced("    return builder.compile()", "    return builder"), False),
    ("helpers.py", replaced("(messages: list[AnyMessage])", "(messages, config)"), False),
    ("helpers.py", replaced("ainvoke(prompt)", "ainvoke(prompt, config)"), False),
    ("helpers.py", replaced("def get_model()", "def get_model(name=None)"), False),
    ("tools.py", replaced("\n", "\n\n"), True),
]


@pytest.fixture
def app(tmp_path: Path) -> ProjectFiles:
    shutil.copytree(APP, tmp_path / "app")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "app"\n')
    files = tuple(sorted(str(path) for path in tmp_path.rglob("*.py")))
    return ProjectFiles(str(tmp_path), files, files)


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """One entry for each project pass run."""
    ran: List[str] = []
    real = toolcfg.pipeline._Check._plans

    def counting(self: Any, *args: Any) -> Any:
        ran.append("pass")
        return real(self, *args)

    monkeypatch.setattr(toolcfg.pipeline._Check, "_plans", counting)
    return ran


def outcome(checked: Checked) -> Tuple[object, ...]:
    plans = {path: plan.fingerprint() for path, plan in checked.plans.items()}
    return checked.findings, checked.failures, checked.missing, plans


def overlaid(app: ProjectFiles, texts: dict[str, str]) -> Workspace:
    root = Path(app.root) / "app"
    return Workspace({str(root / name): text.encode() for name, text in texts.items()})


@pytest.mark.parametrize(("name", "change", "reusable"), EDITS)
def test_an_edit_finds_what_a_fresh_check_finds(
    app: ProjectFiles, passes: List[str], name: str, change: Change, reusable: bool
) -> None:
    before = (Path(app.root) / "app" / name).read_text()
    after = change(before)
    assert after != before
    memo = Memo()
    check_project(overlaid(app, {name: before}), app, Resolver(), memo)
    assert passes == ["pass"]
    kept = check_project(overlaid(app, {name: after}), app, Resolver(), memo)
    assert passes == ["pass"] * (1 if reusable else 2)
    fresh = check_project(overlaid(app, {name: after}), app, Resolver(), Memo())
    assert outcome(kept) == outcome(fresh)


def test_typing_a_statement_a_character_at_a_time(app: ProjectFiles, passes: List[str]) -> None:
    """The keystrokes of ``bench/server_latency.py``: each check with the session's memo
    finds what a fresh one does, and most take the last pass."""
    typed = '    extra = await get_model().ainvoke("and one more thing")'
    text = (Path(app.root) / "app" / "nodes.py").read_text()
    memo = Memo()
    check_project(overlaid(app, {"nodes.py": text}), app, Resolver(), memo)
    for length in range(len(typed) + 1):
        edited = after_docstring(typed[:length] + "\n")(text)
        kept = check_project(overlaid(app, {"nodes.py": edited}), app, Resolver(), memo)
        fresh = check_project(overlaid(app, {"nodes.py": edited}), app, Resolver(), Memo())
        assert outcome(kept) == outcome(fresh), typed[:length]
    ran = len(passes) - 1 - (len(typed) + 1)  # the fresh checks each run one
    assert ran < (len(typed) + 1) / 2


def test_an_edit_that_does_not_parse_after_one_that_did_not(
    app: ProjectFiles, passes: List[str]
) -> None:
    text = (Path(app.root) / "app" / "nodes.py").read_text()
    memo = Memo()
    broken = after_docstring("    extra =\n")(text)
    check_project(overlaid(app, {"nodes.py": broken}), app, Resolver(), memo)
    still = after_docstring("    extra = await\n")(text)
    kept = check_project(overlaid(app, {"nodes.py": still}), app, Resolver(), memo)
    assert passes == ["pass"]
    fresh = check_project(overlaid(app, {"nodes.py": still}), app, Resolver(), Memo())
    assert outcome(kept) == outcome(fresh)
    assert kept.failures and kept.failures == fresh.failures


def test_a_second_changed_file_runs_the_pass_again(app: ProjectFiles, passes: List[str]) -> None:
    root = Path(app.root) / "app"
    texts = {name: (root / name).read_text() for name in ("nodes.py", "graph.py")}
    memo = Memo()
    check_project(overlaid(app, texts), app, Resolver(), memo)
    moved = {name: "\n" + text for name, text in texts.items()}
    kept = check_project(overlaid(app, moved), app, Resolver(), memo)
    assert passes == ["pass", "pass"]
    assert outcome(kept) == outcome(check_project(overlaid(app, moved), app, Resolver(), Memo()))


def test_a_summary_that_differs_only_in_positions() -> None:
    old = b"def f():\n    return g()\n\n\ndef h():\n    x = 1\n"
    new = b"def f():\n\n    return g()\n\n\ndef h():\n    x = 1\n"
    edit = Edit.between(old, new)
    assert edit is not None
    assert same_but_positions(summarised(old, True).summary, summarised(new, True).summary, edit)
    renamed = new.replace(b"g()", b"k()")
    assert not same_but_positions(
        summarised(old, True).summary, summarised(renamed, True).summary, edit
    )


def test_an_edit_between_texts() -> None:
    edit = Edit.between(b"ab\ncd\nef", b"ab\ncXd\nef")
    assert edit is not None
    assert (edit.start, edit.end, edit.new_end) == ((2, 1), (2, 1), (2, 2))
    assert edit.point(2, 1) == (2, 2)
    assert edit.point(2, 0) == (2, 0)
    assert edit.point(3, 0) == (3, 0)
    assert edit.line(2) == 2
    newline = Edit.between(b"ab\ncd\n", b"ab\n\ncd\n")
    assert newline is not None
    assert newline.line(2) == 3 and newline.line(1) == 1
    assert Edit.between(b"a\r\nb", b"a\r\nbc") is None
