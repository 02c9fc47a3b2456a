"""Names of the standard library that a Python older than the one named does not have.

A module that imports one at its top level, outside ``if``/``try`` and ``TYPE_CHECKING``,
cannot even be imported on an older Python: whatever ``requires-python`` admits, its code
runs only where the name exists. Real LangGraph applications do this often, with
``typing.NotRequired`` in their state ``TypedDict``s (Python 3.11), so on Python 3.9 and
3.10, where the config is lost, such a module never runs at all.
"""

from __future__ import annotations

from typing import Dict, Tuple

Release = Tuple[int, int]

#: ``module.name`` (or a module) -> the first Python that has it.
NEWER_NAMES: Dict[str, Release] = {
    **dict.fromkeys(
        (
            "typing.Self",
            "typing.LiteralString",
            "typing.Never",
            "typing.NotRequired",
            "typing.Required",
            "typing.assert_never",
            "typing.assert_type",
            "typing.reveal_type",
            "typing.dataclass_transform",
            "typing.TypeVarTuple",
            "typing.Unpack",
            "tomllib",
            "asyncio.TaskGroup",
            "asyncio.Runner",
            "asyncio.timeout",
            "datetime.UTC",
            "enum.StrEnum",
            "enum.ReprEnum",
            "enum.verify",
            "contextlib.chdir",
            "hashlib.file_digest",
            "operator.call",
            "wsgiref.types",
        ),
        (3, 11),
    ),
    **dict.fromkeys(
        ("typing.override", "typing.TypeAliasType", "itertools.batched", "calendar.Month"),
        (3, 12),
    ),
    **dict.fromkeys(("warnings.deprecated", "typing.ReadOnly", "typing.TypeIs"), (3, 13)),
}
