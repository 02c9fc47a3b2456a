"""``toolcfg server`` end to end: the server runs as a subprocess over stdio and
pytest-lsp's client drives it as an editor would, with the capabilities a real editor
(VS Code, Neovim) declares.

The project is the example app (``examples/app``): ``graph.py`` registers the nodes of
``nodes.py`` and the tools of ``tools.py``, and a node calls a helper in ``helpers.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from support import run_script

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "app"
SERVER = [sys.executable, "-m", "toolcfg", "server"]
PUBLISHED = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
#: A node whose call passes a config it did not take... on a line with characters that
#: are one code point but two UTF-16 units (the emoji) or two UTF-8 bytes (é).
WIDE = """\
from langgraph.graph import StateGraph


async def agent(state, config):
    note = "é😀"; return {"m": [await model.ainvoke(state["m"])]}


builder = StateGraph(dict)
builder.add_node("agent", agent)
"""


def make_project(root: Path) -> Path:
    """The example app in a project of its own (it declares Python 3.9, where every
    rule bites)."""
    shutil.copytree(EXAMPLES, root / "app")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "app"\nversion = "0"\nrequires-python = ">=3.9"\n'
    )
    return root


def uri(path: Path) -> str:
    return path.as_uri()


def accept_registrations(client: LanguageClient) -> List[types.Registration]:
    """Answer ``client/registerCapability`` as an editor does (the server asks to be told
    of changed files); the registrations, as made."""
    made: List[types.Registration] = []

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        made.extend(params.registrations)

    return made


async def start(
    root: Path,
    options: Optional[Dict[str, Any]] = None,
    editor: str = "visual-studio-code",
    command: Sequence[str] = SERVER,
) -> LanguageClient:
    client = await ClientServerConfig(server_command=list(command)).start()
    assert isinstance(client, LanguageClient)
    accept_registrations(client)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(editor),
            workspace_folders=[types.WorkspaceFolder(uri=uri(root), name=root.name)],
            initialization_options=options,
        )
    )
    return client


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, project: Path):  # type: ignore[no-untyped-def]
    accept_registrations(lsp_client)
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=uri(project), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


async def until(client: LanguageClient, ready: Callable[[], bool], timeout: float = 60) -> None:
    """Wait for diagnostics until ``ready()``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        remaining = deadline - loop.time()
        assert remaining > 0, f"timed out; diagnostics: {codes_of(client)}"
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(client.wait_for_notification(PUBLISHED), min(remaining, 1))


def codes_of(client: LanguageClient) -> Dict[str, List[str]]:
    return {
        key.rsplit("/", 1)[-1]: sorted(str(d.code) for d in found)
        for key, found in client.diagnostics.items()
    }


def codes(client: LanguageClient, path: Path) -> Optional[List[str]]:
    found = client.diagnostics.get(uri(path))
    return None if found is None else sorted(str(d.code) for d in found)


def open_file(client: LanguageClient, path: Path, text: Optional[str] = None) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(
                uri=uri(path), language_id="python", version=1, text=text or path.read_text()
            )
        )
    )


def change(client: LanguageClient, path: Path, text: str, version: int) -> None:
    """The whole text replaced, as an incremental change from the start to past the end."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(0, 0), types.Position(10_000, 0)), text=text
                )
            ],
        )
    )


def apply(edit: types.WorkspaceEdit, encoding: str = "utf-16") -> Dict[Path, str]:
    """Carry out a workspace edit on the files, as an editor does; the new texts."""
    by_uri: Dict[str, List[types.TextEdit]] = {}
    for document in edit.document_changes or []:
        assert isinstance(document, types.TextDocumentEdit)
        by_uri.setdefault(document.text_document.uri, []).extend(
            e for e in document.edits if isinstance(e, types.TextEdit)
        )
    for key, edits in (edit.changes or {}).items():
        by_uri.setdefault(key, []).extend(edits)
    written = {}
    for key, edits in by_uri.items():
        path = Path(key[len("file://") :])
        text = path.read_text()
        for each in sorted(
            edits, key=lambda e: _offset(text, e.range.start, encoding), reverse=True
        ):
            start, end = (
                _offset(text, each.range.start, encoding),
                _offset(text, each.range.end, encoding),
            )
            text = text[:start] + each.new_text + text[end:]
        path.write_text(text)
        written[path] = text
    return written


def _offset(text: str, position: types.Position, encoding: str) -> int:
    """Where an LSP position (its column in ``encoding``'s code units) falls in ``text``."""
    lines = text.splitlines(keepends=True)
    before = sum(map(len, lines[: position.line]))
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return before + index
        units += len(char.encode("utf-16-le")) // 2 if encoding == "utf-16" else len(char.encode())
    return before + len(line)


def saved_by_the_editor(client: LanguageClient, paths: Sequence[Path]) -> None:
    """What an editor's file watcher reports after a workspace edit wrote files that are
    not open."""
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=uri(path), type=types.FileChangeType.Changed) for path in paths
            ]
        )
    )


