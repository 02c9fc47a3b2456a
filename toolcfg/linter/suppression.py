"""``# noqa`` comments, read the way ruff reads them."""

from __future__ import annotations

import re
from typing import Iterable, List, Sequence

from toolcfg.linter.findings import Finding

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_FILE_NOQA = re.compile(r"#\s*toolcfg\s*:\s*noqa\b", re.IGNORECASE)


def is_suppressed(code: str, line: str) -> bool:
    """True when ``line`` carries a bare ``# noqa`` or one naming ``code``."""
    for match in _NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None or code in re.split(r"[,\s]+", codes.upper()):
            return True
    return False


def unsuppressed(findings: Iterable[Finding], lines: Sequence[str]) -> List[Finding]:
    """The findings that no ``noqa`` comment silences."""
    if any(_FILE_NOQA.search(line) for line in lines if line.lstrip().startswith("#")):
        return []
    return [
        finding
        for finding in findings
        if not is_suppressed(finding.code, lines[finding.start.line - 1])
    ]
