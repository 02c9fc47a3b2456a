"""Decorators of the project that hide a function's signature: LangChain and LangGraph
read the wrapper's, so a parameter added to the function would never be passed, or be
passed to a wrapper that does not take it. Such a function is planned without a fix.
"""

from __future__ import annotations

from typing import Optional

from toolcfg import registry
from toolcfg.index import model
from toolcfg.index.model import Name, ParamKind, describe, dotted
from toolcfg.index.modules import FunctionRef
from toolcfg.index.resolve import Project


def hiding_decorator(project: Project, ref: FunctionRef) -> Optional[str]:
    """The first decorator of the project that may hide the function's signature, as
    spelled; None when every one passes the call through. A library's decorator
    (``@traceable``, ``@retry(...)``) is taken to pass it through, as they do."""
    function = project.function(ref)
    assert function is not None
    for decorator in function.decorators:
        factory = isinstance(decorator, model.Call)
        named = decorator.callee if isinstance(decorator, model.Call) else decorator
        found = project.function_refs(named, ref.path, function.outer)
        if any(not _passes_through(project, each, 2 if factory else 1) for each in found):
            return dotted(named) or describe(named)
    return None


def _passes_through(project: Project, ref: FunctionRef, depth: int) -> bool:
    """Does the decorator ``ref`` (a factory of decorators, at depth 2) give back what it
    was given, or a wrapper that passes everything on? False when we cannot tell."""
    function = project.function(ref)
    if function is None:
        return False
    params = {param.name for param in function.params}
    if not function.returns:
        return False
    for returned in function.returns:
        if depth == 1 and isinstance(returned, Name) and returned.name in params:
            continue  # it returns the function it was given
        wrappers = project.function_refs(returned, ref.path, function.scope)
        if not wrappers:
            return False
        for wrapper in wrappers:
            if depth > 1:
                if not _passes_through(project, wrapper, depth - 1):
                    return False
                continue
            if not _forwarding_wrapper(project, wrapper):
                return False
    return True


def _forwarding_wrapper(project: Project, ref: FunctionRef) -> bool:
    """``@functools.wraps(fn)`` over ``(*args, **kwargs)``: LangChain reads the wrapped
    function's signature through ``__wrapped__``, and the wrapper passes the config on.
    Without ``wraps`` it reads the wrapper's, which names no ``config``."""
    function = project.function(ref)
    assert function is not None
    kinds = {param.kind for param in function.params}
    return {ParamKind.STAR, ParamKind.DOUBLE_STAR} <= kinds and any(
        isinstance(decorator, model.Call)
        and project.external(decorator.callee, ref.path, function.outer) & registry.WRAPS
        for decorator in function.decorators
    )
