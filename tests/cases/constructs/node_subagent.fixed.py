# expect: TCF041
# A supervisor node that runs a sub-agent.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph
from langgraph.prebuilt import create_react_agent

from app.llm import llm
from app.tools import fetch_page, web_search

researcher = create_react_agent(llm, [web_search, fetch_page])


async def research_node(state: MessagesState, config: RunnableConfig) -> dict:
    task = state["messages"][-1].content
    result = await researcher.ainvoke(
        {"messages": [{"role": "user", "content": task}]}, config=config
    )
    return {"messages": [result["messages"][-1]]}


workflow = StateGraph(MessagesState)
workflow.add_node("research", research_node)
workflow.set_entry_point("research")
app = workflow.compile()
