# expect: TCF011
# Tool(name, func, description, coroutine=fn).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import Tool

from app.llm import llm


def translate(text: str) -> str:
    return llm.invoke(f"Translate to French: {text}").content


async def atranslate(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    reply = await llm.ainvoke(
        f"Translate to French: {text}", config=patch_config(config, callbacks=callbacks)
    )
    return reply.content


translate_tool = Tool("translate", translate, "Translate English text to French.", coroutine=atranslate)
