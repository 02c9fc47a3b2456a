# expect: TCF003 TCF003
# In a tool, config["callbacks"] are the callbacks the tool was called with: a receiver bound
# to them files its run beside the tool's, as config=config does. The fix binds it to the
# tool run's own callbacks instead.
from langchain_core.runnables import RunnableConfig
from langchain_core.tools import tool

from app.llm import llm


@tool
async def ask(question: str, config: RunnableConfig) -> str:
    """Answer a question."""
    model = llm.with_config(callbacks=config.get("callbacks"))
    draft = await model.ainvoke(question)
    return (await llm.with_config(callbacks=config["callbacks"]).ainvoke(draft.content)).content
