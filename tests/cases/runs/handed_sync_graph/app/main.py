# expect: nothing
from app.nodes import call_model, call_model_async_run
from app.runner import answer, answer_async


def ask(question):
    return answer({"agent": call_model}, question)


async def ask_async(question):
    return await answer_async({"agent": call_model_async_run}, question)
