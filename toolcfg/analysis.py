"""One planned file's LibCST analysis, on a stack deep enough for LibCST's parser: the job
``pipeline`` runs in its process or in pool workers, and what the analysis selects and where
rules bite under a file's settings.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Tuple, Union

from toolcfg.index.model import Summary
from toolcfg.interpreter import on_large_stack
from toolcfg.linter.context import Context, FixStyle
from toolcfg.linter.findings import FileAnalysis, Finding
from toolcfg.results import INTERNAL_ERROR, Failure, FailureKind, internal_failure
from toolcfg.settings import Settings
from toolcfg.versions import Version, parse_target

if TYPE_CHECKING:
    from toolcfg.index.plans import FilePlan


#: ``X | None`` evaluated at run time needs Python 3.10.
PEP_604 = Version.of(3, 10)


def context_of(path: str, settings: Union[Settings, Context]) -> Context:
    """What the analysis of ``path`` selects and where rules bite, under its settings."""
    if isinstance(settings, Context):
        return settings
    from toolcfg import when

    return Context(
        selected=lambda code: settings.is_selected(code, Path(path)),
        bites=lambda condition: when.words(condition, settings),
        style=FixStyle(
            pep604=settings.target_version >= PEP_604,
            up045=settings.ruff.applies("UP045", Path(path)),
            keep_runtime_typing=settings.ruff.keep_runtime_typing,
        ),
    )


def analyse_job(
    job: Tuple[str, str, FilePlan, Union[Settings, Context]],
) -> Tuple[Optional[FileAnalysis], Optional[Failure]]:
    """Analyse one file on a large stack; a failure is a parse error or a bug of ours.
    Runs in pool workers."""
    path, text, plan, settings = job
    try:
        return on_large_stack(partial(_analyse, path, text, plan, settings), "toolcfg-analysis")
    except Exception as error:  # _analyse reports its own; this is what escaped it
        detail = f"(the analysis ended without a result: {type(error).__name__}: {error})"
        return None, Failure(FailureKind.INTERNAL, INTERNAL_ERROR, detail=detail)


def _analyse(
    path: str, text: str, plan: FilePlan, settings: Union[Settings, Context]
) -> Tuple[Optional[FileAnalysis], Optional[Failure]]:
    import libcst

    from toolcfg.linter.analyze import analyze_file

    try:
        return analyze_file(text, plan, context_of(path, settings)), None
    except libcst.ParserSyntaxError as error:
        return None, Failure(FailureKind.PARSE, error.message, error.raw_line, error.raw_column + 1)
    except RecursionError:
        return None, Failure(FailureKind.PARSE, "the code is nested too deeply for LibCST")
    except Exception:  # a bug in toolcfg, not in the user's file
        return None, internal_failure()


def needed_settings(settings: Settings, path: str, summary: Optional[Summary]) -> Settings:
    """The file's settings; where its own imports need a newer Python than they say
    (``from typing import NotRequired``), that Python: the file runs nowhere older."""
    if summary is None or summary.needs is None:
        return settings
    major, minor = summary.needs
    needs = parse_target(f"py{major}{minor}")
    if not settings.target_version < needs:
        return settings
    said = f"`{summary.needs_reason}`"
    return replace(
        settings,
        target_version=needs,
        target_version_source=said,
        target_version_source_long=f"{said} in {path}",
    )


def without_unfixable(
    settings: Union[Settings, Context], found: Tuple[Finding, ...]
) -> Tuple[Finding, ...]:
    """The findings, without the fix of those whose code ``--fix`` may not fix
    (``unfixable``): as in ruff, such a finding is reported without one."""
    if not isinstance(settings, Settings):
        return found
    return tuple(
        finding
        if finding.fix is None or settings.is_fixable(finding.code)
        else replace(finding, fix=None)
        for finding in found
    )
