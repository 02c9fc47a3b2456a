"""toolcfg: find and fix LangChain callables that drop the caller's RunnableConfig."""

__version__ = "0.2.0"
