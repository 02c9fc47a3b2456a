# expect: nothing
# Script-level calls and main() run the graph; there is no parent config to forward.
import asyncio

from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def respond(state: MessagesState, config: RunnableConfig) -> dict:
    return {"messages": [await llm.ainvoke(state["messages"], config=config)]}


builder = StateGraph(MessagesState)
builder.add_node("respond", respond)
builder.set_entry_point("respond")
graph = builder.compile()

first = asyncio.run(graph.ainvoke({"messages": [("user", "Hello")]}))
print(graph.invoke({"messages": [("user", "Hi again")]}))


async def main() -> None:
    config = {"configurable": {"thread_id": "cli"}}
    result = await graph.ainvoke({"messages": [("user", "What is LangGraph?")]}, config)
    print(result["messages"][-1].content)
    async for event in graph.astream_events({"messages": [("user", "Stream it")]}, version="v2"):
        print(event["event"])


if __name__ == "__main__":
    asyncio.run(main())
