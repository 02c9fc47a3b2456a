# expect: TCF001
# A longer builder chain: with_structured_output(...).with_retry().ainvoke(...).
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool
from pydantic import BaseModel

from app.llm import llm


class Invoice(BaseModel):
    vendor: str
    total: float


@tool
async def parse_invoice(
    text: str, config: RunnableConfig, callbacks: Callbacks = None
) -> dict:
    """Extract the vendor and total from an invoice."""
    invoice = (
        await llm.with_structured_output(Invoice)
        .with_retry()
        .ainvoke(text, config=patch_config(config, callbacks=callbacks))
    )
    return invoice.model_dump()
