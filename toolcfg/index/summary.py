"""One module, summarised with the standard library's ``ast``: what the project pass needs
to decide which functions LangChain or LangGraph runs.

A summary is plain data (lists, dicts, strings), so the cache can keep it as JSON, keyed
by the file's content hash. It depends on nothing but the file: imports are recorded as
written, relative ones unresolved, and expressions as small symbolic trees (``Expr``) that
the project pass evaluates later, across modules.

``Expr`` is a JSON list:

- ``["n", name]``, ``["a", expr, attr]``: a name, an attribute;
- ``["c", callee, [args], {keyword: expr}]``: a call (``"**"`` keys a ``**mapping``);
- ``["l", [exprs]]``: a list, tuple or set; ``["*", expr]``: a starred item;
- ``["d", [[key, expr], ...]]``: a dict (``key`` a string constant or None);
- ``["s", expr, key]``: a subscript (``key`` a string or int constant, or None);
- ``["+", a, b]``: a concatenation; ``["|", a, b]``: either (``a if c else b``);
- ``["k", text]``: a string constant; ``["?"]``: anything else.

Functions and classes get a *key*, their dotted path in the module (``build.agent``,
``SearchTool._arun``), with ``@2``, ``@3``... for a name defined again in the same scope.
The analysis computes the same keys from LibCST, so the two tiers name one function alike.
"""

from __future__ import annotations

import ast
import builtins
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

from toolcfg import registry

Expr = List[Any]
Summary = Dict[str, Any]

#: Calls of these are never a project's helpers (a module that redefines one is rare).
_BUILTINS = frozenset(dir(builtins))
#: Names whose use makes a function's names impossible to follow (``locals()``).
_DYNAMIC = frozenset({"locals", "eval", "exec", "vars"})
#: Nodes that cannot hold a call: not worth walking into.
_LEAVES = frozenset(
    {ast.Constant, ast.Load, ast.Store, ast.Del, type(None), str, int}
    | {
        cls
        for cls in vars(ast).values()
        if isinstance(cls, type)
        and issubclass(cls, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop))
    }
)

UNKNOWN: Expr = ["?"]
_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
#: The summary's layout: a cached summary of another layout is summarised again, even
#: under the same toolcfg version (a development build, say).
FORMAT = 3
_MAX_DEPTH = 12
_WORDS = registry.words()


def summarize(source: bytes) -> Summary:
    """The summary of one module. Raises ``SyntaxError`` (and ``ValueError`` for NUL bytes).

    Top-level ``await`` is valid in a notebook's cells, which are read as one module. Syntax
    newer than this interpreter's (PEP 695 under Python 3.11) is read through ``grammar``,
    which LibCST lets read every Python's: only a text ``ast`` refuses pays."""
    try:
        tree = compile(source, "<module>", "exec", _FLAGS, dont_inherit=True)
    except SyntaxError as refused:
        from toolcfg.index import grammar  # imports LibCST, which most runs never need here

        tree = grammar.reread(source, refused, _FLAGS)
    collector = _Collector()
    collector.walk_body(tree.body)
    for function in collector.functions:
        function["runnable"].sort(key=lambda record: (record[0], record[1]))
    return {
        "format": FORMAT,
        "future_annotations": collector.future_annotations,
        "libraries": sorted(collector.libraries),
        "scopes": collector.scopes,
        "functions": collector.functions,
        "classes": collector.classes,
        "sites": collector.sites,
        "calls": collector.module_calls,
    }


def key_for(parent: str, name: str, seen: Dict[str, int]) -> str:
    """The key of the ``seen[name]``-th definition of ``name`` under ``parent``."""
    seen[name] = seen.get(name, 0) + 1
    base = f"{parent}.{name}" if parent else name
    return base if seen[name] == 1 else f"{base}@{seen[name]}"


def dotted(expr: Expr) -> Optional[str]:
    """``a.b.c`` for a chain of names, None for anything else."""
    if expr[0] == "n":
        return str(expr[1])
    if expr[0] == "a":
        head = dotted(expr[1])
        return None if head is None else f"{head}.{expr[2]}"
    return None


def describe(expr: Expr) -> str:
    """``llm.bind_tools(...)``: an expression as the user would name it in a message."""
    kind = expr[0]
    if kind == "n":
        return str(expr[1])
    if kind == "a":
        return f"{describe(expr[1])}.{expr[2]}"
    if kind == "c":
        return f"{describe(expr[1])}({'...' if expr[2] or expr[3] else ''})"
    if kind == "s":
        return f"{describe(expr[1])}[...]"
    return "(...)"


