"""SARIF 2.1.0, for code scanning: the rules, the results and their fixes.

Locations are absolute ``file://`` URIs, as ruff writes them: a relative reference without
a ``uriBaseId`` means nothing to a reader that did not run in the same directory, and code
scanning turns an absolute URI under the checkout into the repository's path. A file that
failed is a result under its failure's name; any failure also makes the run's invocation
unsuccessful, with a notification saying what failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Sequence

from toolcfg import __version__
from toolcfg.linter.findings import Position
from toolcfg.report.diagnostics import (
    HOMEPAGE,
    Diagnostic,
    absolute,
    by_path,
    diagnostics,
    rule_url,
)
from toolcfg.results import Failure, FailureKind, FileResult
from toolcfg.rules import RULES

_KINDS = {kind.code: kind for kind in FailureKind}


def sarif(results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()) -> str:
    items = list(diagnostics(results, unsafe_fixes, errors))
    used = sorted({item.code for item in items if not item.failure})
    failed = sorted({item.code for item in items if item.failure})
    rules = [*map(_rule, used), *(_failure_rule(_KINDS[code]) for code in failed)]
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    texts = [failure.text for failure in errors]
    texts += [f"{r.path}: {r.failure.text}" for r in by_path(results) if r.failure is not None]
    notifications = [{"level": "error", "message": {"text": text}} for text in texts]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "toolcfg",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": [_result(item, index) for item in items],
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _result(item: Diagnostic, index: Dict[str, int]) -> Dict[str, Any]:
    found: Dict[str, Any] = {
        "ruleId": item.code,
        "ruleIndex": index[item.code],
        "level": "error",
        "message": {"text": item.message},
    }
    if item.path is not None:
        found["locations"] = [_location(item.path, item.shown(item.start), item.shown(item.end))]
    if item.edits is not None:
        paths = list(dict.fromkeys(each.path for each in item.edits))
        found["fixes"] = [
            {
                "description": {"text": "safe fix" if item.safe else "unsafe fix"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(*item.edit_span(each)),
                                "insertedContent": {"text": each.edit.content},
                            }
                            for each in item.edits
                            if each.path == path
                        ],
                    }
                    for path in paths
                ],
            }
        ]
    return found


def _location(path: Path, start: Position, end: Position) -> Dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(path)},
            "region": _region(start, end),
        }
    }


def _rule(code: str) -> Dict[str, Any]:
    rule = RULES[code]
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.what},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "helpUri": rule_url(code),
        "defaultConfiguration": {"level": "error"},
    }


def _failure_rule(kind: FailureKind) -> Dict[str, Any]:
    return {
        "id": kind.code,
        "name": kind.code,
        "shortDescription": {"text": kind.summary},
        "defaultConfiguration": {"level": "error"},
    }


def _region(start: Position, end: Position) -> Dict[str, int]:
    return {
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    }


def _uri(path: Path) -> str:
    """The absolute ``file://`` URI of a path, percent-encoded (spaces and all); stdin
    read without a name stays ``-``."""
    found = absolute(path)
    return Path(found).as_uri() if found != "-" else found
