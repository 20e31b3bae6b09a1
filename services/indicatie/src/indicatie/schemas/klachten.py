"""The klacht's JSON shapes (Awb chapter 9)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal, Self

from pydantic import Field, model_validator
from wmokernel.events.base import ClientId
from wmokernel.events.klachten import KlachtBetreft, KlachtUitkomst
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from ..domain.klachten import AfzienGrond

OrganisatieCode = Field(
    default=None, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64,
    description="gemeente: CBS code (default 0344 Utrecht); buurtteam: its team code (e.g. "
                "overvecht); aanbieder: its AGB code")
KlachtStatus = Literal["in-behandeling", "afgehandeld"]


class KlachtBetreftIn(CamelModel):
    soort: KlachtBetreft
    organisatie_code: str | None = OrganisatieCode
    organisatie_naam: str | None = Field(
        default=None, min_length=1, max_length=200,
        description="a buurtteam's name; a gemeente's and a provider's come from the "
                    "reference data")


class KlachtIn(CamelModel):
    betreft: KlachtBetreftIn
    client_id: ClientId | None = Field(
        default=None, description="the resident the klacht is by or for (pseudonymous), if any")
    ontvangen_op: date = Field(description="the day the klaagschrift was received")
    omschrijving: str = Field(min_length=1, max_length=8000,
                              description="what the klacht is about; kept in indicatie only")
    klachtadviescommissie: bool = Field(
        default=False, description="a klachtadviescommissie advises (Awb afdeling 9.1.3): the "
                                   "handling term is 10 weeks instead of 6")


class KlachtOntvangstbevestigingIn(CamelModel):
    verzonden_op: date = Field(description="the day the written acknowledgement was sent "
                                           "(Awb 9:6)")


class KlachtHorenIn(CamelModel):
    """Either the day the klager was heard, or the day and ground of waiving the hearing
    (Awb 9:10 lid 2)."""

    gehoord_op: date | None = None
    afgezien_op: date | None = None
    grond_afzien: AfzienGrond | None = None

    @model_validator(mode="after")
    def _een_van_beide(self) -> Self:
        gehoord = self.gehoord_op is not None
        afgezien = self.afgezien_op is not None or self.grond_afzien is not None
        if gehoord == afgezien:
            raise ValueError("give gehoordOp, or afgezienOp with grondAfzien")
        if afgezien and (self.afgezien_op is None or self.grond_afzien is None):
            raise ValueError("waiving the hearing needs both afgezienOp and grondAfzien")
        return self


class KlachtVerdagingIn(CamelModel):
    mededeling_op: date = Field(description="the day the written notice of postponement was "
                                            "sent to the klager")
    reden: str = Field(min_length=1, max_length=2000, description="kept in indicatie only")


class KlachtAfhandelingIn(CamelModel):
    uitkomst: KlachtUitkomst
    afgehandeld_op: date | None = Field(default=None, description="defaults to today")
    toelichting: str | None = Field(default=None, min_length=1, max_length=8000,
                                    description="the findings and conclusions (Awb 9:12)")


class KlachtBetreftOut(CamelModel):
    soort: KlachtBetreft
    organisatie_code: str
    organisatie_naam: str | None


class KlachtHorenOut(CamelModel):
    gehoord_op: date | None
    afgezien_op: date | None
    grond_afzien: AfzienGrond | None


class KlachtVerdagingOut(CamelModel):
    mededeling_op: date
    reden: str | None
    weken: int


class KlachtOut(CamelModel):
    id: uuid.UUID
    betreft: KlachtBetreftOut
    client_id: str | None
    ontvangen_op: date
    omschrijving: str
    klachtadviescommissie: bool
    ontvangstbevestiging_op: date | None
    horen: KlachtHorenOut | None
    verdaging: KlachtVerdagingOut | None
    beslissen_uiterlijk: date = Field(description="the last day to handle it: the term in force")
    status: KlachtStatus
    uitkomst: KlachtUitkomst | None
    afgehandeld_op: date | None
    toelichting: str | None
    tijdig: bool | None = Field(description="handled within its term (null while open)")
    termijn_overschreden: bool = Field(description="open past its last day today, or handled "
                                                   "late")


class KlachtList(Page):
    items: list[KlachtOut]
