"""The bezwaar and beroep compliance figures of a year (camelCase on the wire)."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from wmokernel.wire.apimodel import CamelModel

_AANTAL = "count; null when hidden (1 to 4, for readers other than the gemeente)"


class BezwaarUitkomsten(CamelModel):
    gegrond: int | None
    deels_gegrond: int | None
    ongegrond: int | None
    niet_ontvankelijk: int | None
    ingetrokken: int | None


class BeroepUitkomsten(CamelModel):
    gegrond: int | None
    ongegrond: int | None
    niet_ontvankelijk: int | None
    ingetrokken: int | None


class BezwaarCijfers(CamelModel):
    ontvangen: int | None = Field(description="bezwaren received in the year; " + _AANTAL)
    door_gemachtigde: int | None = Field(description="of those, filed by a gemachtigde")
    beslist: int | None = Field(description="decided in the year (a withdrawal is no decision)")
    beslist_binnen_termijn: int | None = Field(description=(
        "of those, decided within the term in force: 6 or 12 weeks (Awb 7:10 lid 1), as "
        "postponed (lid 3, 4)"))
    percentage_binnen_termijn: float | None = Field(description=(
        "beslistBinnenTermijn of beslist, %; norm 100"))
    verdaagd: int | None = Field(description=(
        "bezwaren whose decision was postponed in the year (Awb 7:10 lid 3)"))
    uitstel_met_instemming: int | None = Field(description=(
        "bezwaren postponed further with the indiener's consent in the year (Awb 7:10 lid 4)"))
    open_na_termijn: int | None = Field(description=(
        "bezwaren not decided on the peildatum whose term in force ended before it"))
    uitkomsten: BezwaarUitkomsten = Field(description="decisions in the year per outcome")


class BeroepCijfers(CamelModel):
    ingesteld: int | None = Field(description="beroepen lodged at the rechtbank in the year")
    ingesteld_na_termijn: int | None = Field(description=(
        "of those, after the 6-week beroepstermijn (Awb 6:7, 6:8)"))
    uitspraken: int | None = Field(description="uitspraken in the year")
    uitkomsten: BeroepUitkomsten = Field(description="uitspraken in the year per outcome")
    gegrond_gevolgd_door_nieuwe_beschikking: int | None = Field(description=(
        "gegrond uitspraken in the year after which the gemeente issued the new beschikking"))


class WettelijkeTermijnenBezwaar(CamelModel):
    """Bezwaar and beroep against their legal terms in one year."""

    jaar: int
    peildatum: date | None = Field(description=(
        "the day open bezwaren are judged on: today, or the year's last day for a past year"))
    onderdrukt: bool = Field(description="small counts hidden (every reader but the gemeente)")
    bezwaren: BezwaarCijfers
    beroepen: BeroepCijfers
