"""How the function is run decides the loss (docs/facts.md, issue 20).

Whether a callable that drops its config loses anything depends on how its graph is
run: a sync run keeps the config in the context on every Python, an async run loses
it on Python 3.9/3.10. These tests run, in every environment of the matrix:

- the same sync node in a graph built and run with ``stream`` or ``invoke`` in one
  function (``run_mode_sync_only.py``: nothing lost), and in a graph a module exports
  (``construct_graph_sync_node.py``, run with ``astream``: lost on 3.10, and brought
  back by ``toolcfg check --fix``);
- an ``@entrypoint`` calling a ``@task``: every async run crashes on 3.10, sync runs
  work;
- tools built inside a node from a nested function: they own the calls in their body,
  and the node's config forwarded into the body files the model run under the node;
- ``RunnableCallable(call_model, acall_model)`` as a node: async runs call
  ``acall_model`` only, sync runs keep the context.

Sync runs have no event stream: the probe records them with a callback handler that
every run of the context reports to (see probe.py). Nesting is read from the model
run's ``parent_ids``: "filed under" a run means that run is its parent. The tools
that forward a config a helper built, and a ``BaseTool`` forwarding its run
manager's child callbacks, are checked by the generic tests of
``test_runtime_matrix.py`` and ``test_runtime_nesting.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from runtime_envs import ENVS, Env, version_tuple
from runtime_examples import (
    ASYNC_MODES,
    BODY_CASES,
    EXPORTED_SYNC_NODE,
    FIXED,
    GRAPH_NODE,
    NAIVE,
    NESTED_TOOL,
    NESTED_TOOL_RUNS,
    RUNNABLE_CALLABLE,
    RUNNABLE_CALLABLE_SYNC,
    SYNC_MODES,
    SYNC_ONLY,
    TASKS,
    TOOL_CALL_CASES,
    Example,
    Run,
    facts_say_lost,
    node_run,
)
from runtime_matrix import (
    REPLY,
    REPLY_CHUNKS,
    REPLY_TOKENS,
    Matrix,
    assert_filed_under_runs,
    assert_mode_works,
    describe,
    ids,
    job_result,
    mode_result,
    model_starts,
    models_filed_under,
    models_under,
    on_python310,
    own_start,
)

pytestmark = pytest.mark.runtime

GET_CONFIG_ERROR = "RuntimeError: Called get_config outside of a runnable context"


def node_lost(results: dict[str, Any]) -> bool:
    """Whether docs/facts.md says a node that drops its config loses its model run here."""
    return facts_say_lost(GRAPH_NODE, results["python"], results["langchain_core"])


def node_chunks(example: Example) -> dict[str, int]:
    """The ``stream_mode="messages"`` chunks of every run's model: its reply's tokens."""
    return {str(run.node): REPLY_CHUNKS for run in example.runs}


def assert_run_works(
    example: Example,
    outcome: dict[str, Any],
    where: str,
    chunks: dict[str, int] | None = None,
) -> None:
    """The run gave the reply, streamed the ``chunks`` (each model's tokens unless said)
    and filed each model run under its own run (see ``assert_filed_under_runs``)."""
    assert_mode_works(outcome, where)
    if "reply" in outcome:
        assert outcome["reply"] == REPLY, where
    if "chunks" in outcome:
        expected = node_chunks(example) if chunks is None else chunks
        assert outcome["chunks"] == expected, where
    if "starts" in outcome:
        assert_filed_under_runs(example, outcome["starts"], where)


# --------------------------------------------------------------------------
# The same sync node, run sync in one function and exported
# --------------------------------------------------------------------------

SYNC_ONLY_OUTPUT = {"stream_answer": REPLY_TOKENS, "answer": REPLY}
SYNC_ONLY_CASES = [(env, example) for env in ENVS for example in SYNC_ONLY]


@pytest.mark.parametrize(("env", "example"), SYNC_ONLY_CASES, ids=ids(SYNC_ONLY_CASES))
def test_sync_node_in_graph_run_sync_in_one_function_loses_nothing(
    env: Env, example: Example, matrix: Matrix
) -> None:
    """``stream`` yields the model's tokens one by one (not the node's whole message),
    and the model run is filed under the node's, on every version."""
    results = matrix.get(env)
    where = f"{example.name} in {describe(results)}"
    outcome = mode_result(results, example, "call")
    assert_mode_works(outcome, where)
    assert outcome["output"] == SYNC_ONLY_OUTPUT[example.attr], where
    assert_filed_under_runs(example, outcome["starts"], where)


