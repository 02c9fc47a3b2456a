"""The command line. Click only: the work happens in ``runner``, ``settings`` and ``report``."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import IO, Any, Iterator, List, NoReturn, Optional, Sequence, Tuple

import click

from toolcfg import __version__, progress, report
from toolcfg.filesettings import describe
from toolcfg.layers import read_config_arguments, read_per_file_flags, split_values
from toolcfg.results import Failure, FailureKind, FileResult, Mode, Options
from toolcfg.rules import RULES, Rule, find_rule, listing
from toolcfg.runner import StdinFile, run
from toolcfg.settings import OUTPUT_FORMATS, Overrides, Resolver, SettingsError, parse_codes
from toolcfg.versions import PYTHON_TARGETS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toolcfg")
def main() -> None:
    """Find and fix LangChain callables that drop the caller's RunnableConfig."""


class _Check(click.Command):
    """``--add-noqa`` takes its reason after an ``=`` only (``--add-noqa=REASON``), as
    ruff's does, so that ``--add-noqa src/`` reads ``src/`` as a path."""

    def parse_args(self, ctx: click.Context, args: List[str]) -> List[str]:
        if "--" in args:
            end = args.index("--")
            args = [*_bare_add_noqa(args[:end]), *args[end:]]
        else:
            args = list(_bare_add_noqa(args))
        return super().parse_args(ctx, args)


def _bare_add_noqa(args: Sequence[str]) -> Iterator[str]:
    for arg in args:
        yield "--add-noqa=" if arg == "--add-noqa" else arg


def _codes_option(name: str, text: str) -> Any:
    return click.option(name, multiple=True, metavar="CODES", help=text)


@main.command(cls=_Check)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix/--no-fix", default=False, help="Apply fixes in place.")
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes",
    default=False,
    help="Also apply fixes that can change behaviour for direct callers.",
)
@click.option("--show-fixes/--no-show-fixes", default=False, help="List what --fix changed.")
@click.option("--diff", is_flag=True, help="Print the fixes as unified diffs; write nothing.")
@_codes_option("--select", "Codes or prefixes to check (replaces the configured list).")
@_codes_option("--extend-select", "Codes or prefixes to check in addition.")
@_codes_option("--ignore", "Codes or prefixes not to check.")
@_codes_option("--fixable", "Codes --fix may fix (replaces the configured list) [default: all].")
@_codes_option("--extend-fixable", "Codes --fix may fix in addition.")
@_codes_option("--unfixable", "Codes --fix must not fix.")
@click.option(
    "--per-file-ignores",
    multiple=True,
    metavar="PATTERN:CODE",
    help="Codes not to report in matching files (replaces the configured table).",
)
@click.option(
    "--extend-per-file-ignores",
    multiple=True,
    metavar="PATTERN:CODE",
    help="Like --per-file-ignores, in addition to the configured table.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERNS",
    help="Paths not to check, gitignore-style (replaces the configured list).",
)
@click.option(
    "--extend-exclude", multiple=True, metavar="PATTERNS", help="More paths not to check."
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip what .gitignore ignores [default: as configured, else yes].",
)
@click.option(
    "--force-exclude/--no-force-exclude",
    default=False,
    help="Apply exclusions even to paths named on the command line.",
)
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    envvar="TOOLCFG_OUTPUT_FORMAT",
    help="How to print findings.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="TOOLCFG_OUTPUT_FILE",
    help="Write the report to this file instead of stdout.",
)
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
    help="Print the settings for the path given (the current directory without one), "
    "and where they come from.",
)
@click.option(
    "--config",
    "config",
    multiple=True,
    metavar="PATH|KEY=VALUE",
    help="A pyproject.toml or toolcfg.toml to use instead of discovery, or a TOML "
    "`KEY = VALUE` pair that overrides a setting of every configuration.",
)
@click.option("--isolated", is_flag=True, help="Read no configuration file.")
@click.option(
    "--stdin-filename",
    type=click.Path(path_type=Path),
    help="Check stdin, under this name (for settings and reports).",
)
@click.option(
    "-e",
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when problems are found or a file could not be checked.",
)
@click.option(
    "--exit-non-zero-on-fix",
    is_flag=True,
    help="Exit 1 when --fix changed a file, even if nothing remains.",
)
@click.option("--statistics", is_flag=True, help="Print a count per code instead of each finding.")
@click.option(
    "--add-noqa",
    metavar="[=REASON]",
    help="Add a `# noqa` comment for each finding, and a reason after its codes if given.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else.")
