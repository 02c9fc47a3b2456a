"""Trace nesting: under which run the inner chat model run is filed (docs/facts.md).

The probe records every ``on_*_start`` event of ``astream_events(version="v2")``
with its ``run_id`` and ``parent_ids``. An example's model run nests when the
run of the example's own callable (the tool's ``on_tool_start``, the lambda's
``on_chain_start``, the node's ``on_chain_start`` in its ``langgraph_node``) is
among the model run's ``parent_ids``. Tools are also run inside an outer
runnable and inside a LangGraph ``ToolNode``.

LangChain injects into a tool the config the tool was *called with*, so a tool
forwarding ``config=config`` files its model run beside the tool run; the fixes
forward ``patch_config(config, callbacks=callbacks)`` (``run_manager.get_child()``
in ``BaseTool._arun``) instead; lambdas and nodes receive the child config, so their
fixes forward ``config=config``. Each is checked as ``toolcfg check --fix`` wrote it.
"""

from __future__ import annotations

import pytest
from runtime_envs import Env
from runtime_examples import DEFECTS, EVENT_EXAMPLES, FIXED, Example
from runtime_matrix import (
    Matrix,
    assert_filed_beside,
    assert_nesting_matches_facts,
    env_pairs,
    ids,
)

pytestmark = pytest.mark.runtime

PAIRS = env_pairs([example for example in EVENT_EXAMPLES if example not in DEFECTS])
FIXED_PAIRS = [(env, example) for env, example in PAIRS if example.fixed_variants]
DEFECT_PAIRS = env_pairs(DEFECTS)


@pytest.mark.parametrize(("env", "example"), FIXED_PAIRS, ids=ids(FIXED_PAIRS))
def test_nesting_of_fixed_example(env: Env, example: Example, matrix: Matrix) -> None:
    """Every model run of a fixed callable is filed under the callable's own run."""
    assert example.path not in matrix.prepared.fix_errors, matrix.prepared.fix_errors.get(
        example.path
    )
    assert_nesting_matches_facts(example, FIXED, matrix.get(env))


@pytest.mark.parametrize(("env", "example"), PAIRS, ids=ids(PAIRS))
def test_nesting_of_naive_example_matches_facts(env: Env, example: Example, matrix: Matrix) -> None:
    """Where the naive callable's events are not lost, its model run nests; else it is absent.

    This holds for the cases that forward a derived config, too; the tools that forward
    ``config=config`` are the exception, checked below.
    """
    assert_nesting_matches_facts(example, "naive", matrix.get(env))


@pytest.mark.parametrize(("env", "example"), DEFECT_PAIRS, ids=ids(DEFECT_PAIRS))
def test_nesting_tool_forwarding_config_files_model_run_beside_tool(
    env: Env, example: Example, matrix: Matrix
) -> None:
    """The defect: the model run's parents are the tool's parents, on every version."""
    assert_filed_beside(example, matrix.get(env))
