# expect: TCF041
# A node that makes tools of nested functions in three ways: Tool(func=...), @tool and
# tool(fn). Each tool owns the model call in its body; the node owns its three tool calls.
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import Tool, tool
from langgraph.graph import MessagesState, StateGraph

from app.llm import model


def edit(state: MessagesState, config: RunnableConfig) -> dict:
    def polish(text: str) -> str:
        return model.invoke(f"Polish this answer: {text}").content

    @tool
    def shorten(text: str) -> str:
        """Shorten a draft answer."""
        return model.invoke(f"Shorten this answer: {text}").content

    def headline(text: str) -> str:
        """Write a headline for an answer."""
        return model.invoke(f"Write a headline for: {text}").content

    polish_tool = Tool(name="polish", func=polish, description="Polish a draft answer.")
    headline_tool = tool(headline)
    draft = polish_tool.invoke(state["messages"][-1].content, config=config)
    draft = shorten.invoke({"text": draft}, config=config)
    title = headline_tool.invoke({"text": draft}, config=config)
    return {"messages": [AIMessage(f"{title}\n\n{draft}")]}


builder = StateGraph(MessagesState)
builder.add_node("edit", edit)
