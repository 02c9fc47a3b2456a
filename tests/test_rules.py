"""The rule catalogue: one object per rule, in ruff's shape, and every rule exercised."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import List

import pytest
from casefiles import all_cases, checked_files, expected_codes
from click.testing import CliRunner

from toolcfg import registry
from toolcfg.cli import main
from toolcfg.linter.analyze import CHECKS
from toolcfg.results import Options
from toolcfg.rules import (
    FAMILIES,
    MODULES,
    RULES,
    Family,
    FixAvailability,
    Rule,
    family_of,
    middleware,
)
from toolcfg.rules.base import ALWAYS
from toolcfg.rules.listing import markdown
from toolcfg.rules.recognised import describe, spellings
from toolcfg.runner import run
from toolcfg.settings import Overrides, Resolver

SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## When it bites",
    "## Example",
    "Use instead:",
    "## Fix safety",
)


def _case_codes() -> set:
    return {
        code
        for case in all_cases()
        for path in checked_files(case)
        for code in expected_codes(path)
    }


def test_every_rule_has_a_case() -> None:
    assert set(RULES) - _case_codes() == set()


def test_every_code_a_case_expects_is_in_the_catalogue() -> None:
    assert _case_codes() - set(RULES) == set()


def test_every_kind_is_decided_by_the_check_of_its_family() -> None:
    """The driver asks each kind's family; helpers are decided under the kind they serve."""
    assert set(CHECKS) == set(registry.KINDS) - {registry.HELPER}
    for family in FAMILIES:
        assert len({id(CHECKS[kind]) for kind in family.kinds}) == 1
        assert all(family_of(kind) is family for kind in family.kinds)
        for rule in family.rules:
            assert RULES[rule.code] is rule
    unfamilied = {kind for kind in registry.KINDS if family_of(kind) is None}
    assert unfamilied == {registry.WRAP_HOOK, registry.HELPER}


def test_each_family_documents_every_registration_of_its_kinds() -> None:
    """What the documentation says is recognised is written from the registration table."""
    for row in registry.REGISTRATIONS:
        family = family_of(row.kind)
        rule = family.missing if family is not None else middleware.WRAP_HOOK_CALL
        assert " ".join(describe(row).split()) in " ".join(rule.what.split()), row


def test_the_catalogue_is_every_rule_its_modules_define() -> None:
    for module in MODULES:
        values = list(vars(module).values())
        defined = [value for value in values if isinstance(value, Rule)]
        defined += [rule for value in values if isinstance(value, Family) for rule in value.rules]
        assert {id(rule) for rule in defined} == {id(rule) for rule in module.RULES}, module
        assert all(RULES[rule.code] is rule for rule in module.RULES)
    assert len(RULES) == sum(len(module.RULES) for module in MODULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_documentation_has_ruffs_sections(code: str) -> None:
    text = RULES[code].documentation()
    assert text.startswith(f"# {RULES[code].name} ({code})\n")
    positions = [text.index(section) for section in SECTIONS]
    assert positions == sorted(positions), code
    assert f"Fix is {RULES[code].fix_availability.value} available." in text


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_command_prints_the_documentation(code: str) -> None:
    result = CliRunner().invoke(main, ["rule", code.lower()])
    assert result.exit_code == 0
    assert result.output == RULES[code].documentation()


README = Path(__file__).resolve().parents[1] / "README.md"
TABLES = (
    "<!-- begin: toolcfg rule --all --output-format markdown -->\n",
    "\n<!-- end: toolcfg rule --all --output-format markdown -->",
)


def test_the_readme_rule_tables_are_what_the_catalogue_writes(
    request: pytest.FixtureRequest,
) -> None:
    """``pytest --update-snapshots`` writes them into the README."""
    readme = README.read_text(encoding="utf-8")
    before, rest = readme.split(TABLES[0])
    written, after = rest.split(TABLES[1])
    if request.config.getoption("--update-snapshots"):
        README.write_text(before + TABLES[0] + markdown() + TABLES[1] + after, encoding="utf-8")
        written = markdown()
    assert written == markdown()
    listed = CliRunner().invoke(main, ["rule", "--all", "--output-format", "markdown"])
    assert listed.exit_code == 0 and listed.output == markdown() + "\n"
    # Every registration is in the table: add_sequence was registered and documented nowhere.
    for row in registry.REGISTRATIONS:
        for spelling in spellings(row):
            assert f"`{spelling}`" in written, spelling
    assert "`.add_sequence([fn, ...])`" in written


def test_rule_command_lists_every_rule_and_rejects_an_unknown_one() -> None:
    listing = CliRunner().invoke(main, ["rule"])
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.output.splitlines()] == list(RULES)
    unknown = CliRunner().invoke(main, ["rule", "TCF999"])
    assert unknown.exit_code == 2 and "unknown rule" in unknown.output


