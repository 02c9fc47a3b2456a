# expect: nothing
# Each node lives in a submodule of its own name; the package binds the functions over
# the submodules, so `from agent.nodes import call_model` is the function.
from agent.nodes.call_model import call_model
from agent.nodes.generate_query import generate_query

from .grade_documents import grade_documents
from .rewrite_question import rewrite_question

__all__ = ["call_model", "generate_query", "grade_documents", "rewrite_question"]
