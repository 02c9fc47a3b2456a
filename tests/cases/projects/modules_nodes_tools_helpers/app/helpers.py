# expect: nothing
async def summarize_page(model, text):
    reply = await model.ainvoke(f"Summarise: {text}")
    return reply.content
