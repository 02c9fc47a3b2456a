# expect: nothing
# A retry wrapper that spreads its own **kwargs into the model call passes on a config=
# its caller gives it (a real application's shape): it needs no config parameter, which
# would swallow that config, only callers that pass one. A wrapper that also makes a call
# of its own without the kwargs gets the parameter, as any helper does.
async def ainvoke_with_retry(llm, messages, retries=3, **kwargs):
    for _ in range(retries - 1):
        try:
            return await llm.ainvoke(messages, **kwargs)
        except TimeoutError:
            continue
    return await llm.ainvoke(messages, **kwargs)


async def summarise_with_retry(llm, messages, **kwargs):
    summary = await llm.ainvoke(["Summarise:", *messages])
    return await llm.ainvoke([summary, *messages], **kwargs)
