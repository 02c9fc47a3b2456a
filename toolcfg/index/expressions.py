"""What the summary makes of an expression, a signature and a few other ``ast`` nodes, each
from the node alone: no scope, no state, so ``summary.py`` keeps only the walk.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Optional, Tuple, Union

from toolcfg import registry
from toolcfg.index.model import (
    UNKNOWN,
    Attribute,
    Call,
    CallKey,
    Concat,
    DictOf,
    Either,
    Expr,
    FunctionIndex,
    Key,
    Lambda,
    ListOf,
    Name,
    Param,
    ParamKind,
    ScopeIndex,
    Site,
    Span,
    Starred,
    Subscript,
    Text,
    Unknown,
)

#: Deeper expressions are ``UNKNOWN``: far beyond any registration's spelling.
_MAX_DEPTH = 12

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]


def expression(node: Optional[ast.AST], depth: int = 0, texts: bool = True) -> Expr:
    """The symbolic tree of an expression, as the project pass evaluates it; without
    ``texts``, a string is ``UNKNOWN`` too."""
    if node is None or depth > _MAX_DEPTH:
        return UNKNOWN
    deeper = depth + 1
    if isinstance(node, ast.Name):
        return Name(node.id)
    if isinstance(node, ast.Attribute):
        return Attribute(expression(node.value, deeper, texts), node.attr)
    if isinstance(node, ast.Call):
        # Of a call's arguments only the first can matter (``partial(fn, ...)``); the rest
        # are counted and keywords named, which is what messages and ``args_schema=``
        # need. Registration sites record their arguments in full.
        first = node.args[0] if node.args and not isinstance(node.args[0], ast.Starred) else None
        args: Tuple[Expr, ...] = (expression(first, deeper, texts),) if first is not None else ()
        if len(node.args) > len(args):
            args += (UNKNOWN,)
        keywords = tuple(dict.fromkeys(k.arg or "**" for k in node.keywords))
        return Call(expression(node.func, deeper, texts), args, keywords)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return ListOf(tuple(expression(element, deeper, texts) for element in node.elts))
    if isinstance(node, ast.Starred):
        return Starred(expression(node.value, deeper, texts))
    if isinstance(node, ast.Dict):
        return DictOf(
            tuple(
                (
                    constant(key),
                    expression(value, deeper, texts)
                    if key
                    else Starred(expression(value, deeper, texts)),
                )
                for key, value in zip(node.keys, node.values)
            )
        )
    if isinstance(node, ast.Subscript):
        return Subscript(expression(node.value, deeper, texts), constant(node.slice))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return Concat(expression(node.left, deeper, texts), expression(node.right, deeper, texts))
    if isinstance(node, ast.IfExp):
        return Either(expression(node.body, deeper, texts), expression(node.orelse, deeper, texts))
    if isinstance(node, ast.Await):
        return expression(node.value, depth, texts)
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and texts:
        return Text(node.value[:200])
    if isinstance(node, ast.Lambda):
        return Lambda(expression(node.body, deeper, texts))
    return UNKNOWN


def arguments(node: ast.Call) -> Tuple[Tuple[Expr, ...], Dict[str, Expr]]:
    """A call's arguments in full: the positional ones, and the keyword ones by name."""
    return (
        tuple(expression(arg) for arg in node.args),
        {k.arg or "**": expression(k.value) for k in node.keywords},
    )


def passed(node: ast.Call) -> Tuple[Tuple[Expr, ...], Dict[str, Expr]]:
    """What a call passes that may be a function or hold one, as ``arguments`` gives it
    but with strings ``UNKNOWN``, and nothing for a call that passes nothing else. Every
    call of a module is recorded so: its strings (prompts, messages, log lines) would
    add a third to the summary."""
    args = tuple(_passed(arg) for arg in node.args)
    keywords = {k.arg or "**": _passed(k.value) for k in node.keywords}
    known = any(not isinstance(arg, Unknown) for arg in (*args, *keywords.values()))
    return (args, keywords) if known else ((), {})


def _passed(node: ast.expr) -> Expr:
    return expression(node, texts=False)


def site(node: ast.Call, scope: ScopeIndex, function: Optional[FunctionIndex]) -> Site:
    """A call that may register something, with its arguments in full."""
    end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
    args, keywords = arguments(node)
    return Site(
        scope=scope,
        span=Span(node.lineno, node.col_offset, *end),
        callee=expression(node.func),
        args=args,
        keywords=keywords,
        function=function,
    )