@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_same_sync_node_in_exported_graph_run_async_is_lost_and_fixed_by_toolcfg(
    env: Env, matrix: Matrix
) -> None:
    """``graph = builder.compile()`` run with ``astream``: on 3.10 no token and no model
    run; the copy ``toolcfg check --fix`` leaves streams them, filed under the node."""
    assert EXPORTED_SYNC_NODE.path not in matrix.prepared.fix_errors, (
        matrix.prepared.fix_errors.get(EXPORTED_SYNC_NODE.path)
    )
    results = matrix.get(env)
    where = describe(results)
    naive = job_result(results, EXPORTED_SYNC_NODE, NAIVE)
    fixed = job_result(results, EXPORTED_SYNC_NODE, FIXED)
    if node_lost(results):
        assert naive["message_chunks"] == {}, where
        assert model_starts(naive["starts"]) == [], where
    else:
        assert naive["message_chunks"] == node_chunks(EXPORTED_SYNC_NODE), where
        assert_filed_under_runs(EXPORTED_SYNC_NODE, naive["starts"], where)
    assert fixed["message_chunks"] == node_chunks(EXPORTED_SYNC_NODE), where
    assert_filed_under_runs(EXPORTED_SYNC_NODE, fixed["starts"], where)


# --------------------------------------------------------------------------
# An entrypoint calling a task
# --------------------------------------------------------------------------

ASYNC_TASK_CASES = [
    (env, example, mode)
    for env in ENVS
    for example in TASKS
    for mode in example.modes
    if mode in ASYNC_MODES
]
SYNC_TASK_CASES = [
    (env, example, mode)
    for env in ENVS
    for example in TASKS
    for mode in example.modes
    if mode in SYNC_MODES
]


@pytest.mark.parametrize(("env", "example", "mode"), ASYNC_TASK_CASES, ids=ids(ASYNC_TASK_CASES))
def test_entrypoint_calling_task_crashes_on_every_async_run_on_python310(
    env: Env, example: Example, mode: str, matrix: Matrix
) -> None:
    """On 3.10 a sync or async entrypoint, with or without its config forwarded and a
    config passed by the caller, raises the same RuntimeError; on 3.11+ it works, each
    model run filed under the entrypoint's or the task's run."""
    results = matrix.get(env)
    where = f"{example.name} {mode} in {describe(results)}"
    outcome = mode_result(results, example, mode)
    if on_python310(results):
        assert outcome.get("error") == GET_CONFIG_ERROR, f"{where}: {outcome}"
    else:
        assert_run_works(example, outcome, where)


@pytest.mark.parametrize(("env", "example", "mode"), SYNC_TASK_CASES, ids=ids(SYNC_TASK_CASES))
def test_entrypoint_calling_task_works_on_sync_runs(
    env: Env, example: Example, mode: str, matrix: Matrix
) -> None:
    """``invoke`` and ``stream`` work on every version, each model run filed under its
    own run. langgraph 0.6.11's sync messages stream leaves out the task's tokens
    (its model run is still filed under the task); 1.x streams both."""
    results = matrix.get(env)
    where = f"{example.name} {mode} in {describe(results)}"
    chunks = node_chunks(example)
    if version_tuple(results["langgraph"]) < (1,):
        entrypoint, _task = example.runs
        chunks = {str(entrypoint.node): REPLY_CHUNKS}
    assert_run_works(example, mode_result(results, example, mode), where, chunks)


# --------------------------------------------------------------------------
# Tools built inside a node from a nested function
# --------------------------------------------------------------------------


NESTED_TOOL_VARIANTS = [(env, variant) for env in ENVS for variant in NESTED_TOOL.variants]


@pytest.mark.parametrize(("env", "variant"), NESTED_TOOL_VARIANTS, ids=ids(NESTED_TOOL_VARIANTS))
def test_nested_tool_owns_its_model_run(env: Env, variant: str, matrix: Matrix) -> None:
    """Each tool run is its node's child, and the model run is filed under the tool run:
    as written where the nodes lose nothing (3.11+; on 3.10 neither run is seen), and
    everywhere in the copy ``toolcfg check --fix`` leaves, once ``NESTED_TOOL`` says
    toolcfg fixes it."""
    if variant == FIXED:
        assert NESTED_TOOL.path not in matrix.prepared.fix_errors, matrix.prepared.fix_errors.get(
            NESTED_TOOL.path
        )
    results = matrix.get(env)
    where = f"{variant} in {describe(results)}"
    lost = variant == NAIVE and node_lost(results)
    starts = job_result(results, NESTED_TOOL, variant)["starts"]
    for run in NESTED_TOOL_RUNS:
        if lost:
            assert not [start for start in starts if run.matches(start)], where
            continue
        node = own_start(node_run(str(run.node)), starts, where)
        tool = own_start(run, starts, where)
        assert tool["parent_ids"][-1] == node["run_id"], f"{where}: starts: {starts}"
        assert len(models_filed_under(tool, starts)) == 1, f"{where}: starts: {starts}"
    assert len(model_starts(starts)) == (0 if lost else len(NESTED_TOOL_RUNS)), where


