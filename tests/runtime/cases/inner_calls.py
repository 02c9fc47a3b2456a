"""Async RunnableLambdas that call the chat model in different ways.

Measures two facts of docs/facts.md: the kind of inner call does not matter
(``astream``, ``abatch``, ``asyncio.gather``, an LCEL pipe, a sync ``invoke``
inside an async function and an async generator all lose the events alike
where the callable does not forward its config), and only a config derived
from the received one brings them back (an unrelated explicit config does not).
"""

import asyncio

from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda, patch_config

# The chat model; replaced by the probe.
model = None


async def astream_call(question):
    return "".join([chunk.content async for chunk in model.astream(question)])


async def abatch_call(question):
    (reply,) = await model.abatch([question])
    return reply.content


async def gather_call(question):
    (reply,) = await asyncio.gather(model.ainvoke(question))
    return reply.content


async def pipe_call(question):
    return await (model | StrOutputParser()).ainvoke(question)


async def sync_invoke_call(question):
    return model.invoke(question).content


async def generator_call(question):
    async for chunk in model.astream(question):
        yield chunk.content


async def unrelated_config(question):
    reply = await model.ainvoke(question, config={"run_name": "inner"})
    return reply.content


async def unrelated_with_config(question):
    reply = await model.with_config(run_name="inner").ainvoke(question)
    return reply.content


async def positional_config(question, config):
    reply = await model.ainvoke(question, config)
    return reply.content


async def spread_config(question, config):
    reply = await model.ainvoke(question, config={**config, "run_name": "inner"})
    return reply.content


async def patched_config(question, config):
    reply = await model.ainvoke(question, config=patch_config(config, run_name="inner"))
    return reply.content


async def with_config_forwarded(question, config):
    reply = await model.with_config(run_name="inner").ainvoke(question, config)
    return reply.content


astream_call_lambda = RunnableLambda(astream_call)
abatch_call_lambda = RunnableLambda(abatch_call)
gather_call_lambda = RunnableLambda(gather_call)
pipe_call_lambda = RunnableLambda(pipe_call)
sync_invoke_call_lambda = RunnableLambda(sync_invoke_call)
generator_call_lambda = RunnableLambda(generator_call)
unrelated_config_lambda = RunnableLambda(unrelated_config)
unrelated_with_config_lambda = RunnableLambda(unrelated_with_config)
positional_config_lambda = RunnableLambda(positional_config)
spread_config_lambda = RunnableLambda(spread_config)
patched_config_lambda = RunnableLambda(patched_config)
with_config_forwarded_lambda = RunnableLambda(with_config_forwarded)
