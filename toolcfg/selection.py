"""Rule selectors and their layers, as ruff reads them: which codes are checked, and which
of them ``--fix`` may fix.

Both decisions are layered the same way. The defaults come first, then the configuration
file, then ``--config``'s ``KEY = VALUE`` pairs, then the flags; in each layer the most
specific matching selector decides, ``ignore`` (or ``unfixable``) winning a tie, and the
last layer that decides wins. ``fixable``, ``extend-fixable`` and ``unfixable`` are
``select``, ``extend-select`` and ``ignore`` over the codes ``--fix`` may fix, whose
default is every code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Tuple

from toolcfg.rules import DEFAULT_SELECT, is_selector


class SelectorError(ValueError):
    """A selector that selects no rule; ``where`` names where it was written."""


@dataclass(frozen=True)
class Selection:
    """One layer of a selection: its ``select`` (None: not set), ``extend-select`` and
    ``ignore`` (or ``fixable``, ``extend-fixable`` and ``unfixable``)."""

    select: Optional[Tuple[str, ...]] = None
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()

    def verdict(self, code: str) -> Optional[bool]:
        """Does this layer enable ``code``, disable it, or (None) leave it to the layers
        before it?

        As in ruff: the most specific matching selector decides, and ``ignore`` wins a tie;
        a layer with no matching selector that sets ``select`` disables the code.
        """
        chosen = specificity(code, (*(self.select or ()), *self.extend_select))
        ignored = specificity(code, self.ignore)
        if chosen is None and ignored is None:
            return False if self.select is not None else None
        return chosen is not None and (ignored is None or chosen > ignored)

    @property
    def empty(self) -> bool:
        return self.select is None and not self.extend_select and not self.ignore


#: What every run checks before any configuration: all but the TCF9 rules.
DEFAULT_SELECTION = Selection(select=DEFAULT_SELECT)
#: What ``--fix`` may fix before any configuration: everything, as in ruff.
DEFAULT_FIXABLE = Selection(select=("ALL",))


def enabled(code: str, layers: Sequence[Selection]) -> bool:
    """Is ``code`` enabled by ``layers``, earliest first? The last layer that decides wins,
    as in ruff."""
    result = False
    carried: Tuple[str, ...] = ()
    for layer in layers:
        if layer.empty:
            continue  # a layer that sets nothing decides nothing, and passes ignores on
        effective = layer
        if carried:
            effective = dataclasses.replace(layer, ignore=(*layer.ignore, *carried))
        verdict = effective.verdict(code)
        if verdict is not None:
            result = verdict
        # As in ruff, a layer that selects nothing explicitly (`select = []`) but ignores
        # something passes its ignores on to the next layer.
        empty = layer.select == () and not layer.extend_select
        carried = layer.ignore if empty else ()
    return result


def specificity(code: str, selectors: Iterable[str]) -> Optional[int]:
    """How specific the most specific selector matching ``code`` is, None when none does:
    ``ALL`` < ``TCF`` < ``TCF0`` < ``TCF00`` < ``TCF001``."""
    matching = [
        0 if selector == "ALL" else len(selector)
        for selector in selectors
        if selector == "ALL" or code.startswith(selector)
    ]
    return max(matching) if matching else None


def codes(values: Iterable[str], where: str) -> Tuple[str, ...]:
    """Codes and prefixes, upper-cased. One that selects no rule (``TCF999``, ``TCF0001``,
    ``E501``) is an error naming it and ``where`` it was written, as in ruff: read as it
    stands it would select nothing, or, ignored, leave checks on that the user turned off,
    and either way silently."""
    found = []
    for value in values:
        code = value.strip().upper()
        if not is_selector(code):
            raise SelectorError(f"unknown rule selector `{value.strip()}` in {where}")
        found.append(code)
    return tuple(found)


def split_codes(texts: Iterable[str], option: str) -> Tuple[str, ...]:
    """``("TCF001,TCF1", "TCF2")`` from a flag given once or more (``option`` names it):
    every occurrence counts, as ruff's flags take repeated and comma-separated values."""
    return codes(
        (code for text in texts for code in text.split(",") if code.strip()), f"`{option}`"
    )