class _Collector:
    """Walks statements in order, keeping scopes as Python resolves names."""

    def __init__(self) -> None:
        self.scopes: List[Dict[str, Any]] = [_scope(None, "module")]
        self.functions: List[Dict[str, Any]] = []
        self.classes: List[Dict[str, Any]] = []
        self.sites: List[Dict[str, Any]] = []
        self.module_calls: List[List[Any]] = []
        self.libraries: Set[str] = set()
        self.future_annotations = False
        self.scope = 0
        #: The scope names are looked up from: a function body skips enclosing classes.
        self.lookup_scope = 0
        self.function: Optional[int] = None
        self.cls: Optional[int] = None
        self.path = ""
        self.seen: Dict[str, int] = {}
        self.type_checking = 0
        self.globals: Set[str] = set()
        #: Local names of imported registering names (``tool as lc_tool``): their calls
        #: are registration sites too.
        self.aliases: Set[str] = set()

    # -- statements ------------------------------------------------------------------------

    def walk_body(self, body: Iterable[ast.stmt]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function_def(node)
        elif isinstance(node, ast.ClassDef):
            self.class_def(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.import_(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            self.expressions([node.test])
            self.type_checking += 1
            self.walk_body(node.body)
            self.type_checking -= 1
            self.walk_body(node.orelse)
        elif isinstance(node, ast.Assign):
            self.expressions([node.value])
            for target in node.targets:
                self.assign(target, node.value)
        elif isinstance(node, ast.AnnAssign):
            self.expressions([node.value] if node.value is not None else [])
            self.assign(node.target, node.value)
        elif isinstance(node, ast.AugAssign):
            self.expressions([node.value])
            if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
                self.extend(node.target.id, self.expr(node.value))
            else:
                self.assign(node.target, None)
        elif isinstance(node, ast.Return):
            if node.value is not None:
                self.expressions([node.value])
                if self.function is not None:
                    self.functions[self.function]["returns"].append(self.expr(node.value))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            self.globals.update(node.names)
        elif isinstance(node, ast.Expr) and self.extend_call(node.value):
            self.expressions([node.value])
        else:
            self.compound(node)

    def compound(self, node: ast.stmt) -> None:
        """Any other statement: its expressions, its targets and its nested bodies."""
        for name, value in ast.iter_fields(node):
            if name in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in value:
                    if isinstance(child, ast.stmt):
                        self.statement(child)
                    elif isinstance(child, ast.ExceptHandler):
                        if child.name:
                            self.bind(child.name, ["o"])
                        self.expressions([child.type] if child.type else [])
                        self.walk_body(child.body)
                    else:  # a match case
                        self.expressions([child.pattern, child.guard])
                        self.walk_body(child.body)
            elif name == "target" and isinstance(node, (ast.For, ast.AsyncFor)):
                self.loop_target(value, node.iter)
            elif name in ("target", "optional_vars") and isinstance(value, ast.AST):
                self.assign(value, None)
            elif name == "items":  # with-statement items
                for item in value:
                    self.expressions([item.context_expr])
                    if item.optional_vars is not None:
                        self.assign(item.optional_vars, None)
            elif isinstance(value, ast.AST):
                self.expressions([value])
            elif isinstance(value, list):
                self.expressions([item for item in value if isinstance(item, ast.AST)])

    def function_def(self, node: Any) -> None:
        self.expressions([*node.decorator_list, *_defaults(node.args)])
        self.expressions([a.annotation for a in _arguments(node.args) if a.annotation])
        if node.returns is not None:
            self.expressions([node.returns])
        index = len(self.functions)
        key = key_for(self.path, node.name, self.seen)
        self.bind(node.name, ["f", index])
        body_scope = len(self.scopes)
        self.scopes.append(_scope(self.lookup_scope, "function"))
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        owner = self.cls if self.scopes[self.scope]["kind"] == "class" else None
        record: Dict[str, Any] = {
            "key": key,
            "name": node.name,
            "scope": body_scope,
            "outer": self.scope,
            "owner": owner,
            "async": isinstance(node, ast.AsyncFunctionDef),
            "lines": [first, node.lineno, node.end_lineno],
            #: The lines a statement at the def's indentation starts on, and that indentation.
            "headers": [*(d.lineno for d in node.decorator_list), node.lineno],
            "indent": node.col_offset,
            "params": _param_records(node.args),
            "decorators": [self.expr(d) for d in node.decorator_list],
            "calls": [],
            "runnable": [],
            "returns": [],
            "parent": self.function,
            "dynamic": False,
            "settings_config": _settings_config(node),
        }
        self.functions.append(record)
        if owner is not None:
            self.classes[owner]["methods"].setdefault(node.name, index)
        saved = (self.scope, self.lookup_scope, self.function, self.path, self.seen, self.globals)
        self.scope = self.lookup_scope = body_scope
        self.function, self.path, self.seen, self.globals = index, key, {}, set()
        for position, (argument, _) in enumerate(_params(node.args)):
            is_self = position == 0 and owner is not None and not _is_static(node)
            self.bind(argument.arg, ["self", owner] if is_self else ["p"])
        self.walk_body(node.body)
        self.scope, self.lookup_scope, self.function, self.path, self.seen, self.globals = saved

    def class_def(self, node: ast.ClassDef) -> None:
        self.expressions([*node.decorator_list, *node.bases, *(k.value for k in node.keywords)])
        index = len(self.classes)
        key = key_for(self.path, node.name, self.seen)
        self.bind(node.name, ["C", index])
        body_scope = len(self.scopes)
        self.scopes.append(_scope(self.scope, "class"))
        self.classes.append(
            {
                "key": key,
                "name": node.name,
                "scope": body_scope,
                "outer": self.scope,
                "bases": [self.expr(base) for base in node.bases],
                "methods": {},
                "attributes": {},
                "line": node.lineno,
            }
        )
        saved = (self.scope, self.cls, self.path, self.seen)
        self.scope, self.cls, self.path, self.seen = body_scope, index, key, {}
        self.walk_body(node.body)
        self.scope, self.cls, self.path, self.seen = saved

    def import_(self, node: Any) -> None:
        runtime = self.type_checking == 0
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.libraries.add(alias.name.split(".")[0])
                if alias.asname:
                    self.bind(alias.asname, ["i", alias.name, runtime])
                else:
                    head = alias.name.split(".")[0]
                    self.bind(head, ["i", head, runtime])
            return
        module = node.module or ""
        if node.level == 0:
            self.libraries.add(module.split(".")[0])
            if module == "__future__" and any(a.name == "annotations" for a in node.names):
                self.future_annotations = True
        for alias in node.names:
            if alias.name == "*":
                self.scopes[self.scope]["stars"].append([node.level, module])
                continue
            local = alias.asname or alias.name
            if alias.name in _WORDS:
                self.aliases.add(local)
            if node.level == 0:
                self.bind(local, ["i", f"{module}.{alias.name}", runtime])
            else:
                self.bind(local, ["r", node.level, module, alias.name, runtime])

    def assign(self, target: ast.AST, value: Optional[ast.expr]) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, ["v", self.expr(value)] if value is not None else ["o"])
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.assign(element, None)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, None)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and value is not None
            and self.function is not None
        ):
            owner = self._self_class(target.value.id)
            if owner is not None:
                attributes = self.classes[owner]["attributes"]
                attributes.setdefault(target.attr, []).append([self.expr(value), self.scope])

    def loop_target(self, target: ast.AST, iterable: ast.expr) -> None:
        """``for fn in NODES``, ``for name, fn in NODES.items()``, ``for i, fn in
        enumerate(NODES)``: the loop's item is anything in the container, so that
        ``builder.add_node(name, fn)`` in the body registers each of them."""
        pair = isinstance(target, ast.Tuple) and len(target.elts) == 2
        container: Optional[ast.expr] = None
        if not isinstance(iterable, ast.Call):
            container = None if pair else iterable
        elif not iterable.keywords:
            func, args = iterable.func, iterable.args
            if isinstance(func, ast.Attribute) and not args:
                if (func.attr, pair) in (("items", True), ("values", False)):
                    container = func.value
            elif isinstance(func, ast.Name) and func.id == "enumerate" and pair and args:
                container = args[0]
        if container is None:
            self.assign(target, None)
            return
        item = target.elts[1] if isinstance(target, ast.Tuple) else target
        if isinstance(target, ast.Tuple):
            self.assign(target.elts[0], None)
        if isinstance(item, ast.Name):
            self.bind(item.id, ["v", ["s", self.expr(container), None]])
        else:
            self.assign(item, None)

    def _self_class(self, name: str) -> Optional[int]:
        for binding in self.scopes[self.scope]["bindings"].get(name, ()):
            if binding[0] == "self":
                return int(binding[1])
        return None

    def extend_call(self, node: ast.expr) -> bool:
        """``tools.append(fn)``, ``tools.extend([...])``: more values for a list's name."""
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr in ("append", "extend", "insert")
            and node.args
        ):
            return False
        value = self.expr(node.args[-1])
        self.extend(node.func.value.id, ["l", [value]] if node.func.attr != "extend" else value)
        return True

    def extend(self, name: str, value: Expr) -> None:
        scope: Optional[int] = self.scope
        while scope is not None:
            if name in self.scopes[scope]["bindings"]:
                self.scopes[scope]["bindings"][name].append(["v", value])
                return
            scope = self.scopes[scope]["parent"]

    def bind(self, name: str, binding: List[Any]) -> None:
        scope = 0 if name in self.globals else self.scope
        self.scopes[scope]["bindings"].setdefault(name, []).append(binding)

    # -- expressions -------------------------------------------------------------------------

    def expressions(self, nodes: Iterable[Optional[ast.AST]]) -> None:
        """Record the calls and bindings inside expressions, lambdas and comprehensions.

        A walk of our own rather than ``ast.walk``: it skips the leaves that cannot hold a
        call (constants, contexts, operators), which is most of every tree."""
        stack = [node for node in nodes if node is not None]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is ast.Name:
                if node.id in _DYNAMIC and self.function is not None:  # type: ignore[attr-defined]
                    self.functions[self.function]["dynamic"] = True
                continue
            if kind is ast.Call:
                self.call(node)  # type: ignore[arg-type]
            elif kind is ast.NamedExpr and type(node.target) is ast.Name:  # type: ignore[attr-defined]
                self.bind(node.target.id, ["v", self.expr(node.value)])  # type: ignore[attr-defined]
            for field in node._fields:
                value = getattr(node, field)
                if type(value) is list:
                    for item in value:
                        if type(item) not in _LEAVES and isinstance(item, ast.AST):
                            stack.append(item)
                elif type(value) not in _LEAVES and isinstance(value, ast.AST):
                    stack.append(value)

    def call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        inner = func.func if isinstance(func, ast.Call) else None
        inner_name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", None)
        position = [node.lineno, node.col_offset, node.end_lineno, node.end_col_offset]
        if (
            name in _WORDS
            or inner_name in _WORDS
            or name in self.aliases
            or inner_name in self.aliases
        ):
            self.sites.append(
                {
                    "scope": self.scope,
                    "at": position,
                    "callee": self.expr(func),
                    "args": [self.expr(arg) for arg in node.args],
                    "keywords": {k.arg or "**": self.expr(k.value) for k in node.keywords},
                    "function": self.function,
                }
            )
        if (
            isinstance(func, ast.Attribute)
            and func.attr in registry.RUNNABLE_METHODS
            and _has_input(node)
        ):
            if self.function is not None:
                receiver = self.expr(func.value)
                self.functions[self.function]["runnable"].append(
                    [*name_at(func), func.attr, describe(receiver), receiver, self.scope]
                )
            return
        if isinstance(func, ast.Name) and func.id in _BUILTINS:
            return
        callee = self.expr(func)
        text = dotted(callee)
        if text is None:
            return
        record = [
            *name_at(func),
            text,
            callee,
            self.scope,
            [k.arg for k in node.keywords if k.arg],
            any(isinstance(a, ast.Starred) for a in node.args)
            or any(k.arg is None for k in node.keywords),
        ]
        if self.function is not None:
            self.functions[self.function]["calls"].append(record)
        else:
            self.module_calls.append(record)

    def expr(self, node: Optional[ast.AST], depth: int = 0) -> Expr:
        if node is None or depth > _MAX_DEPTH:
            return UNKNOWN
        deeper = depth + 1
        if isinstance(node, ast.Name):
            return ["n", node.id]
        if isinstance(node, ast.Attribute):
            return ["a", self.expr(node.value, deeper), node.attr]
        if isinstance(node, ast.Call):
            # Of a call's arguments only the first can matter (``partial(fn, ...)``); the
            # rest are counted and keywords named, which is what messages and
            # ``args_schema=`` need. Registration sites record their arguments in full.
            first = (
                node.args[0] if node.args and not isinstance(node.args[0], ast.Starred) else None
            )
            args = [self.expr(first, deeper)] if first is not None else []
            if len(node.args) > len(args):
                args.append(UNKNOWN)
            return [
                "c",
                self.expr(node.func, deeper),
                args,
                dict.fromkeys((k.arg or "**" for k in node.keywords), UNKNOWN),
            ]
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return ["l", [self.expr(element, deeper) for element in node.elts]]
        if isinstance(node, ast.Starred):
            return ["*", self.expr(node.value, deeper)]
        if isinstance(node, ast.Dict):
            return [
                "d",
                [
                    [
                        _constant(key),
                        self.expr(value, deeper) if key else ["*", self.expr(value, deeper)],
                    ]
                    for key, value in zip(node.keys, node.values)
                ],
            ]
        if isinstance(node, ast.Subscript):
            return ["s", self.expr(node.value, deeper), _constant(node.slice)]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return ["+", self.expr(node.left, deeper), self.expr(node.right, deeper)]
        if isinstance(node, ast.IfExp):
            return ["|", self.expr(node.body, deeper), self.expr(node.orelse, deeper)]
        if isinstance(node, ast.Await):
            return self.expr(node.value, depth)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return ["k", node.value[:200]]
        return UNKNOWN


