# expect: TCF041 TCF041
# Node factories: each returns the node it defines, and setup.py calls them behind lambdas.
from langchain_core.messages import SystemMessage


def create_market_analyst(llm):
    async def market_analyst_node(state):
        prompt = [SystemMessage("You analyse markets."), *state["messages"]]
        return {"market_report": (await llm.ainvoke(prompt)).content}

    return market_analyst_node


def create_news_analyst(llm, toolkit):
    async def news_analyst_node(state):
        chain = llm.bind_tools(toolkit)
        return {"news_report": (await chain.ainvoke(state["messages"])).content}

    return news_analyst_node


def create_social_analyst(llm):
    async def social_analyst_node(state):
        return {"social_report": (await llm.ainvoke(state["messages"])).content}

    return social_analyst_node
