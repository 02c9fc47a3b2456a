"""Edit a function's parameters and keep the signature valid."""

from __future__ import annotations

from typing import Dict, List, Optional, Set, Union

import libcst as cst

from toolcfg.codemods.commas import insert_items, one_per_line, remove_item
from toolcfg.linter.findings import AddParameter, ChangeParameter

_ParamItem = Union[cst.Param, cst.ParamStar, cst.ParamSlash]
#: The parts of ``cst.Parameters``, in source order.
_GROUPS = ("posonly_params", "posonly_ind", "params", "star_arg", "kwonly_params", "star_kwarg")


def add_parameter(
    function: cst.FunctionDef, edit: AddParameter, indent: str = "    "
) -> cst.FunctionDef:
    """Add ``name: annotation [= default]``: appended when the signature allows, else
    keyword-only. Either way it goes before ``**kwargs``. With a comment, the signature is
    laid out one parameter per line (``indent`` deeper than the ``def``), so that the
    comment stays on the parameter's line whatever the formatter does."""
    default = cst.parse_expression(edit.default) if edit.default is not None else None
    param = cst.Param(
        name=cst.Name(edit.name),
        annotation=_annotation(edit.annotation),
        default=default,
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(" "), whitespace_after=cst.SimpleWhitespace(" ")
        )
        if default is not None
        else cst.MaybeSentinel.DEFAULT,
    )
    added = _insert(function, _groups(function.params), param, edit.keyword_only)
    return _commented(added, {edit.name}, edit.comment, indent)


def change_parameter(
    function: cst.FunctionDef,
    edit: ChangeParameter,
    renamed: Optional[str] = None,
    indent: str = "    ",
) -> cst.FunctionDef:
    """Re-annotate, drop the default of, or move keyword-only one parameter, found by its
    name, or by ``renamed`` when a rename has changed it already; with a comment, as
    ``add_parameter`` lays it out."""
    changed = _changed(function, edit, renamed)
    return _commented(changed, {edit.name, renamed}, edit.comment, indent)


def _commented(
    function: cst.FunctionDef, names: Set[Optional[str]], comment: Optional[str], indent: str
) -> cst.FunctionDef:
    """The signature one parameter per line, ``comment`` on the line of the one named."""
    if comment is None:
        return function
    groups = _groups(function.params)
    flat = _flat(groups)
    index = next(
        i for i, item in enumerate(flat) if isinstance(item, cst.Param) and item.name.value in names
    )
    laid, opening = one_per_line(flat, function.whitespace_before_params, indent, {index: comment})
    sizes = {name: len(items) for name, items in groups.items()}
    return function.with_changes(
        params=_parameters(function.params, _regroup(laid, sizes)),
        whitespace_before_params=opening,
    )


def _changed(
    function: cst.FunctionDef, edit: ChangeParameter, renamed: Optional[str]
) -> cst.FunctionDef:
    groups = _groups(function.params)
    wanted = {edit.name, renamed}
    group, index, param = next(
        (name, i, item)
        for name, items in groups.items()
        for i, item in enumerate(items)
        if isinstance(item, cst.Param) and item.name.value in wanted
    )
    if edit.annotation is not None:
        annotation = cst.parse_expression(edit.annotation)
        param = param.with_changes(
            annotation=param.annotation.with_changes(annotation=annotation)
            if param.annotation is not None
            else _annotation(edit.annotation)
        )
    if edit.drop_default:
        param = param.with_changes(default=None, equal=cst.MaybeSentinel.DEFAULT)
    if edit.keyword_only and group != "kwonly_params":
        flat, offset = _flat(groups), _offset(groups, group) + index
        flat = remove_item(flat, offset)
        groups[group].pop(index)
        groups = _regroup(flat, {name: len(items) for name, items in groups.items()})
        return _insert(function, groups, param, keyword_only=True)
    groups[group][index] = param
    return function.with_changes(params=_parameters(function.params, groups))


def _insert(
    function: cst.FunctionDef,
    groups: Dict[str, List[_ParamItem]],
    param: cst.Param,
    keyword_only: bool,
) -> cst.FunctionDef:
    new: Dict[str, List[_ParamItem]]
    if not keyword_only:
        after, new = "params", {"params": [param]}
    elif groups["star_arg"]:
        after, new = "kwonly_params", {"kwonly_params": [param]}
    else:
        after, new = "params", {"star_arg": [cst.ParamStar()], "kwonly_params": [param]}
    index = _offset(groups, after) + len(groups[after])
    added = [item for items in new.values() for item in items]
    flat = insert_items(_flat(groups), index, added, function.whitespace_before_params)
    sizes = {name: len(items) + len(new.get(name, ())) for name, items in groups.items()}
    return function.with_changes(params=_parameters(function.params, _regroup(flat, sizes)))


def _annotation(text: str) -> cst.Annotation:
    return cst.Annotation(
        cst.parse_expression(text), whitespace_before_indicator=cst.SimpleWhitespace("")
    )


def _groups(params: cst.Parameters) -> Dict[str, List[_ParamItem]]:
    return {
        "posonly_params": list(params.posonly_params),
        "posonly_ind": []
        if params.posonly_ind is cst.MaybeSentinel.DEFAULT
        else [params.posonly_ind],
        "params": list(params.params),
        "star_arg": [] if params.star_arg is cst.MaybeSentinel.DEFAULT else [params.star_arg],
        "kwonly_params": list(params.kwonly_params),
        "star_kwarg": [] if params.star_kwarg is None else [params.star_kwarg],
    }


def _flat(groups: Dict[str, List[_ParamItem]]) -> List[_ParamItem]:
    return [item for name in _GROUPS for item in groups[name]]


def _offset(groups: Dict[str, List[_ParamItem]], group: str) -> int:
    return sum(len(groups[name]) for name in _GROUPS[: _GROUPS.index(group)])


def _regroup(flat: List[_ParamItem], sizes: Dict[str, int]) -> Dict[str, List[_ParamItem]]:
    groups = {}
    for name in _GROUPS:
        groups[name], flat = flat[: sizes[name]], flat[sizes[name] :]
    return groups


def _parameters(params: cst.Parameters, groups: Dict[str, List[_ParamItem]]) -> cst.Parameters:
    def single(name: str, default: object) -> object:
        return groups[name][0] if groups[name] else default

    return params.with_changes(
        posonly_params=groups["posonly_params"],
        posonly_ind=single("posonly_ind", cst.MaybeSentinel.DEFAULT),
        params=groups["params"],
        star_arg=single("star_arg", cst.MaybeSentinel.DEFAULT),
        kwonly_params=groups["kwonly_params"],
        star_kwarg=single("star_kwarg", None),
    )
