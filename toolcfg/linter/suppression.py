"""``# noqa`` comments, read the way ruff reads them, and the ones that silence nothing.

On a line, ``# noqa`` silences every code reported there and ``# noqa: TCF001, TCF002``
those codes. A comment line ``# toolcfg: noqa`` silences the whole file, and
``# toolcfg: noqa: TCF041`` that code anywhere in it, as ruff's ``# ruff: noqa: F401``: a
directive that names codes must never silence the others. One whose colon is followed by
no code (``# toolcfg: noqa: all``) silences nothing, as ruff ignores it, rather than the
whole file.

The file's directives are applied first, so a ``# noqa: TCF041`` on a line of a file that
``# toolcfg: noqa: TCF041`` already silences is unused. TCF901, the unused ``noqa``
directive (ruff's RUF100), is itself silenced as the other codes are, and a directive that
names it is never reported as unused.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from typing import Callable, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from toolcfg.linter.findings import Finding, Position
from toolcfg.rules import PREFIX
from toolcfg.rules.noqa import UNUSED_NOQA

#: A list of codes, as ruff reads one: ``TCF001, TCF002`` or ``TCF001 TCF002``.
_CODES = r"[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*"
_NOQA = re.compile(rf"#\s*noqa(?::[\s]?(?P<codes>{_CODES}))?", re.IGNORECASE)
_FILE_NOQA = re.compile(
    rf"#\s*toolcfg\s*:\s*noqa\b(?P<colon>\s*:\s*(?P<codes>{_CODES})?)?", re.IGNORECASE
)


@dataclass(frozen=True)
class FileDirective:
    """A ``# toolcfg: noqa`` comment line: ``codes`` is empty for a bare one, which silences
    the whole file. ``start`` and ``end`` are where it stands on its line."""

    start: Position
    end: Position
    codes: Tuple[str, ...]


def noqa_codes(line: str) -> Optional[Tuple[str, ...]]:
    """None without a ``# noqa``; () for a bare one; else the codes it names."""
    found: Optional[Tuple[str, ...]] = None
    for match in _NOQA.finditer(line):
        codes = match.group("codes")
        if codes is None:
            return ()
        found = (*(found or ()), *_split(codes))
    return found


def file_directives(lines: Sequence[str]) -> List[FileDirective]:
    """The file's ``# toolcfg: noqa`` comment lines, but those whose colon is followed by no
    code: a directive that cannot be read silences nothing."""
    directives = []
    for number, line in enumerate(lines, start=1):
        if not line.lstrip().startswith("#"):
            continue
        match = _FILE_NOQA.search(line)
        if match is None or (match.group("colon") and not match.group("codes")):
            continue
        codes = _split(match.group("codes")) if match.group("codes") else ()
        directives.append(
            FileDirective(
                Position(number, match.start() + 1), Position(number, match.end() + 1), codes
            )
        )
    return directives


def apply_noqa(
    findings: Iterable[Finding], lines: Sequence[str], selected: Callable[[str], bool]
) -> List[Finding]:
    """The findings no ``noqa`` silences, plus, if selected, the unused ``noqa`` comments."""
    directives = file_directives(lines)
    if any(not directive.codes for directive in directives):
        return []
    exempt = {code for directive in directives for code in directive.codes}
    kept: List[Finding] = []
    used_in_file: Set[str] = set()
    used_on_lines: Set[Tuple[int, str]] = set()
    for finding in findings:
        if finding.code in exempt:
            used_in_file.add(finding.code)
        elif _silenced_on_its_line(finding, lines):
            used_on_lines.add((finding.start.line, finding.code))
        else:
            kept.append(finding)
    if selected(UNUSED_NOQA.code) and UNUSED_NOQA.code not in exempt:
        stale = [*unused_noqa(lines, used_on_lines), *unused_file_noqa(directives, used_in_file)]
        kept.extend(finding for finding in stale if not _silenced_on_its_line(finding, lines))
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
            unused = [code for code in _split(codes) if _ours(code) and (number, code) not in used]
            if unused:
                findings.append(
                    _unused(
                        unused,
                        Position(number, match.start() + 1),
                        Position(number, match.end() + 1),
                    )
                )
    return findings


