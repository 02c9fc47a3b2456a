"""Run example files under a fake chat model and report what the caller saw.

Usage: ``python probe.py JOBS.json RESULTS.json``

This script runs in the interpreter of the environment being measured (a venv
with some langchain-core / langgraph versions), not in the one running pytest,
so it imports nothing from toolcfg or the tests and keeps to Python 3.9 syntax
(``X | Y`` types only in postponed annotations, no ``match``).

``JOBS.json`` holds a list of jobs; each names an example and how to run it::

    {"id": "construct_chain/naive", "path": "/tmp/.../construct_chain.py",
     "kind": "runnable", "attr": "answer_chain", "input": "What is LangChain?",
     "install": "model", "replies": 1}

- ``path`` is a module file or a package directory. Either is imported under a
  fresh name, so several copies of one example (naive, fixed) can run in one
  process, and a package's relative imports work.
- ``attr`` is the dotted name of what to run, from the module or package:
  ``"answer_chain"``, or ``"graph.graph"`` for the attribute ``graph`` of the
  package's submodule ``graph``.
- ``kind`` is ``tool``, ``runnable`` (a RunnableLambda or ``@chain``),
  ``graph`` (a compiled LangGraph graph, an ``@entrypoint`` or an agent) or
  ``function`` (a plain function, run by the ``call`` mode below).
- ``install`` is ``model``: set the dotted ``model_attr`` (default ``model``) to
  the fake model; or ``build``: set ``attr`` to ``builder(model)`` (``builder``
  defaults to ``build_graph``). A fresh ``GenericFakeChatModel`` answering
  ``replies`` times "hello world" is installed before every run.
- ``config`` (optional) is passed to the plain ``ainvoke``, so that a callable
  can report what it received.
- ``wrappers`` (tools only, optional): also run the tool inside a
  ``RunnableLambda`` that forwards its config to it (``"runnable"``), and as
  the only tool of a LangGraph ``ToolNode`` in a one-node graph
  (``"toolnode"``), the two ways a tool is run for real.
- ``modes`` (optional) replaces those runs with the named ones, each recorded
  apart, with its own error, so that one run method can crash while another
  works: ``ainvoke``, ``astream_events`` and ``astream`` (messages) as above,
  ``invoke`` and ``stream`` (sync, messages), and ``call``: call ``attr``, a
  plain function that builds and runs its own graph, with ``input``. A sync
  run has no event stream, so its runs are recorded by a callback handler that
  a configure hook adds to every run of the context (as LangSmith's tracer is
  added), in the shape of the ``astream_events`` starts; a model run that lost
  the config is recorded as a root.

``RESULTS.json`` gets the environment's versions and one result per job id:
the reply of a plain ``ainvoke``; the names of the
``astream_events(version="v2")`` events; every ``on_*_start`` event of that
stream with its ``run_id``, ``parent_ids`` and ``langgraph_node`` metadata (to
tell under which run the chat model's run was filed); for graphs the message
chunks and whole messages of ``astream(stream_mode="messages")`` per node; for
tools the properties of their schemas, and per wrapper the reply, event names
and starts; and the traceback of anything that raised. A job with ``modes`` has
``modes``: per mode, its ``reply``, ``output``, ``events``, ``starts``,
``chunks`` and ``whole`` (as they apply), or its ``error``.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import os
import platform
import sys
import traceback
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

REPLY = "hello world"


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version
    except ImportError:  # pragma: no cover - Python < 3.8
        return "?"
    try:
        return version(dist)
    except Exception:  # not installed, or unreadable metadata
        return "?"


def import_from_path(path: str) -> Any:
    """Import a module file, or a package directory, under a fresh unique name."""
    name = f"toolcfg_probe_{uuid.uuid4().hex}"
    if os.path.isdir(path):
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(path, "__init__.py"), submodule_search_locations=[path]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def resolve(module: Any, dotted: str) -> Any:
    """The object at ``dotted`` from ``module``, importing a package's submodules on the way."""
    obj = module
    for part in dotted.split("."):
        if not hasattr(obj, part) and hasattr(obj, "__path__"):
            importlib.import_module(f"{obj.__name__}.{part}")
        obj = getattr(obj, part)
    return obj


def assign(module: Any, dotted: str, value: Any) -> None:
    owner, _, name = dotted.rpartition(".")
    setattr(resolve(module, owner) if owner else module, name, value)


def install_fake_model(module: Any, job: dict[str, Any]) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    replies = [AIMessage(content=REPLY) for _ in range(job.get("replies", 1))]
    model = GenericFakeChatModel(messages=iter(replies))
    if job["install"] == "model":
        assign(module, job.get("model_attr", "model"), model)
    elif job["install"] == "build":
        assign(module, job["attr"], resolve(module, job.get("builder", "build_graph"))(model))
    else:
        raise ValueError(f"unknown install {job['install']!r}")


def reply_text(output: Any) -> Any:
    """The text of what an outer call returned: a str, a message or a state."""
    if isinstance(output, dict) and "messages" in output:
        output = output["messages"][-1]
    content = getattr(output, "content", output)
    return content if isinstance(content, str) else repr(content)


