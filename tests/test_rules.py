"""The rule catalogue: one object per rule, in ruff's shape, and every rule exercised."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from casefiles import all_cases, checked_files, expected_codes
from click.testing import CliRunner

from toolcfg import registry
from toolcfg.cli import main
from toolcfg.rules import FAMILIES, RULES, FixAvailability
from toolcfg.rules.base import ALWAYS

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


def test_every_kind_reports_with_rules_of_the_catalogue() -> None:
    for kind in registry.KINDS:
        rules = [kind.call_rule] if kind.family is None else list(vars(kind.family).values())
        for rule in rules:
            assert rule is None or RULES[rule.code] is rule


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


def test_rule_docs_do_not_cite_a_file_outside_the_repository() -> None:
    for rule in RULES.values():
        assert "FACTS.md" not in rule.documentation()
    for path in Path(__file__).resolve().parents[1].joinpath("toolcfg").rglob("*.py"):
        assert "FACTS.md" not in path.read_text(encoding="utf-8"), path
