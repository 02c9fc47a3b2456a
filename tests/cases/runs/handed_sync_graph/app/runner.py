# expect: nothing
# Nodes handed to the project function that registers them: a graph that function builds
# and runs with .invoke keeps the config in the context of its sync run, so the sync node
# it is given loses nothing; the one run with .ainvoke loses the config on 3.9 and 3.10.
from langgraph.graph import START, MessagesState, StateGraph


def answer(node_functions, question):
    builder = StateGraph(MessagesState)
    for name, node in node_functions.items():
        builder.add_node(name, node)
    builder.add_edge(START, "agent")
    return builder.compile().invoke({"messages": [("user", question)]})


async def answer_async(node_functions, question):
    builder = StateGraph(MessagesState)
    for name, node in node_functions.items():
        builder.add_node(name, node)
    builder.add_edge(START, "agent")
    return await builder.compile().ainvoke({"messages": [("user", question)]})