def schema_properties(schema: Any) -> Any:
    if schema is None:
        return None
    if isinstance(schema, dict):
        return sorted(schema.get("properties", {}))
    if hasattr(schema, "model_json_schema"):
        return sorted(schema.model_json_schema().get("properties", {}))
    return sorted(schema.schema().get("properties", {}))  # pydantic v1 model


def tool_schemas(tool: Any) -> dict[str, Any]:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    result: dict[str, Any] = {}
    probes = [
        ("args", lambda: sorted(tool.args)),
        ("tool_call_schema", lambda: schema_properties(tool.tool_call_schema)),
        ("args_schema", lambda: schema_properties(tool.args_schema)),
        ("input_schema", lambda: schema_properties(tool.get_input_schema())),
        (
            "openai",
            lambda: sorted(
                convert_to_openai_tool(tool)["function"]["parameters"].get("properties", {})
            ),
        ),
    ]
    for key, probe in probes:
        try:
            result[key] = probe()
        except Exception:  # reported in the results
            result[key] = "error: " + traceback.format_exc(limit=3)
    return result


def start(
    event: str, name: Any, run_id: Any, parent_ids: list[Any], metadata: Any
) -> dict[str, Any]:
    """What places a run in the trace: its ``run_id``, its ``parent_ids`` (root
    first) and the ``langgraph_node`` it runs in, if any."""
    return {
        "event": event,
        "name": name,
        "run_id": str(run_id),
        "parent_ids": [str(p) for p in parent_ids],
        "node": (metadata or {}).get("langgraph_node"),
    }


async def collect_events(runnable: Any, value: Any) -> dict[str, Any]:
    """The ``astream_events`` of one run: event names, starts, and the root run's output."""
    names: list[str] = []
    starts: list[dict[str, Any]] = []
    output: Any = None
    async for event in runnable.astream_events(value, version="v2"):
        names.append(event["event"])
        if event["event"].endswith("_start"):
            starts.append(
                start(
                    event["event"],
                    event["name"],
                    event["run_id"],
                    event.get("parent_ids", []),
                    event.get("metadata"),
                )
            )
        elif event["event"].endswith("_end") and not event.get("parent_ids"):
            output = event.get("data", {}).get("output")
    return {"events": names, "starts": starts, "reply": reply_text(output)}


def count_messages(items: Any) -> dict[str, dict[str, int]]:
    """Count ``stream_mode="messages"`` items per node, chunks and whole messages apart.

    Chunks (``AIMessageChunk``) are streamed by the chat model itself, and only
    arrive when the node forwards its config. A whole message is one LangGraph
    takes from the node's return value, which it emits whether or not config
    was forwarded, so it does not show that the model's run was seen.
    """
    from langchain_core.messages import BaseMessageChunk

    chunks: dict[str, int] = {}
    whole: dict[str, int] = {}
    for message, metadata in items:
        node = metadata.get("langgraph_node", "?")
        counts = chunks if isinstance(message, BaseMessageChunk) else whole
        counts[node] = counts.get(node, 0) + 1
    return {"chunks": chunks, "whole": whole}


async def collect_messages(graph: Any, value: Any) -> dict[str, dict[str, int]]:
    return count_messages([item async for item in graph.astream(value, stream_mode="messages")])


# --------------------------------------------------------------------------
# Sync runs: recorded by a callback handler in the context
# --------------------------------------------------------------------------

_RECORDER: ContextVar[Any] = ContextVar("toolcfg_probe_recorder", default=None)
_HOOKED: list[bool] = []


def recorder_class() -> Any:
    """A callback handler that records every run's start, as ``collect_events`` does."""
    from langchain_core.callbacks import BaseCallbackHandler

    class Recorder(BaseCallbackHandler):
        def __init__(self) -> None:
            self.starts: list[dict[str, Any]] = []
            self.parents: dict[str, Any] = {}

        def record(self, event: str, serialized: Any, run_id: Any, kw: dict[str, Any]) -> None:
            parent = kw.get("parent_run_id")
            self.parents[str(run_id)] = str(parent) if parent else None
            parent_ids: list[str] = []
            while parent is not None:
                parent_ids.insert(0, str(parent))
                parent = self.parents.get(str(parent))
            name = kw.get("name") or (serialized or {}).get("name")
            self.starts.append(start(event, name, run_id, parent_ids, kw.get("metadata")))

        def on_chain_start(self, serialized: Any, inputs: Any, *, run_id: Any, **kw: Any) -> None:
            self.record("on_chain_start", serialized, run_id, kw)

        def on_chat_model_start(
            self, serialized: Any, messages: Any, *, run_id: Any, **kw: Any
        ) -> None:
            self.record("on_chat_model_start", serialized, run_id, kw)

        def on_tool_start(self, serialized: Any, input_str: Any, *, run_id: Any, **kw: Any) -> None:
            self.record("on_tool_start", serialized, run_id, kw)

    return Recorder


