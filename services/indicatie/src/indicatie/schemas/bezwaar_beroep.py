"""The JSON shapes of a bezwaar's verdaging and hoorzitting, and of the beroep."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field, model_validator
from wmokernel.events.indicatie import BeroepUitspraak, Rechtbank, VerdagingSoort
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from ..domain.bezwaar_beroep import AfzienVanHoren


class VerdagingIn(CamelModel):
    weken: int = Field(default=6, ge=1, le=52, description=(
        "by how many weeks: at most 6 for the verdaging of Awb 7:10 lid 3; further "
        "postponement with the indiener's consent (lid 4) is not bounded by law"))
    reden: str = Field(min_length=1, max_length=2000, description="why the term is postponed")
    verzonden_op: date = Field(description="the day the notice was sent to the indiener "
                                           "(within the term in force)")
    met_instemming: bool = Field(default=False, description=(
        "further postponement with the consent of the indiener (Awb 7:10 lid 4)"))


class VerdagingOut(CamelModel):
    id: uuid.UUID
    soort: VerdagingSoort
    weken: int
    reden: str
    verzonden_op: date
    oude_uiterlijk: date
    nieuwe_uiterlijk: date


class HoorzittingIn(CamelModel):
    """The indiener was heard (Awb 7:2) on ``gehoordOp``, or was not, on a ground of Awb 7:3
    (``afgezien``): exactly one of the two."""

    gehoord_op: date | None = None
    afgezien: AfzienVanHoren | None = Field(default=None, description=(
        "Awb 7:3: a kennelijk niet-ontvankelijk (a) or kennelijk ongegrond (b) bezwaar, the "
        "indiener waives the hearing (c) or did not answer in time (d), or the bezwaar is "
        "fully granted (e)"))

    @model_validator(mode="after")
    def _een_van_beide(self) -> HoorzittingIn:
        if (self.gehoord_op is None) == (self.afgezien is None):
            raise ValueError("give either gehoordOp or afgezien")
        return self


class BeroepIn(CamelModel):
    bezwaar_id: uuid.UUID = Field(description="the bezwaar whose besluit is appealed")
    ingesteld_op: date = Field(description="the day the beroepschrift reached the rechtbank")
    rechtbank: Rechtbank = Rechtbank.MIDDEN_NEDERLAND
    zaaknummer: str | None = Field(default=None, min_length=1, max_length=40,
                                   description="the rechtbank's case number")


class BeroepUitspraakIn(CamelModel):
    uitspraak: BeroepUitspraak
    uitspraak_op: date | None = Field(default=None, description="defaults to today")


class BeroepOut(CamelModel):
    id: uuid.UUID
    bezwaar_id: uuid.UUID
    beschikking_id: uuid.UUID
    aanvraag_id: uuid.UUID
    client_id: str
    rechtbank: Rechtbank
    zaaknummer: str | None
    ingesteld_op: date
    beroep_uiterlijk: date = Field(description="6 weeks from the day after the besluit op "
                                               "bezwaar was sent (Awb 6:7, 6:8)")
    binnen_termijn: bool = Field(description="false: lodged late (the rechtbank judges "
                                             "whether that is excusable, Awb 6:11)")
    status: Literal["ingesteld", "uitspraak"]
    uitspraak: BeroepUitspraak | None
    uitspraak_op: date | None
    nieuwe_beschikking_nodig: bool = Field(description="gegrond: the aanvraag reopened for a "
                                                       "new beschikking")
    te_vervangen_beschikking_id: uuid.UUID | None
    nieuwe_beschikking_id: uuid.UUID | None = Field(description=(
        "the beschikking the gemeente issued after a gegrond uitspraak, once issued"))


class BeroepList(Page):
    items: list[BeroepOut]
