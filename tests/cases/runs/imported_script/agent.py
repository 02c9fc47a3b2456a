# expect: TCF041
# A script another module imports: the server runs its graph async.
from langgraph.graph import START, MessagesState, StateGraph
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o-mini")


def chatbot(state: MessagesState) -> dict:
    return {"messages": [llm.invoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("chatbot", chatbot)
builder.add_edge(START, "chatbot")
graph = builder.compile()

if __name__ == "__main__":
    print(graph.invoke({"messages": [("user", "Tell me a joke")]})["messages"][-1].content)
