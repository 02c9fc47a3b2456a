"""Fixes that change one signature are worked out together for ``--output-format json``."""

from __future__ import annotations

from toolcfg.linter.findings import AddConfigParameter, ChangeParameter, Finding, Fix, Position
from toolcfg.runner import _signature_groups

F, G, H = Position(3, 5), Position(9, 5), Position(15, 5)


def finding(*functions: Position, safe: bool = True) -> Finding:
    edits = tuple(ChangeParameter(function, "cfg", rename="config") for function in functions)
    return Finding("TCF104", "m", Position(1, 1), Position(1, 2), Fix(edits, safe))


def test_groups_follow_shared_signatures_transitively() -> None:
    a, b, c, d = finding(F), finding(F, G), finding(G), finding(H)
    assert _signature_groups([a, b, c, d]) == {0: (0, 1, 2), 1: (0, 1, 2), 2: (0, 1, 2), 3: (3,)}


def test_safe_and_unsafe_fixes_of_one_signature_stay_apart() -> None:
    safe = finding(F)
    unsafe = Finding(
        "TCF001", "m", Position(1, 1), Position(1, 2), Fix((AddConfigParameter(F, "config", "RunnableConfig", True),), False)
    )
    assert _signature_groups([safe, unsafe, Finding("TCF002", "m", Position(2, 1), Position(2, 2))]) == {
        0: (0,),
        1: (1,),
    }
