# expect: TCF003 TCF003 TCF002
# Tools forwarding a config a project helper builds from `runtime.config` or `config`: the
# callbacks arrive (no TCF002), but the inner run is filed beside the tool's run (TCF003),
# and the fix keeps what the helper set. A config built from nothing drops them (TCF002).
from langchain.tools import ToolRuntime, tool
from langchain_core.runnables import RunnableConfig

from research.configs import fresh_config, sub_config, with_source
from research.models import model, subagent


@tool
async def research(question: str, runtime: ToolRuntime) -> str:
    """Research a question with the sub-agent."""
    result = await subagent.ainvoke({"messages": [question]}, config=sub_config(runtime))
    return result["messages"][-1].content


@tool
async def search_docs(query: str, config: RunnableConfig) -> str:
    """Answer from the documentation."""
    traced = with_source(config, "docs")
    reply = await model.ainvoke(query, config=traced)
    return reply.content


@tool
async def tagged(query: str, config: RunnableConfig) -> str:
    """Answer with tags."""
    reply = await model.ainvoke(query, config=fresh_config())
    return reply.content
