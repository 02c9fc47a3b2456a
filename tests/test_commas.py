"""Comma-separated lists keep their layout when an item is added: ``codemods/commas.py``."""

from __future__ import annotations

import libcst as cst
import pytest

from toolcfg.codemods.commas import insert_items

CONFIG = cst.Arg(
    keyword=cst.Name("config"),
    value=cst.Name("config"),
    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
)


def inserted(call: str, index: int) -> str:
    node = cst.parse_expression(call)
    assert isinstance(node, cst.Call)
    args = insert_items(node.args, index, [CONFIG], node.whitespace_before_args)
    return cst.Module(body=()).code_for_node(node.with_changes(args=args))


@pytest.mark.parametrize(
    "call, index, expected",
    [
        ("f(a)", 1, "f(a, config=config)"),
        ("f(\n    a\n)", 1, "f(\n    a, config=config\n)"),
        ("f(\n    a,\n)", 1, "f(\n    a,\n    config=config,\n)"),
        ("f(\n    a  # why\n)", 1, "f(\n    a,  # why\n    config=config,\n)"),
        (
            "f(\n    g(\n        x,\n    )\n)",
            1,
            "f(\n    g(\n        x,\n    ),\n    config=config,\n)",
        ),
        ("f(\n    **kw  # why\n)", 0, "f(\n    config=config,\n    **kw,  # why\n)"),
        ("f(\n    **kw\n)", 0, "f(\n    config=config, **kw\n)"),
    ],
    ids=[
        "one line",
        "lone item: joins its line",
        "trailing comma: a line each",
        "lone item with a comment: a line each, trailing comma",
        "lone item over lines: a line each, trailing comma",
        "before a lone item over lines: it takes the trailing comma",
        "before a lone item: joins its line",
    ],
)
def test_an_added_item_follows_the_lists_layout(call: str, index: int, expected: str) -> None:
    assert inserted(call, index) == expected
