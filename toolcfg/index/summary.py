"""One module, summarised with the standard library's ``ast``: what the project pass needs
to decide which functions LangChain or LangGraph runs.

The summary is typed data (``model.py``) that depends on nothing but the file, so the cache
keeps it by the file's content hash (``codec.py``). This module walks statements in order,
keeping scopes as Python resolves names, over the state and the walk of expressions in
``collecting.py``; ``expressions.py`` turns single nodes into the model's values.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Optional, Union

from toolcfg.index.collecting import WORDS, Body, Collector
from toolcfg.index.expressions import (
    FunctionNode,
    annotation_type,
    defaults,
    expression,
    is_static,
    is_type_checking,
    loop_container,
    param_records,
    params,
    settings_config,
)
from toolcfg.index.model import (
    ESCAPES,
    Assigned,
    Binding,
    Class,
    ClassBinding,
    ClassIndex,
    Function,
    FunctionBinding,
    FunctionIndex,
    ImportBinding,
    OpaqueBinding,
    ParameterBinding,
    RelativeImportBinding,
    ScopeKind,
    SelfBinding,
    StarImport,
    Subscript,
    Summary,
    Unknown,
    ValueBinding,
)
from toolcfg.index.newer import NEWER_NAMES

_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def summarize(source: bytes) -> Summary:
    """The summary of one module. Raises ``SyntaxError`` (and ``ValueError`` for NUL bytes).

    Top-level ``await`` is valid in a notebook's cells, which are read as one module. Syntax
    newer than this interpreter's (PEP 695 under Python 3.11) is read through ``grammar``,
    which LibCST lets read every Python's: only a text ``ast`` refuses pays."""
    try:
        tree: ast.Module = compile(source, "<module>", "exec", _FLAGS, dont_inherit=True)
    except SyntaxError as refused:
        from toolcfg.index import grammar  # imports LibCST, which most runs never need here

        tree = grammar.reread(source, refused, _FLAGS)
    collector = _Statements(tree)
    collector.walk_body(tree.body)
    for body in collector.bodies:
        body.runnable.sort(key=lambda call: call.key)
    return Summary(
        future_annotations=collector.future_annotations,
        libraries=tuple(sorted(collector.libraries)),
        scopes=collector.scopes,
        functions=collector.functions,
        classes=collector.classes,
        sites=collector.sites,
        calls=collector.module_calls,
        needs=collector.needs[0] if collector.needs else None,
        needs_reason=collector.needs[1] if collector.needs else "",
    )


def key_for(parent: str, name: str, seen: Dict[str, int]) -> str:
    """The key of the ``seen[name]``-th definition of ``name`` under ``parent``."""
    seen[name] = seen.get(name, 0) + 1
    base = f"{parent}.{name}" if parent else name
    return base if seen[name] == 1 else f"{base}@{seen[name]}"