@click.option(
    "-s",
    "--silent",
    is_flag=True,
    help="Print no findings (the exit code still says whether there were any).",
)
@click.option(
    "-n",
    "--no-cache",
    is_flag=True,
    envvar="TOOLCFG_NO_CACHE",
    help="Neither read nor write the cache.",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="TOOLCFG_CACHE_DIR",
    help="Where the cache lives [default: .toolcfg_cache].",
)
def check(paths: Tuple[Path, ...], **flags: Any) -> None:
    """Report LangChain callables that drop their config.

    Exit 1 when problems are found (or, with --diff, when a fix would change a file), 2 when
    a file cannot be read, parsed or written or a setting is invalid.
    """
    mode = Mode.DIFF if flags["diff"] else Mode.FIX if flags["fix"] else Mode.CHECK
    stdin_name = flags["stdin_filename"]
    reading_stdin = paths == (Path("-"),) or stdin_name is not None
    _refuse_conflicts(flags, reading_stdin)
    try:
        resolver = Resolver(_overrides(flags))
        if flags["show_settings"]:
            _show_settings(resolver, paths[0] if paths else None)
        output_format = resolver.for_directory(Path.cwd()).output_format
    except SettingsError as error:
        # The configuration may be what failed: the format asked for on the command line.
        _settings_failed(error, flags["output_format"] or "concise", flags["output_file"])
    if flags["statistics"] and output_format not in report.STATISTICS_FORMATS:
        raise click.UsageError(
            f"--statistics prints in the {', '.join(report.STATISTICS_FORMATS)} formats, "
            f"not {output_format}"
        )
    options = Options(
        mode=mode,
        unsafe_fixes=flags["unsafe_fixes"],
        fix_edits=output_format in ("json", "json-lines", "rdjson", "sarif", "full"),
        force_exclude=flags["force_exclude"],
        add_noqa=flags["add_noqa"],
    )
    stdin = None
    if reading_stdin:
        for path in paths:
            if path != Path("-"):
                click.echo(f"warning: Ignoring file {path} in favor of standard input.", err=True)
        stdin = StdinFile(stdin_name or Path("-"), sys.stdin.buffer.read())
    line = progress.for_run()
    try:
        cache_dir = None if flags["no_cache"] else flags["cache_dir"]
        cache_root = None if flags["no_cache"] else Path.cwd()
        results = run(
            () if stdin else paths or (Path("."),),
            options,
            resolver,
            cache_root,
            stdin,
            cache_dir=cache_dir,
            progress=line,
        )
    except SettingsError as error:
        _settings_failed(error, output_format, flags["output_file"])
    finally:
        if line is not None:
            line.clear()
    if stdin is not None and mode is Mode.FIX:
        fixed = results[0].fixed_source if results else None
        sys.stdout.buffer.write(fixed or stdin.data)
        sys.stdout.buffer.flush()
    if flags["add_noqa"] is not None:
        _noqa_added(results, flags["silent"])
    else:
        with _output(flags["output_file"]) as output:
            to_stderr = reading_stdin and mode is Mode.FIX and output is None
            _print(results, mode, output_format, flags, output, to_stderr)
    sys.exit(_exit_code(results, flags))


def _refuse_conflicts(flags: Any, reading_stdin: bool) -> None:
    """Flags that cannot go together, as ruff refuses them: exit 2."""
    if flags["add_noqa"] is not None:
        for name in ("fix", "diff", "statistics", "show_settings"):
            if flags[name]:
                raise click.UsageError(f"--add-noqa cannot be used with --{name.replace('_', '-')}")
        if reading_stdin:
            raise click.UsageError("--add-noqa cannot be used with standard input")


