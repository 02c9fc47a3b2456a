"""toolcfg's fixes as a LibCST codemod command, for teams that run LibCST's codemods::

    python -m libcst.tool codemod -x toolcfg.codemods.forward_config.ForwardConfigCommand --no-format src/

A shell over the pipeline, deciding nothing of its own: it fixes the project as
``toolcfg check --fix`` does (the files' ``[tool.toolcfg]`` settings, the project index,
fixing until nothing is fixable, the formatter for lines a fix made too long) and hands each
module LibCST gives it its fixed text.

LibCST's runner writes only the module it is transforming. A fix that also edits a helper
in another module is made when that module is part of the run too: its own transform
returns the helper's edits. A fix that needs a module outside the run is skipped whole (half
of it would call a helper with a ``config`` it does not take), with a warning naming it and
the command that makes it.

The run's files reach every worker through LibCST's full-repository metadata (``RunFiles``),
with a token for the run, so each worker fixes each project once per run, not once per
module: the cost is linear in the number of modules.
"""

from __future__ import annotations

import argparse
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand
from libcst.metadata import BaseMetadataProvider

from toolcfg.discovery import ProjectRoots, project_files
from toolcfg.fixing import Outcome, fix_project
from toolcfg.formatting import lay_out_with
from toolcfg.linter.findings import Finding
from toolcfg.lock import project_lock
from toolcfg.memo import Memo
from toolcfg.pipeline import ProjectFiles
from toolcfg.results import applicable
from toolcfg.settings import Overrides, Resolver
from toolcfg.workspace import Workspace


@dataclass(frozen=True)
class RunFiles:
    """The files of one codemod run, and a token that tells this run from the next."""

    token: str
    files: FrozenSet[str]


def _run_files(root_path: object, paths: Sequence[str], **_: object) -> Mapping[str, RunFiles]:
    run = RunFiles(uuid.uuid4().hex, frozenset(os.path.abspath(path) for path in paths))
    return dict.fromkeys(paths, run)


class RunFilesProvider(BaseMetadataProvider[object]):
    """Full-repository metadata that carries the run's files to every module's transform;
    it computes nothing per node."""

    gen_cache = staticmethod(_run_files)

    def _gen_impl(self, module: cst.Module) -> None:
        pass


class ForwardConfigCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Add a `config: RunnableConfig` parameter to LangChain callables and forward it."
    METADATA_DEPENDENCIES = (RunFilesProvider,)

    def __init__(
        self,
        context: CodemodContext,
        unsafe_fixes: bool = False,
        line_length: Optional[int] = None,
        config: Optional[str] = None,
    ) -> None:
        super().__init__(context)
        self._unsafe_fixes = unsafe_fixes
        self._overrides = Overrides(
            config=Path(config) if config else None, line_length=line_length
        )

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--unsafe-fixes",
            action="store_true",
            help="Also apply fixes that can change behaviour for direct callers.",
        )
        arg_parser.add_argument(
            "--line-length",
            type=int,
            default=None,
            help="The line length the formatter lays out lines a fix made too long at "
            "[default: the formatter's].",
        )
        arg_parser.add_argument(
            "--config",
            default=None,
            help="Use this pyproject.toml or toolcfg.toml instead of discovery.",
        )

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """The module as fixed. The fixes need no metadata about nodes: the run's files are
        read from the full-repository cache directly, when the runner made one, so a
        module is fixed without it too (stdin, or a call of the command from code)."""
        return self.transform_module_impl(tree)

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        path = os.path.abspath(self.context.filename or "module.py")
        run = self._run(path)
        session = _session(run, self._unsafe_fixes, self._overrides)
        outcome = session.outcome(path, tree.bytes if run.token == "" else None)
        failure = outcome.remaining.failures.get(path)
        if failure is not None or path in outcome.errors:
            raise SkipFile(failure.text if failure is not None else outcome.errors[path])
        for finding in _skipped(outcome.remaining.findings.get(path, ()), self._unsafe_fixes):
            self.warn(_warning(path, finding, run.files))
        if path not in outcome.after or tree.code != outcome.before[path]:
            return tree
        return cst.parse_module(outcome.after[path])

    def _run(self, path: str) -> RunFiles:
        """This run's files, or, without LibCST's full-repository metadata (a module from
        stdin, or a runner called without a repository root), this module alone."""
        manager = self.context.metadata_manager
        if manager is not None and self.context.filename:
            found = manager.get_cache_for_path(self.context.filename).get(RunFilesProvider)
            if isinstance(found, RunFiles):
                return found
        return RunFiles("", frozenset({path}))


class _Session:
    """One run's fixes, per project, worked out on the first module of each project."""

    def __init__(self, run: RunFiles, unsafe_fixes: bool, overrides: Overrides) -> None:
        self.run = run
        self.unsafe_fixes = unsafe_fixes
        self.resolver = Resolver(overrides)
        self.roots = ProjectRoots(os.path.dirname(min(run.files)) if run.files else os.getcwd())
        self.outcomes: Dict[str, Outcome] = {}

    def outcome(self, path: str, text: Optional[bytes]) -> Outcome:
        """The fix of ``path``'s project. ``text``: the module's text, when the run has no
        files of its own (stdin), so it is fixed as given and alone."""
        root = self.roots.of(os.path.dirname(path))
        if root not in self.outcomes or text is not None:
            workspace = Workspace({path: text} if text is not None else None)
            everything = project_files(root, self.resolver)
            reported = tuple(p for p in (*everything, path) if p in self.run.files)
            project = ProjectFiles(
                root, tuple(dict.fromkeys([*everything, path])), tuple(dict.fromkeys(reported))
            )
            # Read and decided under the project's lock, as --fix is; LibCST's runner
            # writes each module after, itself.
            with project_lock(root):
                self.outcomes[root] = fix_project(
                    workspace,
                    project,
                    self.resolver,
                    Memo(),
                    self.unsafe_fixes,
                    writable=self.run.files,
                    lay_out=lay_out_with(self.resolver),
                )
        return self.outcomes[root]


_SESSIONS: Dict[Tuple[str, bool, Overrides], _Session] = {}


def _session(run: RunFiles, unsafe_fixes: bool, overrides: Overrides) -> _Session:
    """The session of this run in this process: LibCST gives each module a new command,
    in one process or several."""
    if run.token == "":
        return _Session(run, unsafe_fixes, overrides)
    key = (run.token, unsafe_fixes, overrides)
    if key not in _SESSIONS:
        _SESSIONS.clear()  # a new run: the last one's outcomes are stale
        _SESSIONS[key] = _Session(run, unsafe_fixes, overrides)
    return _SESSIONS[key]


def _skipped(findings: Sequence[Finding], unsafe_fixes: bool) -> List[Finding]:
    """Findings whose fix ``--fix`` would make but this run did not: it edits a module
    outside the run."""
    return [
        finding
        for finding in findings
        if applicable(finding, unsafe_fixes) and finding.fix is not None and finding.fix.elsewhere
    ]


def _warning(path: str, finding: Finding, files: FrozenSet[str]) -> str:
    assert finding.fix is not None
    outside = sorted(
        os.path.relpath(other.path) for other in finding.fix.elsewhere if other.path not in files
    )
    where = f"{os.path.relpath(path)}:{finding.start.line}:{finding.start.column}"
    return (
        f"{where}: {finding.code} not fixed: its fix also edits {', '.join(outside)}, which "
        f"this codemod run does not include; `toolcfg check --fix {os.path.relpath(path)}` "
        "makes it"
    )