def name_at(func: ast.expr) -> Tuple[int, int]:
    """Where the called name starts: ``f`` in ``f(...)``, ``ainvoke`` in ``x.ainvoke(...)``,
    as a line and a UTF-8 byte column. The analysis finds its calls by this key."""
    if isinstance(func, ast.Attribute):
        end_line = func.end_lineno or func.lineno
        return end_line, (func.end_col_offset or 0) - len(func.attr.encode("utf-8"))
    return func.lineno, func.col_offset


def _scope(parent: Optional[int], kind: str) -> Dict[str, Any]:
    return {"parent": parent, "kind": kind, "bindings": {}, "stars": []}


def _is_type_checking(test: ast.expr) -> bool:
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
    return name == "TYPE_CHECKING"


def _is_static(node: Any) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "staticmethod")
        or (isinstance(d, ast.Attribute) and d.attr == "staticmethod")
        for d in node.decorator_list
    )


def _has_input(node: ast.Call) -> bool:
    """A runnable method takes its input first, positionally or as ``input=``; boto3's
    ``client.invoke(FunctionName=...)`` does not."""
    if node.args and not isinstance(node.args[0], ast.Starred):
        return True
    if node.args:  # *args: the input may be in there
        return True
    return any(keyword.arg == "input" for keyword in node.keywords)


