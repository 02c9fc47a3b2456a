"""Code that toolcfg must not flag: each function here is fine as written.

Home-made and third-party ``tool`` decorators are in
``not_flagged_local_tool.py``.
"""

import json

from langchain_core.callbacks import Callbacks
from langchain_core.runnables import RunnableConfig, patch_config
from langchain_core.tools import tool

# The chat model; replaced at start-up (or by tests).
model = None

# A boto3 Lambda client, e.g. ``client = boto3.client("lambda")``.
client = None


@tool
def ask_sync(question: str) -> str:
    """Answer a question (a sync tool: the config reaches ``.invoke`` anyway)."""
    return model.invoke(question).content


@tool
async def word_count(text: str) -> int:
    """Count the words in text (an async tool that calls no runnable)."""
    return len(text.split())


async def main() -> None:
    """Entry point: not a tool, and there is no parent config to forward."""
    reply = await model.ainvoke("Hello!")
    print(reply.content)


@tool
async def run_lambda(payload: str) -> str:
    """Run an AWS Lambda function (boto3's ``invoke`` is not a runnable call)."""
    response = client.invoke(
        FunctionName="summarise", Payload=json.dumps({"text": payload})
    )
    return response["Payload"].read().decode()


@tool
async def ask_forwarding(
    question: str, config: RunnableConfig, callbacks: Callbacks = None
) -> str:
    """Answer a question (already forwards its config, with the tool run's callbacks, so
    the model's run is filed under the tool's)."""
    child = patch_config(config, callbacks=callbacks)
    reply = await model.ainvoke(question, config=child)
    return reply.content
