"""Runtime matrix: naive callables lose inner events where docs/facts.md says, fixed ones never do.

For every example (``examples/construct_*.py``, the ``examples/app`` package,
the LangChain v1 agents, the tools that forward ``config=config``, and the
inner-call cases of ``cases/inner_calls.py``) the probe runs the naive copy,
and the copy fixed by ``toolcfg check --fix``, in each
environment of ``runtime_matrix.ENVS``. The tests check that (a) each naive
callable loses the chat model's events (and, for LangGraph, its message
chunks; the whole message a node returns is still emitted) exactly where
docs/facts.md measured LOST for that Python and langchain-core version, and
gets them where it measured ok; (b) each fixed copy gets them in every
environment; and (c) fixing a tool never adds ``config`` (or ``callbacks``) to
any schema the model sees.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from runtime_envs import ENVS, Env, version_tuple
from runtime_examples import ALL_EXAMPLES, EVENT_EXAMPLES, FIXED, Example
from runtime_matrix import (
    Matrix,
    Prepared,
    assert_events_match_facts,
    describe,
    env_pairs,
    ids,
    job_result,
    run_toolcfg,
)

pytestmark = pytest.mark.runtime


EVENT_PAIRS = env_pairs(EVENT_EXAMPLES)
FIXED_CASES = [
    (env, example, variant) for env, example in EVENT_PAIRS for variant in example.fixed_variants
]
TOOL_CASES = [
    (env, example, variant)
    # The injection cases are left out: test_runtime_facts.py checks their schemas.
    for env, example in env_pairs([e for e in EVENT_EXAMPLES if e.kind == "tool"])
    for variant in example.variants
]


FIXED_BY_TOOLCFG = list(
    {example.path: example for example in ALL_EXAMPLES if example.fixed_by_toolcfg}.values()
)
#: The examples whose report is known: every fixed one, and those that declare ``codes``
#: (none reported: ``codes=()``). One file's examples share its report.
REPORTED = list(
    {
        example.path: example
        for example in ALL_EXAMPLES
        if example.fixed_by_toolcfg or example.codes is not None
    }.values()
)


def _codes(output: str) -> list[str]:
    return sorted(re.findall(r"\bTCF\d{3}\b", output.split("Found")[0]))


@pytest.mark.parametrize("example", REPORTED, ids=ids(REPORTED))
def test_naive_example_is_reported(example: Example) -> None:
    """``toolcfg check`` reports the example's ``codes``, and exits 0 when there are none."""
    assert example.codes is not None
    result = run_toolcfg("check", example.path)
    assert result.returncode == (1 if example.codes else 0), result.stdout + result.stderr
    assert _codes(result.stdout) == sorted(example.codes), result.stdout


@pytest.mark.parametrize("example", FIXED_BY_TOOLCFG, ids=ids(FIXED_BY_TOOLCFG))
def test_fixed_copy_passes_check(example: Example, prepared: Prepared) -> None:
    """The copy toolcfg fixed reports only what no fix of user code can reach."""
    assert example.path not in prepared.fix_errors, prepared.fix_errors.get(example.path)
    path = prepared.path(example, FIXED)
    assert _tree(path) != _tree(prepared.path(example, "naive"))
    result = run_toolcfg("check", str(path))
    assert result.returncode == (1 if example.remaining else 0), result.stdout + result.stderr
    assert _codes(result.stdout) == sorted(example.remaining), result.stdout


def _tree(path: Path) -> dict[str, bytes]:
    """A module's bytes, or a package's by file."""
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return {str(file.relative_to(path.parent)): file.read_bytes() for file in files}


@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_environment_has_the_measured_versions(env: Env, matrix: Matrix) -> None:
    results = matrix.get(env)
    if "langchain" in env.provides:
        assert version_tuple(results["langchain"])[:1] == (1,), describe(results)
    if not env.requirements:
        import langchain_core

        assert results["python"] == ".".join(map(str, sys.version_info[:3]))
        assert results["langchain_core"] == langchain_core.__version__
        return
    assert version_tuple(results["python"])[:2] == (3, 10), describe(results)
    for name, (low, high) in (
        ("langchain_core", env.core_range),
        ("langgraph", env.langgraph_range),
    ):
        version = version_tuple(results[name])
        assert version_tuple(low) <= version < version_tuple(high), (
            f"{env.name}: {name} {results[name]} not in [{low}, {high})"
        )


@pytest.mark.parametrize(("env", "example"), EVENT_PAIRS, ids=ids(EVENT_PAIRS))
def test_naive_example_matches_facts(env: Env, example: Example, matrix: Matrix) -> None:
    assert_events_match_facts(example, "naive", matrix.get(env))


@pytest.mark.parametrize(("env", "example", "variant"), FIXED_CASES, ids=ids(FIXED_CASES))
def test_fixed_example_forwards_config(
    env: Env, example: Example, variant: str, matrix: Matrix
) -> None:
    if variant == FIXED:
        assert example.path not in matrix.prepared.fix_errors, matrix.prepared.fix_errors[
            example.path
        ]
    assert_events_match_facts(example, variant, matrix.get(env))


@pytest.mark.parametrize(("env", "example", "variant"), TOOL_CASES, ids=ids(TOOL_CASES))
def test_tool_schemas_exclude_config(
    env: Env, example: Example, variant: str, matrix: Matrix
) -> None:
    """Neither ``config`` nor ``callbacks`` (fixed tools) reaches a schema."""
    if variant == FIXED:
        assert example.path not in matrix.prepared.fix_errors
    schemas = job_result(matrix.get(env), example, variant)["schemas"]
    expected = sorted(example.input)
    for name in ("args", "tool_call_schema", "input_schema", "openai"):
        assert schemas[name] == expected, f"{name}: {schemas[name]} (all: {schemas})"
    # A BaseTool subclass without an args_schema has None here.
    assert schemas["args_schema"] in (None, expected), schemas
