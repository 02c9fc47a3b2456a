# expect: nothing
# config={"callbacks": run_manager.get_child()} forwards the run's callbacks.
from typing import Optional

from langchain_core.callbacks import AsyncCallbackManagerForToolRun
from langchain_core.tools import BaseTool

from app.chains import answer_chain


class AnswerTool(BaseTool):
    name: str = "answer"
    description: str = "Answer a question from the knowledge base."

    def _run(self, question: str) -> str:
        raise NotImplementedError

    async def _arun(
        self, question: str, run_manager: Optional[AsyncCallbackManagerForToolRun] = None
    ) -> str:
        return await answer_chain.ainvoke(
            {"question": question}, config={"callbacks": run_manager.get_child()}
        )
