"""toolcfg's fixes as a LibCST codemod command, for teams that run LibCST's codemods::

    python -m libcst.tool codemod -x toolcfg.codemods.forward_config.ForwardConfigCommand --no-format src/

The command decides nothing of its own: it runs each module through the same path as
``toolcfg check --fix`` (the file's ``[tool.toolcfg]`` settings, the project index, the
analysis, fixing until nothing is fixable, the formatter for lines a fix made too long) and
returns the result. LibCST's runner hands it one module at a time, so a fix that must also
change a helper in another module is not applied here; ``toolcfg check --fix`` applies it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Optional

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile, VisitorBasedCodemodCommand

from toolcfg.results import Mode, Options
from toolcfg.runner import StdinFile, run
from toolcfg.settings import Overrides, Resolver


class ForwardConfigCommand(VisitorBasedCodemodCommand):
    DESCRIPTION = "Add a `config: RunnableConfig` parameter to LangChain callables and forward it."

    def __init__(
        self,
        context: CodemodContext,
        unsafe_fixes: bool = False,
        line_length: Optional[int] = None,
        config: Optional[str] = None,
    ) -> None:
        super().__init__(context)
        self._unsafe_fixes = unsafe_fixes
        self._overrides = Overrides(
            config=Path(config) if config else None, line_length=line_length
        )

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
            default=None,
            help="The line length the formatter lays out lines a fix made too long at "
            "[default: the formatter's].",
        )
        arg_parser.add_argument(
            "--config",
            default=None,
            help="Use this pyproject.toml or toolcfg.toml instead of discovery.",
        )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        path = Path(self.context.filename or "module.py")
        results = run(
            (),
            Options(mode=Mode.FIX, unsafe_fixes=self._unsafe_fixes),
            Resolver(self._overrides),
            stdin=StdinFile(path, tree.bytes),
        )
        result = results[0] if results else None
        if result is not None and result.error is not None:
            raise SkipFile(result.error)
        if result is None or result.fixed_source is None:
            return tree
        return cst.parse_module(result.fixed_source)
