"""Which modules another module can reach: whether a graph, chain or agent bound at a
module's top level can be run from elsewhere (and so, maybe, asynchronously).

A sync node loses nothing in a graph that is only ever run synchronously (docs/facts.md,
"How the function is run decides the loss"). When the graph is bound at a module's top
level, whoever imports the module may run it as they like, and LangGraph Server runs the
graphs ``langgraph.json`` names asynchronously. So a top-level value counts as run only
where the module shows when nobody can reach it: a script, outside any package, that no
file of the project imports and no ``langgraph.json`` serves. A notebook is never
imported, nor is a module whose name is no identifier (``102_reflection_agent.py``, a
course's numbered lesson), in a package or not.
"""

from __future__ import annotations

import json
import os
import re
from typing import Callable, Dict, FrozenSet, Optional, Pattern, Sequence, Set

from toolcfg import notebooks

#: Does the file at this path say this (its bytes match the pattern)?
Mentions = Callable[[str, Pattern[bytes]], bool]


class Exports:
    """Answers "can another module reach this one's top-level values?" for one project."""

    def __init__(self, root: str, files: Sequence[str], mentions: Mentions) -> None:
        self.root = os.path.abspath(root)
        self.files = files
        self.mentions = mentions
        self._known: Dict[str, bool] = {}
        self._served: Optional[FrozenSet[str]] = None

    def __call__(self, path: str) -> bool:
        if path not in self._known:
            self._known[path] = self._reachable(path)
        return self._known[path]

    def _reachable(self, path: str) -> bool:
        if notebooks.is_notebook(path):
            return False
        if path in self.served():
            return True
        name = os.path.splitext(os.path.basename(path))[0]
        if not name.isidentifier():
            return False  # `import 102_reflection` is a syntax error, in a package or not
        if os.path.isfile(os.path.join(os.path.dirname(path), "__init__.py")):
            return True  # a package's module: importable by its dotted name
        stem = re.escape(name).encode()
        # ``from graph import app``, ``import graph``, ``import os, graph as g``: the module
        # by its own name, as a script's neighbours import it (not ``langgraph.graph``).
        importing = re.compile(
            rb"(?m)^[ \t]*(?:from[ \t]+" + stem + rb"[ \t]+import\b"
            rb"|import[ \t][^\n#]*(?<![\w.])" + stem + rb"(?![\w.]))"
        )
        return any(other != path and self.mentions(other, importing) for other in self.files)

    def served(self) -> FrozenSet[str]:
        """The modules whose graphs a ``langgraph.json`` of the project names."""
        if self._served is None:
            found: Set[str] = set()
            for directory, names, files in os.walk(self.root):
                names[:] = [n for n in names if not n.startswith(".") and n != "node_modules"]
                if "langgraph.json" in files:
                    found.update(_graphs(os.path.join(directory, "langgraph.json")))
            self._served = frozenset(found)
        return self._served


def _graphs(config: str) -> Sequence[str]:
    """The files ``langgraph.json``'s ``graphs`` name (``"./src/agent/graph.py:graph"``),
    as absolute paths."""
    try:
        with open(config, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError):
        return ()
    graphs = document.get("graphs") if isinstance(document, dict) else None
    if not isinstance(graphs, dict):
        return ()
    base = os.path.dirname(config)
    found = []
    for spec in graphs.values():
        if isinstance(spec, dict):
            spec = spec.get("path")
        if isinstance(spec, str) and ":" in spec:
            found.append(os.path.abspath(os.path.join(base, spec.rsplit(":", 1)[0])))
    return found
