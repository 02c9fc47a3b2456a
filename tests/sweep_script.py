"""``scripts/corpus_sweep.py`` as a module, for the tests that assert its checks.

Imported once and registered as ``corpus_sweep``, so that every test module shares it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "corpus_sweep.py"


def _load() -> ModuleType:
    name = "corpus_sweep"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sweep = _load()
