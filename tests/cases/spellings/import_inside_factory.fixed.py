# expect: TCF001
# The decorator is imported inside the factory function that uses it.
from app.llm import get_llm
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


def build_tools(model_name: str):
    from langchain_core.tools import tool

    llm = get_llm(model_name)

    @tool
    async def summarize(
        text: str, config: RunnableConfig, callbacks: Callbacks = None
    ) -> str:
        """Summarize a text in three sentences."""
        reply = await llm.ainvoke(
            f"Summarize in three sentences: {text}",
            config=patch_config(config, callbacks=callbacks),
        )
        return reply.content

    return [summarize]
