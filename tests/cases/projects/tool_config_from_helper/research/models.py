# expect: nothing
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

model = ChatOpenAI(model="gpt-4o-mini")
subagent = create_react_agent(model, tools=[])
