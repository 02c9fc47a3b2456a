# expect: TCF001
# A tool defined in a factory, closing over a database session.
from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool
from sqlalchemy.ext.asyncio import AsyncSession

from app.chains import report_chain
from app.models import Sale


def make_report_tool(db: AsyncSession):
    @tool
    async def generate_report(
        region: str, config: RunnableConfig, callbacks: Callbacks = None
    ) -> str:
        """Write a sales report for a region."""
        sales = await Sale.for_region(db, region)
        return await report_chain.ainvoke(
            {"region": region, "sales": sales},
            config=patch_config(config, callbacks=callbacks),
        )

    return generate_report
