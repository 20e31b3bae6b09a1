"""The API's JSON shapes (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field
from wmokernel.catalogue import Besluit
from wmokernel.events.indicatie import (
    AanvraagGrond,
    BezwaarIndiener,
    BezwaarUitkomst,
    Leveringsvorm,
    Omvang,
)
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from ..domain.bezwaar_beroep import AfzienVanHoren
from .bezwaar_beroep import VerdagingOut

ProductCode = Field(pattern=r"^[0-9]{2}[A-Z][0-9]{2}$", description="the gemeente's product code")
AgbCode = Field(default=None, pattern=r"^[0-9]{8}$", description="AGB code of the provider")
Reden = Field(min_length=1, max_length=2000)

# --- catalogue ---------------------------------------------------------------------------------


class AanbiederOut(CamelModel):
    code: str
    naam: str


class ProductOut(CamelModel):
    """One product version valid on the peildatum, with its tariff and contracted providers."""

    code: str
    naam: str
    productcategorie: str = Field(description="iWmo WMO020")
    eenheid: str = Field(description="iWmo WJ756")
    frequentie: str = Field(description="iWmo WMO757")
    soort: Literal["algemeen", "maatwerk"]
    standaard_volume: int | None
    max_volume: int | None
    min_duur_maanden: int | None
    max_duur_maanden: int | None
    intensiteit_wijzigbaar: bool
    geldig_van: date
    geldig_tot: date | None
    tarief_cents: int | None = Field(description="tariff per eenheid on the peildatum")
    aanbieders: list[AanbiederOut]
    wijk_verantwoordelijken: dict[str, str] = Field(
        description="wijk → AGB code of the one accountable provider (ambulante begeleiding)")


class ProductList(Page):
    peildatum: date
    abonnementstarief_cents: int | None = Field(
        description="eigen bijdrage per household per month on the peildatum")
    items: list[ProductOut]


# --- aanvragen ---------------------------------------------------------------------------------


class TijdelijkeVoorzieningIn(CamelModel):
    product_code: str = ProductCode
    van: date


class AanvraagIn(CamelModel):
    """An aanvraag filed directly: after the onderzoek, after 6 weeks without one, or urgent."""

    client_id: str = Field(pattern=r"^p-[0-9a-f]{32}$", description="pseudonymous client id")
    grond: Literal[AanvraagGrond.NA_ONDERZOEK, AanvraagGrond.ONDERZOEK_TERMIJN_VERSTREKEN,
                   AanvraagGrond.SPOED]
    ontvangen_op: date
    melding_id: uuid.UUID | None = None
    gemeld_op: date | None = Field(default=None, description="needed after 6 weeks without "
                                   "onderzoek: the melding date")
    wijk: str | None = Field(default=None, max_length=40)
    tijdelijke_voorziening: TijdelijkeVoorzieningIn | None = Field(
        default=None, description="spoed: the temporary provision given at once")


class AanvraagOut(CamelModel):
    id: uuid.UUID
    client_id: str
    melding_id: uuid.UUID | None
    ontvangen_op: date
    beslissen_uiterlijk: date
    status: str
    grond: str
    verwezen_op: date | None
    wijk: str | None
    opgeschorte_dagen: int
    spoed: bool
    tijdelijke_voorziening_code: str | None
    tijdelijke_voorziening_van: date | None


class AanvraagList(Page):
    items: list[AanvraagOut]


class OpschortingIn(CamelModel):
    """Suspends the decision term (Awb 4:15), e.g. while the resident completes the aanvraag."""

    van: date
    tot_en_met: date
    reden: str = Reden


class OpschortingOut(CamelModel):
    id: uuid.UUID
    aanvraag_id: uuid.UUID
    van: date
    tot_en_met: date
    reden: str
    beslissen_uiterlijk: date


# --- beschikkingen -----------------------------------------------------------------------------


class PgbVoorwaardenIn(CamelModel):
    """The legal conditions of a PGB (Wmo 2015 art. 2.3.6), recorded in the beschikking."""

    motivering_zin_past_niet: str = Field(min_length=1, max_length=4000)
    budget_beheerbaar: bool
    kwaliteit_gewaarborgd: bool


class ProductRegelIn(CamelModel):
    product_code: str = ProductCode
    leveringsvorm: Leveringsvorm = Leveringsvorm.ZIN
    ingangsdatum: date
    einddatum: date | None = None
    volume: int | None = Field(default=None, ge=1, le=100000,
                               description="defaults to the product's standard volume")
    aanbieder: str | None = AgbCode
    wijk: str | None = Field(default=None, max_length=40)
    pgb: PgbVoorwaardenIn | None = None


class EenvoudigMaatwerkIn(CamelModel):
    reden: str = Reden


class BeschikkingIn(CamelModel):
    """The formal decision (Awb besluit) on an aanvraag; only the gemeente issues one."""

    besluit: Besluit
    motivering: str = Field(min_length=1, max_length=8000)
    afgegeven_op: date | None = Field(default=None, description="defaults to today")
    producten: list[ProductRegelIn] = Field(default_factory=list, max_length=20)
    eenvoudig_maatwerk: EenvoudigMaatwerkIn | None = Field(
        default=None, description="a deviation from the rules: needs a second approver")


class BeoordelingIn(CamelModel):
    """A second gemeente user approves or refuses an eenvoudig-maatwerk beschikking."""

    beoordeeld_op: date | None = Field(default=None, description="defaults to today")
    toelichting: str | None = Field(default=None, max_length=2000)


class PgbVoorwaardenOut(CamelModel):
    motivering_zin_past_niet: str
    budget_beheerbaar: bool
    kwaliteit_gewaarborgd: bool


class BeschiktProductOut(CamelModel):
    id: uuid.UUID
    product_code: str
    product_naam: str
    productcategorie: str
    leveringsvorm: Leveringsvorm
    omvang: Omvang
    ingangsdatum: date
    einddatum: date | None
    aanbieder: str | None
    tarief_cents: int
    eigen_bijdrage_cents: int
    pgb: PgbVoorwaardenOut | None


class BeschikkingOut(CamelModel):
    id: uuid.UUID
    aanvraag_id: uuid.UUID
    status: Literal["ter-goedkeuring", "afgegeven", "afgekeurd", "herzien"]
    besluit: Besluit
    motivering: str
    afgegeven_op: date | None
    bezwaar_uiterlijk: date | None
    afgegeven_door: str
    eenvoudig_maatwerk_reden: str | None
    afwijkingen: list[str]
    goedgekeurd_door: str | None
    eigen_bijdrage_per_maand_cents: int
    vervangt_beschikking_id: uuid.UUID | None
    producten: list[BeschiktProductOut]


class BeschikkingList(Page):
    items: list[BeschikkingOut]


# --- toewijzingen ------------------------------------------------------------------------------


class ToewijzingIn(CamelModel):
    beschikt_product_id: uuid.UUID
    toegewezen_op: date | None = Field(default=None, description="defaults to today")
    herbeoordeling_op: date | None = Field(default=None, description="defaults to a year "
                                           "after the start, or 8 weeks before the end")
    budget_cents: int | None = Field(
        default=None, ge=1, le=99999999,
        description="iWmo Budget in euro cents: the toewijzing is a budget, declared in Euro's "
                    "(eenheid 83), instead of an omvang")


class StartIn(CamelModel):
    startdatum: date


class StopIn(CamelModel):
    stopdatum: date
    reden_beeindiging: Literal["02", "19", "20", "21", "22", "23", "31", "36", "37", "38",
                               "39"] = Field(description="iWmo WMO588")


class IntensiteitIn(CamelModel):
    """Ambulante begeleiding: a new volume without a new beschikking or provider change."""

    volume: int = Field(ge=1, le=100000)
    ingangsdatum: date
    reden: str = Reden


class ToewijzingWijzigingIn(CamelModel):
    """The gemeente changes the omvang of a toewijzing, e.g. after a new beschikking: the
    toewijzing ends the day before ``ingangsdatum`` and a new one (new ToewijzingNummer)
    follows it, as iWmo allows no other omvang within one toewijzing."""

    ingangsdatum: date
    beschikt_product_id: uuid.UUID | None = Field(
        default=None, description="a granted product of a new beschikking (same client, "
                                  "provider and product): its omvang and einddatum apply")
    volume: int | None = Field(default=None, ge=1, le=100000,
                               description="else a new volume within the granted product")
    reden_wijziging: Literal["03", "04", "05", "08", "10", "11", "14"] = Field(
        default="05", description="iWmo WMO002 on the ended toewijzing")


class ToewijzingOut(CamelModel):
    id: uuid.UUID
    nummer: int = Field(description="iWmo ToewijzingNummer")
    beschikt_product_id: uuid.UUID
    beschikking_id: uuid.UUID
    aanvraag_id: uuid.UUID
    client_id: str
    aanbieder: str
    product_code: str
    productcategorie: str
    omvang: Omvang
    ingangsdatum: date
    einddatum: date | None
    herbeoordeling_op: date | None
    toegewezen_op: date
    verwezen_op: date
    status: Literal["toegewezen", "gestart", "gestopt"]
    startdatum: date | None
    stopdatum: date | None
    reden_beeindiging: str | None
    wachtdagen: int | None = Field(description="days from verwijzing to start (norm 14); "
                                   "none for a toewijzing that follows a changed one")
    reden_wijziging: str | None = Field(default=None, description="iWmo WMO002: why the "
                                        "gemeente changed or ended it")
    vorige_toewijzing_id: uuid.UUID | None = Field(default=None,
                                                   description="the toewijzing it follows")
    opvolger_id: uuid.UUID | None = Field(default=None,
                                          description="the toewijzing that follows it")
    budget_cents: int | None = Field(default=None, description="iWmo Budget, euro cents")


class ToewijzingList(Page):
    items: list[ToewijzingOut]


class GewijzigdeToewijzingen(CamelModel):
    """The toewijzingen a granted verzoek om wijziging changed or added."""

    items: list[ToewijzingOut]


# --- bezwaren ----------------------------------------------------------------------------------


class BezwaarIn(CamelModel):
    beschikking_id: uuid.UUID
    ingediend_op: date
    adviescommissie: bool = Field(default=False, description="heard by the advisory committee: "
                                  "12 weeks instead of 6")
    ingediend_door: BezwaarIndiener = Field(default=BezwaarIndiener.CLIENT, description=(
        "the resident, or a gemachtigde for them"))


class BezwaarBeslissingIn(CamelModel):
    uitkomst: BezwaarUitkomst
    besloten_op: date | None = Field(default=None, description="defaults to today")
    motivering: str = Field(min_length=1, max_length=8000)
    verzonden_op: date | None = Field(default=None, description=(
        "the day the besluit op bezwaar was sent; the beroepstermijn runs from the day after "
        "(Awb 6:8). Defaults to beslotenOp"))


class BezwaarOut(CamelModel):
    id: uuid.UUID
    beschikking_id: uuid.UUID
    aanvraag_id: uuid.UUID
    client_id: str
    ingediend_op: date
    ingediend_door: BezwaarIndiener
    binnen_termijn: bool
    adviescommissie: bool
    oorspronkelijk_beslissen_uiterlijk: date = Field(description="the decision term as first set")
    beslissen_uiterlijk: date = Field(description="the decision term in force, postponed or not")
    verdagingen: list[VerdagingOut]
    gehoord_op: date | None
    horen_afgezien: AfzienVanHoren | None = Field(description="the Awb 7:3 ground for no hearing")
    status: Literal["ingediend", "beslist"]
    uitkomst: BezwaarUitkomst | None
    besloten_op: date | None
    verzonden_op: date | None
    beroep_uiterlijk: date | None = Field(description="the last day for beroep (Awb 6:7, 6:8)")


class BezwaarList(Page):
    items: list[BezwaarOut]


# --- CAK ---------------------------------------------------------------------------------------


class CakMeldingOut(CamelModel):
    """The record the CAK needs to levy the eigen bijdrage (the BSN is added at sending time
    from toegang's client registry; it never leaves indicatie's boundary in this record)."""

    id: uuid.UUID
    beschikking_id: uuid.UUID
    aanvraag_id: uuid.UUID
    client_id: str
    product_code: str
    productcategorie: str
    leveringsvorm: Leveringsvorm
    omvang: Omvang
    ingangsdatum: date
    einddatum: date | None
    eigen_bijdrage_cents: int
    melden_uiterlijk: date
    status: Literal["klaar", "gemeld"]
    gemeld_op: date | None


class CakMeldingList(Page):
    items: list[CakMeldingOut]


class CakVerzendingIn(CamelModel):
    gemeld_op: date | None = Field(default=None, description="defaults to today")
