"""Herbeoordelingen and Wlz overgangen as figures: a total split into parts, with small numbers
suppressed for readers other than the gemeente. Pure, no I/O.

A hidden part could be read back by subtracting the visible parts from the total; so when
exactly one part is hidden, the smallest other non-zero part is hidden with it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .suppression import is_small

Telling = int | None


def onderdruk_verdeling(totaal: int, delen: Mapping[str, int], onderdrukken: bool
                        ) -> tuple[Telling, dict[str, Telling]]:
    """``totaal`` and its ``delen`` (which add up to it) as a reader may see them."""
    if not onderdrukken:
        return totaal, dict(delen)
    verborgen = {k for k, n in delen.items() if is_small(n)}
    if len(verborgen) == 1 and not is_small(totaal):
        zichtbaar = [(n, k) for k, n in delen.items() if k not in verborgen and n > 0]
        if zichtbaar:
            verborgen.add(min(zichtbaar)[1])
    return (None if is_small(totaal) else totaal,
            {k: None if k in verborgen else n for k, n in delen.items()})


def onderdruk(n: int, onderdrukken: bool) -> Telling:
    return None if onderdrukken and is_small(n) else n
