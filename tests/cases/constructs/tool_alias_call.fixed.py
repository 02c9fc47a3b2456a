# expect: TCF011
# An aliased decorator imported inside the factory and applied as a call: _lc_tool(fn).
from app.chains import scan_chain
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config


def build_tools(sources):
    from langchain_core.tools import tool as _lc_tool

    async def scan_sources(
        topic: str, config: RunnableConfig, callbacks: Callbacks = None
    ) -> str:
        """Scan the configured sources for a topic."""
        results = await scan_chain.abatch([{"topic": topic, "source": s} for s in sources], config=patch_config(config, callbacks=callbacks))
        return "\n".join(results)

    return [_lc_tool(scan_sources)]
