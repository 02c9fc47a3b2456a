# expect: nothing
async def summarize(model, text: str) -> str:
    reply = await model.ainvoke(f"Summarise: {text}")
    return reply.content
