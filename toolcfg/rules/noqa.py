"""``# noqa`` comments that silence nothing (TCF901), like ruff's RUF100."""

from __future__ import annotations

from toolcfg.rules.base import FixAvailability, Rule

UNUSED_NOQA = Rule(
    code="TCF901",
    name="unused-noqa",
    summary="A `# noqa` comment names a toolcfg code that is not reported where it applies",
    messages={"unused": "Unused `noqa` directive (unused: {codes})"},
    what="""\
Checks for `# noqa: TCF...` comments that silence nothing: no finding with that code is
reported on their line; and for `# toolcfg: noqa: TCF...` comment lines naming a code
that nothing in the file reports. Bare `# noqa` comments and other tools' codes are left
alone, and so is a directive's `TCF901`, which silences this rule where it stands. Like
ruff's RUF100, this rule is not selected by default: enable it with
`--extend-select TCF9`.""",
    why="""\
A stale suppression hides the next real problem on that line, and tells the reader that
the function drops its config when it no longer does.""",
    example="""\
from langchain_core.runnables import RunnableConfig, RunnableLambda


async def rewrite(question: str, config: RunnableConfig) -> str:  # noqa: TCF031
    return (await model.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
""",
    use_instead="""\
from langchain_core.runnables import RunnableConfig, RunnableLambda


async def rewrite(question: str, config: RunnableConfig) -> str:
    return (await model.ainvoke(f"Rewrite: {question}", config=config)).content


rewriter = RunnableLambda(rewrite)
""",
    fix_safety="No fix is offered yet: remove the comment, or the unused codes, by hand.",
    fix_availability=FixAvailability.NONE,
)

RULES = (UNUSED_NOQA,)
