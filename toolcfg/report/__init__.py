"""How results are printed, in ruff's formats: the text ones a person reads
(``toolcfg.report.text``), ruff's JSON formats (``structured``), those CI systems ingest
(``ci``) and SARIF (``sarif``). Every format reports the files that failed as diagnostics
of their own (``diagnostics``).
"""

from __future__ import annotations

from typing import Callable, Dict, Optional, Sequence

from toolcfg.report import ci, structured
from toolcfg.report.diagnostics import HOMEPAGE, Style, plain, rule_url
from toolcfg.report.sarif import sarif
from toolcfg.report.text import (
    concise,
    error_lines,
    fixed_lines,
    full,
    grouped,
    pylint,
    statistics,
    statistics_json,
    summary,
    warning_lines,
)
from toolcfg.results import Failure, FileResult

__all__ = [
    "HOMEPAGE",
    "MACHINE_FORMATS",
    "STATISTICS_FORMATS",
    "TEXT_FORMATS",
    "Style",
    "concise",
    "error_lines",
    "fixed_lines",
    "full",
    "grouped",
    "plain",
    "render",
    "rule_url",
    "statistics",
    "statistics_json",
    "summary",
    "warning_lines",
]

#: The formats a person reads, which end with the summary line.
TEXT_FORMATS = ("concise", "full", "grouped")
#: The formats ``--statistics`` can print in, as ruff's.
STATISTICS_FORMATS = ("concise", "full", "json")

_Render = Callable[[Sequence[FileResult], bool, Sequence[Failure]], str]

_MACHINE: Dict[str, _Render] = {
    "json": structured.json_report,
    "json-lines": structured.json_lines,
    "rdjson": structured.rdjson,
    "sarif": sarif,
    "gitlab": ci.gitlab,
    "junit": ci.junit,
    "github": lambda results, unsafe, errors: "\n".join(ci.github(results, unsafe, errors)),
    "azure": lambda results, unsafe, errors: "\n".join(ci.azure(results, unsafe, errors)),
    "pylint": lambda results, unsafe, errors: "\n".join(pylint(results, unsafe)),
}
MACHINE_FORMATS = tuple(_MACHINE)


def render(
    results: Sequence[FileResult],
    output_format: str,
    unsafe_fixes: bool,
    errors: Sequence[Failure] = (),
) -> Optional[str]:
    """The findings and failures in a format a machine reads, or None for the text formats.
    ``errors``: what stopped the run (invalid settings), for the formats that can say so."""
    found = _MACHINE.get(output_format)
    return found(results, unsafe_fixes, errors) if found is not None else None
