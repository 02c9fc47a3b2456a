# expect: nothing
# Top-level code and main() have no parent config to forward.
import asyncio

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig, callbacks: Callbacks = None) -> str:
    """Answer a question."""
    reply = await llm.ainvoke(question, config=patch_config(config, callbacks=callbacks))
    return reply.content


graph = create_react_agent(llm, [ask])


async def main() -> None:
    result = await graph.ainvoke({"messages": [("user", "What is LangGraph?")]})
    print(result["messages"][-1].content)
    async for chunk in graph.astream({"messages": [("user", "And LangChain?")]}):
        print(chunk)


if __name__ == "__main__":
    asyncio.run(main())
