"""Request and response bodies (camelCase JSON)."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field
from wmokernel.events.opvang import UitstroomBestemming
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from ..domain.vormen import Vorm

CBS = r"^[0-9]{4}$"
CLIENT_ID = r"^p-[0-9a-f]{32}$"


class Doelgroep(StrEnum):
    """Wmo residents, or groups outside the Wmo whose shelter is funded and counted apart."""

    WMO = "wmo"
    EU_ARBEIDSMIGRANT = "eu-arbeidsmigrant"
    ONGEDOCUMENTEERD = "ongedocumenteerd"
    ASIELZOEKER = "asielzoeker"
    ANDERS = "anders"


class Kanaal(StrEnum):
    BUURTTEAM = "buurtteam"
    STADSTEAM_BACK_UP = "stadsteam-back-up"
    U16_GEMEENTE = "u16-gemeente"
    REGIONALE_TOEGANG = "regionale-toegang"
    ZELFMELDER = "zelfmelder"


class Geslacht(StrEnum):
    MAN = "man"
    VROUW = "vrouw"
    ANDERS = "anders"


class LocatieIn(CamelModel):
    naam: str = Field(min_length=1, max_length=200)
    aanbieder: str = Field(min_length=1, max_length=100, description="provider code")
    gemeente: str = Field(pattern=CBS, description="CBS code of the host municipality")
    vorm: Vorm
    capaciteit: int = Field(ge=0, le=10000)
    min_leeftijd: int | None = Field(default=None, ge=0, le=120)
    max_leeftijd: int | None = Field(default=None, ge=0, le=120)
    geslacht: Geslacht | None = None
    specialismen: list[str] = Field(default_factory=list, max_length=20)
    geheim_adres: bool = Field(default=False, description="vrouwenopvang: address secrecy")


class LocatieOut(CamelModel):
    id: uuid.UUID
    naam: str
    aanbieder: str
    gemeente: str
    vorm: Vorm
    bovenregionaal: bool
    capaciteit: int
    bezet: int
    vrij: int
    min_leeftijd: int | None
    max_leeftijd: int | None
    geslacht: str | None
    specialismen: list[str]
    geheim_adres: bool
    referentie: str | None = Field(
        description="key of a U16 reference location loaded at setup; null for others")
    illustratief: bool = Field(
        description="a reference location whose place in the register is illustrative: the "
                    "seeds give only regional totals, distributed over such locations")
    bron: str | None = Field(description="the source of a reference location's capacity")


class LocatieList(Page):
    items: list[LocatieOut]


class CapaciteitWijzigingIn(CamelModel):
    capaciteit: int = Field(ge=0, le=10000)
    ingangsdatum: date
    reden: str = Field(min_length=1, max_length=2000)


class AanmeldingIn(CamelModel):
    """An aanmelding for MO or BW. Any resident of the Netherlands may be registered
    (landelijke toegankelijkheid): a municipality outside the region is no reason to refuse."""

    client_id: str = Field(pattern=CLIENT_ID, description="pseudonymous client id")
    gemeente: str | None = Field(default=None, pattern=CBS,
                                 description="CBS code of residence; null when unknown")
    vorm: Vorm
    kanaal: Kanaal = Kanaal.U16_GEMEENTE
    verwezen_op: date
    urgent: bool = False
    crisis: bool = False
    leeftijd: int | None = Field(default=None, ge=0, le=120)
    geslacht: Geslacht | None = None
    specialismen: list[str] = Field(default_factory=list, max_length=20,
                                    description="specialisms the client needs")
    beschermd: bool = Field(default=False,
                            description="safety risk: the place of stay is never disclosed")
    doelgroep: Doelgroep = Doelgroep.WMO
    financiering: str | None = Field(default=None, max_length=200,
                                     description="required for a non-Wmo target group")
    melding_id: uuid.UUID | None = None


class AanmeldingOut(CamelModel):
    id: uuid.UUID
    client_id: str
    gemeente: str | None
    buiten_regio: bool
    kanaal: str
    vorm: Vorm
    status: str
    urgent: bool
    crisis: bool
    prioriteit: str
    verwezen_op: date
    wachtdagen: int
    norm_dagen: int
    beschermd: bool
    doelgroep: str
    financiering: str
    indicatie_bw_op: date | None
    bovenregionaal_toegestaan: bool
    intake_mo_op: date | None
    beste_kans_gemeente: str | None
    overgedragen_aan: str | None


class AanmeldingList(Page):
    items: list[AanmeldingOut]


class IndicatieBwIn(CamelModel):
    vorm: Vorm = Field(description="beschermd-verblijf, beschermd-thuis, living-lab or "
                                   "eerst-een-thuis")
    gezet_op: date
    bovenregionaal_toegestaan: bool = Field(
        default=False, description="approved exception: a place outside the region")


class IntakeMoIn(CamelModel):
    intake_op: date
    vorm: Vorm | None = Field(default=None, description="the MO form, when it changes")


class BeoordelingIn(CamelModel):
    """Where the trajectory has the best chance (network, care, history, preference)."""

    beste_kans_gemeente: str = Field(pattern=CBS)
    beoordeeld_op: date
    toelichting: str = Field(min_length=1, max_length=4000)


class PlaatsingIn(CamelModel):
    aanmelding_id: uuid.UUID
    locatie_id: uuid.UUID | None = Field(
        default=None, description="omit to take the best free place of the proposal")
    gereserveerd_op: date | None = Field(default=None, description="defaults to today")


class PlaatsingOut(CamelModel):
    id: uuid.UUID
    aanmelding_id: uuid.UUID
    client_id: str
    vorm: Vorm
    status: str
    locatie_id: uuid.UUID | None = Field(description="null when not disclosed to you")
    locatie_gemeente: str | None
    gereserveerd_op: date
    opgenomen_op: date | None
    uitgestroomd_op: date | None
    bestemming: str | None
    uitstroom_geblokkeerd_reden: str | None
    verblijfsdagen: int | None


class PlaatsingList(Page):
    items: list[PlaatsingOut]


class OpnameIn(CamelModel):
    opgenomen_op: date


class UitstroomIn(CamelModel):
    uitgestroomd_op: date
    bestemming: UitstroomBestemming


class UitstroomBlokkadeIn(CamelModel):
    reden: str = Field(min_length=1, max_length=200, description="e.g. geen-woning")
    sinds: date


class WoningAanbodIn(CamelModel):
    soort: str = Field(min_length=1, max_length=100, description="e.g. thuis-voor-iedereen")
    gemeente: str | None = Field(default=None, pattern=CBS)
    aangeboden_op: date


class WoningAanbodOut(CamelModel):
    id: uuid.UUID
    plaatsing_id: uuid.UUID
    soort: str
    gemeente: str | None
    aangeboden_op: date


class VoorstelItem(CamelModel):
    rang: int
    locatie_id: uuid.UUID
    locatie_naam: str
    gemeente: str
    bovenregionaal: bool
    eigen_gemeente: bool
    vrij: int
    gemeente_bezettingsgraad: float


class VoorstelOut(CamelModel):
    aanmelding_id: uuid.UUID
    items: list[VoorstelItem]


class ToewijzingsrondeIn(CamelModel):
    peildatum: date | None = Field(default=None, description="defaults to today")


class ToewijzingsrondeOut(CamelModel):
    wachtend: int
    geplaatst: int
    plaatsing_ids: list[uuid.UUID]


class WachtlijstItem(CamelModel):
    aanmelding_id: uuid.UUID
    client_id: str
    gemeente: str | None
    vorm: Vorm
    prioriteit: str
    verwezen_op: date
    wachtdagen: int
    norm_dagen: int
    over_norm: bool


class WachtlijstOut(Page):
    items: list[WachtlijstItem]


class MaandgemiddeldeVorm(CamelModel):
    vorm: Vorm
    maanden: list[float | None] = Field(description="January..December; null = future")


class MaandgemiddeldenOut(CamelModel):
    jaar: int
    items: list[MaandgemiddeldeVorm]


class VormOverzicht(CamelModel):
    vorm: Vorm
    aangemeld: int
    wachtend: int
    wachtend_over_norm: int
    gemiddelde_wachtdagen: float | None
    geplaatst: int
    opgenomen: int
    uitgestroomd: int
    uitstroom_geblokkeerd: int


class LocatieBezetting(CamelModel):
    vorm: Vorm
    locaties: int
    capaciteit: int
    bezet: int


class GemeenteOverzicht(CamelModel):
    cbs_code: str
    naam: str
    peildatum: date
    inwoners_per_vorm: list[VormOverzicht]
    bezetting_in_gemeente: list[LocatieBezetting]


class GemeenteOut(CamelModel):
    cbs_code: str
    naam: str
    centrumgemeente: bool


class GemeenteList(Page):
    items: list[GemeenteOut]
