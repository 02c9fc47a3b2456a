# expect: nothing
from langchain.chat_models import init_chat_model

response_model = init_chat_model("openai:gpt-4.1", temperature=0)
grader_model = init_chat_model("openai:gpt-4.1", temperature=0)
