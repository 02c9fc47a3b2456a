"""How fast ``toolcfg server`` answers an edit in a large project, and how much memory it
takes.

    python bench/server_latency.py [--edits 60] [--keep]

It builds a project holding the *libraries* corpus (``bench.py``'s 3,841 files, downloaded
into ``~/.cache/toolcfg-bench``) and the example app (``examples/app``: a graph, its nodes,
a tool and a helper), starts ``toolcfg server`` as a subprocess and drives it with pygls's
``LanguageClient`` over stdio, as an editor does:

1. opens ``app/nodes.py`` and ``app/graph.py`` and times the first diagnostics (the first
   full index; the project's ``.toolcfg_cache`` is empty the first time);
2. types a statement into a node, one character per ``didChange`` (an incremental change,
   as editors send them), each sent once the last one's diagnostics are in, and times each
   from the ``didChange`` to the ``publishDiagnostics`` for its version;
3. reads the server's peak resident memory (``VmHWM``) and shuts it down.

Then it does it again with the cache the first run left (a second editor session), and
prints the first-open times, p50/p95/max latency of the edits, and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import WHEELS, build_corpus  # noqa: E402

#: Typed one character at a time on a new line of ``planner_node``, after its first line.
TYPED = '    extra = await get_model().ainvoke("and one more thing")'
AFTER = '    """Ask the model what to look up, and plan one call of the docs tool with it."""\n'


def make_project(root: Path, corpus: Path) -> Path:
    shutil.copytree(corpus, root / "corpus")
    shutil.copytree(HERE.parent / "examples" / "app", root / "app")
    (root / "pyproject.toml").write_text('[project]\nname = "bench"\nrequires-python = ">=3.9"\n')
    return root


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def session(root: Path, edits: int) -> Tuple[float, List[float], float]:
    """One editor session: the first open's seconds, each edit's seconds, peak MiB."""
    published: Dict[Tuple[str, int], float] = {}
    arrived = asyncio.Event()
    client = LanguageClient("toolcfg-bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published[(params.uri, params.version or 0)] = time.perf_counter()
        arrived.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        print("server:", params.message, file=sys.stderr)

    async def wait_for(uri: str, version: int) -> float:
        while (uri, version) not in published:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 600)
        return published[(uri, version)]

    await client.start_io(sys.executable, "-m", "toolcfg", "server")
    assert client._server is not None
    pid = client._server.pid
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")],
        )
    )
    client.initialized(types.InitializedParams())
    nodes = root / "app" / "nodes.py"
    text = nodes.read_text()
    started = time.perf_counter()
    for path in (nodes, root / "app" / "graph.py"):
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(path.as_uri(), "python", 1, path.read_text())
            )
        )
    first = await wait_for(nodes.as_uri(), 1) - started

    # A new line after the docstring, then the statement, a character at a time.
    row = text[: text.index(AFTER) + len(AFTER)].count("\n")
    changes = [(types.Position(row, 0), "\n")]
    changes += [(types.Position(row, column), char) for column, char in enumerate(TYPED)]
    latencies = []
    for version, (at, char) in enumerate(changes[:edits], start=2):
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    version=version, uri=nodes.as_uri()
                ),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(at, at), text=char)
                ],
            )
        )
        latencies.append(await wait_for(nodes.as_uri(), version) - sent)
        await asyncio.sleep(0.03)  # a fast typist
    peak = peak_rss_mib(pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return first, latencies, peak


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=len(TYPED) + 1)
    parser.add_argument("--cache-dir", type=Path, default=Path.home() / ".cache" / "toolcfg-bench")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = parser.parse_args()
    corpus = build_corpus(args.cache_dir, WHEELS)
    work = Path(tempfile.mkdtemp(prefix="toolcfg-server-bench-"))
    try:
        root = make_project(work / "project", corpus)
        files = sum(1 for _ in root.rglob("*.py"))
        print(f"project: {files} Python files (the libraries corpus and the example app)")
        for label in ("cold cache", "warm cache"):
            first, latencies, peak = asyncio.run(session(root, args.edits))
            print(
                f"{label}: first diagnostics {first:.2f} s after opening; "
                f"{len(latencies)} edits: p50 {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
                f"max {max(latencies) * 1000:.0f} ms; peak RSS {peak:.0f} MiB"
            )
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
