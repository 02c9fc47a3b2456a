# expect: nothing
# A helper reached only from a node whose graph is run with sync methods: nothing is lost.
from app.llm import llm


def ask(messages):
    return llm.invoke(messages)
