"""ruff's JSON formats: ``json``, ``json-lines`` and reviewdog's ``rdjson``.

``json`` has ruff's keys, in ruff's order: the absolute ``filename``, the rule's ``name``,
``noqa_row`` (the line a ``# noqa`` must be on), ``url`` (the rule's documentation),
``cell`` (in a notebook, the cell the positions count in, else null) and ``fix``, whose ``edits`` reproduce
``--fix`` and whose ``message`` is what ruff calls the fix's title. An edit of another
file than the finding's (a helper the fix changes too) names its ``filename``. A file that
failed is an item of its own, named by its kind (``parse-error``) as ruff names
``invalid-syntax``; one that stopped the run has no file, so its ``filename`` is null.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence

from toolcfg.linter.findings import Position
from toolcfg.report.diagnostics import HOMEPAGE, Diagnostic, absolute, diagnostics
from toolcfg.results import Failure, FileResult


def _location(position: Position) -> Dict[str, int]:
    return {"column": position.column, "row": position.line}


def json_item(item: Diagnostic) -> Dict[str, Any]:
    """One diagnostic as ruff's ``json`` writes it (keys sorted, as ruff sorts them)."""
    fix: Optional[Dict[str, Any]] = None
    if item.edits is not None:
        fix = {
            "applicability": "safe" if item.safe else "unsafe",
            "edits": [
                {
                    "content": each.edit.content,
                    "end_location": _location(item.edit_span(each)[1]),
                    # Another file than the finding's: a helper the fix changes too.
                    **({"filename": absolute(each.path)} if each.path != item.path else {}),
                    "location": _location(item.edit_span(each)[0]),
                }
                for each in item.edits
            ],
            "message": item.fix_title,
        }
    return {
        "cell": item.cell,
        "code": item.code,
        "end_location": _location(item.shown(item.end)),
        "filename": item.absolute,
        "fix": fix,
        "location": _location(item.shown(item.start)),
        "message": item.message,
        "name": item.name,
        "noqa_row": item.noqa_row,
        "severity": "error",
        "url": item.url,
    }


def json_report(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> str:
    items = [json_item(item) for item in diagnostics(results, unsafe_fixes, errors)]
    return json.dumps(items, indent=2, ensure_ascii=False)


def json_lines(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> str:
    """``json-lines``: each item of ``json`` on a line of its own."""
    return "\n".join(
        json.dumps(json_item(item), ensure_ascii=False, separators=(",", ":"))
        for item in diagnostics(results, unsafe_fixes, errors)
    )


def rdjson(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> str:
    """reviewdog's Diagnostic Format, as ruff writes it: a finding's fix is a suggestion,
    with the edits in the finding's own file."""
    found: List[Dict[str, Any]] = []
    for item in diagnostics(results, unsafe_fixes, errors):
        entry: Dict[str, Any] = {
            "code": {**({"url": item.url} if item.url else {}), "value": item.code},
            "message": item.message,
        }
        if item.path is not None:
            entry["location"] = {
                "path": item.absolute,
                "range": {"end": _rd(item.shown(item.end)), "start": _rd(item.shown(item.start))},
            }
        if item.edits:
            entry["suggestions"] = [
                {
                    "range": {
                        "end": _rd(item.edit_span(each)[1]),
                        "start": _rd(item.edit_span(each)[0]),
                    },
                    "text": each.edit.content,
                }
                for each in item.edits
                if each.path == item.path
            ]
        found.append(dict(sorted(entry.items())))
    document = {
        "diagnostics": found,
        "severity": "WARNING",
        "source": {"name": "toolcfg", "url": HOMEPAGE},
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _rd(position: Position) -> Dict[str, int]:
    return {"column": position.column, "line": position.line}
