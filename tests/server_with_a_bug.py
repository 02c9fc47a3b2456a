"""``toolcfg server`` with a bug planted, for ``test_server.py``: analysing a file named
``tools.py`` raises, as a bug of ours in the analysis would."""

from __future__ import annotations

from typing import Any

import toolcfg.linter.analyze as analyze
from toolcfg.server.lsp import main

_real = analyze.analyze_file


def _analyze_file(text: str, plan: Any, *args: Any, **kwargs: Any) -> Any:
    if plan.path.endswith("tools.py"):
        raise RuntimeError("a bug, on purpose")
    return _real(text, plan, *args, **kwargs)


analyze.analyze_file = _analyze_file  # type: ignore[assignment]
main()
