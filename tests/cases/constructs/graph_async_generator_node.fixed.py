# expect: TCF041
# An async-generator node: LangGraph runs it as a RunnableLambda, so it loses the config only
# with langchain-core < 1.4.8 (on Python < 3.11), whatever the langgraph release.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def stream_answer(state: MessagesState, config: RunnableConfig):
    async for chunk in llm.astream(state["messages"], config=config):
        yield {"messages": [chunk]}


builder = StateGraph(MessagesState)
builder.add_node("answer", stream_answer)