def nested_case_starts(
    example: Example, mode: str, results: dict[str, Any], where: str
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """The case's node and tool runs (the tool's its node's child), and all starts."""
    outcome = mode_result(results, example, mode)
    assert_mode_works(outcome, where)
    assert outcome.get("reply", REPLY) == REPLY, where
    (run,) = example.runs
    if "chunks" in outcome:
        assert outcome["chunks"] == node_chunks(example), where
    starts: list[dict[str, Any]] = outcome["starts"]
    node = own_start(node_run(str(run.node)), starts, where)
    tool = own_start(run, starts, where)
    assert tool["parent_ids"][-1] == node["run_id"], f"{where}: starts: {starts}"
    return node, tool, starts


def nested_cases(examples: list[Example]) -> list[tuple[Env, Example, str]]:
    return [(env, example, mode) for env in ENVS for example in examples for mode in example.modes]


TOOL_CALL_PARAMS = nested_cases(TOOL_CALL_CASES)
BODY_PARAMS = nested_cases(BODY_CASES)


@pytest.mark.parametrize(("env", "example", "mode"), TOOL_CALL_PARAMS, ids=ids(TOOL_CALL_PARAMS))
def test_nested_tool_called_with_node_config_files_model_run_under_tool(
    env: Env, example: Example, mode: str, matrix: Matrix
) -> None:
    """The node forwards its config to the tool call only: the model run is filed under
    the tool run, sync and async, except where the tool's own body loses it (an async
    tool on 3.10 with langchain-core <= 1.4.7, as any async tool there)."""
    results = matrix.get(env)
    where = f"{example.name} {mode} in {describe(results)}"
    _node, tool, starts = nested_case_starts(example, mode, results, where)
    (run,) = example.runs
    if facts_say_lost(run.row, results["python"], results["langchain_core"]):
        assert model_starts(starts) == [], f"{where}: starts: {starts}"
    else:
        assert len(models_filed_under(tool, starts)) == 1, f"{where}: starts: {starts}"
        assert len(model_starts(starts)) == 1, f"{where}: starts: {starts}"


@pytest.mark.parametrize(("env", "example", "mode"), BODY_PARAMS, ids=ids(BODY_PARAMS))
def test_node_config_forwarded_into_nested_tool_body_files_model_run_beside_tool(
    env: Env, example: Example, mode: str, matrix: Matrix
) -> None:
    """The node's config forwarded into the tool's body as well re-parents the model run
    under the node, a sibling of the tool run, on every version, sync and async: the
    trace is worse than where nothing was forwarded."""
    results = matrix.get(env)
    where = f"{example.name} {mode} in {describe(results)}"
    node, tool, starts = nested_case_starts(example, mode, results, where)
    assert len(models_filed_under(node, starts)) == 1, f"{where}: starts: {starts}"
    assert models_under(tool, starts) == [], f"{where}: starts: {starts}"
    assert len(model_starts(starts)) == 1, f"{where}: starts: {starts}"


# --------------------------------------------------------------------------
# RunnableCallable(call_model, acall_model) as a node
# --------------------------------------------------------------------------

#: RunnableCallable's own run, named after its sync function, inside the node's run.
CALLABLE_RUN = Run("on_chain_start", "call_model", GRAPH_NODE, "agent")


def callable_starts(
    starts: list[dict[str, Any]], where: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The node's run and RunnableCallable's own run, its child."""
    (agent,) = RUNNABLE_CALLABLE.runs
    node = own_start(agent, starts, where)
    callable_run = own_start(CALLABLE_RUN, starts, where)
    assert callable_run["parent_ids"][-1] == node["run_id"], f"{where}: starts: {starts}"
    return node, callable_run


@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_runnable_callable_async_runs_call_afunc_only(env: Env, matrix: Matrix) -> None:
    """``acall_model`` forwards the config: the model's tokens stream on 3.10 too, where
    ``call_model`` would lose them. RunnableCallable injects the config it was called
    with, so the model run is filed under the node's run, beside RunnableCallable's."""
    results = matrix.get(env)
    where = describe(results)
    result = job_result(results, RUNNABLE_CALLABLE, NAIVE)
    assert result["message_chunks"] == node_chunks(RUNNABLE_CALLABLE), where
    node, _callable_run = callable_starts(result["starts"], where)
    assert len(models_filed_under(node, result["starts"])) == 1, f"{where}: {result['starts']}"
    assert len(model_starts(result["starts"])) == 1, where


SYNC_CALLABLE_CASES = [(env, mode) for env in ENVS for mode in RUNNABLE_CALLABLE_SYNC.modes]


@pytest.mark.parametrize(("env", "mode"), SYNC_CALLABLE_CASES, ids=ids(SYNC_CALLABLE_CASES))
def test_runnable_callable_sync_runs_keep_the_context(env: Env, mode: str, matrix: Matrix) -> None:
    """``call_model`` drops the config, but a sync run keeps it in the context: the
    tokens stream and the model run is filed under RunnableCallable's run."""
    results = matrix.get(env)
    where = f"{mode} in {describe(results)}"
    outcome = mode_result(results, RUNNABLE_CALLABLE_SYNC, mode)
    assert_mode_works(outcome, where)
    assert outcome.get("reply", REPLY) == REPLY, where
    if "chunks" in outcome:
        assert outcome["chunks"] == node_chunks(RUNNABLE_CALLABLE_SYNC), where
    _node, callable_run = callable_starts(outcome["starts"], where)
    assert len(models_filed_under(callable_run, outcome["starts"])) == 1, where
    assert len(model_starts(outcome["starts"])) == 1, where
