# expect: nothing
# Project helpers that build a config from the one they are given: it carries the caller's
# callbacks. `fresh_config` builds one from nothing.
from langchain_core.runnables import RunnableConfig


def sub_config(runtime, limit=50):
    config = dict(runtime.config)
    config["recursion_limit"] = limit
    return config


def with_source(config: RunnableConfig, source: str) -> RunnableConfig:
    traced = dict(config)
    traced["metadata"] = {**config.get("metadata", {}), "source": source}
    return traced


def fresh_config():
    return {"tags": ["research"]}
