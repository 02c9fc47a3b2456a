# expect: nothing
# A receiver bound to the node's callbacks (.with_config(callbacks=config.get("callbacks")),
# config["callbacks"], with a default) and run without a config still passes the node's
# callback manager on: the events arrive, under the node's run. So does a config whose
# callbacks are the node's.
from langchain_core.runnables import RunnableConfig
from langgraph.graph import MessagesState, StateGraph

from app.llm import llm


async def agent(state: MessagesState, config: RunnableConfig) -> dict:
    model = llm.with_config(callbacks=config.get("callbacks"))
    chunks = [chunk async for chunk in model.astream(state["messages"])]
    checked = await llm.with_config(callbacks=config["callbacks"]).ainvoke(state["messages"])
    titled = await llm.with_config(callbacks=config.get("callbacks", [])).ainvoke("Title?")
    summary = await llm.ainvoke("Summarise.", config={"callbacks": config["callbacks"]})
    return {"messages": [*chunks, checked, titled, summary]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
