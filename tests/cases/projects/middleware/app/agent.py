# expect: TCF061
from langchain.agents import create_agent

from app.hooks import rewrite_last
from app.llm import llm
from app.middleware import Summarize

agent = create_agent(llm, tools=[], middleware=[Summarize(llm), rewrite_last])
