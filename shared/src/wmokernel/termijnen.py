"""Deadline signals shared by every service: when a term is near and when it has passed.

Pure functions on the termijnenwet calendar (``wmokernel.calendar``); the norms they are used
with live in ``wmokernel.normen``.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from .calendar import add_werkdagen, werkdagen_between
from .normen import NADERT_WERKDAGEN


class Signaal(StrEnum):
    NADERT = "nadert"
    VERSTREKEN = "verstreken"


def signaal(uiterlijk: date, peildatum: date,
            nadert_werkdagen: int = NADERT_WERKDAGEN) -> Signaal | None:
    """The signal a deadline gives on ``peildatum``: verstreken once its last day is over,
    nadert when that day falls within ``nadert_werkdagen`` werkdagen (today included), else
    None."""
    if peildatum > uiterlijk:
        return Signaal.VERSTREKEN
    if werkdagen_between(peildatum, uiterlijk) <= nadert_werkdagen:
        return Signaal.NADERT
    return None


def scan_horizon(peildatum: date, nadert_werkdagen: int = NADERT_WERKDAGEN) -> date:
    """The latest deadline that can be near on ``peildatum`` (to pre-select candidates)."""
    return add_werkdagen(peildatum, nadert_werkdagen + 1) - timedelta(days=1)
