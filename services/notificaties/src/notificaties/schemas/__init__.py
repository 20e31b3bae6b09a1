"""The API models of notificaties (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

FilterWaarde = Annotated[str, StringConstraints(min_length=1, max_length=100)]
FilterNaam = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9]{0,39}$")]
AfleveringStatus = Literal["wachtend", "afgeleverd", "dead-letter"]


class KanaalOut(CamelModel):
    naam: str
    omschrijving: str
    hoofd_object: str = Field(description="The collection of the main object, e.g. aanvragen")
    resource: str = Field(description="The resource the notifications are about")
    filters: list[str] = Field(description="The kenmerken a subscription can filter on")


class KanaalList(Page):
    items: list[KanaalOut]


class AbonnementKanaal(CamelModel):
    naam: Annotated[str, StringConstraints(pattern=r"^[a-z]{1,40}$")]
    filters: dict[FilterNaam, FilterWaarde] = Field(
        default_factory=dict, max_length=10,
        description="Kenmerk name → value; all must match (e.g. {\"gemeente\": \"0321\"})")


class AbonnementIn(CamelModel):
    callback_url: str = Field(min_length=1, max_length=2000,
                              description="Where notifications are POSTed (http or https)")
    auth: str = Field(min_length=1, max_length=1000,
                      description="Sent back as the Authorization header of every callback")
    kanalen: list[AbonnementKanaal] = Field(min_length=1, max_length=20)


class AbonnementOut(CamelModel):
    id: uuid.UUID
    callback_url: str
    kanalen: list[AbonnementKanaal]
    gemeente: str | None = Field(
        description="The only municipality whose residents' notifications this subscription "
                    "receives (null: all, Utrecht's own systems)")
    aangemaakt_op: datetime
    gewijzigd_op: datetime


class AbonnementAangemaakt(AbonnementOut):
    secret: str = Field(description="The HMAC-SHA256 key of X-Notificatie-Signature; "
                                    "returned only now, keep it")


class AbonnementList(Page):
    items: list[AbonnementOut]


class AfleveringOut(CamelModel):
    id: uuid.UUID
    notificatie_id: uuid.UUID
    kanaal: str
    hoofd_object: str
    status: AfleveringStatus
    pogingen: int
    laatste_statuscode: int | None
    laatste_fout: str | None
    volgende_poging: datetime | None
    laatste_poging_op: datetime | None
    afgeleverd_op: datetime | None
    aangemaakt_op: datetime


class AfleveringList(Page):
    items: list[AfleveringOut]
