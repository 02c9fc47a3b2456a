# expect: TCF041 TCF011
# An async node that builds a sub-agent with a tool made of nested twins. The sync lookup
# and the async alookup are the tool's: the node owns only the sub-agent call, and
# alookup, a tool coroutine, is judged as one.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import StructuredTool
from langgraph.graph import MessagesState, StateGraph
from langgraph.prebuilt import create_react_agent

from app.llm import model
from app.retrieval import retriever


async def research(state: MessagesState, config: RunnableConfig) -> dict:
    def lookup(query: str) -> str:
        return retriever.invoke(query)[0].page_content

    async def alookup(
        query: str, config: RunnableConfig, callbacks: Callbacks = None
    ) -> str:
        docs = await retriever.ainvoke(
            query, config=patch_config(config, callbacks=callbacks)
        )
        return docs[0].page_content

    lookup_tool = StructuredTool.from_function(
        func=lookup,
        coroutine=alookup,
        name="lookup",
        description="Look a question up in the documentation.",
    )
    agent = create_react_agent(model, [lookup_tool])
    result = await agent.ainvoke({"messages": state["messages"]}, config=config)
    return {"messages": result["messages"][-1:]}


builder = StateGraph(MessagesState)
builder.add_node("research", research)
