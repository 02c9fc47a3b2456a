# expect: nothing
from langchain_openai import ChatOpenAI

llm = ChatOpenAI()
