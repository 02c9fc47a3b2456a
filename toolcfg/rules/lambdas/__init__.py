"""``RunnableLambda`` and ``@chain`` functions (TCF03x): config injected by the name
``config``, the child config of the lambda's own run."""

from __future__ import annotations

from toolcfg import registry
from toolcfg.rules.base import Condition, FixAvailability
from toolcfg.rules.families import FamilyText, family

#: Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7.
LOST = Condition(python_below=(3, 11), packages=(("langchain-core", (1, 4, 8)),))

NAME_INJECTION = """\
LangChain and LangGraph find this config parameter by its *name*: it must be called
`config`. The fix adds `config: RunnableConfig`, spelled exactly so (under
`from __future__ import annotations` LangGraph reads the annotation's text), and passes
`config=config` at each inner call. When the project calls the function directly too (a
test calling `await call_model(state)`, say), the parameter is added as
`config: Optional[RunnableConfig] = None`, which is still injected everywhere we measured,
so those calls keep working. If `config` is already a name in the function, the fix is not
offered: rename that variable first."""

LAMBDA = family(
    FamilyText(
        prefix="TCF03",
        slug="runnable-lambda",
        noun="a `RunnableLambda` or `@chain` function",
        targets="functions run by `RunnableLambda` or `@chain`",
        kinds=(registry.RUNNABLE_LAMBDA,),
        recognised_notes="Async functions, and sync ones that call sync runnables (`.invoke()`).",
        injection=NAME_INJECTION,
        versions="""\
Measured: lost on Python 3.9 and 3.10 with langchain-core up to 1.4.7 (including every
0.3.x release), for async functions and async generators, and for sync functions calling
`.invoke()`; langchain-core 1.4.8 and later rescue them on 3.10. Python 3.11 and later are
not affected.""",
        example="""\
from langchain_core.runnables import RunnableLambda


async def rewrite(question: str) -> str:
    return (await model.ainvoke(f"Rewrite: {question}")).content


rewriter = RunnableLambda(rewrite)
""",
        unforwarded="""\
from langchain_core.runnables import RunnableConfig, RunnableLambda


async def rewrite(question: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(f"Rewrite: {question}")).content


rewriter = RunnableLambda(rewrite)
""",
        fixed="""\
from langchain_core.runnables import RunnableConfig, RunnableLambda


async def rewrite(question: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
""",
        condition=LOST,
        missing_fix_availability=FixAvailability.SOMETIMES,
    )
)

FAMILIES = (LAMBDA,)
RULES = LAMBDA.rules