def unused_file_noqa(directives: Iterable[FileDirective], used: Set[str]) -> List[Finding]:
    """``# toolcfg: noqa: TCF...`` comment lines naming codes that nothing in the file
    reported, each at its own line, as ruff reports ``# ruff: noqa: F401``."""
    findings = []
    for directive in directives:
        unused = [code for code in directive.codes if _ours(code) and code not in used]
        if unused:
            findings.append(_unused(unused, directive.start, directive.end))
    return findings


def _unused(codes: Sequence[str], start: Position, end: Position) -> Finding:
    listed = ", ".join(f"`{code}`" for code in codes)
    message = UNUSED_NOQA.messages["unused"].format(codes=listed)
    return Finding(code=UNUSED_NOQA.code, message=message, start=start, end=end)


def _ours(code: str) -> bool:
    """A code a directive may be reported for: toolcfg's, but TCF901's own (a directive that
    names it silences unused-noqa reports, and that is its use)."""
    return code.startswith(PREFIX) and code != UNUSED_NOQA.code


def _silenced_on_its_line(finding: Finding, lines: Sequence[str]) -> bool:
    """Does a ``# noqa`` on the finding's line silence it? A bare one silences every code."""
    codes = noqa_codes(lines[finding.start.line - 1])
    return codes is not None and (not codes or finding.code in codes)


def _split(codes: str) -> Tuple[str, ...]:
    return tuple(re.split(r"[,\s]+", codes.upper()))


def add_noqa(
    text: str, wanted: Mapping[int, Iterable[str]], reason: Optional[str] = None
) -> Tuple[str, int]:
    """``text`` with a ``# noqa`` for the codes ``wanted`` on each line (from 1), as ruff's
    ``--add-noqa`` writes it, and how many lines changed.

    A line with a ``# noqa: ...`` list gets the codes it lacks merged into it, sorted, and
    keeps whatever follows the list; a line with a bare ``# noqa`` silences everything
    already; any other line gets ``  # noqa: CODE`` (then ``reason``) at its end. A line
    whose end is not the end of a statement or of a bracketed line (inside a string that
    goes on, or before a backslash continuation) cannot end with a comment, and is left
    as it is; so is everything if the text would not parse afterwards.
    """
    lines = [_without_ending(line) for line in _physical_lines(text)]
    ends = _comment_ends(text)
    changed = 0
    for number in sorted(wanted):
        body, ending = lines[number - 1]
        present = noqa_codes(body)
        missing = sorted(set(wanted[number]) - set(present or ()))
        if present == () or not missing or number not in ends:
            continue
        match = next((m for m in _NOQA.finditer(body) if m.group("codes")), None)
        if match is not None:
            merged = ", ".join(sorted({*(present or ()), *missing}))
            body = f"{body[: match.start()]}# noqa: {merged}{body[match.end() :]}"
        else:
            body = f"{body.rstrip()}  # noqa: {', '.join(missing)}" + (
                f" {reason}" if reason else ""
            )
        lines[number - 1] = (body, ending)
        changed += 1
    if not changed:
        return text, 0
    new = "".join(body + ending for body, ending in lines)
    try:  # top-level await: a notebook's cells are checked as one module
        compile(new, "<add-noqa>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except (SyntaxError, ValueError):
        return text, 0
    return new, changed


def _physical_lines(text: str) -> List[str]:
    """The lines of ``text`` as Python counts them (LF, CRLF or a lone CR), with endings."""
    return re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)


def _without_ending(line: str) -> Tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body) :]


def _comment_ends(text: str) -> Set[int]:
    """The lines (from 1) a comment can end: those a NEWLINE or NL token ends."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return set()
    return {token.start[0] for token in tokens if token.type in (tokenize.NEWLINE, tokenize.NL)}
