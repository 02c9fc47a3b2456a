"""Placeholder until the isort-compatible placement lands: LibCST's AddImportsVisitor."""

from __future__ import annotations

from typing import Sequence, Tuple

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor

from toolcfg.importstyle import ImportStyle


def add_imports(
    module: cst.Module, wanted: Sequence[Tuple[str, str]], style: ImportStyle
) -> cst.Module:
    context = CodemodContext()
    for module_name, name in wanted:
        AddImportsVisitor.add_needed_import(context, module_name, name)
    return AddImportsVisitor(context).transform_module(module)
