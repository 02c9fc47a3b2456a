"""Placeholder until the isort-compatible placement lands: the settings that decide where a
new import goes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportStyle:
    pass


def import_style(directory: object, files: object) -> ImportStyle:
    return ImportStyle()
