# expect: nothing
from fastapi import FastAPI

from agent import graph

app = FastAPI()


@app.post("/chat")
async def chat(message: str) -> str:
    result = await graph.ainvoke({"messages": [("user", message)]})
    return result["messages"][-1].content