def annotation_type(annotation: Optional[ast.expr], depth: int = 0) -> Expr:
    """The class an annotation names, for a parameter or field of that type: ``VizAgent``,
    ``agents.VizAgent``, ``"VizAgent"``, and each member of ``Optional[...]``, ``Union[...]``
    or ``X | None`` (a ``ListOf``). Anything else (``List[VizAgent]``) is ``UNKNOWN``: its
    value is not an instance of the class."""
    if annotation is None or depth > 4:
        return UNKNOWN
    if isinstance(annotation, (ast.Name, ast.Attribute)):
        return expression(annotation)
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            parsed = ast.parse(annotation.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return UNKNOWN
        return annotation_type(parsed, depth + 1)
    members: List[ast.expr] = []
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        members = [annotation.left, annotation.right]
    elif isinstance(annotation, ast.Subscript):
        base = annotation.value
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
        if name in ("Optional", "Union"):
            inner = annotation.slice
            members = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
    found = tuple(
        annotation_type(member, depth + 1)
        for member in members
        if not (isinstance(member, ast.Constant) and member.value is None)
    )
    return ListOf(found) if found else UNKNOWN


def loop_container(target: ast.AST, iterable: ast.expr) -> Optional[ast.expr]:
    """The container whose items a loop's target takes: ``NODES`` in ``for fn in NODES``,
    ``for name, fn in NODES.items()`` and ``for i, fn in enumerate(NODES)``."""
    pair = isinstance(target, ast.Tuple) and len(target.elts) == 2
    if not isinstance(iterable, ast.Call):
        return None if pair else iterable
    func, args = iterable.func, iterable.args
    if iterable.keywords:
        return None
    if isinstance(func, ast.Attribute) and not args:
        return func.value if (func.attr, pair) in (("items", True), ("values", False)) else None
    if isinstance(func, ast.Name) and func.id == "enumerate" and pair and args:
        return args[0]
    return None


def constant(node: Optional[ast.AST]) -> Key:
    """A string or int constant, None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value
    return None


def name_at(func: ast.expr) -> CallKey:
    """Where the called name starts: ``f`` in ``f(...)``, ``ainvoke`` in ``x.ainvoke(...)``,
    as a line and a UTF-8 byte column. The analysis finds its calls by this key."""
    if isinstance(func, ast.Attribute):
        end_line = func.end_lineno or func.lineno
        return end_line, (func.end_col_offset or 0) - len(func.attr.encode("utf-8"))
    return func.lineno, func.col_offset


def is_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def is_static(node: FunctionNode) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "staticmethod")
        or (isinstance(d, ast.Attribute) and d.attr == "staticmethod")
        for d in node.decorator_list
    )


def has_input(node: ast.Call) -> bool:
    """A runnable method takes its input first, positionally or as ``input=``; boto3's
    ``client.invoke(FunctionName=...)`` does not."""
    if node.args:  # the input, or *args that may hold it
        return True
    return any(keyword.arg == "input" for keyword in node.keywords)


def params(arguments: ast.arguments) -> List[Tuple[ast.arg, ParamKind]]:
    found = [(a, ParamKind.POSITIONAL_ONLY) for a in arguments.posonlyargs]
    found += [(a, ParamKind.POSITIONAL) for a in arguments.args]
    if arguments.vararg is not None:
        found.append((arguments.vararg, ParamKind.STAR))
    found += [(a, ParamKind.KEYWORD_ONLY) for a in arguments.kwonlyargs]
    if arguments.kwarg is not None:
        found.append((arguments.kwarg, ParamKind.DOUBLE_STAR))
    return found


def defaults(arguments: ast.arguments) -> List[ast.expr]:
    return [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]


def param_records(arguments: ast.arguments) -> Tuple[Param, ...]:
    positional = [*arguments.posonlyargs, *arguments.args]
    defaulted = {id(a) for a in positional[len(positional) - len(arguments.defaults) :]}
    defaulted.update(
        id(a) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None
    )
    return tuple(
        Param(
            argument.arg,
            kind,
            annotation_words(argument.annotation) if argument.annotation is not None else None,
            id(argument) in defaulted,
        )
        for argument, kind in params(arguments)
    )


def settings_config(node: FunctionNode) -> bool:
    """Is the function's ``config`` parameter the application's settings rather than a
    RunnableConfig? It is when it is not annotated as one and the body reads a key no
    RunnableConfig has (``config["model"]``, ``config.get("temperature")``) or an attribute
    (``config.model_name``). Then a fix must neither forward it nor pass a config into it."""
    param = next((a for a, _ in params(node.args) if a.arg == "config"), None)
    if param is None or (
        param.annotation is not None and "RunnableConfig" in annotation_words(param.annotation)
    ):
        return False
    return any(
        isinstance(read, ast.Name) and read.id == "config" and key not in registry.CONFIG_FIELDS
        for read, key in _reads(node)
    )


def _reads(node: ast.AST) -> Iterable[Tuple[ast.expr, str]]:
    """What the code reads by name: ``x["key"]``, ``x.get("key")`` and ``x.key``, as
    ``(x, "key")``."""
    for child in ast.walk(node):
        if isinstance(child, ast.Subscript):
            key = constant(child.slice)
            if isinstance(key, str):
                yield child.value, key
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            if child.func.attr == "get" and child.args:
                key = constant(child.args[0])
                if isinstance(key, str):
                    yield child.func.value, key
        elif isinstance(child, ast.Attribute) and child.attr not in registry.DICT_METHODS:
            yield child.value, child.attr


def annotation_words(annotation: ast.expr) -> str:
    """The names an annotation spells, in order (``Optional RunnableConfig``): enough to
    tell a config parameter, for a fraction of what ``ast.unparse`` costs."""
    words = []
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words.append(node.value)
    return " ".join(words)
