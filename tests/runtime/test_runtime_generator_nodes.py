"""LangGraph generator nodes follow the RunnableLambda row, not the node row (docs/facts.md).

LangGraph's ``coerce_to_runnable`` wraps an async generator function, or an object
whose ``__call__`` is one, in langchain-core's ``RunnableLambda``, where it wraps
other functions in its own ``RunnableCallable``. So an async-generator node that
calls the model without config is LOST on Python 3.10 only with langchain-core <=
1.4.7, as an async ``RunnableLambda`` is, while every other node is LOST on 3.10
with every core. ``measure.py`` bracketed the release (docs/facts.md, "Generator
nodes"): core 1.4.7 LOST and 1.4.8 ok, with langgraph 0.6.11 and 1.2.24 alike; the
matrix's ``py310-core03`` (core 0.3.x) and ``py310-newest`` (core >= 1.4.8, checked
by ``test_environment_has_the_measured_versions``) straddle that release.

The cases are in ``cases/generator_nodes.py``, each a one-node graph whose node is
named "node". The node's state update is what it yields last (``RunnableLambda``
keeps the last of chunks it cannot add), so a node yielding each chunk of
``model.astream`` leaves only the last chunk in the state.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from runtime_envs import ENVS, Env
from runtime_examples import (
    ASYNC_LAMBDA,
    GENERATOR_NODES,
    NAIVE,
    SYNC_GENERATOR_NODE,
    Example,
    facts_say_lost,
)
from runtime_matrix import (
    MODEL_START,
    REPLY,
    Matrix,
    describe,
    ids,
    job_id,
    job_result,
    model_starts,
)

pytestmark = pytest.mark.runtime

PAIRS = [(env, example) for env in ENVS for example in GENERATOR_NODES]
#: The fake model streams its reply as words and the spaces between them.
REPLY_CHUNKS = len(re.split(r"(\s)", REPLY))
#: What a node yielding each chunk of ``model.astream`` leaves in the state.
LAST_CHUNK = re.split(r"(\s)", REPLY)[-1]


def generator_node_lost(example: Example, results: dict[str, Any]) -> bool:
    """Whether the node's model run is lost: it does not forward its config, and an async
    ``RunnableLambda`` loses it on this Python and langchain-core."""
    return not example.forwards and facts_say_lost(
        ASYNC_LAMBDA, results["python"], results["langchain_core"]
    )


@pytest.mark.parametrize(("env", "example"), PAIRS, ids=ids(PAIRS))
def test_async_generator_node_matches_lambda_row(
    env: Env, example: Example, matrix: Matrix
) -> None:
    """LOST: no chat model event, and only the update the node yielded last reaches
    ``stream_mode="messages"``; ok: the model's events and its streamed chunks."""
    results = matrix.get(env)
    result = job_result(results, example, NAIVE)
    where = f"{example.name} in {describe(results)}"
    yields_chunks = example.attr != "ainvoke_node"
    assert result["reply"] == (LAST_CHUNK if yields_chunks else REPLY), where
    model_events = [e for e in result["events"] if e.startswith("on_chat_model_")]
    messages = {"chunks": result["message_chunks"], "whole": result["whole_messages"]}
    if generator_node_lost(example, results):
        assert model_events == [], where
        # The node's own update: the last chunk it yielded, or the whole reply.
        update = "chunks" if yields_chunks else "whole"
        assert messages == {"chunks": {}, "whole": {}, update: {"node": 1}}, where
    else:
        assert model_events.count(MODEL_START) == 1, f"{where}: {result['events']}"
        assert result["events"].count("on_chat_model_stream") == REPLY_CHUNKS, where
        assert messages == {"chunks": {"node": REPLY_CHUNKS}, "whole": {}}, where


@pytest.mark.parametrize(("env", "example"), PAIRS, ids=ids(PAIRS))
def test_async_generator_node_nesting(env: Env, example: Example, matrix: Matrix) -> None:
    """Where it is seen, the model run is filed under the node's ``RunnableLambda`` run,
    itself under the node's run: two nested runs named "node" in the node "node"."""
    results = matrix.get(env)
    starts = job_result(results, example, NAIVE)["starts"]
    where = f"{example.name} in {describe(results)}: starts {starts}"
    nodes = [s for s in starts if s["event"] == "on_chain_start" and s["name"] == "node"]
    assert len(nodes) == 2 and nodes[0]["run_id"] in nodes[1]["parent_ids"], where
    models = model_starts(starts)
    if generator_node_lost(example, results):
        assert models == [], where
    else:
        assert len(models) == 1 and models[0]["parent_ids"][-1] == nodes[1]["run_id"], where


@pytest.mark.parametrize("env", ENVS, ids=ids(ENVS))
def test_sync_generator_node_cannot_stream_async(env: Env, matrix: Matrix) -> None:
    """A sync generator node is a ``RunnableLambda`` without an async twin: ``ainvoke``
    runs it, but ``astream_events`` raises, on every version."""
    results = matrix.get(env)
    result = results["jobs"][job_id(SYNC_GENERATOR_NODE, NAIVE)]
    assert result["reply"] == LAST_CHUNK, describe(results)
    assert result.get("error", "").startswith("astream_events: "), describe(results)
    raised = "TypeError: Cannot stream from a generator function asynchronously"
    assert raised in result["error"], describe(results)
