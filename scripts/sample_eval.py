"""Precision and recall of ``toolcfg check`` on a hand-labelled sample of real projects.

    python scripts/sample_eval.py                    # every project of scripts/sample/
    python scripts/sample_eval.py --project NAME     # one (repeatable)
    python scripts/sample_eval.py --json             # machine output

Each ``scripts/sample/<name>.json`` labels one public LangChain or LangGraph project: the
repository and commit it was read at, every finding toolcfg reported there, judged by hand
(``verdict`` "bites" when the caller's config is really lost at that place on a Python and
package version the project admits, and the message is true; "noise" otherwise), and the
places toolcfg should have reported and did not (``misses``). The script runs the installed
toolcfg (``python -m toolcfg check --no-cache --output-format json <args> .``, with the
interpreter running this script) in each checkout ``<root>/<name>``, matches its findings
to the labels by (path, line, code), and prints per project and in total:

- findings, and among them those labelled bites, labelled noise, and unlabelled (listed:
  a detection change made them, and someone must judge them);
- misses still missed: the labelled misses not reported, and the findings labelled bites
  that are no longer reported (a bite that disappears is a miss now);
- precision = bites / (bites + noise), over the findings reported now that carry a label;
- recall = bites found / (bites found + misses still missed).

A miss reported now counts as a bite found, so recall rises when detection catches it.

Reproducing the sample. The checkouts are not committed (they are other people's code).
For each label file, bring its repository with the search tools' ``fetch`` (it returns a
git directory under ``/work/.mirror/``), and extract the labelled commit::

    mkdir -p /work/sample/<name>
    git --git-dir=<git dir> archive <commit> | tar -x -C /work/sample/<name>
    git -C /work/sample/<name> init -q

The empty repository matters: toolcfg finds the project root from ``.git`` or
``pyproject.toml``, and an application without a root ``pyproject.toml`` that imports its
own modules as ``from src.agent.utils import ...`` is only resolved from the root a clone
has (the script flags a checkout without ``.git``). A snapshot may lack large binary
files, which makes ``git archive`` stop; archive the paths whose blobs are present then.

``<name>`` is the label file's name without ``.json``; the commit is its ``commit`` key.
A label file with a ``subdir`` key labels one directory of a larger repository (a
monorepo's Python package), and its paths are relative to that directory: extract that
directory alone, ``git archive <commit>:<subdir>``, then ``git init -q`` as above (the
script flags a checkout that holds the whole repository).
``fetch`` brings the newest snapshot it holds, so check that ``git --git-dir=<git dir>
cat-file -e <commit>`` succeeds; if the commit is gone, the labels must be checked again.
Helpers claim repositories in ``/work/sample/CLAIMS.txt`` (``<owner/name> <helper>``)
before fetching them, so two people do not label the same project.

Exit status: 0 when every project was evaluated, 1 when a checkout is missing or toolcfg
failed on one, 2 when a label file is malformed. A project is still evaluated, and flagged,
when toolcfg exits 2 (a file it could not read) or its checkout has no ``.git``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
DEFAULT_LABELS = HERE / "sample"
DEFAULT_ROOT = Path("/work/sample")
VERDICTS = ("bites", "noise")
KINDS = ("application", "sample", "library", "tests")


@dataclass(frozen=True, order=True)
class Place:
    """Where a finding is, or should be: the key findings and labels are matched by."""

    path: str
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.code}"


@dataclass(frozen=True)
class Label:
    """One hand judgement: a finding toolcfg reported (from ``findings``) or should have
    reported (from ``misses``, always a bite)."""

    place: Place
    bites: bool
    from_miss: bool
    shape: str
    note: str


@dataclass(frozen=True)
class Project:
    """A label file: which checkout, how to run toolcfg there, and the judgements."""

    name: str
    repo: str
    commit: str
    kind: str
    args: Tuple[str, ...]
    labels: Tuple[Label, ...]
    #: The directory of the repository the labels are of, which the checkout is.
    subdir: str = ""


@dataclass(frozen=True)
class Finding:
    place: Place
    message: str


@dataclass(frozen=True)
class Outcome:
    """One project's findings matched to its labels."""

    name: str
    findings: int
    bites: Tuple[Label, ...]
    noise: Tuple[Label, ...]
    unlabelled: Tuple[Finding, ...]
    missed: Tuple[Label, ...]
    error: Optional[str] = None  # the project could not be evaluated
    notes: Tuple[str, ...] = ()  # evaluated, but the figures may not be what a user gets

    @property
    def labelled(self) -> int:
        return len(self.bites) + len(self.noise)


@dataclass(frozen=True)
class Totals:
    findings: int = 0
    bites: int = 0
    noise: int = 0
    unlabelled: int = 0
    missed: int = 0

    @property
    def precision(self) -> Optional[float]:
        return ratio(self.bites, self.bites + self.noise)

    @property
    def recall(self) -> Optional[float]:
        return ratio(self.bites, self.bites + self.missed)