async def actions(
    client: LanguageClient, path: Path, line: int, only: Optional[List[str]] = None
) -> List[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(
                diagnostics=list(client.diagnostics.get(uri(path), [])), only=only
            ),
        )
    )
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


def check_exit_code(root: Path) -> int:
    return run_script("check", "--no-cache", str(root), cwd=root).returncode


@pytest.mark.asyncio
async def test_opening_a_node_publishes_its_findings_and_those_of_the_project(
    client: LanguageClient, project: Path
) -> None:
    nodes = project / "app" / "nodes.py"
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) is not None)
    assert codes(client, nodes) == ["TCF041", "TCF041"]
    first = client.diagnostics[uri(nodes)][0]
    assert first.source == "toolcfg"
    assert first.severity == types.DiagnosticSeverity.Warning
    assert first.range == types.Range(types.Position(8, 10), types.Position(8, 22))
    assert first.message.startswith("LangGraph node `planner_node` takes no `config` parameter")
    # A file nobody opened shows its finding too: the tool in tools.py.
    await until(client, lambda: codes(client, project / "app" / "tools.py") is not None)
    assert codes(client, project / "app" / "tools.py") == ["TCF011"]


@pytest.mark.asyncio
async def test_registering_a_node_in_graph_py_republishes_nodes_py(
    client: LanguageClient, project: Path
) -> None:
    graph, nodes = project / "app" / "graph.py", project / "app" / "nodes.py"
    registered = graph.read_text()
    line = '    builder.add_node("summarize", summarize_node)\n'
    graph.write_text(registered.replace(line, ""))
    open_file(client, graph)
    # nodes.py is not open: its diagnostics come from the registrations graph.py makes.
    await until(client, lambda: codes(client, nodes) == ["TCF041"])
    change(client, graph, registered, 2)  # typed, not saved
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    change(client, graph, registered.replace(line, ""), 3)
    await until(client, lambda: codes(client, nodes) == ["TCF041"])


@pytest.mark.asyncio
async def test_a_quick_fix_edits_the_node_and_its_helper_and_the_check_passes(
    client: LanguageClient, project: Path
) -> None:
    nodes, helpers = project / "app" / "nodes.py", project / "app" / "helpers.py"
    (project / "app" / "tools.py").write_text("TOOLS = []\n")
    graph = project / "app" / "graph.py"
    graph.write_text(
        graph.read_text().replace('    builder.add_node("planner", planner_node)\n', "")
    )
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) == ["TCF041"])
    assert check_exit_code(project) == 1
    found = await actions(client, nodes, 15)
    assert [a.title for a in found] == [
        "toolcfg (TCF041): Add a config parameter and forward it",
        "toolcfg (TCF041): Disable for this line",
        "toolcfg: Fix all auto-fixable problems",
    ]
    fix = found[0]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics and fix.diagnostics[0].code == "TCF041"
    assert fix.edit is not None and fix.edit.document_changes is not None
    changed = [d.text_document for d in fix.edit.document_changes]  # type: ignore[union-attr]
    # The node's file at the version the editor holds; the helper's file, not open, on disk.
    assert [(d.uri, d.version) for d in changed] == [(uri(nodes), 1), (uri(helpers), None)]
    written = apply(fix.edit)
    assert "config: Optional[RunnableConfig] = None" in written[helpers]
    assert 'summarize_messages(state["messages"], config=config)' in written[nodes]
    saved_by_the_editor(client, [helpers])
    change(client, nodes, written[nodes], 2)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri(nodes)))
    )
    await until(client, lambda: codes(client, nodes) == [])
    assert check_exit_code(project) == 0


@pytest.mark.asyncio
async def test_fix_all_makes_what_check_fix_makes(
    client: LanguageClient, project: Path, tmp_path: Path
) -> None:
    by_cli = make_project(tmp_path / "by-cli")
    assert run_script("check", "--fix", "--no-cache", "app/nodes.py", cwd=by_cli).returncode == 0
    nodes = project / "app" / "nodes.py"
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    found = await actions(client, nodes, 0, only=[types.CodeActionKind.SourceFixAll])
    assert [(a.title, a.kind) for a in found] == [
        ("toolcfg: Fix all auto-fixable problems", "source.fixAll.toolcfg")
    ]
    assert found[0].edit is not None
    saved_by_the_editor(client, list(apply(found[0].edit)))
    for name in ("nodes.py", "helpers.py", "graph.py", "tools.py"):
        assert (project / "app" / name).read_text() == (by_cli / "app" / name).read_text(), name
    change(client, nodes, nodes.read_text(), 2)
    await until(client, lambda: codes(client, nodes) == [])


