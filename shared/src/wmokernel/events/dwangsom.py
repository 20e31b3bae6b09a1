"""Ingebrekestelling and dwangsom events published by indicatie on ``wmo.indicatie.v1``
(listed in ``events.indicatie.EVENTS``).

A late decision on an aanvraag, or on a bezwaar against its beschikking, for which the
resident gave notice of default: a dwangsom runs (Awb 4:17) until the decision, at most 42
days, and is set by beschikking (Awb 4:18). Keyed by the aanvraag, like every event of its
dossier; pseudonymous client id only.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from .base import TOPIC_INDICATIE, ClientId, EventPayload


class GeenDwangsomGrond(StrEnum):
    """Why no dwangsom is owed although the decision was late (Awb 4:17 lid 6)."""

    ONREDELIJK_LAAT = "onredelijk-laat-in-gebreke-gesteld"  # a
    GEEN_BELANGHEBBENDE = "geen-belanghebbende"  # b
    KENNELIJK_NIET_ONTVANKELIJK_OF_ONGEGROND = "kennelijk-niet-ontvankelijk-of-ongegrond"  # c


class _DwangsomEvent(EventPayload):
    aanvraag_id: uuid.UUID
    client_id: ClientId
    ingebrekestelling_id: uuid.UUID
    bezwaar_id: uuid.UUID | None = Field(
        default=None, description="set when the late decision is the one on this bezwaar")

    def aggregate_id(self) -> str:
        return str(self.aanvraag_id)


class IngebrekestellingOntvangen(_DwangsomEvent):
    event_type = "nl.utrecht.wmo.indicatie.ingebrekestelling-ontvangen"
    topic = TOPIC_INDICATIE
    summary = ("The gemeente received a notice of default after a decision term passed: a "
               "dwangsom runs from its first day until the decision, at most 42 days "
               "(Awb 4:17).")

    ontvangen_op: date
    beslissen_uiterlijk: date = Field(description="the decision term that had passed")
    eerste_dwangsomdag: date = Field(description="2 weeks after receipt (Awb 4:17 lid 3)")


class DwangsomVastgesteld(_DwangsomEvent):
    event_type = "nl.utrecht.wmo.indicatie.dwangsom-vastgesteld"
    topic = TOPIC_INDICATIE
    summary = "The gemeente set the dwangsom owed for a late decision by beschikking (Awb 4:18)."

    vastgesteld_op: date
    dagen: int = Field(ge=0, le=42, description="days owed (Awb 4:17 lid 1)")
    bedrag_cents: int = Field(ge=0, le=144200, description="the amount set, in euro cents")
    geen_dwangsom_grond: GeenDwangsomGrond | None = None
    vaststellen_uiterlijk: date | None = Field(
        description="2 weeks after the last day owed (Awb 4:18); none when nothing was owed")


EVENTS: tuple[type[EventPayload], ...] = (IngebrekestellingOntvangen, DwangsomVastgesteld)
