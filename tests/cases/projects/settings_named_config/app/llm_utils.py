# expect: nothing
# Helpers whose `config` is the application's settings, not a RunnableConfig: a fix must
# neither forward it to the model nor pass the graph's config in its place.
from langchain_openai import ChatOpenAI

SETTINGS = {"model": "gpt-4o-mini", "temperature": 0.2}


async def run_agent(messages, config):
    llm = ChatOpenAI(model=config["model"], temperature=config["temperature"])
    return await llm.ainvoke(messages)


async def call_llm(prompt: str, config: dict = SETTINGS) -> str:
    llm = ChatOpenAI(temperature=config.get("temperature", 0))
    return (await llm.ainvoke(prompt)).content


async def describe(text, config):
    return (await config.model.ainvoke(text)).content


async def summarize(messages, config=None):
    # A real RunnableConfig: it reads only what a RunnableConfig has, and forwards it.
    tags = (config or {}).get("tags", [])
    return await ChatOpenAI().ainvoke(messages, config={**(config or {}), "tags": tags})
