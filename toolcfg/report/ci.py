"""The formats CI systems ingest, as ruff writes them: GitHub Actions annotations
(``github``), GitLab Code Quality (``gitlab``), JUnit XML (``junit``) and Azure Pipelines
logging commands (``azure``).

Each holds the files that failed as well as the findings, under the failure's name
(``parse-error``); a failure that stopped the run (invalid settings) has no file.
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import groupby
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set
from xml.sax.saxutils import escape

from toolcfg.report.diagnostics import Diagnostic, diagnostics
from toolcfg.results import Failure, FileResult

# -- GitHub Actions ------------------------------------------------------------------------


def github(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> Iterator[str]:
    """``::error title=toolcfg (CODE),file=...::path:line:col: CODE message``: the file is
    absolute, as ruff's, and the runner files it under the repository; the column and end
    column are given when the diagnostic starts and ends on one line."""
    for item in diagnostics(results, unsafe_fixes, errors):
        title = f"title={_escape(f'toolcfg ({item.code})', True)}"
        if item.path is None:
            yield f"::error {title}::{_escape(item.message, False)}"
            continue
        start, end = item.shown(item.start), item.shown(item.end)
        place = [f"file={_escape(item.absolute or '', True)}", f"line={start.line}"]
        if start.line == end.line:
            place.append(f"col={start.column}")
        place.append(f"endLine={end.line}")
        if start.line == end.line:
            place.append(f"endColumn={end.column}")
        separator = ": " if item.failure else " "
        text = f"{item.location}: {item.code}{separator}{item.message}"
        if item.has_fix and item.fix_title:
            text += f"\n  help: {item.fix_title}"
        yield f"::error {title},{','.join(place)}::{_escape(text, False)}"


def _escape(text: str, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


# -- GitLab Code Quality -------------------------------------------------------------------


def gitlab(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> str:
    """GitLab's Code Quality report (CodeClimate's issue format): paths relative to
    ``CI_PROJECT_DIR`` when GitLab sets it, else to the working directory; each issue's
    ``fingerprint`` is a hash of its code and path, salted until it is unique in the report,
    as ruff's, so that it survives the lines moving."""
    project = os.environ.get("CI_PROJECT_DIR") or os.getcwd()
    taken: Set[str] = set()
    issues: List[Dict[str, Any]] = []
    for item in diagnostics(results, unsafe_fixes, errors):
        path = os.path.relpath(item.absolute, project) if item.absolute else ""
        fingerprint = _fingerprint(item.code, path, "")
        while fingerprint in taken:
            fingerprint = _fingerprint(item.code, path, fingerprint)
        taken.add(fingerprint)
        start, end = item.shown(item.start), item.shown(item.end)
        issues.append(
            {
                "check_name": item.code,
                "description": f"{item.code}: {item.message}",
                "severity": "major",
                "fingerprint": fingerprint,
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": start.line, "column": start.column},
                        "end": {"line": end.line, "column": end.column},
                    },
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False)


def _fingerprint(code: str, path: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}\0{code}\0{path}".encode()).hexdigest()[:16]


# -- JUnit ---------------------------------------------------------------------------------


def junit(results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()) -> str:
    """ruff's JUnit XML: a test suite per file (its absolute path), a failed test case per
    diagnostic, named ``org.toolcfg.CODE``; a clean run is one passing case."""
    items = list(diagnostics(results, unsafe_fixes, errors))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append(
        f'<testsuites name="toolcfg" tests="{max(len(items), 1)}" skipped="0" '
        f'failures="{len(items)}" errors="0">'
    )
    if not items:
        lines += [
            '    <testsuite name="toolcfg" tests="1" skipped="0" errors="0" failures="0" '
            'package="org.toolcfg">',
            '        <testcase name="No errors found" classname="toolcfg"/>',
            "    </testsuite>",
        ]
    for name, group in groupby(items, key=lambda item: item.absolute):
        cases = list(group)
        lines.append(
            f'    <testsuite name={_attribute(name or "toolcfg")} tests="{len(cases)}" '
            f'skipped="0" errors="0" failures="{len(cases)}" package="org.toolcfg">'
        )
        for item in cases:
            lines += _case(item, name)
        lines.append("    </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines)


def _case(item: Diagnostic, path: Optional[str]) -> List[str]:
    classname = os.path.splitext(path)[0] if path else "toolcfg"
    start = item.shown(item.start)
    where = f"line {start.line}, col {start.column}, {item.message}"
    return [
        f"        <testcase name={_attribute(f'org.toolcfg.{item.code}')} "
        f'classname={_attribute(classname)} line="{start.line}" '
        f'column="{start.column}">',
        "            <properties>",
        '                <property name="severity" value="error"/>',
        "            </properties>",
        f"            <failure message={_attribute(item.message)}>{escape(where)}</failure>",
        "        </testcase>",
    ]


def _attribute(value: str) -> str:
    """A double-quoted XML attribute value, newlines kept as character references."""
    entities = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
    return f'"{escape(value, entities)}"'


# -- Azure Pipelines -----------------------------------------------------------------------


def azure(
    results: Sequence[FileResult], unsafe_fixes: bool, errors: Sequence[Failure] = ()
) -> Iterator[str]:
    """Azure Pipelines' ``##vso[task.logissue]`` logging commands, as ruff writes them."""
    for item in diagnostics(results, unsafe_fixes, errors):
        properties = ["type=error"]
        if item.path is not None:
            properties += [
                f"sourcepath={_vso(item.absolute or '', True)}",
                f"linenumber={item.shown(item.start).line}",
                f"columnnumber={item.shown(item.start).column}",
            ]
        properties.append(f"code={_vso(item.code, True)}")
        yield f"##vso[task.logissue {';'.join(properties)};]{_vso(item.message, False)}"


def _vso(text: str, is_property: bool) -> str:
    """Azure's escaping of a logging command's message, and of its properties."""
    for raw, escaped in (("%", "%AZP25"), ("\r", "%0D"), ("\n", "%0A")):
        text = text.replace(raw, escaped)
    return text.replace(";", "%3B").replace("]", "%5D") if is_property else text
