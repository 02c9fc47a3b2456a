# expect: TCF041
# A node hides its tokens with .with_config({"tags": ["nostream"]}): kept, and config=config added.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm

silent_llm = llm.with_config({"tags": ["nostream"]})


async def plan(state: MessagesState, config: RunnableConfig) -> dict:
    draft = await silent_llm.ainvoke(state["messages"], config=config)
    title = await llm.with_config({"tags": ["nostream"]}).ainvoke(f"Title for: {draft.content}", config=config)
    return {"messages": [draft], "title": title.content}


builder = StateGraph(MessagesState)
builder.add_node("plan", plan)
