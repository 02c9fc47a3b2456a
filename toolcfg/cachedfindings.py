"""Findings as the cache stores them: plain JSON-ready data, and back, checked.

A cache directory can come with a checkout (``cache.py``), so a finding read back from it is
rebuilt field by field, each of the type the reports sort and print, and an edit only of
the kinds a fix makes; anything else fails to decode, and the entry is ignored. Apart from
the cache's storage so that the shape of a finding is written down once, beside its reader.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Dict

from toolcfg.linter import findings as model
from toolcfg.linter.findings import Finding, Fix, Position

_EDITS = {
    cls.__name__: cls
    for cls in (
        model.AddParameter,
        model.ForwardConfig,
        model.ReplaceConfig,
        model.ChangeParameter,
        model.Rename,
        model.AddImport,
    )
}


def well_formed(finding: Finding) -> bool:
    """Fields of the types the reports sort and print."""
    positions = (finding.start.line, finding.start.column, finding.end.line, finding.end.column)
    return (
        isinstance(finding.code, str)
        and isinstance(finding.message, str)
        and all(type(value) is int for value in positions)
    )


def plain_finding(finding: Finding) -> Dict[str, Any]:
    return {
        "code": finding.code,
        "message": finding.message,
        "start": dataclasses.asdict(finding.start),
        "end": dataclasses.asdict(finding.end),
        "fix": plain_fix(finding.fix) if finding.fix is not None else None,
    }


def plain_fix(fix: Fix) -> Dict[str, Any]:
    return {
        "safe": fix.safe,
        "edits": [_plain_edit(edit) for edit in fix.edits],
        "helpers": [[ref.path, ref.key] for ref in fix.helpers],
        "elsewhere": [
            {"path": other.path, "edits": [_plain_edit(edit) for edit in other.edits]}
            for other in fix.elsewhere
        ],
    }


def _plain_edit(edit: model.Edit) -> Dict[str, Any]:
    return {"type": type(edit).__name__, **dataclasses.asdict(edit)}


def decoded_finding(data: Dict[str, Any]) -> Finding:
    fix = data["fix"]
    return Finding(
        code=data["code"],
        message=data["message"],
        start=Position(**data["start"]),
        end=Position(**data["end"]),
        fix=None if fix is None else decoded_fix(fix),
    )


def decoded_fix(data: Dict[str, Any]) -> Fix:
    if type(data["safe"]) is not bool:
        raise TypeError("safe")
    return Fix(
        tuple(_edit(edit) for edit in data["edits"]),
        data["safe"],
        tuple(model.HelperFixRef(str(path), str(key)) for path, key in data["helpers"]),
        tuple(
            model.FileEdits(str(other["path"]), tuple(_edit(edit) for edit in other["edits"]))
            for other in data["elsewhere"]
        ),
    )


def _edit(data: Dict[str, Any]) -> model.Edit:
    fields = dict(data)
    cls = _EDITS[fields.pop("type")]
    for name in ("function", "call"):
        if name in fields:
            fields[name] = Position(**fields[name])
    if "references" in fields:
        fields["references"] = tuple(Position(**item) for item in fields["references"])
    return cls(**fields)
