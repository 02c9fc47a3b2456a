"""``# noqa`` comments, read the way ruff reads them, and the ones that silence nothing."""

from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Sequence, Set, Tuple

from toolcfg.linter.findings import Finding, Position

UNUSED_NOQA = "TCF901"

_NOQA = re.compile(
    r"#\s*noqa(?::[\s]?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
_FILE_NOQA = re.compile(r"#\s*toolcfg\s*:\s*noqa\b", re.IGNORECASE)


def noqa_codes(line: str) -> Optional[Tuple[str, ...]]:
    """None without a ``# noqa``; () for a bare one; else the codes it names."""
    found: Optional[Tuple[str, ...]] = None
    for match in _NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None:
            return ()
        found = (*(found or ()), *re.split(r"[,\s]+", codes.upper()))
    return found


def is_file_exempt(lines: Sequence[str]) -> bool:
    """A ``# toolcfg: noqa`` comment line silences the whole file."""
    return any(_FILE_NOQA.search(line) for line in lines if line.lstrip().startswith("#"))


def apply_noqa(
    findings: Iterable[Finding], lines: Sequence[str], selected: Callable[[str], bool]
) -> List[Finding]:
    """The findings no ``noqa`` silences, plus, if selected, the unused ``noqa`` comments."""
    if is_file_exempt(lines):
        return []
    kept, used = [], set()
    for finding in findings:
        codes = noqa_codes(lines[finding.start.line - 1])
        if codes is None or (codes and finding.code not in codes):
            kept.append(finding)
        else:
            used.add((finding.start.line, finding.code))
    if selected(UNUSED_NOQA):
        kept.extend(unused_noqa(lines, used))
    return kept


def unused_noqa(lines: Sequence[str], used: Set[Tuple[int, str]]) -> List[Finding]:
    """``# noqa: TCF...`` comments naming codes that were not reported on their line.

    Bare ``# noqa`` and other tools' codes are left alone: they may serve another linter.
    """
    findings = []
    for number, line in enumerate(lines, start=1):
        for match in _NOQA.finditer(line):
            codes = match.group("codes")
            if not codes:
                continue
            unused = [
                code
                for code in re.split(r"[,\s]+", codes.upper())
                if code.startswith("TCF") and (number, code) not in used
            ]
            if unused:
                listed = ", ".join(f"`{code}`" for code in unused)
                findings.append(
                    Finding(
                        code=UNUSED_NOQA,
                        message=f"Unused `noqa` directive (unused: {listed})",
                        start=Position(number, match.start() + 1),
                        end=Position(number, match.end() + 1),
                    )
                )
    return findings
