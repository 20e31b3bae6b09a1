"""JSON shapes of the herbeoordeling worklist and the Wlz overgangen (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field
from wmokernel.events.herbeoordeling import (
    HerbeoordelingBesluit,
    HerbeoordelingVervalReden,
    WlzBesluit,
    WlzReden,
)
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from . import Reden

HerbeoordelingStatus = Literal["open", "voortgezet", "beeindigd", "verlopen", "vervallen"]
WlzStatus = Literal["gesignaleerd", "aangevraagd", "toegekend", "afgewezen"]


class HerbeoordelingOut(CamelModel):
    """One review on the worklist: the granted product in kind, its running toewijzing and
    the dates it was signalled for."""

    id: uuid.UUID
    beschikt_product_id: uuid.UUID
    beschikking_id: uuid.UUID
    aanvraag_id: uuid.UUID
    toewijzing_id: uuid.UUID = Field(description="the product's running toewijzing")
    client_id: str
    wijk: str | None = Field(description="the buurtteam's wijk (code)")
    aanbieder: str
    product_code: str
    productcategorie: str
    herbeoordeling_op: date
    einddatum: date | None
    uiterlijk: date = Field(description="the herbeoordeling date, or the einddatum if sooner")
    gesignaleerd_op: date = Field(description="the day it entered the worklist")
    status: HerbeoordelingStatus
    achterstallig: bool = Field(description="open while its herbeoordeling date has passed")
    besluit: HerbeoordelingBesluit | None
    besloten_op: date | None
    motivering: str | None
    tijdig: bool | None = Field(description="decided on or before the herbeoordeling date")
    herindicatie_aanvraag_id: uuid.UUID | None = Field(
        description="voortzetten: the herindicatie aanvraag that continues the care")
    afgesloten_op: date | None = Field(
        description="verlopen: the day the toewijzing was ended for want of a decision; "
                    "vervallen: the day the review was found moot")
    reden_afsluiting: HerbeoordelingVervalReden | None


class HerbeoordelingList(Page):
    items: list[HerbeoordelingOut]


class HerbeoordelingBesluitIn(CamelModel):
    """The gemeente's decision on a review. ``voortzetten``: a herindicatie aanvraag for the
    same client and product is filed (its decision term of 2 weeks runs); the current
    toewijzing runs on to its einddatum. ``beeindigen``: the care ends on the einddatum (or
    an earlier one given here) and the provider gets the WMO301 with RedenWijziging 05."""

    besluit: HerbeoordelingBesluit
    motivering: str = Reden
    besloten_op: date | None = Field(default=None, description="defaults to today")
    einddatum: date | None = Field(
        default=None, description="beeindigen: the last day of care; defaults to the "
                                  "toewijzing's einddatum (required when it has none)")


class WlzSignaalIn(CamelModel):
    """A buurtteam's (or the gemeente's) signal that the Wmo no longer suffices: the client
    may meet the Wlz criterion (Wlz art. 3.2.1)."""

    client_id: str = Field(pattern=r"^p-[0-9a-f]{32}$", description="pseudonymous client id")
    reden: WlzReden
    toelichting: str = Reden
    gesignaleerd_op: date | None = Field(default=None, description="defaults to today")
    team: str | None = Field(default=None, max_length=40, description=(
        "the buurtteam's wijk code; a buurtteam signals for its own team"))


class CizAanvraagIn(CamelModel):
    """The Wlz-indicatie was requested at the CIZ."""

    aangevraagd_op: date | None = Field(default=None, description="defaults to today")


class WlzBesluitIn(CamelModel):
    """The CIZ's decision. ``toegekend`` needs the Wlz ingangsdatum: every Wmo toewijzing of
    the client ends the day before (RedenWijziging 06), one that would only begin in the Wlz
    is withdrawn (13), and each provider gets its WMO301."""

    besluit: WlzBesluit
    besloten_op: date | None = Field(default=None, description="defaults to today")
    wlz_ingangsdatum: date | None = Field(default=None, description="toegekend: the first "
                                          "day of Wlz care")


class BeeindigdeToewijzingOut(CamelModel):
    toewijzing_id: uuid.UUID
    nummer: int = Field(description="iWmo ToewijzingNummer")
    aanbieder: str
    einddatum: date
    reden_wijziging: str = Field(description="iWmo WMO002")


class WlzOvergangOut(CamelModel):
    id: uuid.UUID
    client_id: str
    team: str | None
    reden: WlzReden
    toelichting: str
    gesignaleerd_op: date
    status: WlzStatus
    aangevraagd_op: date | None = Field(description="the CIZ aanvraag")
    besluit: WlzBesluit | None
    besloten_op: date | None
    wlz_ingangsdatum: date | None
    laatste_wmo_dag: date | None = Field(
        description="toegekend: the last day of Wmo care in kind after the step")
    aansluitend: bool | None = Field(
        description="toegekend: the Wmo care ends exactly the day before the Wlz starts")
    beeindigde_toewijzingen: list[BeeindigdeToewijzingOut]


class WlzOvergangList(Page):
    items: list[WlzOvergangOut]
