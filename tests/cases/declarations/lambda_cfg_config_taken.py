# expect: TCF104
# RunnableLambda row "cfg gets nothing" when config is already a local name: reported without a fix.
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm
from app.settings import load_settings


async def rewrite(question: str, cfg: RunnableConfig) -> str:
    config = load_settings()
    reply = await llm.ainvoke(f"Rewrite in {config.style}: {question}", config=cfg)
    return reply.content


rewriter = RunnableLambda(rewrite)
