# expect: TCF041
# A node that makes a tool of a nested function and calls it. The tool owns the model call
# in polish's body: only the tool call is the node's, and the fix forwards the node's
# config to the tool call, not into polish (which would file the model run beside the
# tool's run instead of under it).
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import StructuredTool
from langgraph.graph import END, START, MessagesState, StateGraph

from app.llm import model


def review(state: MessagesState, config: RunnableConfig) -> dict:
    def polish(text: str) -> str:
        """Polish a draft answer."""
        return model.invoke(f"Polish this answer: {text}").content

    polish_tool = StructuredTool.from_function(polish)
    polished = polish_tool.invoke(
        {"text": state["messages"][-1].content}, config=config
    )
    return {"messages": [AIMessage(polished)]}


builder = StateGraph(MessagesState)
builder.add_node(review)
builder.add_edge(START, "review")
builder.add_edge("review", END)
graph = builder.compile()
