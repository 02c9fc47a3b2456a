# expect: nothing
# A sub-agent behind a project class: `invoke_messages` runs the compiled graph. The fix
# gives it a defaulted `config` and forwards it; the findings are at the nodes' calls.
from typing import Optional

from langchain_core.runnables import RunnableConfig
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent


class VizAgent:
    def __init__(self, llm):
        self._compiled_graph = create_react_agent(llm, tools=[])

    def invoke_messages(self, msgs, config: Optional[RunnableConfig] = None):
        result = self._compiled_graph.invoke({"messages": msgs}, config=config)
        return result["messages"][-1]


llm = ChatOpenAI(model="gpt-4o-mini")
viz_agent = VizAgent(llm)
