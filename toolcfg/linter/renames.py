"""Exactly which names a parameter rename touches, by Python's scoping rules.

Renaming by spelling goes wrong both ways: ``def helper(x, cfg=cfg)`` inside the function
reads the parameter in its default, and a nested ``class Options: cfg = ...`` binds a class
attribute of that name that ``Options.cfg`` reads. LibCST's ``ScopeProvider`` resolves each
name to its assignment, so the rename touches the parameter and its references and nothing
else. When a reference is out of its reach (``locals()``, ``eval``, ``exec``, ``global`` or
``nonlocal`` of the name, or the new name bound in a scope in between), there is no rename.
"""

from __future__ import annotations

from typing import Optional, Tuple

import libcst as cst
from libcst.metadata import (
    Assignment,
    FunctionScope,
    MetadataWrapper,
    Scope,
    ScopeProvider,
)

from toolcfg.index.model import Function


def references(
    function: cst.FunctionDef,
    param: cst.Param,
    module: cst.Module,
    record: Function,
    new: str = "config",
) -> Optional[Tuple[cst.Name, ...]]:
    """The parameter's name and every name that reads it, or None when that is not certain."""
    if record.dynamic:
        return None
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scopes = wrapper.resolve(ScopeProvider)
    scope = scopes.get(function.body)
    if scope is None:
        scope = scopes.get(function.body.body[0]) if function.body.body else None
    if not isinstance(scope, FunctionScope):
        return None
    old = param.name.value
    assignments = [
        a for a in scope.assignments[old] if isinstance(a, Assignment) and a.node is param
    ]
    if len(assignments) != 1:
        return None
    names = [param.name]
    for access in assignments[0].references:
        node = access.node
        if not isinstance(node, cst.Name) or access.is_annotation or access.is_type_hint:
            return None
        if _shadowed_between(access.scope, scope, new):
            return None
        names.append(node)
    if any(not isinstance(a, Assignment) or a.node is not param for a in scope.assignments[old]):
        return None  # rebound in the function itself: then the name is not only the parameter
    return tuple(names)


def _shadowed_between(inner: Optional[Scope], outer: Scope, name: str) -> bool:
    """Would ``name`` mean something else at the reference: bound in a scope in between?"""
    current = inner
    while current is not None and current is not outer:
        if current.assignments[name]:
            return True
        current = current.parent
    return current is None or bool(
        [a for a in outer.assignments[name] if not isinstance(getattr(a, "node", None), cst.Param)]
    )
