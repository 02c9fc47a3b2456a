"""LangChain v1 agents: what ``create_agent`` and its middleware hooks stream (docs/facts.md).

Runs where ``langchain>=1`` is installed: ``py310-newest``, and the current
interpreter from Python 3.10 on. The event, nesting and fix tests of
``test_runtime_matrix.py`` and ``test_runtime_nesting.py`` cover
``construct_middleware_hook`` and ``agent_create_agent`` like every example (the
hooks are LangGraph nodes; the agent's model node is LangChain's code, which no
fix reaches). The tests here pin what is particular to agents, as measured.
"""

from __future__ import annotations

import pytest
from runtime_envs import ENVS, Env
from runtime_examples import AGENTS, FIXED, NAIVE
from runtime_matrix import (
    REPLY,
    REPLY_CHUNKS,
    Matrix,
    describe,
    ids,
    job_result,
    model_starts,
    on_python310,
)

pytestmark = pytest.mark.runtime

CREATE_AGENT, MIDDLEWARE = AGENTS
AGENT_ENVS = [env for env in ENVS if env.has(CREATE_AGENT.needs)]


@pytest.mark.parametrize("env", AGENT_ENVS, ids=ids(AGENT_ENVS))
def test_create_agent_model_call_matches_facts(env: Env, matrix: Matrix) -> None:
    """py3.10: no model run, only the final whole message; py3.11+: the model's tokens."""
    results = matrix.get(env)
    result = job_result(results, CREATE_AGENT, NAIVE)
    where = describe(results)
    assert result["reply"] == REPLY
    if on_python310(results):
        assert model_starts(result["starts"]) == [], where
        assert result["message_chunks"] == {}, where
        assert result["whole_messages"] == {"model": 1}, where
    else:
        assert len(model_starts(result["starts"])) == 1, where
        assert result["message_chunks"] == {"model": REPLY_CHUNKS}, where


@pytest.mark.parametrize("env", AGENT_ENVS, ids=ids(AGENT_ENVS))
def test_middleware_hook_with_config_streams_but_agent_model_does_not(
    env: Env, matrix: Matrix
) -> None:
    """A hook forwarding its injected config streams its model's tokens on every Python.

    On py3.10 the agent's own model call stays lost beside it: the fix of user code
    cannot reach it.
    """
    results = matrix.get(env)
    naive = job_result(results, MIDDLEWARE, NAIVE)
    fixed = job_result(results, MIDDLEWARE, FIXED)
    hooks = {
        "ReviewMiddleware.before_model": REPLY_CHUNKS,
        "ReviewMiddleware.after_agent": REPLY_CHUNKS,
    }
    where = describe(results)
    if on_python310(results):
        assert naive["message_chunks"] == {}, where
        assert fixed["message_chunks"] == hooks, where
        assert fixed["whole_messages"] == {"model": 1}, where
    else:
        assert naive["message_chunks"] == {**hooks, "model": REPLY_CHUNKS}, where
        assert fixed["message_chunks"] == {**hooks, "model": REPLY_CHUNKS}, where
