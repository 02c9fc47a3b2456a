"""An application wired across modules, as real LangGraph projects are.

``graph.py`` builds the graph from nodes in ``nodes.py``, the plain async tool
functions gathered in ``tools.TOOLS`` (run by a ``ToolNode``) and, through the
``summarize`` node, a helper in ``helpers.py`` that calls the chat model. No
function forwards a config, so on Python 3.9/3.10 the model's events and
message chunks are lost from the nodes (with every langchain-core) and from the
tool (langchain-core <= 1.4.7). Finding these needs analysis across the
modules: a function's file alone does not say that it is a node or a tool.
"""
