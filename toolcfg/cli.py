"""The command line. Click only: the work happens in ``runner``, ``settings`` and ``report``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn, Optional, Sequence, Tuple

import click

from toolcfg import __version__, report
from toolcfg.results import Failure, FailureKind, FileResult, Mode, Options
from toolcfg.rules import find_rule, listing
from toolcfg.runner import StdinFile, run
from toolcfg.settings import (
    OUTPUT_FORMATS,
    Overrides,
    Resolver,
    SettingsError,
    describe,
    parse_codes,
)
from toolcfg.versions import PYTHON_TARGETS


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
    help="Also apply fixes that can change behaviour for direct callers.",
)
@click.option(
    "--select", help="Codes or prefixes to check, comma-separated (replaces the configured list)."
)
@click.option("--extend-select", help="Codes or prefixes to check in addition.")
@click.option("--ignore", help="Codes or prefixes not to check.")
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), help="How to print findings.")
@click.option(
    "--line-length",
    type=click.IntRange(1, 320),
    help="Wrap the lines a fix makes longer than this [default: the formatter's, or 88].",
)
@click.option(
    "--target-version",
    type=click.Choice(PYTHON_TARGETS),
    help="The oldest Python the code runs on [default: ruff's target-version, "
    "else requires-python, else py39].",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the settings used for the one path given, and where they come from.",
)
@click.option(
    "--config",
    "config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this pyproject.toml or toolcfg.toml instead of discovery.",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply exclusions even to paths named on the command line.",
)
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="The name of the file read from stdin, for settings and reports.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when problems are found or a file could not be checked.",
)
@click.option("--statistics", is_flag=True, help="Print a count per code instead of each finding.")
@click.option("--show-fixes", is_flag=True, help="List what --fix fixed.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else.")
@click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the cache in .toolcfg_cache/."
)
def check(paths: Tuple[Path, ...], **flags: Any) -> None:
    """Report LangChain callables that drop their config.

    Exit 1 when problems are found (or, with --diff, when a fix would change a file), 2 when
    a file cannot be read, parsed or written or a setting is invalid.
    """
    mode = Mode.DIFF if flags["diff"] else Mode.FIX if flags["fix"] else Mode.CHECK
    try:
        overrides = Overrides(
            config=flags["config"],
            select=parse_codes(flags["select"], "--select") if flags["select"] else None,
            extend_select=parse_codes(flags["extend_select"] or "", "--extend-select"),
            ignore=parse_codes(flags["ignore"] or "", "--ignore"),
            output_format=flags["output_format"],
            line_length=flags["line_length"],
            target_version=flags["target_version"],
        )
        resolver = Resolver(overrides)
        if flags["show_settings"]:
            if len(paths) != 1:
                raise click.UsageError("--show-settings takes exactly one path")
            click.echo(describe(resolver.for_file(paths[0]), paths[0]), nl=False)
            sys.exit(0)
        output_format = resolver.for_directory(Path.cwd()).output_format
    except SettingsError as error:
        # The configuration may be what failed: the format asked for on the command line.
        _settings_failed(error, flags["output_format"] or "concise")
    options = Options(
        mode=mode,
        unsafe_fixes=flags["unsafe_fixes"],
        fix_edits=output_format in ("json", "sarif", "full"),
        force_exclude=flags["force_exclude"],
    )
    reading_stdin = paths == (Path("-"),)
    stdin = None
    if reading_stdin:
        stdin = StdinFile(flags["stdin_filename"] or Path("-"), sys.stdin.buffer.read())
    try:
        cache_root = None if flags["no_cache"] else Path.cwd()
        results = run(() if stdin else paths or (Path("."),), options, resolver, cache_root, stdin)
    except SettingsError as error:
        _settings_failed(error, output_format)
    if stdin is not None and mode is Mode.FIX:
        fixed = results[0].fixed_source if results else None
        sys.stdout.buffer.write(fixed or stdin.data)
        sys.stdout.buffer.flush()
    _print(results, mode, output_format, flags, to_stderr=reading_stdin and mode is Mode.FIX)
    sys.exit(_exit_code(results, flags["exit_zero"]))


def _settings_failed(error: SettingsError, output_format: str) -> NoReturn:
    """Settings that cannot be used stop the run, with exit 2 even under --exit-zero, as
    ruff's: the error on stderr and, so that a machine format stays parseable and says
    why, a report holding the failure alone (it has no file)."""
    click.echo(f"error: {error}", err=True)
    failure = Failure(FailureKind.SETTINGS, str(error))
    machine = report.render([], output_format, False, report.plain, errors=[failure])
    if machine:
        click.echo(machine)
    sys.exit(2)


def _print(
    results: Sequence[FileResult], mode: Mode, output_format: str, flags: Any, to_stderr: bool
) -> None:
    """The report on stdout (on stderr when stdout holds the fixed stdin). A file that
    failed is a diagnostic of the report, and an ``error:`` line on stderr as well, for a
    person, where the report is text; a machine report keeps stderr for what it cannot
    hold (a traceback), or for every failure when, under --diff, it is not printed."""
    color = _use_color()
    style = click.style if color else report.plain
    unsafe = flags["unsafe_fixes"]
    machine = report.render(results, output_format, unsafe, style)

    def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
        click.echo(text, err=to_stderr or err, color=color, nl=nl)

    # On stderr with a machine report, an error line would spoil it; with a text one, the
    # report leaves the failures to the error lines, so that none is printed twice there.
    if not (to_stderr and machine is not None):
        shown = machine is not None and mode is not Mode.DIFF
        for line in report.error_lines(results, details_only=shown):
            echo(line, err=True)
    for line in report.warning_lines(results):
        echo(line, err=True)
    if mode is Mode.DIFF:
        for result in sorted(results, key=lambda result: str(result.path)):
            if result.diff:
                echo(result.diff, nl=False)
    if machine is not None:
        if mode is Mode.DIFF:
            return  # as ruff's --diff: the diffs alone, which a report after them would spoil
        if machine:
            echo(machine)
        return
    if flags["statistics"]:
        lines = list(report.statistics(results, unsafe))
    elif output_format == "full":
        lines = list(report.full(results, unsafe, style, failures=not to_stderr))
    else:
        lines = list(report.concise(results, unsafe, style, failures=not to_stderr))
    for line in lines:
        echo(line)
    if flags["quiet"]:
        return
    if flags["show_fixes"]:
        for line in report.fixed_lines(results):
            echo(line)
    echo(report.summary(results, mode, unsafe))


def _use_color() -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _exit_code(results: Sequence[FileResult], exit_zero: bool) -> int:
    """As ruff: --exit-zero exits 0 whatever was found, a file that failed included;
    otherwise 2 when a file failed, 1 when problems remain or a fix would change a file."""
    if exit_zero:
        return 0
    if any(result.failure is not None for result in results):
        return 2
    remaining = any(result.findings for result in results)
    changed = any(result.diff for result in results)
    return 1 if remaining or changed else 0


@main.command()
def server() -> None:
    """Run the language server (LSP over stdio), for editors."""
    from toolcfg.server.lsp import main as serve  # pygls: imported only to serve

    serve()


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option(
    "--output-format",
    "rule_format",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="With --all: a line per rule, or the README's tables of rules and registrations.",
)
def rule(code: Optional[str], show_all: bool, rule_format: str) -> None:
    """Print the documentation of a rule, such as TCF001."""
    if show_all or code is None:
        lines = [listing.markdown()] if rule_format == "markdown" else listing.text()
        for line in lines:
            click.echo(line)
        return
    found = find_rule(code)
    if found is None:
        raise click.BadParameter(
            f"unknown rule {code!r}; see `toolcfg rule --all`", param_hint="CODE"
        )
    click.echo(found.documentation(), nl=False)