def _overrides(flags: Any) -> Overrides:
    """The command line's settings: its flags, and ``--config``'s file and pairs."""
    config, pairs = read_config_arguments(flags["config"])

    def codes(name: str) -> Optional[Tuple[str, ...]]:
        given = flags[name]
        return parse_codes(given, f"--{name.replace('_', '-')}") if given else None

    def per_file(name: str) -> Optional[Tuple[Tuple[str, Tuple[str, ...]], ...]]:
        given = flags[name]
        return read_per_file_flags(given, f"--{name.replace('_', '-')}") if given else None

    return Overrides(
        config=config,
        settings=pairs,
        isolated=flags["isolated"],
        select=codes("select"),
        extend_select=codes("extend_select") or (),
        ignore=codes("ignore") or (),
        fixable=codes("fixable"),
        extend_fixable=codes("extend_fixable") or (),
        unfixable=codes("unfixable") or (),
        exclude=split_values(flags["exclude"]) if flags["exclude"] else None,
        extend_exclude=split_values(flags["extend_exclude"]),
        per_file_ignores=per_file("per_file_ignores"),
        extend_per_file_ignores=per_file("extend_per_file_ignores") or (),
        respect_gitignore=flags["respect_gitignore"],
        output_format=flags["output_format"],
        line_length=flags["line_length"],
        target_version=flags["target_version"],
    )


def _show_settings(resolver: Resolver, path: Optional[Path]) -> NoReturn:
    """``--show-settings``: the settings of the path given (of the first, given several),
    or of the current directory, as ruff's."""
    shown = path or Path(".")
    settings = resolver.for_directory(shown) if shown.is_dir() else resolver.for_file(shown)
    click.echo(describe(settings, shown), nl=False)
    sys.exit(0)


@contextlib.contextmanager
def _output(path: Optional[Path]) -> Iterator[Optional[IO[str]]]:
    """Where the report goes: ``-o`` names a file (its directories are made), else stdout."""
    if path is None:
        yield None
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8")
    except OSError as error:
        click.echo(f"error: cannot write the report to {path}: {error.strerror}", err=True)
        sys.exit(2)
    with handle:
        yield handle


def _settings_failed(
    error: SettingsError, output_format: str, output_file: Optional[Path]
) -> NoReturn:
    """Settings that cannot be used stop the run, with exit 2 even under --exit-zero, as
    ruff's: the error on stderr and, so that a machine format stays parseable and says
    why, a report holding the failure alone (it has no file)."""
    click.echo(f"error: {error}", err=True)
    failure = Failure(FailureKind.SETTINGS, str(error))
    machine = report.render([], output_format, False, errors=[failure])
    if machine:
        with _output(output_file) as output:
            click.echo(machine, file=output)
    sys.exit(2)


def _noqa_added(results: Sequence[FileResult], silent: bool) -> None:
    """``--add-noqa``'s report, on stderr as ruff's: the files that failed, and how many
    comments were added."""
    if silent:
        return
    for line in report.error_lines(results):
        click.echo(line, err=True)
    added = sum(result.noqa_added for result in results)
    if added:
        click.echo(f"Added {added} noqa directive{'s' if added != 1 else ''}.", err=True)


