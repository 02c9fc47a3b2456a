"""``toolcfg server`` over raw stdio, as an editor speaks to it, on every Python toolcfg
supports (``test_server.py``'s client, pytest-lsp, needs 3.10): a file opened gets its
diagnostics, and ``shutdown`` then ``exit`` ends the process with status 0."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any, Dict, List, Tuple

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "app"
SERVER = [sys.executable, "-m", "toolcfg", "server"]


def frame(message: Dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(stream: IO[bytes]) -> Dict[str, Any]:
    length = 0
    while True:
        line = stream.readline()
        assert line, "the server closed its output"
        if line == b"\r\n":
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))


def session(root: Path, *middle: Dict[str, Any]) -> Tuple[int, List[Dict[str, Any]]]:
    """initialize, initialized, ``middle``, then shutdown and, once it is answered, exit,
    as an editor speaks; the exit status and what the server said."""
    folders = [{"uri": root.as_uri(), "name": "project"}]
    server = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    watchdog = threading.Timer(120, server.kill)
    watchdog.start()
    assert server.stdin is not None and server.stdout is not None
    try:
        for each in (
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": None,
                    "capabilities": {},
                    "workspaceFolders": folders,
                },
            },
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            *middle,
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        ):
            server.stdin.write(frame(each))
        server.stdin.flush()
        said = [read(server.stdout)]
        while said[-1].get("id") != 2:
            said.append(read(server.stdout))
        server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
        server.stdin.close()
        return server.wait(), said
    finally:
        watchdog.cancel()
        server.kill()
        server.wait()


def test_shutdown_then_exit_ends_with_status_0(tmp_path: Path) -> None:
    status, said = session(tmp_path)
    assert status == 0
    assert said[-1] == {"id": 2, "jsonrpc": "2.0", "result": None}


def test_an_opened_node_gets_its_diagnostics_before_shutdown(tmp_path: Path) -> None:
    """``shutdown`` is answered once the edits before it are checked and published: an
    editor that opens a file and quits at once still gets its diagnostics."""
    shutil.copytree(EXAMPLES, tmp_path / "app")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "a"\nrequires-python = ">=3.9"\n')
    nodes = tmp_path / "app" / "nodes.py"
    opened = {
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": {
            "textDocument": {
                "uri": nodes.as_uri(),
                "languageId": "python",
                "version": 7,
                "text": nodes.read_text(),
            }
        },
    }
    status, said = session(tmp_path, opened)
    assert status == 0
    published = [
        m["params"]
        for m in said
        if m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == nodes.as_uri()
    ]
    assert [(p["version"], [d["code"] for d in p["diagnostics"]]) for p in published] == [
        (7, ["TCF041", "TCF041"])
    ]
    first = published[0]["diagnostics"][0]
    assert first["range"] == {
        "start": {"line": 8, "character": 10},
        "end": {"line": 8, "character": 22},
    }
    assert first["source"] == "toolcfg" and first["severity"] == 2
