"""The command line. Click only: the work happens in ``runner`` and ``report``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Tuple

import click

from toolcfg import __version__, report
from toolcfg.linter.rules import RULES, find_rule
from toolcfg.runner import Mode, run


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolcfg")
def main() -> None:
    """Find and fix LangChain callables that drop the caller's RunnableConfig."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Apply fixes in place.")
@click.option("--diff", is_flag=True, help="Print the fixes as unified diffs; write nothing.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Also apply fixes that can change behaviour for code that calls the function directly.",
)
def check(paths: Tuple[Path, ...], fix: bool, diff: bool, unsafe_fixes: bool) -> None:
    """Report LangChain callables that drop their config (exit 1 if any, 2 on unreadable files)."""
    mode = Mode.DIFF if diff else Mode.FIX if fix else Mode.CHECK
    results = run(paths or (Path("."),), mode, unsafe_fixes)

    for line in report.error_lines(results):
        click.echo(line, err=True)
    if mode is Mode.DIFF:
        for result in sorted(results, key=lambda result: str(result.path)):
            if result.diff:
                click.echo(result.diff, nl=False)
    for line in report.finding_lines(results, unsafe_fixes):
        click.echo(line)
    click.echo(report.summary(results, mode, unsafe_fixes))

    if any(result.error for result in results):
        sys.exit(2)
    remaining = any(result.findings for result in results)
    changed = any(result.diff for result in results)
    sys.exit(1 if remaining or changed else 0)


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
def rule(code: str, show_all: bool) -> None:
    """Print the documentation of a rule, such as TCF001."""
    if show_all or code is None:
        width = max(len(each.name) for each in RULES.values())
        for each in RULES.values():
            click.echo(f"{each.code}  {each.name:<{width}}  {each.summary}")
        return
    found = find_rule(code)
    if found is None:
        raise click.BadParameter(f"unknown rule {code!r}; see `toolcfg rule --all`", param_hint="CODE")
    click.echo(found.documentation(), nl=False)