@contextmanager
def recording() -> Iterator[Any]:
    """A recorder that every run started in this context reports to, and its children."""
    from langchain_core.tracers.context import register_configure_hook

    if not _HOOKED:
        register_configure_hook(_RECORDER, True)  # inheritable: child runs keep it
        _HOOKED.append(True)
    recorder = recorder_class()()
    token = _RECORDER.set(recorder)
    try:
        yield recorder
    finally:
        _RECORDER.reset(token)


def output_of(value: Any) -> Any:
    """What a called function gave: the pieces it yielded, or the text it returned."""
    if hasattr(value, "__next__"):
        return [reply_text(piece) for piece in value]
    return reply_text(value)


def run_mode(mode: str, target: Any, job: dict[str, Any]) -> dict[str, Any]:
    """One run of ``target`` by ``mode`` (see the module's docstring)."""
    value, config = job["input"], job.get("config")
    if mode == "ainvoke":
        return {"reply": reply_text(asyncio.run(target.ainvoke(value, config=config)))}
    if mode == "astream_events":
        return asyncio.run(collect_events(target, value))
    if mode == "astream":
        return asyncio.run(collect_messages(target, value))
    with recording() as recorder:
        if mode == "invoke":
            outcome: dict[str, Any] = {"reply": reply_text(target.invoke(value, config=config))}
        elif mode == "stream":
            outcome = count_messages(target.stream(value, config=config, stream_mode="messages"))
        elif mode == "call":
            outcome = {"output": output_of(target(value))}
        else:
            raise ValueError(f"unknown mode {mode!r}")
    outcome["starts"] = recorder.starts
    return outcome


def wrap_tool(tool: Any, wrapper: str, value: dict[str, Any]) -> tuple[Any, Any]:
    """A runnable that runs ``tool`` as ``wrapper`` says, and the input to give it."""
    if wrapper == "runnable":
        from langchain_core.runnables import RunnableLambda

        async def outer(value: Any, config: Any) -> Any:
            return await tool.ainvoke(value, config=config)

        return RunnableLambda(outer, name="outer"), value
    if wrapper == "toolnode":
        from langchain_core.messages import AIMessage
        from langgraph.graph import END, START, MessagesState, StateGraph
        from langgraph.prebuilt import ToolNode

        builder = StateGraph(MessagesState)
        builder.add_node("tools", ToolNode([tool]))
        builder.add_edge(START, "tools")
        builder.add_edge("tools", END)
        call = {"name": tool.name, "args": value, "id": "probe-call", "type": "tool_call"}
        return builder.compile(), {"messages": [AIMessage(content="", tool_calls=[call])]}
    raise ValueError(f"unknown wrapper {wrapper!r}")


def run_modes(job: dict[str, Any]) -> dict[str, Any]:
    """Each of the job's ``modes``, with a fresh fake model, its error kept apart."""
    modes: dict[str, Any] = {}
    try:
        module = import_from_path(job["path"])
    except Exception:  # reported in the results
        return {"error": f"import: {traceback.format_exc()}"}
    for mode in job["modes"]:
        try:
            install_fake_model(module, job)
            modes[mode] = run_mode(mode, resolve(module, job["attr"]), job)
        except Exception as error:  # reported in the results: some runs crash
            modes[mode] = {
                "error": f"{type(error).__name__}: {error}",
                "traceback": traceback.format_exc(),
            }
    return {"modes": modes}


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    if job.get("modes"):
        return run_modes(job)
    result: dict[str, Any] = {}
    step = "import"
    try:
        module = import_from_path(job["path"])

        def fresh_target() -> Any:
            install_fake_model(module, job)
            return resolve(module, job["attr"])

        step = "ainvoke"
        target = fresh_target()
        config: dict[str, Any] | None = job.get("config")
        result["reply"] = reply_text(asyncio.run(target.ainvoke(job["input"], config=config)))

        step = "astream_events"
        events = asyncio.run(collect_events(fresh_target(), job["input"]))
        result["events"] = events["events"]
        result["starts"] = events["starts"]

        if job["kind"] == "graph":
            step = "astream messages"
            messages = asyncio.run(collect_messages(fresh_target(), job["input"]))
            result["message_chunks"] = messages["chunks"]
            result["whole_messages"] = messages["whole"]
        if job["kind"] == "tool":
            step = "schemas"
            result["schemas"] = tool_schemas(target)
            result["wrapped"] = {}
            for wrapper in job.get("wrappers", []):
                step = f"astream_events in {wrapper}"
                runnable, value = wrap_tool(fresh_target(), wrapper, job["input"])
                result["wrapped"][wrapper] = asyncio.run(collect_events(runnable, value))
    except Exception:  # reported in the results, with the step
        result["error"] = f"{step}: {traceback.format_exc()}"
    return result


def main(argv: list[str]) -> int:
    jobs_path, results_path = argv[1], argv[2]
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "langchain_core": _version("langchain-core"),
        "langgraph": _version("langgraph"),
        "langchain": _version("langchain"),
        "jobs": {},
    }
    for job in jobs:
        results["jobs"][job["id"]] = run_job(job)
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
