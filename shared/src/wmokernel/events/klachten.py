"""Klacht events published by indicatie on ``wmo.indicatie.v1`` (listed in
``events.indicatie.EVENTS``).

A klacht (Awb chapter 9) about the gemeente, a buurtteam or a provider. Keyed by the klacht id.
The events count complaints per organisation: they name neither the resident (the clientId
stays in indicatie) nor anything the klager wrote.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from .base import TOPIC_INDICATIE, EventPayload


class KlachtBetreft(StrEnum):
    """Whose behaviour the klacht is about."""

    GEMEENTE = "gemeente"
    BUURTTEAM = "buurtteam"
    AANBIEDER = "aanbieder"


class KlachtUitkomst(StrEnum):
    GEGROND = "gegrond"
    DEELS_GEGROND = "deels-gegrond"
    ONGEGROND = "ongegrond"
    INGETROKKEN = "ingetrokken"
    NIET_IN_BEHANDELING = "niet-in-behandeling"  # Awb 9:8


class _KlachtEvent(EventPayload):
    klacht_id: uuid.UUID
    betreft: KlachtBetreft
    organisatie_code: str = Field(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64,
        description="CBS code (gemeente), the buurtteam's team code or the provider's AGB code")

    def aggregate_id(self) -> str:
        return str(self.klacht_id)


class KlachtOntvangen(_KlachtEvent):
    event_type = "nl.utrecht.wmo.indicatie.klacht-ontvangen"
    topic = TOPIC_INDICATIE
    summary = "A klacht was received; it is handled within 6 weeks (10 with a commissie)."

    ontvangen_op: date
    klachtadviescommissie: bool = Field(description="advised on by a klachtadviescommissie "
                                                    "(Awb afdeling 9.1.3): 10 weeks, not 6")
    beslissen_uiterlijk: date


class KlachtVerdaagd(_KlachtEvent):
    event_type = "nl.utrecht.wmo.indicatie.klacht-verdaagd"
    topic = TOPIC_INDICATIE
    summary = "The handling of a klacht was postponed once by 4 weeks (Awb 9:11 lid 2)."

    mededeling_op: date = Field(description="the day the written notice was sent")
    oude_uiterlijk: date
    beslissen_uiterlijk: date


class KlachtAfgehandeld(_KlachtEvent):
    event_type = "nl.utrecht.wmo.indicatie.klacht-afgehandeld"
    topic = TOPIC_INDICATIE
    summary = "A klacht was handled: its outcome, and whether that was within the term."

    uitkomst: KlachtUitkomst
    afgehandeld_op: date
    beslissen_uiterlijk: date = Field(
        description="the term it was judged against: the handling term in force, or for "
                    "niet-in-behandeling the 4 weeks of Awb 9:8 lid 3")
    binnen_termijn: bool


EVENTS: tuple[type[EventPayload], ...] = (KlachtOntvangen, KlachtVerdaagd, KlachtAfgehandeld)
