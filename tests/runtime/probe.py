"""Run example files under a fake chat model and report what the caller saw.

Usage: ``python probe.py JOBS.json RESULTS.json``

This script runs in the interpreter of the environment being measured (a venv
with some langchain-core / langgraph versions), not in the one running pytest,
so it imports nothing from toolcfg or the tests and keeps to Python 3.9 syntax
(no ``X | Y`` types, no ``match``).

``JOBS.json`` holds a list of jobs; each names an example file and how to run
it::

    {"id": "construct_chain/naive", "path": "/tmp/.../construct_chain.py",
     "kind": "runnable", "attr": "answer_chain", "input": "What is LangChain?",
     "install": "model", "replies": 1}

``kind`` is ``tool``, ``runnable`` (a RunnableLambda or ``@chain``) or
``graph`` (a compiled LangGraph graph or an ``@entrypoint``). ``install`` is
``model`` (set ``module.model``) or ``build_graph`` (set
``module.graph = module.build_graph(model)``). A fresh
``GenericFakeChatModel`` answering ``replies`` times "hello world" is
installed before every run.

``RESULTS.json`` gets the environment's versions and one result per job id:
the reply of a plain ``ainvoke``, the names of the
``astream_events(version="v2")`` events, for graphs the message chunks and
whole messages of ``astream(stream_mode="messages")`` per node, for tools the
properties of their schemas, and the traceback of anything that raised.
"""

import asyncio
import importlib.util
import json
import platform
import sys
import traceback
import uuid
from typing import Any, Dict, List

REPLY = "hello world"


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version
    except ImportError:  # pragma: no cover - Python < 3.8
        return "?"
    try:
        return version(dist)
    except Exception:
        return "?"


def import_from_path(path: str) -> Any:
    name = "toolcfg_probe_%s" % uuid.uuid4().hex
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def install_fake_model(module: Any, job: Dict[str, Any]) -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    replies = [AIMessage(content=REPLY) for _ in range(job.get("replies", 1))]
    model = GenericFakeChatModel(messages=iter(replies))
    if job["install"] == "model":
        module.model = model
    elif job["install"] == "build_graph":
        module.graph = module.build_graph(model)
    else:
        raise ValueError("unknown install %r" % job["install"])


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


def tool_schemas(tool: Any) -> Dict[str, Any]:
    from langchain_core.utils.function_calling import convert_to_openai_tool

    result: Dict[str, Any] = {}
    probes = [
        ("args", lambda: sorted(tool.args)),
        ("tool_call_schema", lambda: schema_properties(tool.tool_call_schema)),
        ("args_schema", lambda: schema_properties(tool.args_schema)),
        ("input_schema", lambda: schema_properties(tool.get_input_schema())),
        (
            "openai",
            lambda: sorted(
                convert_to_openai_tool(tool)["function"]["parameters"].get(
                    "properties", {}
                )
            ),
        ),
    ]
    for key, probe in probes:
        try:
            result[key] = probe()
        except Exception:
            result[key] = "error: " + traceback.format_exc(limit=3)
    return result


async def collect_events(runnable: Any, value: Any) -> List[str]:
    return [event["event"] async for event in runnable.astream_events(value, version="v2")]


async def collect_messages(graph: Any, value: Any) -> Dict[str, Dict[str, int]]:
    """Count ``stream_mode="messages"`` items per node, chunks and whole messages apart.

    Chunks (``AIMessageChunk``) are streamed by the chat model itself, and only
    arrive when the node forwards its config. A whole message is one LangGraph
    takes from the node's return value, which it emits whether or not config
    was forwarded, so it does not show that the model's run was seen.
    """
    from langchain_core.messages import BaseMessageChunk

    chunks: Dict[str, int] = {}
    whole: Dict[str, int] = {}
    async for message, metadata in graph.astream(value, stream_mode="messages"):
        node = metadata.get("langgraph_node", "?")
        counts = chunks if isinstance(message, BaseMessageChunk) else whole
        counts[node] = counts.get(node, 0) + 1
    return {"chunks": chunks, "whole": whole}


def run_job(job: Dict[str, Any]) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    step = "import"
    try:
        module = import_from_path(job["path"])

        step = "ainvoke"
        install_fake_model(module, job)
        target = getattr(module, job["attr"])
        result["reply"] = reply_text(asyncio.run(target.ainvoke(job["input"])))

        step = "astream_events"
        install_fake_model(module, job)
        target = getattr(module, job["attr"])
        result["events"] = asyncio.run(collect_events(target, job["input"]))

        if job["kind"] == "graph":
            step = "astream messages"
            install_fake_model(module, job)
            target = getattr(module, job["attr"])
            messages = asyncio.run(collect_messages(target, job["input"]))
            result["message_chunks"] = messages["chunks"]
            result["whole_messages"] = messages["whole"]
        if job["kind"] == "tool":
            step = "schemas"
            result["schemas"] = tool_schemas(target)
    except Exception:
        result["error"] = "%s: %s" % (step, traceback.format_exc())
    return result


def main(argv: List[str]) -> int:
    jobs_path, results_path = argv[1], argv[2]
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results: Dict[str, Any] = {
        "python": platform.python_version(),
        "langchain_core": _version("langchain-core"),
        "langgraph": _version("langgraph"),
        "jobs": {},
    }
    for job in jobs:
        results["jobs"][job["id"]] = run_job(job)
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
