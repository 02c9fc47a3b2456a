# expect: nothing
# add_node on another library's graph, in a module that does not import LangGraph.
from langchain_core.prompts import ChatPromptTemplate

from app.llm import llm
from app.workflow import Workflow

prompt = ChatPromptTemplate.from_template("Summarise: {text}")


async def summarize(payload: dict) -> dict:
    summary = await (prompt | llm).ainvoke({"text": payload["text"]})
    return {"summary": summary.content}


flow = Workflow()
flow.add_node("summarize", summarize)
flow.add_node(summarize)
