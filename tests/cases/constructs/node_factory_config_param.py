# expect: TCF041
# The factory's own `config` (app settings) is read inside the node closure: a new `config`
# parameter would shadow it, so the finding has no fix.
from langchain.chat_models import init_chat_model
from langgraph.graph import MessagesState, StateGraph

from app.settings import AppConfig


def build_graph(config: AppConfig):
    async def agent(state: MessagesState) -> dict:
        model = init_chat_model(config.model_name, temperature=config.temperature)
        return {"messages": [await model.ainvoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    builder.set_entry_point("agent")
    return builder.compile()
