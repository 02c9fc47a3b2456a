# expect: TCF011
# Tool(name, func, description, coroutine=fn).
from langchain_core.tools import Tool

from app.llm import llm


def translate(text: str) -> str:
    return llm.invoke(f"Translate to French: {text}").content


async def atranslate(text: str) -> str:
    reply = await llm.ainvoke(f"Translate to French: {text}")
    return reply.content


translate_tool = Tool("translate", translate, "Translate English text to French.", coroutine=atranslate)
