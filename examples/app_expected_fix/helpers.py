"""The application's chat model, and a helper that summarises with it."""

from typing import Any, Optional

from langchain_core.messages import AnyMessage, BaseMessage, SystemMessage
from langchain_core.runnables import RunnableConfig

# The chat model; replaced at start-up (or by tests).
model: Any = None


def get_model() -> Any:
    """The chat model, looked up at call time so that start-up can replace it."""
    return model


async def summarize_messages(
    messages: list[AnyMessage], config: Optional[RunnableConfig] = None
) -> BaseMessage:
    """Ask the chat model to summarise a conversation."""
    prompt = [SystemMessage("Summarise the conversation."), *messages]
    return await get_model().ainvoke(prompt, config=config)
