# expect: TCF042
# The model node of LangGraph's own agents: RunnableCallable(call_model, acall_model). Async
# runs call acall_model only, and sync runs keep the config, so call_model's drop loses
# nothing; acall_model's does.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.utils.runnable import RunnableCallable

from app.llm import model
from app.tools import TOOLS

model_runnable = model.bind_tools(TOOLS)


def call_model(state: MessagesState, config: RunnableConfig) -> dict:
    response = model_runnable.invoke(state["messages"])
    return {"messages": [response]}


async def acall_model(state: MessagesState, config: RunnableConfig) -> dict:
    response = await model_runnable.ainvoke(state["messages"], config=config)
    return {"messages": [response]}


workflow = StateGraph(MessagesState)
workflow.add_node("agent", RunnableCallable(call_model, acall_model))
workflow.add_edge(START, "agent")
workflow.add_edge("agent", END)
graph = workflow.compile()
