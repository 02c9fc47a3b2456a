"""Apply the fixes that toolcfg's analysis attaches to its findings.

Usable on its own from LibCST's runner::

    python -m libcst.tool codemod -x toolcfg.codemods.forward_config.ForwardConfigCommand --no-format src/

The command never decides what is wrong. It asks ``analyze_module`` (or takes the findings it
is given) and carries out each fix's edits at the nodes they name.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, TypeVar, Union

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider

from toolcfg.linter.analyze import analyze_module
from toolcfg.linter.findings import AddConfigParameter, AddImport, Finding, ForwardConfig, Position

_Item = TypeVar("_Item", cst.Param, cst.ParamStar, cst.ParamSlash, cst.Arg)


class ForwardConfigCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Add a `config: RunnableConfig` parameter to LangChain callables and forward it."
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, context: CodemodContext, findings: Optional[Sequence[Finding]] = None) -> None:
        super().__init__(context)
        self._findings = findings
        self._parameters: Dict[Position, AddConfigParameter] = {}
        self._forwards: Dict[Position, ForwardConfig] = {}

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        findings = self._findings
        if findings is None:
            findings = analyze_module(tree, self.metadata[PositionProvider])
        for finding in findings:
            for edit in finding.fix.edits if finding.fix else ():
                if isinstance(edit, AddConfigParameter):
                    self._parameters[edit.function] = edit
                elif isinstance(edit, ForwardConfig):
                    self._forwards[edit.call] = edit
                elif isinstance(edit, AddImport):
                    AddImportsVisitor.add_needed_import(self.context, edit.module, edit.name)
        if not (self._parameters or self._forwards):
            return tree
        return super().transform_module_impl(tree)

    def _position(self, node: cst.CSTNode) -> Position:
        start = self.get_metadata(PositionProvider, node).start
        return Position(start.line, start.column + 1)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        edit = self._parameters.get(self._position(original_node.name))
        if edit is None:
            return updated_node
        return updated_node.with_changes(params=add_parameter(updated_node, edit))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not isinstance(original_node.func, cst.Attribute):
            return updated_node
        edit = self._forwards.get(self._position(original_node.func.attr))
        if edit is None:
            return updated_node
        return updated_node.with_changes(args=add_config_argument(updated_node, edit.value))


def add_parameter(function: cst.FunctionDef, edit: AddConfigParameter) -> cst.Parameters:
    """The function's parameters with ``name: annotation`` added where it stays valid.

    A plain parameter goes after the positional ones; a keyword-only one goes last among the
    keyword-only ones, after a new bare ``*`` if there is no ``*`` yet. Both stay before
    ``**kwargs``.
    """
    params = function.params
    new_param = cst.Param(
        name=cst.Name(edit.name),
        annotation=cst.Annotation(
            cst.parse_expression(edit.annotation),
            whitespace_before_indicator=cst.SimpleWhitespace(""),
        ),
    )
    star = [] if params.star_arg is cst.MaybeSentinel.DEFAULT else [params.star_arg]
    groups: Dict[str, list] = {
        "posonly_params": list(params.posonly_params),
        "posonly_ind": [] if params.posonly_ind is cst.MaybeSentinel.DEFAULT else [params.posonly_ind],
        "params": list(params.params),
        "star_arg": star,
        "kwonly_params": list(params.kwonly_params),
        "star_kwarg": [] if params.star_kwarg is None else [params.star_kwarg],
    }
    if not edit.keyword_only:
        before, new = "params", {"params": [new_param]}
    elif star:
        before, new = "kwonly_params", {"kwonly_params": [new_param]}
    else:
        before, new = "params", {"star_arg": [cst.ParamStar()], "kwonly_params": [new_param]}

    flat = [item for items in groups.values() for item in items]
    index = sum(len(groups[name]) for name in _GROUP_ORDER[: _GROUP_ORDER.index(before) + 1])
    added = [item for items in new.values() for item in items]
    flat = insert_items(flat, index, added, function.whitespace_before_params)
    changes = {}
    for name, items in groups.items():
        count = len(items) + len(new.get(name, ()))
        changes[name], flat = flat[:count], flat[count:]
    return params.with_changes(
        posonly_params=changes["posonly_params"],
        posonly_ind=_single(changes["posonly_ind"], cst.MaybeSentinel.DEFAULT),
        params=changes["params"],
        star_arg=_single(changes["star_arg"], cst.MaybeSentinel.DEFAULT),
        kwonly_params=changes["kwonly_params"],
        star_kwarg=_single(changes["star_kwarg"], None),
    )


_GROUP_ORDER = ("posonly_params", "posonly_ind", "params", "star_arg", "kwonly_params", "star_kwarg")


def _single(items, default):  # type: ignore[no-untyped-def]
    return items[0] if items else default


def add_config_argument(call: cst.Call, value: str) -> List[cst.Arg]:
    """The call's arguments with ``config=<value>`` added last, but before any ``**kwargs``."""
    arg = cst.Arg(
        keyword=cst.Name("config"),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = list(call.args)
    index = next((i for i, existing in enumerate(args) if existing.star == "**"), len(args))
    return insert_items(args, index, [arg], call.whitespace_before_args)


def insert_items(
    items: Sequence[_Item],
    index: int,
    new: Sequence[_Item],
    opening: cst.BaseParenthesizableWhitespace,
) -> List[_Item]:
    """Insert ``new`` into a comma-separated list, in the list's own layout.

    A one-line list stays on one line. In a list laid out one item per line, each new item
    gets its own line, and a trailing comma stays trailing. Comments stay on the line of
    the item they follow. ``opening`` is the whitespace after the opening bracket.
    """
    items = list(items)
    separator = _separator(items, index, opening)
    new = [item.with_changes(comma=separator) for item in new]
    if not items:
        new[-1] = new[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return new
    if index < len(items):
        return items[:index] + new + items[index:]

    # Appending: the new last item takes over the closing layout; the old last item keeps
    # its comments and gets an ordinary separator.
    last = items[-1]
    if isinstance(last.comma, cst.Comma):
        closing = last.comma.whitespace_after
        new[-1] = new[-1].with_changes(comma=last.comma.with_changes(whitespace_after=_bare(closing)))
    else:
        closing = getattr(last, _TRAILING[type(last)])
        new[-1] = new[-1].with_changes(
            comma=cst.MaybeSentinel.DEFAULT, **{_TRAILING[type(new[-1])]: _bare(closing)}
        )
        last = last.with_changes(**{_TRAILING[type(last)]: cst.SimpleWhitespace("")})
    kept = separator.with_changes(whitespace_after=_keep_comments(closing, separator.whitespace_after))
    return items[:-1] + [last.with_changes(comma=kept)] + new


#: The whitespace an item keeps before the closing bracket when it has no comma.
_TRAILING = {
    cst.Param: "whitespace_after_param",
    cst.Arg: "whitespace_after_arg",
    cst.ParamSlash: "whitespace_after",
}


def _separator(items: Sequence[_Item], index: int, opening: cst.BaseParenthesizableWhitespace) -> cst.Comma:
    """The comma, with its whitespace but none of its comments, that this list puts between items."""
    inner = [item.comma for item in items[:-1] if isinstance(item.comma, cst.Comma)]
    before = items[index - 1].comma if 0 < index < len(items) else None
    if isinstance(before, cst.Comma):
        comma = before
    elif inner:
        comma = inner[-1]
    elif isinstance(opening, cst.ParenthesizedWhitespace):
        comma = cst.Comma(whitespace_after=opening)
    else:
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    return comma.with_changes(whitespace_after=_bare(comma.whitespace_after))


def _bare(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """The same line break and indentation, without comments or blank lines."""
    if isinstance(whitespace, cst.ParenthesizedWhitespace):
        return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return whitespace


def _keep_comments(
    own: cst.BaseParenthesizableWhitespace, layout: cst.BaseParenthesizableWhitespace
) -> cst.BaseParenthesizableWhitespace:
    """``own``'s comment and blank lines, then the line start ``layout`` gives the next item."""
    if not isinstance(own, cst.ParenthesizedWhitespace):
        return layout
    if isinstance(layout, cst.ParenthesizedWhitespace):
        return own.with_changes(indent=layout.indent, last_line=layout.last_line)
    has_comments = own.first_line.comment is not None or bool(own.empty_lines)
    return own if has_comments else layout
