# expect: nothing
# A config whose callbacks are the run's child forwards and nests, however it is built:
# RunnableConfig(callbacks=...), dict(callbacks=...), or a name assigned the child first.
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import BaseTool

from app.chains import answer_chain, search_chain


class AnswerTool(BaseTool):
    name: str = "answer"
    description: str = "Answer a question from the knowledge base."

    def _run(self, question: str) -> str:
        raise NotImplementedError

    async def _arun(
        self, question: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        hits = await search_chain.ainvoke(
            question, config=RunnableConfig(callbacks=run_manager.get_child())
        )
        child = run_manager.get_child() if run_manager else None
        draft = await answer_chain.ainvoke({"question": question, "hits": hits}, dict(callbacks=child))
        return await answer_chain.ainvoke({"draft": draft}, config={"callbacks": child})
