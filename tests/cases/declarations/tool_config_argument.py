# expect: nothing
# Tool row "config: dict" when it is an ordinary tool argument the model fills in: not a RunnableConfig, not flagged.
from langchain_core.tools import tool


@tool
async def render(template: str, config: dict) -> str:
    """Render a template with the given settings."""
    width = config.get("width", 80)
    return template.format(**config)[:width]
