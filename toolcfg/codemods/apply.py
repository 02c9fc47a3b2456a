"""Carry out a file's edits on its LibCST tree. Nothing here decides anything: each edit
names the node it changes by a position the analysis computed.

Parameters and comma lists are edited in the list's own layout (``commas.py``), and new
imports go where the project's isort settings put them (``imports.py``). Lines a fix makes
too long are left to the user's formatter (``toolcfg.formatting``).
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Set, Tuple, Union

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from toolcfg.codemods.commas import insert_items
from toolcfg.codemods.imports import add_imports
from toolcfg.codemods.signatures import add_parameter, change_parameter
from toolcfg.importstyle import ImportStyle
from toolcfg.linter.findings import (
    AddImport,
    AddParameter,
    ChangeParameter,
    Edit,
    ForwardConfig,
    Position,
    Rename,
    ReplaceConfig,
)

Signature = Union[AddParameter, ChangeParameter]


#: Where in the original text an edit changes something: (start, end) positions.
Regions = Dict[Edit, List[Tuple[Position, Position]]]


def apply_edits(
    module: cst.Module,
    edits: Sequence[Edit],
    style: Optional[ImportStyle] = None,
    regions: Optional[Regions] = None,
) -> cst.Module:
    """The module with ``edits`` carried out; an edit repeated is carried out once. With
    ``regions``, records the span of the original text each edit changes (imports have
    none: they go where the import style says)."""
    unique = list(dict.fromkeys(edits))
    transformer = _Apply(unique, regions, module.default_indent)
    if transformer.has_work:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        module = wrapper.visit(transformer)
    wanted = [(edit.module, edit.name) for edit in unique if isinstance(edit, AddImport)]
    if wanted:
        module = add_imports(module, wanted, style or ImportStyle())
    return module


class _Apply(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self, edits: Sequence[Edit], regions: Optional[Regions] = None, indent: str = "    "
    ) -> None:
        super().__init__()
        self.regions = regions
        #: One level of the module's indentation, for a signature laid out one per line.
        self.indent = indent
        self.signatures: Dict[Position, List[Signature]] = {}
        self.forwards: Dict[Position, List[ForwardConfig]] = {}
        self.replaces: Dict[Position, ReplaceConfig] = {}
        self.renames: Dict[Position, str] = {}
        self.rename_edits: Dict[Position, Rename] = {}
        for edit in edits:
            if isinstance(edit, (AddParameter, ChangeParameter)):
                self.signatures.setdefault(edit.function, []).append(edit)
            elif isinstance(edit, ForwardConfig):
                self.forwards.setdefault(edit.call, []).append(edit)
            elif isinstance(edit, ReplaceConfig):
                self.replaces[edit.call] = edit
            elif isinstance(edit, Rename):
                self.renames.update(dict.fromkeys(edit.references, edit.new))
                self.rename_edits.update(dict.fromkeys(edit.references, edit))
        self.has_work = bool(self.signatures or self.forwards or self.replaces or self.renames)

    def _position(self, node: cst.CSTNode) -> Position:
        start = self.get_metadata(PositionProvider, node).start
        return Position(start.line, start.column + 1)

    def _end(self, node: cst.CSTNode) -> Position:
        end = self.get_metadata(PositionProvider, node).end
        return Position(end.line, end.column + 1)

    def _region(self, edit: Edit, start: cst.CSTNode, end: cst.CSTNode) -> None:
        if self.regions is not None:
            self.regions.setdefault(edit, []).append((self._position(start), self._end(end)))

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.Name:
        if self.renames:
            where = self._position(original_node)
            new = self.renames.get(where)
            if new is not None:
                self._region(self.rename_edits[where], original_node, original_node)
                return updated_node.with_changes(value=new)
        return updated_node

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        edits = self.signatures.get(self._position(original_node.name), [])
        # A renamed parameter is found under its new name.
        renamed = {
            param.name.value: self.renames[where]
            for param in _params(original_node.params)
            if (where := self._position(param.name)) in self.renames
        }
        for edit in edits:
            self._region(edit, original_node.name, original_node.params)
            if isinstance(edit, AddParameter):
                updated_node = add_parameter(updated_node, edit, self.indent)
            else:
                updated_node = change_parameter(
                    updated_node, edit, renamed.get(edit.name), self.indent
                )
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        func = original_node.func
        name = func.attr if isinstance(func, cst.Attribute) else func
        if not (self.forwards or self.replaces):
            return updated_node
        where = self._position(name)
        replace = self.replaces.get(where)
        for edit in [replace, *self.forwards.get(where, ())]:
            if edit is not None:
                self._region(edit, name, original_node)
        if replace is not None:
            updated_node = updated_node.with_changes(
                args=replace_config_argument(updated_node, replace)
            )
        for forward in self.forwards.get(where, ()):
            updated_node = updated_node.with_changes(
                args=add_keyword_argument(updated_node, forward.keyword, forward.value)
            )
        return updated_node


def apply_text(
    text: str,
    edits: Sequence[Edit],
    style: Optional[ImportStyle] = None,
    regions: Optional[Regions] = None,
) -> str:
    """``apply_edits`` on a text. LibCST drops a last lone ``\\r`` line ending when it
    writes a module back; it is kept here, and any other difference is an error."""
    module = cst.parse_module(text)
    tail = lost_tail(module.code, text)
    return apply_edits(module, edits, style, regions).code + tail


def lost_tail(produced: str, original: str) -> str:
    if produced == original:
        return ""
    if original == produced + "\r":
        return "\r"
    raise ValueError("LibCST does not write this file back as it was")


def _params(params: cst.Parameters) -> List[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for extra in (params.star_arg, params.star_kwarg):
        if isinstance(extra, cst.Param):
            found.append(extra)
    return found


def add_keyword_argument(call: cst.Call, keyword: str, value: str) -> List[cst.Arg]:
    """The call's arguments with ``keyword=<value>`` added last, but before any ``**kwargs``."""
    arg = cst.Arg(
        keyword=cst.Name(keyword),
        value=cst.parse_expression(value),
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    args = list(call.args)
    index = next((i for i, existing in enumerate(args) if existing.star == "**"), len(args))
    return insert_items(args, index, [arg], call.whitespace_before_args)


def replace_config_argument(call: cst.Call, edit: ReplaceConfig) -> Tuple[cst.Arg, ...]:
    """The call's arguments with the config it passes replaced, passed the same way."""
    args = list(call.args)
    keyword = [
        i
        for i, arg in enumerate(args)
        if arg.keyword is not None and arg.keyword.value == edit.keyword
    ]
    positional = [i for i, arg in enumerate(args) if arg.keyword is None and not arg.star]
    index: Optional[int] = (
        keyword[0]
        if keyword
        else positional[edit.index]
        if edit.index is not None and edit.index < len(positional)
        else None
    )
    if index is None:
        return tuple(args)
    args[index] = args[index].with_changes(value=cst.parse_expression(edit.value))
    return tuple(args)


def changed_lines(edits: Sequence[Edit]) -> Set[int]:
    """The lines the edits name: where the formatter may have to lay out again."""
    lines: Set[int] = set()
    for edit in edits:
        if isinstance(edit, (AddParameter, ChangeParameter)):
            lines.add(edit.function.line)
        elif isinstance(edit, (ForwardConfig, ReplaceConfig)):
            lines.add(edit.call.line)
        elif isinstance(edit, Rename):
            lines.update(position.line for position in edit.references)
    return lines