@dataclass
class LabelError(Exception):
    path: Path
    problems: List[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.path}: " + "; ".join(self.problems)


def ratio(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


# -- reading ----------------------------------------------------------------------------


def normalise_path(path: str) -> str:
    """A path as labels spell it: relative to the project root, with forward slashes."""
    return Path(os.path.normpath(path)).as_posix()


def _label(entry: Dict[str, object], from_miss: bool, where: str, problems: List[str]) -> Label:
    code_key = "expected" if from_miss else "code"
    missing = [key for key in ("path", "line", code_key, "shape", "note") if key not in entry]
    if not from_miss and "verdict" not in entry:
        missing.append("verdict")
    if missing:
        problems.append(f"{where} lacks {', '.join(missing)}")
    verdict = "bites" if from_miss else entry.get("verdict")
    if verdict not in VERDICTS:
        problems.append(f"{where} has verdict {verdict!r}, not one of {', '.join(VERDICTS)}")
    line = entry.get("line")
    if not isinstance(line, int) or line < 1:
        problems.append(f"{where} has line {line!r}, not a positive number")
        line = 0
    place = Place(normalise_path(str(entry.get("path", ""))), line, str(entry.get(code_key, "")))
    return Label(
        place,
        verdict == "bites",
        from_miss,
        str(entry.get("shape", "")),
        str(entry.get("note", "")),
    )


def load_project(path: Path) -> Project:
    """Read and check one label file; every problem in it is named at once."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LabelError(path, [str(error)]) from error
    if not isinstance(data, dict):
        raise LabelError(path, ["not a JSON object"])
    problems: List[str] = []
    commit = str(data.get("commit", ""))
    if len(commit) != 40 or any(c not in "0123456789abcdef" for c in commit):
        problems.append(f"commit {commit!r} is not 40 lower-case hex digits")
    if data.get("kind") not in KINDS:
        problems.append(f"kind {data.get('kind')!r} is not one of {', '.join(KINDS)}")
    args = data.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        problems.append("args is not a list of strings")
        args = []
    labels = [
        _label(entry, False, f"findings[{i}]", problems)
        for i, entry in enumerate(data.get("findings", []))
    ] + [
        _label(entry, True, f"misses[{i}]", problems)
        for i, entry in enumerate(data.get("misses", []))
    ]
    if problems:
        raise LabelError(path, problems)
    return Project(
        name=path.stem,
        repo=str(data.get("repo", "")),
        commit=commit,
        kind=str(data["kind"]),
        args=tuple(args),
        labels=tuple(labels),
        subdir=str(data.get("subdir", "")),
    )


def parse_findings(output: str, root: Optional[Path] = None) -> List[Finding]:
    """toolcfg's findings in its JSON report, as places relative to the directory it ran
    in (``root``): its ``filename`` is absolute, as ruff's is. A file it could not check is
    no finding, right or wrong."""
    found = []
    for item in json.loads(output or "[]"):
        filename = item["filename"]
        if filename is None:
            continue  # a failure of the run itself, not of a file
        if not str(item["code"]).startswith("TCF"):
            continue  # a file it could not check (parse-error): flagged by the exit status
        if root is not None and os.path.isabs(filename):
            filename = os.path.relpath(filename, root)
        place = Place(normalise_path(filename), int(item["location"]["row"]), item["code"])
        found.append(Finding(place, item["message"]))
    return found


# -- matching ---------------------------------------------------------------------------


def match(name: str, labels: Sequence[Label], findings: Sequence[Finding]) -> Outcome:
    """Pair findings with labels by place. Two findings at one place take two labels there;
    a label left without a finding is a bite no longer found, or noise gone (not counted)."""
    waiting: Dict[Place, List[Label]] = {}
    for label in labels:
        waiting.setdefault(label.place, []).append(label)
    bites: List[Label] = []
    noise: List[Label] = []
    unlabelled: List[Finding] = []
    for finding in sorted(findings, key=lambda f: f.place):
        queue = waiting.get(finding.place)
        if not queue:
            unlabelled.append(finding)
            continue
        label = queue.pop(0)
        (bites if label.bites else noise).append(label)
    missed = sorted(
        (label for queue in waiting.values() for label in queue if label.bites),
        key=lambda label: label.place,
    )
    return Outcome(
        name, len(findings), tuple(bites), tuple(noise), tuple(unlabelled), tuple(missed)
    )


def total(outcomes: Iterable[Outcome]) -> Totals:
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        counts.update(
            findings=outcome.findings,
            bites=len(outcome.bites),
            noise=len(outcome.noise),
            unlabelled=len(outcome.unlabelled),
            missed=len(outcome.missed),
        )
    return Totals(**counts)


# -- running ----------------------------------------------------------------------------


def run_toolcfg(checkout: Path, args: Sequence[str], command: Sequence[str]) -> Tuple[str, int]:
    """toolcfg's JSON report on one checkout, and its exit status."""
    done = subprocess.run(
        [*command, "check", "--no-cache", "--output-format", "json", *args, "."],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1, 2) or not done.stdout.strip().startswith("["):
        raise RuntimeError(f"toolcfg exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return done.stdout, done.returncode


def evaluate(project: Project, root: Path, command: Sequence[str]) -> Outcome:
    checkout = root / project.name
    if not checkout.is_dir():
        return Outcome(project.name, 0, (), (), (), (), error=f"no checkout at {checkout}")
    try:
        output, status = run_toolcfg(checkout, project.args, command)
    except RuntimeError as error:
        return Outcome(project.name, 0, (), (), (), (), error=str(error))
    notes = []
    if status == 2:  # findings are complete for the files it could read
        notes.append("toolcfg exited 2 (a file could not be checked)")
    if not (checkout / ".git").exists():
        # toolcfg finds the project root from .git or pyproject.toml; an archive without
        # either resolves `from src.pkg import x` differently from the clone users have.
        notes.append("no .git in the checkout: run `git init -q` there, as in a clone")
    if project.subdir and (checkout / project.subdir).is_dir():
        notes.append(f"the checkout is the whole repository: extract {project.subdir} alone")
    found = parse_findings(output, checkout.resolve())
    return replace(match(project.name, project.labels, found), notes=tuple(notes))


# -- reporting --------------------------------------------------------------------------


def percent(value: Optional[float]) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def as_text(outcomes: Sequence[Outcome]) -> str:
    header = (
        f"{'project':<34} {'findings':>8} {'bites':>6} {'noise':>6} {'unlab.':>6} "
        f"{'missed':>6} {'prec.':>7} {'recall':>7}"
    )
    rows = [header, "-" * len(header)]
    for outcome in outcomes:
        t = total([outcome])
        rows.append(
            f"{outcome.name:<34} {t.findings:>8} {t.bites:>6} {t.noise:>6} {t.unlabelled:>6} "
            f"{t.missed:>6} {percent(t.precision):>7} {percent(t.recall):>7}"
            + "".join(f"  ({text})" for text in (outcome.error, *outcome.notes) if text)
        )
    t = total(outcomes)
    rows += [
        "-" * len(header),
        f"{'total':<34} {t.findings:>8} {t.bites:>6} {t.noise:>6} {t.unlabelled:>6} "
        f"{t.missed:>6} {percent(t.precision):>7} {percent(t.recall):>7}",
    ]
    for outcome in outcomes:
        if outcome.unlabelled:
            rows += ["", f"{outcome.name}: unlabelled findings (label them)"]
            rows += [f"  {f.place}  {f.message}" for f in outcome.unlabelled]
        if outcome.missed:
            rows += ["", f"{outcome.name}: still missed"]
            rows += [
                f"  {label.place}  [{label.shape}] "
                + ("labelled miss" if label.from_miss else "bite no longer reported")
                for label in outcome.missed
            ]
    return "\n".join(rows)


def as_json(outcomes: Sequence[Outcome]) -> str:
    def place(p: Place) -> Dict[str, object]:
        return {"path": p.path, "line": p.line, "code": p.code}

    def summary(t: Totals) -> Dict[str, object]:
        return {
            "findings": t.findings,
            "bites": t.bites,
            "noise": t.noise,
            "unlabelled": t.unlabelled,
            "missed": t.missed,
            "precision": t.precision,
            "recall": t.recall,
        }

    projects = [
        {
            "name": o.name,
            **summary(total([o])),
            "error": o.error,
            "notes": list(o.notes),
            "unlabelled_findings": [{**place(f.place), "message": f.message} for f in o.unlabelled],
            "still_missed": [
                {**place(label.place), "shape": label.shape, "labelled_miss": label.from_miss}
                for label in o.missed
            ],
        }
        for o in outcomes
    ]
    return json.dumps({"projects": projects, "total": summary(total(outcomes))}, indent=2)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="where the checkouts are")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="the label files")
    parser.add_argument("--project", action="append", help="evaluate only this project")
    parser.add_argument("--json", action="store_true", help="machine output")
    parser.add_argument(
        "--toolcfg",
        default=f"{sys.executable} -m toolcfg",
        help="the command that runs toolcfg (default: this interpreter's)",
    )
    options = parser.parse_args(argv)
    paths = sorted(options.labels.glob("*.json"))
    if options.project:
        paths = [p for p in paths if p.stem in options.project]
        unknown = set(options.project) - {p.stem for p in paths}
        if unknown:
            parser.error(f"no label file for {', '.join(sorted(unknown))}")
    try:
        projects = [load_project(path) for path in paths]
    except LabelError as error:
        print(error, file=sys.stderr)
        return 2
    command = options.toolcfg.split()
    outcomes = [evaluate(project, options.root, command) for project in projects]
    print(as_json(outcomes) if options.json else as_text(outcomes))
    return 1 if any(o.error for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
