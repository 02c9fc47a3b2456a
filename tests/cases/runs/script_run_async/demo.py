# expect: TCF041
# The same script run with astream: a sync node loses the config on Python 3.9 and 3.10.
from langgraph.graph import START, MessagesState, StateGraph
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")


def chatbot(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("chatbot", chatbot)
builder.add_edge(START, "chatbot")
graph = builder.compile()


async def main() -> None:
    async for chunk, _ in graph.astream({"messages": [("user", "Hi")]}, stream_mode="messages"):
        print(chunk.content, end="")
