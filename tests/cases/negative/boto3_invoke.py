# expect: nothing
# boto3's client.invoke(FunctionName=..., Payload=...) is not a runnable call.
import json

import boto3
from langchain_core.tools import tool

lambda_client = boto3.client("lambda")


@tool
async def run_pricing(product_id: str) -> str:
    """Compute a price with the pricing Lambda."""
    response = lambda_client.invoke(
        FunctionName="pricing",
        Payload=json.dumps({"product_id": product_id}),
    )
    return response["Payload"].read().decode()
