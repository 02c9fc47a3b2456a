# expect: nothing
from langgraph.graph import END, START, MessagesState, StateGraph

from agent.nodes import call_model, generate_query, grade_documents, rewrite_question

workflow = StateGraph(MessagesState)
workflow.add_node(generate_query)
workflow.add_node(rewrite_question)
workflow.add_node(call_model)
workflow.add_edge(START, "generate_query")
workflow.add_conditional_edges("generate_query", grade_documents)
workflow.add_edge("call_model", END)
workflow.add_edge("rewrite_question", "generate_query")
graph = workflow.compile()
