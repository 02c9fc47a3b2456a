# expect: nothing
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

llm = GenericFakeChatModel(messages=iter(["hello"]))