def _print(
    results: Sequence[FileResult],
    mode: Mode,
    output_format: str,
    flags: Any,
    output: Optional[IO[str]],
    to_stderr: bool,
) -> None:
    """The report on stdout (or ``-o``'s file; on stderr when stdout holds the fixed
    stdin). A file that failed is a diagnostic of the report, and an ``error:`` line on
    stderr as well, for a person, where the report is text; a machine report keeps stderr
    for what it cannot hold (a traceback), or for every failure when, under --diff, it is
    not printed. ``--silent`` prints only what was asked for besides the findings: the
    diffs, or the statistics."""
    color = output is None and _use_color()
    style = click.style if color else report.plain
    unsafe, silent = flags["unsafe_fixes"], flags["silent"]
    machine = report.render(results, output_format, unsafe)

    def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
        err = to_stderr or err
        click.echo(text, file=None if err else output, err=err, color=color, nl=nl)

    # On stderr with a machine report, an error line would spoil it; with a text one, the
    # report leaves the failures to the error lines, so that none is printed twice there.
    if not silent and not (to_stderr and machine is not None):
        shown = machine is not None and mode is not Mode.DIFF
        for line in report.error_lines(results, details_only=shown):
            echo(line, err=True)
        for line in report.warning_lines(results):
            echo(line, err=True)
    if mode is Mode.DIFF:
        for result in sorted(results, key=lambda result: str(result.path)):
            if result.diff:
                echo(result.diff, nl=False)
    if flags["statistics"]:
        if output_format == "json":
            echo(report.statistics_json(results, unsafe))
            return
        lines = list(report.statistics(results, unsafe))
    elif silent:
        return
    elif machine is not None:
        if mode is not Mode.DIFF and machine:
            # As ruff's --diff: the diffs alone, which a report after them would spoil.
            echo(machine)
        return
    elif output_format == "full":
        lines = list(report.full(results, unsafe, style, failures=not to_stderr))
    elif output_format == "grouped":
        lines = list(report.grouped(results, unsafe, style))
    else:
        lines = list(report.concise(results, unsafe, style, failures=not to_stderr))
    for line in lines:
        echo(line)
    if flags["quiet"] or silent:
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


def _exit_code(results: Sequence[FileResult], flags: Any) -> int:
    """As ruff: --exit-zero exits 0 whatever was found, a file that failed included;
    otherwise 2 when a file failed, 1 when problems remain or a fix would change a file
    (with --exit-non-zero-on-fix, also when --fix changed one); --add-noqa, 0 once its
    comments are written."""
    if flags["exit_zero"]:
        return 0
    if any(result.failure is not None for result in results):
        return 2
    if flags["add_noqa"] is not None:
        return 0
    remaining = any(result.findings for result in results)
    changed = any(result.diff for result in results)
    if flags["exit_non_zero_on_fix"] and any(result.fixed_source for result in results):
        changed = True
    return 1 if remaining or changed else 0


@main.command()
def server() -> None:
    """Run the language server (LSP over stdio), for editors."""
    from toolcfg.server.lsp import main as serve  # pygls: imported only to serve

    serve()


@main.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Print the documentation of every rule.")
@click.option(
    "--output-format",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
    help="The documentation as text (markdown) or as JSON; with --all, markdown is the "
    "README's tables of rules and registrations.",
)
def rule(code: Optional[str], show_all: bool, output_format: str) -> None:
    """Print the documentation of a rule, such as TCF001; without one, list the rules."""
    if code is None and not show_all:
        for line in listing.text():
            click.echo(line)
        return
    if show_all:
        chosen = list(RULES.values())
    else:
        found = find_rule(code or "")
        if found is None:
            raise click.BadParameter(
                f"unknown rule {code!r}; see `toolcfg rule --all`", param_hint="CODE"
            )
        chosen = [found]
    if output_format == "json":
        documents = [_rule_json(each) for each in chosen]
        shown: Any = documents if show_all else documents[0]
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
    elif output_format == "markdown" and show_all:
        click.echo(listing.markdown())
    else:
        click.echo("\n".join(each.documentation() for each in chosen), nl=False)


def _rule_json(rule: Rule) -> Any:
    """A rule as ruff's ``rule --output-format json`` describes one, and where its
    documentation lives."""
    availability = rule.fix_availability
    documentation = rule.documentation()
    explanation = documentation[documentation.index("## What it does") :]
    return {
        "name": rule.name,
        "code": rule.code,
        "linter": "toolcfg",
        "summary": rule.summary,
        "message_formats": list(rule.messages.values()),
        "fix": f"Fix is {availability.value} available.",
        "fix_availability": availability.name.capitalize(),
        "explanation": explanation,
        "preview": False,
        "url": report.rule_url(rule.code),
    }
