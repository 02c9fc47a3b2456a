# expect: TCF011
# Tool.from_function(..., coroutine=fn) from the langchain package, with no sync body.
from langchain.tools import Tool

from app.chains import sql_chain
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


async def run_sql_question(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    result = await sql_chain.ainvoke(
        {"question": question}, config=patch_config(config, callbacks=callbacks)
    )
    return result["answer"]


sql_tool = Tool.from_function(
    func=None,
    name="sql_question",
    description="Answer a question from the sales database.",
    coroutine=run_sql_question,
)
