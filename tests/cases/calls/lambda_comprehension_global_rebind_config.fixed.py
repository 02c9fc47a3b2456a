# expect: TCF002 TCF002 TCF002 TCF002
# A comprehension target, a lambda parameter or a `global` named `config`: there,
# `config=config` would pass something else, so those findings have no fix.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

from app.models import llm

config = {"temperature": 0}


@tool
async def answer_all(
    questions: list, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer several questions."""
    answers = [await llm.ainvoke(q) for q, config in questions]
    pick = lambda config: llm.invoke(questions[0])  # noqa: E731

    def cold() -> str:
        global config
        return llm.invoke(questions[0])

    return str(answers) + pick(None).content + cold() + (await llm.ainvoke("done", config=patch_config(config, callbacks=callbacks))).content
