"""A summarisation tool that awaits a ``prompt | llm | parser`` chain.

``summarize_naive.py`` does not forward the tool's config to the chain, so on
Python 3.9/3.10 the chat model's events never reach the caller (toolcfg
reports TCF001). ``summarize_fixed.py`` is the same file after
``toolcfg check --fix``, byte for byte.
"""

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.tools import tool

prompt = ChatPromptTemplate.from_messages(
    [
        ("system", "Summarise the user's text in one short paragraph."),
        ("human", "{text}"),
    ]
)


def build_chain(llm: BaseChatModel):
    """Build the summarisation chain around a chat model."""
    return prompt | llm | StrOutputParser()


# Set at start-up, e.g. ``chain = build_chain(ChatOpenAI(model="gpt-4o-mini"))``.
chain = None


@tool
async def summarize(text: str) -> str:
    """Summarise a piece of text."""
    return await chain.ainvoke({"text": text})
