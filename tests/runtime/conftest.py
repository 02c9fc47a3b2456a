"""Register the ``runtime`` marker of the runtime matrix (``pytest -m runtime``)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "runtime: runs fixed and naive examples in several Python/LangChain "
        "environments (builds cached venvs; select with -m runtime, "
        "deselect with -m 'not runtime')",
    )
