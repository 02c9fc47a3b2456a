"""The ``runtime`` marker, and the session's copies of the examples and probe results.

The probe runs once per environment for all the runtime tests (see
``runtime_matrix.py``), on first use.
"""

from __future__ import annotations

import pytest
from runtime_matrix import Matrix, Prepared, prepare


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "runtime: runs fixed and naive examples in several Python/LangChain "
        "environments (builds cached venvs; select with -m runtime, "
        "deselect with -m 'not runtime')",
    )


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    return prepare(tmp_path_factory.mktemp("examples"))


@pytest.fixture(scope="session")
def matrix(prepared: Prepared, tmp_path_factory: pytest.TempPathFactory) -> Matrix:
    return Matrix(prepared, tmp_path_factory.mktemp("probe"))
