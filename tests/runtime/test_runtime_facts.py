"""How each construct injects config, measured in every environment (docs/facts.md).

Each callable of ``cases/injection/`` is called with
``config={"configurable": {"marker": 42}}`` and answers with the marker it
received ("None" when the config did not reach its parameter), so the test sees
injection directly, whatever the Python version. For tools, a parameter that
is not injected also shows up in the args schema, where the model would be
asked to fill it.
"""

from __future__ import annotations

import pytest
from runtime_envs import ENVS, Env
from runtime_examples import INJECTION_CASES, NAIVE, InjectionCase, Versions
from runtime_matrix import Matrix, describe, ids, job_result

pytestmark = pytest.mark.runtime

CASES = [(env, case) for env in ENVS for case in INJECTION_CASES if env.has(case.example.needs)]


@pytest.mark.parametrize(("env", "case"), CASES, ids=ids(CASES))
def test_injection_matches_facts(env: Env, case: InjectionCase, matrix: Matrix) -> None:
    results = matrix.get(env)
    result = job_result(results, case.example, NAIVE)
    injected = case.injected(Versions.of(results))
    where = f"{case.example.name} in {describe(results)}: {case.fact}"
    assert result["reply"] == ("42" if injected else "None"), where
    if case.example.kind == "tool":
        leaked = [] if injected else ["config"]
        assert result["schemas"]["args"] == sorted(["question", *leaked]), where