class _Statements(Collector):
    """Walks statements in order, keeping scopes as Python resolves names."""

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
        elif isinstance(node, ast.If) and is_type_checking(node.test):
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
            self.annotated(node)
        elif isinstance(node, ast.AugAssign):
            self.expressions([node.value])
            if isinstance(node.target, ast.Name) and isinstance(node.op, ast.Add):
                self.extend(node.target.id, expression(node.value))
            else:
                self.assign(node.target, None)
        elif isinstance(node, ast.Return):
            if node.value is not None:
                self.expressions([node.value])
                if self.function is not None:
                    self.bodies[self.function].returns.append(expression(node.value))
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            self.globals.update(node.names)
        elif isinstance(node, ast.Expr) and self.extend_call(node.value):
            self.expressions([node.value])
        else:
            self.compound(node)

    def compound(self, node: ast.stmt) -> None:
        """Any other statement: its expressions, its targets and its nested bodies."""
        guarded = isinstance(node, (ast.If, ast.Try)) or type(node).__name__ == "TryStar"
        self.guarded += guarded
        self._compound(node)
        self.guarded -= guarded

    def _compound(self, node: ast.stmt) -> None:
        for name, value in ast.iter_fields(node):
            if name in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in value:
                    if isinstance(child, ast.stmt):
                        self.statement(child)
                    elif isinstance(child, ast.ExceptHandler):
                        if child.name:
                            self.bind(child.name, OpaqueBinding())
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

    def function_def(self, node: FunctionNode) -> None:
        arguments = node.args
        self.expressions([*node.decorator_list, *defaults(arguments)])
        self.expressions([a.annotation for a, _ in params(arguments) if a.annotation])
        if node.returns is not None:
            self.expressions([node.returns])
        index = FunctionIndex(len(self.functions))
        key = key_for(self.path, node.name, self.seen)
        self.bind(node.name, FunctionBinding(index))
        body_scope = self.new_scope(self.lookup_scope, ScopeKind.FUNCTION)
        owner = self.cls if self.scopes[self.scope].kind is ScopeKind.CLASS else None
        body = Body()
        self.bodies.append(body)
        self.functions.append(
            Function(
                key=key,
                name=node.name,
                scope=body_scope,
                outer=self.scope,
                owner=owner,
                is_async=isinstance(node, ast.AsyncFunctionDef),
                first=min([node.lineno, *(d.lineno for d in node.decorator_list)]),
                line=node.lineno,
                last=node.end_lineno or node.lineno,
                headers=(*(d.lineno for d in node.decorator_list), node.lineno),
                indent=node.col_offset,
                params=param_records(arguments),
                decorators=tuple(expression(d) for d in node.decorator_list),
                calls=body.calls,
                runnable=body.runnable,
                returns=body.returns,
                parent=self.function,
                dynamic=False,
                settings_config=settings_config(node),
                run=self.run_of(node.name) if node.decorator_list else ESCAPES,
            )
        )
        if owner is not None:
            self.methods[owner].setdefault(node.name, index)
        saved = (self.scope, self.lookup_scope, self.function, self.path, self.seen, self.globals)
        outer_dynamic, self.dynamic = self.dynamic, False
        self.scope = self.lookup_scope = body_scope
        self.function, self.path, self.seen, self.globals = index, key, {}, set()
        self.enclosing.append(node)
        for position, (argument, _) in enumerate(params(arguments)):
            binding: Binding = ParameterBinding(annotation_type(argument.annotation))
            if position == 0 and owner is not None and not is_static(node):
                binding = SelfBinding(owner)
            self.bind(argument.arg, binding)
        self.walk_body(node.body)
        self.enclosing.pop()
        if self.dynamic:
            self.functions[index] = self.functions[index]._replace(dynamic=True)
        self.scope, self.lookup_scope, self.function, self.path, self.seen, self.globals = saved
        self.dynamic = outer_dynamic

    def class_def(self, node: ast.ClassDef) -> None:
        self.expressions([*node.decorator_list, *node.bases, *(k.value for k in node.keywords)])
        index = ClassIndex(len(self.classes))
        key = key_for(self.path, node.name, self.seen)
        self.bind(node.name, ClassBinding(index))
        body_scope = self.new_scope(self.scope, ScopeKind.CLASS)
        methods: Dict[str, FunctionIndex] = {}
        attributes: Dict[str, List[Assigned]] = {}
        self.methods.append(methods)
        self.attributes.append(attributes)
        self.classes.append(
            Class(
                key=key,
                name=node.name,
                scope=body_scope,
                outer=self.scope,
                bases=tuple(expression(base) for base in node.bases),
                methods=methods,
                attributes=attributes,
                line=node.lineno,
            )
        )
        saved = (self.scope, self.cls, self.path, self.seen)
        self.scope, self.cls, self.path, self.seen = body_scope, index, key, {}
        self.enclosing.append(node)
        self.walk_body(node.body)
        self.enclosing.pop()
        self.scope, self.cls, self.path, self.seen = saved

    def import_(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        runtime = self.type_checking == 0
        absolute = isinstance(node, ast.Import) or node.level == 0
        if runtime and absolute and not self.guarded and self.function is None:
            self.newer(node)
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.libraries.add(alias.name.split(".")[0])
                if alias.asname:
                    self.bind(alias.asname, ImportBinding(alias.name, runtime))
                else:
                    head = alias.name.split(".")[0]
                    self.bind(head, ImportBinding(head, runtime))
            return
        module = node.module or ""
        if node.level == 0:
            self.libraries.add(module.split(".")[0])
            if module == "__future__" and any(a.name == "annotations" for a in node.names):
                self.future_annotations = True
        for alias in node.names:
            if alias.name == "*":
                self.stars[self.scope].append(StarImport(node.level, module))
                continue
            local = alias.asname or alias.name
            if alias.name in WORDS:
                self.aliases.add(local)
            if node.level == 0:
                self.bind(local, ImportBinding(f"{module}.{alias.name}", runtime))
            else:
                self.bind(local, RelativeImportBinding(node.level, module, alias.name, runtime))

    def newer(self, node: Union[ast.Import, ast.ImportFrom]) -> None:
        """Note a top-level import of a name older Pythons lack (``newer.py``)."""
        if isinstance(node, ast.Import):
            names = [(alias.name, f"import {alias.name}") for alias in node.names]
        else:
            module = node.module or ""
            names = [
                (f"{module}.{alias.name}", f"from {module} import {alias.name}")
                for alias in node.names
            ]
        for name, spelled in names:
            release = NEWER_NAMES.get(name)
            if release is not None and (self.needs is None or release > self.needs[0]):
                self.needs = (release, spelled)

    def assign(self, target: ast.AST, value: Optional[ast.expr]) -> None:
        if isinstance(target, ast.Name):
            self.bind(
                target.id, ValueBinding(expression(value)) if value is not None else OpaqueBinding()
            )
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
                assigned = Assigned(expression(value), self.scope)
                self.attributes[owner].setdefault(target.attr, []).append(assigned)

    def annotated(self, node: ast.AnnAssign) -> None:
        """``name: Type = value``. In a class body, a field: whatever the constructor is
        given, of its annotation's type (a dataclass's or a pydantic model's fields)."""
        target = node.target
        if self.scopes[self.scope].kind is ScopeKind.CLASS and isinstance(target, ast.Name):
            field = annotation_type(node.annotation)
            if not isinstance(field, Unknown):
                if node.value is not None:
                    self.assign(target, node.value)
                self.bind(target.id, ParameterBinding(field))
                return
        self.assign(target, node.value)

    def loop_target(self, target: ast.AST, iterable: ast.expr) -> None:
        """``for fn in NODES``, ``for name, fn in NODES.items()``: the loop's item is anything
        in the container, so that ``builder.add_node(name, fn)`` in the body registers each
        of them."""
        container = loop_container(target, iterable)
        if container is None:
            self.assign(target, None)
            return
        item = target.elts[1] if isinstance(target, ast.Tuple) else target
        if isinstance(target, ast.Tuple):
            self.assign(target.elts[0], None)
        if isinstance(item, ast.Name):
            self.bind(item.id, ValueBinding(Subscript(expression(container), None)))
        else:
            self.assign(item, None)

    def _self_class(self, name: str) -> Optional[ClassIndex]:
        for binding in self.bindings[self.scope].get(name, ()):
            if isinstance(binding, SelfBinding):
                return binding.owner
        return None
