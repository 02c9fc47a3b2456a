# expect: TCF031
# RunnableLambda(async fn) in an LCEL pipeline.
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableConfig, RunnableLambda

from app.llm import llm
from app.prompts import answer_prompt, rewrite_prompt


async def rewrite_question(inputs: dict, config: RunnableConfig) -> dict:
    rewritten = await (rewrite_prompt | llm | StrOutputParser()).ainvoke(
        inputs, config=config
    )
    return {**inputs, "question": rewritten}


pipeline = RunnableLambda(rewrite_question) | answer_prompt | llm | StrOutputParser()
