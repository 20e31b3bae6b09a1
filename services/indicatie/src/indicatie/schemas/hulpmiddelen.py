"""JSON shapes of the depot of aids (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from . import ProductCode

HulpmiddelStatus = Literal["in-depot", "verstrekt", "afgeschreven"]
Serienummer = Field(default=None, min_length=1, max_length=100,
                    description="the supplier's serial number or label")


class HulpmiddelIn(CamelModel):
    """An aid registered in the depot: bought new, or returned by a resident outside this
    register (an item issued here comes back through its inname)."""

    product_code: str = ProductCode
    serienummer: str | None = Serienummer
    herkomst: Literal["nieuw", "retour"] = "nieuw"
    leverancier: str | None = Field(default=None, pattern=r"^[0-9]{8}$",
                                    description="AGB code of the contracted supplier")
    aangeschaft_op: date | None = None
    geregistreerd_op: date | None = Field(default=None, description="defaults to today")


class HulpmiddelOut(CamelModel):
    id: uuid.UUID
    depotnummer: int
    product_code: str
    productcategorie: str
    serienummer: str | None
    herkomst: Literal["nieuw", "retour"]
    status: HulpmiddelStatus
    leverancier: str | None
    aangeschaft_op: date | None
    geregistreerd_op: date
    afgeschreven_op: date | None


class HulpmiddelList(Page):
    items: list[HulpmiddelOut]


class VerstrekkingIn(CamelModel):
    """Issue an aid on a granted product in kind. Reuse before new: an item of the product in
    the depot is taken (the longest there, or the one named); only when there is none a new
    one is registered, delivered by the product's supplier."""

    verstrekt_op: date | None = Field(default=None, description="defaults to today")
    hulpmiddel_id: uuid.UUID | None = Field(
        default=None, description="a particular item of the depot (e.g. the one fitted)")
    serienummer: str | None = Field(
        default=None, min_length=1, max_length=100,
        description="serial number of the new item, when the depot has none of the product")


class VerstrekkingOut(CamelModel):
    id: uuid.UUID
    hulpmiddel_id: uuid.UUID
    depotnummer: int
    product_code: str
    beschikt_product_id: uuid.UUID
    client_id: str
    verstrekt_op: date
    herverstrekking: bool = Field(description="the item was used before (from the depot)")
    ingenomen_op: date | None
    herbruikbaar: bool | None
    hulpmiddel_status: HulpmiddelStatus


class HulpmiddelDetailOut(HulpmiddelOut):
    verstrekkingen: list[VerstrekkingOut]


class InnameIn(CamelModel):
    """An issued aid taken back: into the depot when fit to be issued again, else written
    off."""

    ingenomen_op: date | None = Field(default=None, description="defaults to today")
    herbruikbaar: bool
