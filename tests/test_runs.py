"""How a graph, chain or agent is run, judged in the scope that builds it
(``toolcfg.index.runs``): the shapes of the real projects' samples and tests.

A registration's value is followed through the names it is bound to and what derives from
it; SYNC only when every run in reach is sync and the value never leaves the scope.
"""

from __future__ import annotations

import ast
import textwrap
from typing import Union

import pytest

from toolcfg.index.runs import Names, Run, RunMode, how_run


def judge(source: str, marker: str = "MARK") -> Run:
    """How the value marked ``MARK(...)`` (or the receiver ``MARK`` of a method call) is
    run, in the innermost function holding it, else the module."""
    tree = ast.parse(textwrap.dedent(source))
    names = Names(tree)
    parents = names.parents
    start: Union[ast.expr, str, None] = None
    scope: ast.AST = tree
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == marker
        ):
            start = node
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "add_node"
            and isinstance(node.func.value, ast.Name)
        ):
            start = node.func.value.id
            where = node
    assert start is not None
    anchor = start if isinstance(start, ast.AST) else where
    current = anchor
    while current in parents:
        current = parents[current]
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = current
            break
    return how_run(scope, start, names)  # type: ignore[arg-type]


SYNC_TEST = """
def test_agent():
    builder = StateGraph(State)
    builder.add_node("agent", call_model)
    builder.add_edge(START, "agent")
    app = builder.compile(checkpointer=MemorySaver())
    result = app.invoke({"messages": [("user", "hi")]}, {"configurable": {"thread_id": "1"}})
    for chunk in app.stream({"messages": []}, stream_mode="messages"):
        print(chunk)
    display(Image(app.get_graph().draw_mermaid_png()))
    assert result["messages"]
"""


def test_a_graph_built_and_run_sync_in_one_test_is_sync() -> None:
    assert judge(SYNC_TEST) == Run(RunMode.SYNC, ran=True)


def test_the_same_graph_run_with_astream_is_async() -> None:
    source = SYNC_TEST.replace("def test_agent", "async def test_agent").replace(
        "for chunk in app.stream(", "async for chunk in app.astream("
    )
    assert judge(source).mode is RunMode.ASYNC


@pytest.mark.parametrize(
    "escape",
    [
        "return app",
        "return builder.compile()",
        "self.graph = app",
        "GRAPHS['x'] = app",
        "serve(app)",
        "supervisor = create_supervisor([app], model=model)",
        "agents = [app]",
        "yield app",
        "run = app",  # bound again, then handed on below
    ],
)
def test_a_graph_that_leaves_its_scope_escapes(escape: str) -> None:
    extra = "\n    serve(run)" if escape.startswith("run =") else ""
    source = SYNC_TEST.replace("    assert result", f"    {escape}{extra}\n    assert result")
    assert judge(source).mode is RunMode.ESCAPES


def test_a_graph_kept_on_self_escapes() -> None:
    source = """
    class Trading:
        def __init__(self):
            workflow = StateGraph(State)
            workflow.add_node("bull", bull_researcher)
            self.graph = workflow.compile()
    """
    assert judge(source).mode is RunMode.ESCAPES


def test_a_module_level_graph_names_its_global() -> None:
    source = """
    builder = StateGraph(State)
    builder.add_node("agent", call_model)
    graph = builder.compile()

    if __name__ == "__main__":
        print(graph.invoke({"messages": []}))
    """
    assert judge(source) == Run(RunMode.SYNC, ("builder", "graph"), ran=True)


def test_a_module_level_graph_that_its_module_never_runs_is_for_others() -> None:
    source = """
    builder = StateGraph(State)
    builder.add_node("agent", call_model)
    graph = builder.compile()
    """
    assert judge(source) == Run(RunMode.SYNC, ("builder", "graph"), ran=False)


def test_a_module_level_graph_run_async_in_a_function_of_its_module() -> None:
    source = """
    builder = StateGraph(State)
    builder.add_node("agent", call_model)
    graph = builder.compile()

    async def main():
        async for event in graph.astream_events({"messages": []}, version="v2"):
            print(event)
    """
    assert judge(source).mode is RunMode.ASYNC


def test_a_local_of_the_same_name_in_another_function_is_not_the_global() -> None:
    source = """
    builder = StateGraph(State)
    builder.add_node("agent", call_model)
    graph = builder.compile()
    graph.invoke({})

    async def other():
        graph = make_other_graph()
        await graph.ainvoke({})
    """
    assert judge(source) == Run(RunMode.SYNC, ("builder", "graph"), ran=True)


def test_a_sync_run_handed_to_a_thread_is_sync() -> None:
    source = """
    async def research(question):
        builder = StateGraph(State)
        builder.add_node("search", search)
        app = builder.compile()
        return await asyncio.to_thread(app.invoke, {"q": question})
    """
    # The value returned is the run's result, not the graph: the graph stays here.
    assert judge(source).mode is RunMode.SYNC


def test_a_lambda_piped_into_a_chain_run_sync() -> None:
    source = """
    def answer(question):
        chain = prompt | MARK(format_docs) | llm | StrOutputParser()
        return chain.invoke({"question": question})
    """
    assert judge(source).mode is RunMode.SYNC


def test_a_lambda_piped_into_a_chain_run_with_ainvoke() -> None:
    source = """
    async def answer(question):
        chain = (prompt | MARK(format_docs)).with_config(run_name="x") | llm
        return await chain.ainvoke({"question": question})
    """
    assert judge(source).mode is RunMode.ASYNC


def test_an_agent_run_sync_in_a_test() -> None:
    source = """
    def test_caching():
        agent = MARK(model, tools=[add], middleware=[PromptCaching()])
        agent.invoke({"messages": [HumanMessage("hi")]})
    """
    assert judge(source).mode is RunMode.SYNC


def test_an_agent_handed_to_a_supervisor_escapes() -> None:
    source = """
    def build():
        research = MARK(model, tools=[search], name="research")
        app = create_supervisor([research], model=model).compile()
        app.invoke({})
    """
    assert judge(source).mode is RunMode.ESCAPES


def test_a_graph_used_by_a_nested_async_handler_is_async() -> None:
    source = """
    def serve():
        builder = StateGraph(State)
        builder.add_node("agent", call_model)
        app = builder.compile()

        @router.post("/chat")
        async def chat(body):
            return await app.ainvoke(body)
    """
    assert judge(source).mode is RunMode.ASYNC


def test_a_graph_built_but_never_run_is_sync() -> None:
    source = """
    def test_structure():
        builder = StateGraph(State)
        builder.add_node("agent", call_model)
        assert "agent" in builder.compile().get_graph().nodes
    """
    assert judge(source).mode is RunMode.SYNC