@pytest.mark.asyncio
async def test_disable_for_this_line_adds_a_noqa_comment(
    client: LanguageClient, project: Path
) -> None:
    nodes = project / "app" / "nodes.py"
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    silence = [a for a in await actions(client, nodes, 8) if "Disable" in a.title]
    assert [a.title for a in silence] == ["toolcfg (TCF041): Disable for this line"]
    assert silence[0].edit is not None
    written = apply(silence[0].edit)[nodes]
    assert "async def planner_node(state: MessagesState) -> dict:  # noqa: TCF041\n" in written
    change(client, nodes, written, 2)
    await until(client, lambda: codes(client, nodes) == ["TCF041"])


@pytest.mark.asyncio
async def test_unsafe_fixes_are_offered_only_when_the_settings_allow_them(
    client: LanguageClient, project: Path
) -> None:
    case = Path(__file__).parent / "cases" / "declarations" / "coroutine_optional_default.py"
    tool = project / "app" / "lookup.py"
    tool.write_text(case.read_text())
    open_file(client, tool)
    await until(client, lambda: codes(client, tool) == ["TCF013", "TCF101"])
    titles = [a.title for a in await actions(client, tool, 10) if "Disable" not in a.title]
    assert titles == ["toolcfg: Fix all auto-fixable problems"]  # TCF013's, safe, elsewhere
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"settings": {"unsafeFixes": True}})
    )
    titles = [a.title for a in await actions(client, tool, 10) if "Disable" not in a.title]
    assert titles == [
        "toolcfg (TCF101): Make it a required `RunnableConfig`",
        "toolcfg: Fix all auto-fixable problems",
    ]


@pytest.mark.asyncio
async def test_a_configuration_change_republishes(client: LanguageClient, project: Path) -> None:
    nodes = project / "app" / "nodes.py"
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"settings": {"lint": {"ignore": ["TCF04"]}}})
    )
    await until(client, lambda: codes(client, nodes) == [])
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"settings": {"targetVersion": "py310"}})
    )
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    # Nothing is lost on Python 3.11.
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"settings": {"targetVersion": "py311"}})
    )
    await until(client, lambda: codes(client, nodes) == [])


@pytest.mark.asyncio
async def test_initialization_options_select_rules(project: Path) -> None:
    client = await start(project, {"settings": {"lint": {"select": ["TCF01"]}}})
    try:
        nodes, tools = project / "app" / "nodes.py", project / "app" / "tools.py"
        open_file(client, nodes)
        await until(client, lambda: codes(client, tools) == ["TCF011"])
        await until(client, lambda: codes(client, nodes) == [])
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.asyncio
async def test_a_file_that_cannot_be_parsed_gets_a_diagnostic_and_the_server_goes_on(
    client: LanguageClient, project: Path
) -> None:
    nodes = project / "app" / "nodes.py"
    text = nodes.read_text()
    open_file(client, nodes)
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
    broken = text.replace("    plan = await", "    plan = = await")
    change(client, nodes, broken, 2)
    await until(client, lambda: codes(client, nodes) == ["None"])
    (diagnostic,) = client.diagnostics[uri(nodes)]
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.message.startswith("cannot parse")
    assert diagnostic.range.start == types.Position(10, 11)
    change(client, nodes, text, 3)
    await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("editor", "columns"),
    # `ainvoke` starts at code point 43 and the call ends at 62: after the emoji, UTF-16
    # counts one more; after é and the emoji, UTF-8 counts four more.
    [("visual-studio-code", (44, 63)), ("neovim", (47, 66))],
)
async def test_columns_are_in_the_encoding_agreed_with_the_editor(
    project: Path, editor: str, columns: tuple
) -> None:
    wide = project / "app" / "wide.py"
    wide.write_text(WIDE)
    client = await start(project, editor=editor)
    try:
        open_file(client, wide)
        await until(client, lambda: codes(client, wide) == ["TCF042"])
        (diagnostic,) = client.diagnostics[uri(wide)]
        assert (diagnostic.range.start.character, diagnostic.range.end.character) == columns
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest.mark.asyncio
async def test_an_internal_error_is_logged_clears_that_file_and_the_server_goes_on(
    project: Path,
) -> None:
    """A bug of ours, made on purpose: the analysis of ``tools.py`` raises."""
    faulty = [sys.executable, str(Path(__file__).parent / "server_with_a_bug.py")]
    client = await start(project, command=faulty)
    try:
        nodes, tools = project / "app" / "nodes.py", project / "app" / "tools.py"
        open_file(client, tools)
        await until(client, lambda: codes(client, nodes) == ["TCF041", "TCF041"])
        await until(client, lambda: codes(client, tools) == [])
        errors = [m for m in client.log_messages if m.type == types.MessageType.Error]
        assert len(errors) == 1 and "tools.py" in errors[0].message
        assert "RuntimeError: a bug, on purpose" in errors[0].message
        open_file(client, nodes)
        change(client, nodes, nodes.read_text().replace("planner_node", "plan_node"), 2)
        await until(client, lambda: codes(client, nodes) == ["TCF041"])
    finally:
        await client.shutdown_session()
        await client.stop()
