# expect: TCF044
# A sync @entrypoint that calls @task functions: a test that runs it with .invoke only
# loses nothing (a sync run keeps the config in its context); the same entrypoint run
# with .ainvoke fails on Python 3.9 and 3.10 at the first task call.
from langgraph.func import entrypoint, task


@task
def draft(topic: str) -> str:
    return f"A note on {topic}."


@entrypoint()
def write_sync(topic: str) -> str:
    return draft(topic).result()


@entrypoint()
def write_async(topic: str) -> str:
    return draft(topic).result()


def test_writes_a_note() -> None:
    assert write_sync.invoke("tides") == "A note on tides."


async def test_writes_a_note_async() -> None:
    assert await write_async.ainvoke("tides") == "A note on tides."