def test_rule_all_prints_the_documentation_of_every_rule() -> None:
    """As ruff's `rule --all`: every rule's full documentation, a blank line between."""
    result = CliRunner().invoke(main, ["rule", "--all"])
    assert result.exit_code == 0
    assert result.output == "\n".join(rule.documentation() for rule in RULES.values())


def test_rule_json_describes_a_rule_as_ruff_does() -> None:
    result = CliRunner().invoke(main, ["rule", "TCF001", "--output-format", "json"])
    assert result.exit_code == 0
    found = json.loads(result.output)
    rule = RULES["TCF001"]
    assert found == {
        "name": "tool-missing-config",
        "code": "TCF001",
        "linter": "toolcfg",
        "summary": rule.summary,
        "message_formats": list(rule.messages.values()),
        "fix": f"Fix is {rule.fix_availability.value} available.",
        "fix_availability": {
            FixAvailability.ALWAYS: "Always",
            FixAvailability.SOMETIMES: "Sometimes",
            FixAvailability.NONE: "None",
        }[rule.fix_availability],
        "explanation": rule.documentation()[rule.documentation().index("## What it does") :],
        "preview": False,
        "url": "https://github.com/toolcfg/toolcfg#tcf001",
    }
    # ruff's keys, in ruff's order, but for the ones that mean nothing here (`status`,
    # `category`, `source_location`), and the documentation's `url`.
    assert list(found) == [
        "name",
        "code",
        "linter",
        "summary",
        "message_formats",
        "fix",
        "fix_availability",
        "explanation",
        "preview",
        "url",
    ]


def test_rule_all_json_is_a_list_of_every_rule() -> None:
    result = CliRunner().invoke(main, ["rule", "--all", "--output-format", "json"])
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert [item["code"] for item in found] == list(RULES)
    assert {item["fix_availability"] for item in found} <= {"Always", "Sometimes", "None"}
    for item in found:
        assert item["explanation"].startswith("## What it does\n")


def test_every_rule_has_an_anchor_in_the_readme_where_its_url_points() -> None:
    """`url` (json), `helpUri` (sarif) and `rule --output-format json` name the README's
    rule anchors: each code must have one."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for code in RULES:
        assert f'<a id="{code.lower()}"></a>' in readme, code


def test_rule_urls_point_at_the_homepage_the_distribution_declares() -> None:
    """One address: the formats' rule URLs and ``[project.urls] Homepage`` agree."""
    from importlib.metadata import metadata

    from toolcfg.report import HOMEPAGE

    urls = metadata("toolcfg").get_all("Project-URL") or []
    assert f"Homepage, {HOMEPAGE}" in urls


@pytest.mark.parametrize("code", sorted(RULES))
def test_message_templates_name_only_fields_the_analysis_gives(code: str) -> None:
    fields = {
        "subject",
        "parameter",
        "calls",
        "when",
        "call",
        "config",
        "helper",
        "inner",
        "param",
        "schema",
        "what",
        "names",
        "name",
        "annotation",
        "future",
        "codes",
    }
    for template in RULES[code].messages.values():
        assert set(re.findall(r"{(\w+)}", template)) <= fields, template


def test_version_bound_rules_say_where_in_their_messages() -> None:
    """A rule that bites only on some versions ends its messages with where it bites."""
    for rule in RULES.values():
        for variant, template in rule.messages.items():
            if rule.condition_of(variant) != ALWAYS:
                assert "{when}" in template, (rule.code, variant)


def test_families_pair_their_codes() -> None:
    for family in FAMILIES:
        prefix = family.missing.code[:-1]
        assert family.dropped.code == prefix + "2"
        assert family.nesting is None or family.nesting.code == prefix + "3"
        assert family.missing.fix_availability is not FixAvailability.NONE


def _codes_in(source: str, directory: Path) -> List[str]:
    """What ``toolcfg check --select ALL`` reports in ``source``, a module on its own, where
    every rule bites (no project configuration: Python 3.9, any package version)."""
    directory.mkdir()
    path = directory / "example.py"
    path.write_text(source, encoding="utf-8")
    (result,) = run([path], Options(), Resolver(Overrides(select=("ALL",))))
    assert result.error is None, result.error
    return [finding.code for finding in result.findings]


@pytest.mark.parametrize("code", sorted(RULES))
def test_the_example_triggers_its_rule_and_the_use_instead_does_not(
    code: str, tmp_path: Path
) -> None:
    """Each example is a module toolcfg can check alone: imports, registration and all."""
    rule = RULES[code]
    assert rule.example.strip() != rule.use_instead.strip()
    assert code in _codes_in(rule.example, tmp_path / "example")
    assert _codes_in(rule.use_instead, tmp_path / "use_instead") == []


def test_rule_docs_do_not_cite_a_file_outside_the_repository() -> None:
    for rule in RULES.values():
        assert "FACTS.md" not in rule.documentation()
    for path in Path(__file__).resolve().parents[1].joinpath("toolcfg").rglob("*.py"):
        assert "FACTS.md" not in path.read_text(encoding="utf-8"), path