def _params(arguments: ast.arguments) -> List[Tuple[ast.arg, str]]:
    found: List[Tuple[ast.arg, str]] = [(a, "posonly") for a in arguments.posonlyargs]
    found += [(a, "pos") for a in arguments.args]
    if arguments.vararg is not None:
        found.append((arguments.vararg, "star"))
    found += [(a, "kwonly") for a in arguments.kwonlyargs]
    if arguments.kwarg is not None:
        found.append((arguments.kwarg, "kwstar"))
    return found


def _arguments(arguments: ast.arguments) -> List[ast.arg]:
    return [argument for argument, _ in _params(arguments)]


def _defaults(arguments: ast.arguments) -> List[ast.expr]:
    return [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]


def _param_records(arguments: ast.arguments) -> List[List[Any]]:
    """``[name, kind, annotation text or None, has a default]`` for each parameter."""
    positional = [*arguments.posonlyargs, *arguments.args]
    defaulted = {id(a) for a in positional[len(positional) - len(arguments.defaults) :]}
    defaulted.update(
        id(a) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None
    )
    return [
        [
            argument.arg,
            kind,
            _annotation_words(argument.annotation) if argument.annotation is not None else None,
            id(argument) in defaulted,
        ]
        for argument, kind in _params(arguments)
    ]


def _settings_config(node: Any) -> bool:
    """Is the function's ``config`` parameter the application's settings rather than a
    RunnableConfig? It is when it is not annotated as one and the body reads a key no
    RunnableConfig has (``config["model"]``, ``config.get("temperature")``) or an attribute
    (``config.model_name``). Then a fix must neither forward it nor pass a config into it."""
    param = next((a for a in _arguments(node.args) if a.arg == "config"), None)
    if param is None or (
        param.annotation is not None and "RunnableConfig" in _annotation_words(param.annotation)
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
            key = _constant(child.slice)
            if isinstance(key, str):
                yield child.value, key
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            if child.func.attr == "get" and child.args:
                key = _constant(child.args[0])
                if isinstance(key, str):
                    yield child.func.value, key
        elif isinstance(child, ast.Attribute) and child.attr not in registry.DICT_METHODS:
            yield child.value, child.attr


def _annotation_words(annotation: ast.expr) -> str:
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


def _constant(node: Optional[ast.AST]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value
    return None
