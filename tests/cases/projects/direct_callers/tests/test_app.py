# expect: nothing
import asyncio

from app import tools
from app.nodes import call_model


def test_call_model():
    assert asyncio.run(call_model({"messages": []}))


def test_lookup():
    assert asyncio.run(tools.alookup("x"))
