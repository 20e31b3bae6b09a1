"""JSON shapes of the ingebrekestelling and its dwangsom (Awb 4:17-4:18)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field
from wmokernel.events.dwangsom import GeenDwangsomGrond
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

IngebrekestellingStatus = Literal["lopend", "gestopt-door-beschikking", "maximum-bereikt",
                                  "vastgesteld"]


class IngebrekestellingIn(CamelModel):
    ontvangen_op: date | None = Field(
        default=None, description="the day the gemeente received the written notice of "
                                  "default; defaults to today")


class VaststellingIn(CamelModel):
    """The beschikking setting the dwangsom (Awb 4:18): the amount must be the one the
    statute gives, nothing with a ground of Awb 4:17 lid 6."""

    vastgesteld_op: date | None = Field(default=None, description="defaults to today")
    bedrag_cents: int = Field(ge=0, le=144200, description="the amount set, in euro cents")
    geen_dwangsom_grond: GeenDwangsomGrond | None = Field(
        default=None, description="why nothing is owed (Awb 4:17 lid 6 a, b or c)")


class VaststellingOut(CamelModel):
    vastgesteld_op: date
    dagen: int
    bedrag_cents: int
    geen_dwangsom_grond: GeenDwangsomGrond | None
    vaststellen_uiterlijk: date | None = Field(
        description="2 weeks after the last day owed (Awb 4:18); none when nothing was owed")
    tijdig: bool


class IngebrekestellingOut(CamelModel):
    """An ingebrekestelling and its dwangsom as they stand on ``peildatum``."""

    id: uuid.UUID
    aanvraag_id: uuid.UUID
    bezwaar_id: uuid.UUID | None = Field(description="set when the late decision is the "
                                                     "one on this bezwaar")
    client_id: str
    ontvangen_op: date
    beslissen_uiterlijk: date = Field(description="the decision term that had passed")
    eerste_dwangsomdag: date = Field(description="2 weeks after receipt (Awb 4:17 lid 3)")
    laatste_dwangsomdag: date = Field(description="the 42nd day: nothing is owed after it")
    beslist_op: date | None = Field(description="the day the decision ended the dwangsom")
    peildatum: date
    status: IngebrekestellingStatus
    dagen_verschuldigd: int = Field(ge=0, le=42)
    verschuldigd_cents: int = Field(ge=0, le=144200, description="owed on the peildatum: "
                                    "EUR 23 a day for days 1-14, 35 for 15-28, 45 for 29-42")
    maximum_cents: int
    vaststellen_uiterlijk: date | None = Field(
        description="once the dwangsom ended: the last day to set it (Awb 4:18)")
    vaststelling: VaststellingOut | None


class IngebrekestellingList(Page):
    peildatum: date
    items: list[IngebrekestellingOut]
