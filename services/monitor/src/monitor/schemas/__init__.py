"""The API's models (pydantic): KPIs and their figures, the Bijlage 3 report, the budget view,
the CBS export."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

Periode = Literal["maand", "kwartaal", "jaar"]


class Doorlooptijden(CamelModel):
    """Counts along the chain melding → aanvraag → beschikking and the days between."""

    meldingen: int | None
    aanvragen: int | None
    beschikkingen: int | None
    gemiddelde_dagen_melding_tot_aanvraag: float | None
    gemiddelde_dagen_aanvraag_tot_beschikking: float | None
    gemiddelde_dagen_melding_tot_beschikking: float | None
    aandeel_beschikkingen_binnen_termijn: float | None = Field(
        description="percentage of beschikkingen within the 2-week term")


class KpiDefinitie(CamelModel):
    """A KPI the monitor computes from events."""

    id: str
    titel: str
    omschrijving: str
    thema: str
    eenheid: str
    norm: float | None
    bron: str | None = Field(default=None, description="where the norm comes from")
    dimensies: list[str]


class KpiDefinities(Page):
    """The KPIs on offer."""

    items: list[KpiDefinitie]


class KpiCel(CamelModel):
    """One figure: a period and group, its base count, the part meeting the norm, the value.
    Counts of 1–4 are null for suppressed readers, and so is a value derived from them."""

    periode: str
    groep: str
    aantal: int | None
    teller: int | None
    waarde: float | None


class KpiReeks(CamelModel):
    """A KPI's figures per period (and group) of a year."""

    kpi: KpiDefinitie
    jaar: int
    periode: Periode
    dimensie: str | None
    onderdrukt: bool = Field(description="true when counts below 5 are hidden")
    cellen: list[KpiCel]


class Bijlage3Cel(CamelModel):
    """One year's figure of a row."""

    aantal: int | None
    waarde: float | None


class Bijlage3Rij(CamelModel):
    """A row of a Bijlage 3 table."""

    omschrijving: str
    norm: float | None
    cellen: dict[str, Bijlage3Cel]


class Bijlage3Tabel(CamelModel):
    """A table of Bijlage 3 with the seed's rows and year columns."""

    id: str
    titel: str
    met_norm: bool
    jaren: list[str]
    rijen: list[Bijlage3Rij]


class Bijlage3Rapport(CamelModel):
    """The yearly report in the shape of the seeds' Bijlage 3."""

    jaar: int
    onderdrukt: bool
    tabellen: list[Bijlage3Tabel]


class BudgetRegel(CamelModel):
    """Budget, committed, realised, paid and forecast spend of one doelstelling (× €1,000;
    realised and paid in cents too). Realised: the approved prestaties of the year's care;
    paid: the year's care in executed payment batches; null while there are none."""

    doelstelling: str
    omschrijving: str
    begroting_k: float
    gecommitteerd_k: float | None
    gerealiseerd_k: float | None
    gerealiseerd_cents: int | None
    betaald_k: float | None
    betaald_cents: int | None
    prognose_k: float | None


class BudgetVoorziening(CamelModel):
    """Committed, realised and paid spend of one voorziening (WMO020 product category) in the
    year (× €1,000; realised and paid in cents too). For readers other than the gemeente a
    category of 1–4 clients is withheld (``onderdrukt``), and so are as many others of its
    doelstelling as keep it from being found by subtraction."""

    productcategorie: str = Field(description="WMO020 code; 00: a declaratie naming none")
    omschrijving: str
    doelstelling: str
    clienten: int | None = Field(
        description="clients with a granted product or an approved prestatie in the year")
    onderdrukt: bool
    gecommitteerd_k: float | None
    gerealiseerd_k: float | None
    gerealiseerd_cents: int | None
    betaald_k: float | None
    betaald_cents: int | None


class BudgetOverzicht(CamelModel):
    """The budget view of a year against the taakstelling."""

    jaar: int
    peildatum: date
    prognose_basis: Literal["gerealiseerd", "gecommitteerd"]
    regels: list[BudgetRegel]
    voorzieningen: list[BudgetVoorziening]
    taakstelling_wmo_k: float | None
    taakstelling_totaal_k: float | None


class CbsRegel(CamelModel):
    """One person × productcategorie × leveringsvorm (pseudonymous id only)."""

    client_id: str
    productcategorie: str
    leveringsvorm: str
    begindatum: date
    einddatum: date | None
    reden_beeindiging: str | None


class CbsExport(CamelModel):
    """CBS Gemeentelijke Monitor Sociaal Domein style person-level export."""

    jaar: int
    items: list[CbsRegel]
