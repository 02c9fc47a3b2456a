"""The before/after cases under ``tests/cases``, and how a test runs one the way users do.

A case is a module, ``tests/cases/<group>/<name>.py``, or a small project,
``tests/cases/<group>/<name>/`` (files in several modules, wired as real applications
are). Beside each checked file:

- its first line names the codes it must report, in order of position:
  ``# expect: TCF001``, ``# expect: TCF002 TCF002`` or ``# expect: nothing``;
- ``<file>.fixed.py``, when the fix changes it, is its exact text after ``toolcfg check
  --fix``;
- ``<case>.findings`` (beside the module or the directory) pins every finding as ruff's
  snapshots do: its start, code, message and fix safety on one line, then where it ends
  and each text edit of its fix, safe or unsafe, in whatever file it changes (a helper's
  too), as ``--output-format json`` gives them. ``pytest --update-snapshots`` rewrites
  these files; the review of the diff is the review of what users see.

A case is copied into a temporary directory without any configuration, so the target
version is the default (Python 3.9, where every rule bites), and run through
``toolcfg.runner.run``, the path the command line takes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from toolcfg.linter.findings import Position
from toolcfg.results import FileResult, Mode, Options
from toolcfg.runner import run
from toolcfg.settings import Resolver

CASES_DIR = Path(__file__).parent / "cases"
FIXED_SUFFIX = ".fixed.py"
HEADER = "# expect:"


def is_fixed(path: Path) -> bool:
    return path.name.endswith(FIXED_SUFFIX)


def all_cases() -> List[Path]:
    found = []
    for group in sorted(p for p in CASES_DIR.iterdir() if p.is_dir()):
        for entry in sorted(group.iterdir()):
            if (entry.is_dir() and not entry.name.startswith((".", "__"))) or (
                entry.suffix == ".py" and not is_fixed(entry)
            ):
                found.append(entry)
    return found


def case_id(path: Path) -> str:
    relative = path.relative_to(CASES_DIR)
    return (relative.with_suffix("") if path.suffix == ".py" else relative).as_posix()


def checked_files(case: Path) -> List[Path]:
    """The files of a case that findings are expected in (all but the fixed ones)."""
    if case.is_file():
        return [case]
    return sorted(p for p in case.rglob("*.py") if not is_fixed(p))


def expected_codes(path: Path) -> List[str]:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith(HEADER), f"{path}: the first line must start with {HEADER!r}"
    codes = first_line[len(HEADER) :].split()
    return [] if codes == ["nothing"] else codes


def fixed_path(path: Path) -> Path:
    return path.with_name(path.stem + FIXED_SUFFIX)


def expected_after_fix(path: Path) -> bytes:
    fixed = fixed_path(path)
    return fixed.read_bytes() if fixed.exists() else path.read_bytes()


def snapshot_path(case: Path) -> Path:
    return (
        case.with_name(case.stem + ".findings") if case.is_file() else case.with_suffix(".findings")
    )


def copy_case(case: Path, into: Path, fixed: bool = False) -> Path:
    """The case copied under ``into`` (its fixed texts instead, with ``fixed``); returns
    the copied file or directory."""
    target = into / case.name
    if case.is_file():
        target.write_bytes(expected_after_fix(case) if fixed else case.read_bytes())
        return target
    shutil.copytree(case, target, ignore=shutil.ignore_patterns("*" + FIXED_SUFFIX, "__pycache__"))
    if fixed:
        for original in checked_files(case):
            (target / original.relative_to(case)).write_bytes(expected_after_fix(original))
    return target


def check(
    target: Path, mode: Mode = Mode.CHECK, unsafe_fixes: bool = False, fix_edits: bool = False
) -> List[FileResult]:
    options = Options(mode=mode, unsafe_fixes=unsafe_fixes, fix_edits=fix_edits)
    return run([target], options, Resolver())


def snapshot(results: Sequence[FileResult], base: Path) -> str:
    """Every finding as ``path:line:col: CODE message [fix: safe]``, then, indented, where
    it ends and each edit of its fix (``path:line:col-line:col "new text"``). The results
    must have been worked out with ``fix_edits``."""
    lines = []
    for result in sorted(results, key=lambda r: str(r.path)):
        assert result.error is None, f"{result.path}: {result.error}"
        relative = _relative(result.path, base)
        for index, finding in enumerate(result.findings):
            fix = "none" if finding.fix is None else "safe" if finding.fix.safe else "unsafe"
            lines.append(
                f"{relative}:{finding.start.line}:{finding.start.column}: "
                f"{finding.code} {finding.message} [fix: {fix}]"
            )
            lines.append(f"  end {_place(finding.end)}")
            edits = result.edits[index] if index < len(result.edits) else None
            assert (edits is None) is (finding.fix is None), f"{relative}: {finding}"
            for each in edits or ():
                where = f"{_place(each.edit.start)}-{_place(each.edit.end)}"
                content = json.dumps(each.edit.content, ensure_ascii=False)
                lines.append(f"  edit {_relative(each.path, base)}:{where} {content}")
    return "".join(line + "\n" for line in lines)


def _relative(path: Path, base: Path) -> str:
    return Path(path).resolve().relative_to(base.resolve()).as_posix()


def _place(position: Position) -> str:
    return f"{position.line}:{position.column}"


def codes_by_file(results: Sequence[FileResult], base: Path) -> Dict[str, List[str]]:
    return {
        Path(r.path).resolve().relative_to(base.resolve()).as_posix(): [f.code for f in r.findings]
        for r in results
    }


def relative_files(case: Path) -> Dict[str, Path]:
    """Each checked file by its path relative to the directory the case is copied into."""
    base = case.parent
    return {p.relative_to(base).as_posix(): p for p in checked_files(case)}


def read_fixed(copied: Path, case: Path) -> Dict[str, Optional[bytes]]:
    base = copied.parent
    return {rel: (base / rel).read_bytes() for rel in relative_files(case)}
