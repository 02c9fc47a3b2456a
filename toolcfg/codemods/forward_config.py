"""Apply the fixes that toolcfg's analysis attaches to its findings.

Usable on its own from LibCST's runner::

    python -m libcst.tool codemod -x toolcfg.codemods.forward_config.ForwardConfigCommand --no-format src/

The command never decides what is wrong. It asks ``analyze_module`` (or takes the findings it
is given) and carries out each fix's edits at the nodes they name. A line the edits make
longer than ``--line-length`` is then wrapped as ``ruff format`` would wrap it.
"""

from __future__ import annotations

import argparse
from typing import Dict, List, Optional, Sequence, Union

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import PositionProvider

from toolcfg.codemods.commas import insert_items
from toolcfg.codemods.signatures import add_parameter, change_parameter
from toolcfg.codemods.wrapping import DEFAULT_LINE_LENGTH, wrap_long_lines
from toolcfg.linter.analyze import analyze_module
from toolcfg.linter.findings import (
    AddConfigParameter,
    AddImport,
    ChangeParameter,
    Finding,
    ForwardConfig,
    Position,
)


class ForwardConfigCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Add a `config: RunnableConfig` parameter to LangChain callables and forward it."
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self,
        context: CodemodContext,
        findings: Optional[Sequence[Finding]] = None,
        unsafe_fixes: bool = False,
        line_length: int = DEFAULT_LINE_LENGTH,
    ) -> None:
        """Apply ``findings``' fixes, or, without findings, the module's own safe fixes."""
        super().__init__(context)
        self._findings = findings
        self._unsafe_fixes = unsafe_fixes
        self._line_length = line_length
        self._signatures: Dict[Position, List[Union[AddConfigParameter, ChangeParameter]]] = {}
        self._forwards: Dict[Position, ForwardConfig] = {}

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--unsafe-fixes",
            action="store_true",
            help="Also apply fixes that can change behaviour for direct callers.",
        )
        arg_parser.add_argument(
            "--line-length",
            type=int,
            default=DEFAULT_LINE_LENGTH,
            help="Wrap the lines a fix makes longer than this, as ruff format would.",
        )

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """The fixed module, imports added, with the lines the fixes made too long wrapped."""
        fixed = super().transform_module(tree)
        if fixed is tree:
            return fixed
        wrapped = wrap_long_lines(tree.code, fixed.code, self._line_length)
        if wrapped == fixed.code:
            return fixed
        try:
            return cst.parse_module(wrapped.encode(fixed.encoding))
        except cst.ParserSyntaxError:
            # Wrapping only breaks lines inside brackets and adds parentheses; should that
            # ever not parse, the fix still stands, unwrapped (tests/test_line_wrapping.py
            # checks that every wrap of its generated programs parses).
            return fixed

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        findings = self._findings
        if findings is None:
            found = analyze_module(tree, self.metadata[PositionProvider])
            findings = [f for f in found if f.fix and (f.fix.safe or self._unsafe_fixes)]
        seen = set()
        for finding in findings:
            for edit in finding.fix.edits if finding.fix else ():
                if edit in seen:  # two fixes that share an edit: apply it once
                    continue
                seen.add(edit)
                if isinstance(edit, (AddConfigParameter, ChangeParameter)):
                    self._signatures.setdefault(edit.function, []).append(edit)
                elif isinstance(edit, ForwardConfig):
                    self._forwards[edit.call] = edit
                elif isinstance(edit, AddImport):
                    AddImportsVisitor.add_needed_import(self.context, edit.module, edit.name)
        if not (self._signatures or self._forwards):
            return tree
        return super().transform_module_impl(tree)

    def _position(self, node: cst.CSTNode) -> Position:
        start = self.get_metadata(PositionProvider, node).start
        return Position(start.line, start.column + 1)

    def leave_FunctionDef(
        self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef
    ) -> cst.FunctionDef:
        for edit in self._signatures.get(self._position(original_node.name), ()):
            if isinstance(edit, AddConfigParameter):
                updated_node = add_parameter(updated_node, edit)
            else:
                updated_node = change_parameter(updated_node, edit)
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not isinstance(original_node.func, cst.Attribute):
            return updated_node
        edit = self._forwards.get(self._position(original_node.func.attr))
        if edit is None:
            return updated_node
        return updated_node.with_changes(args=add_config_argument(updated_node, edit.value))


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
