"""The ops view of outgoing iWmo messages that wait."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel


class WachtendBerichtOut(CamelModel):
    id: int = Field(description="the opdracht to draw the message up")
    berichttype: Literal["WMO301"]
    client_id: str = Field(description="pseudonymous client id")
    aanbieder: str = Field(description="AGB code of the receiving provider")
    reden: str | None = Field(description="toegang-onbereikbaar, bsn-ontbreekt, "
                                          "bericht-ongeldig; null: not tried yet")
    toelichting: str | None = Field(description="what the last attempt ran into")
    wachtend_sinds: datetime
    leeftijd_seconden: float = Field(ge=0)
    pogingen: int = Field(ge=0)
    laatste_poging: datetime | None
    volgende_poging: datetime


class WachtendBerichtList(Page):
    items: list[WachtendBerichtOut]
