"""Outgoing messages that wait: why, and when they are tried again.

A WMO301 that cannot be drawn up now is never parked: it keeps waiting with its reason, shows
on ``GET /beheer/wachtende-berichten`` and in the ``wmo_iwmo_wachtende_berichten`` gauge, and is
tried again with exponential backoff until it goes out.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum


class WachtReden(StrEnum):
    TOEGANG_ONBEREIKBAAR = "toegang-onbereikbaar"  # toegang did not answer, or with a 5xx
    BSN_ONTBREEKT = "bsn-ontbreekt"  # toegang knows no BSN for the client (yet)
    BERICHT_ONGELDIG = "bericht-ongeldig"  # the drawn-up message broke its XSD or an iWmo rule


def volgende_poging_na(pogingen: int, max_s: float) -> timedelta:
    """2, 4, 8 … seconds after the ``pogingen``-th failed attempt, at most ``max_s``."""
    return timedelta(seconds=min(2.0 ** min(pogingen, 30), max_s))
