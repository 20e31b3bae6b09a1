"""The JSON of toegang's API (camelCase on the wire)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator
from wmokernel.catalogue import Kanaal
from wmokernel.events.toegang import (
    Ondersteuningsvorm,
    OpvangVorm,
    Perspectief,
    Triage,
    Uitkomst,
)
from wmokernel.paging import Page
from wmokernel.wire.apimodel import CamelModel

from ..domain.casus import VerwijzingNaar, ZrmDomein

Bsn = Annotated[str, StringConstraints(min_length=8, max_length=11, pattern=r"^[0-9 .]+$")]
Text200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Reden = Annotated[str, StringConstraints(min_length=3, max_length=2000)]
Subject = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SignaalBron(StrEnum):
    HUISARTS = "huisarts"
    WIJKVERPLEEGKUNDIGE = "wijkverpleegkundige"
    CORPORATIE = "corporatie"
    POLITIE = "politie"
    OVERIG = "overig"


CbsCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]


class Adres(CamelModel):
    """The resident's address. In Utrecht the postcode decides wijk, buurt and buurtteam; a
    U16 municipality's resident has a Dutch postcode in that municipality (no wijk)."""

    postcode: str = Field(min_length=6, max_length=7, examples=["3563 AB"])
    huisnummer: int = Field(ge=1, le=99999)
    huisnummertoevoeging: str | None = Field(default=None, max_length=10)
    straat: str | None = Field(default=None, max_length=200)
    woonplaats: str | None = Field(default=None, max_length=100)


class MeldingIn(CamelModel):
    """A melding: the resident's request for support; the legal clock starts on gemeldOp.

    Routing: by the address's postcode when given, else by `wijk`, else to the team of the
    registering worker. A U16 municipality (role `u16-gemeente`) registers its own resident
    for opvang or beschermd wonen: kanaal `regionale-toegang`, the resident's address and
    `opvangvorm`; its municipality comes from the token (`gemeente` may repeat it, never name
    another); the melding goes to the Regionale toegang and opvang opens the aanmelding."""

    bsn: Bsn = Field(description="BSN of the resident (elfproef)", examples=["111222333"])
    kanaal: Kanaal
    omschrijving: str = Field(min_length=1, max_length=4000, description="the question in brief")
    gemeld_op: date | None = Field(default=None, description="defaults to today")
    wijk: str | None = Field(default=None, max_length=60)
    naam: str | None = Field(default=None, max_length=200)
    adres: Adres | None = None
    signaal_bron: SignaalBron | None = Field(
        default=None, description="for kanaal signaal-professional: who gave the signal")
    toestemming_inwoner: bool = Field(
        default=False, description="for kanaal signaal-professional: the resident consented "
        "to opening a dossier")
    gemeente: CbsCode | None = Field(
        default=None, description="CBS code of the municipality of residence; for a U16 "
        "municipality its own (from the token), for Utrecht's teams absent or 0344",
        examples=["0355"])
    opvangvorm: OpvangVorm | None = Field(
        default=None, description="a U16 municipality's melding: the form of opvang or "
        "beschermd wonen the resident is registered for (required there, only there)")
    urgent: bool = Field(default=False, description="with opvangvorm: an urgent aanmelding")

    @model_validator(mode="after")
    def _signal_needs_consent(self) -> MeldingIn:
        if self.kanaal is Kanaal.SIGNAAL_PROFESSIONAL:
            if self.signaal_bron is None:
                raise ValueError("a signal from a professional names its signaalBron")
            if not self.toestemming_inwoner:
                raise ValueError("a dossier after a professional's signal needs the "
                                 "resident's consent (toestemmingInwoner)")
        return self


class MedewerkerOut(CamelModel):
    medewerker: str
    team: str | None
    reden: str
    op_verzoek_inwoner: bool
    van: datetime
    tot: datetime | None


class OnderzoekOut(CamelModel):
    gestart_op: date
    clientondersteuning_aangeboden_op: date
    clientondersteuning_gewenst: bool
    bevindingen: dict[str, object] | None
    zrm: dict[str, int] | None
    perspectief: Perspectief | None
    ondersteuningsvorm: Ondersteuningsvorm | None
    reden_individueel: str | None
    verslag: str | None
    afgerond_op: date | None


class VerwijzingIn(CamelModel):
    """An outcome of the onderzoek: a referral. To aanvullende zorg it becomes an aanvraag in
    indicatie; to the Regionale toegang an aanmelding in opvang."""

    naar: VerwijzingNaar = VerwijzingNaar.AANVULLENDE_ZORG
    toelichting: str = Field(default="", max_length=2000)
    verwezen_op: date | None = Field(default=None, description="defaults to today")
    opvangvorm: OpvangVorm | None = Field(default=None,
                                          description="required for the Regionale toegang")
    urgent: bool = False
    medewerker: Subject | None = Field(
        default=None, description="Wmo-loket: the loket worker who takes part in the casus")

    @model_validator(mode="after")
    def _opvang_needs_vorm(self) -> VerwijzingIn:
        if self.naar is VerwijzingNaar.REGIONALE_TOEGANG and self.opvangvorm is None:
            raise ValueError("a verwijzing to the Regionale toegang names the opvangvorm")
        if self.naar is not VerwijzingNaar.REGIONALE_TOEGANG and self.opvangvorm is not None:
            raise ValueError("opvangvorm belongs to a verwijzing to the Regionale toegang")
        return self


class VerwijzingOut(CamelModel):
    id: uuid.UUID
    melding_id: uuid.UUID
    naar: VerwijzingNaar
    toelichting: str
    verwezen_op: date
    opvangvorm: OpvangVorm | None = None
    urgent: bool = False


class MeldingOut(CamelModel):
    id: uuid.UUID
    client_id: str = Field(description="pseudonymous client id used outside toegang")
    kanaal: Kanaal
    omschrijving: str
    gemeld_op: date
    gemeente: str | None = Field(default=None, description="CBS code of the resident's "
                                 "municipality where it is not Utrecht")
    wijk: str | None
    buurt: str | None = None
    team: str | None
    status: str
    terugkerend: bool = Field(default=False, description="the client had an earlier melding")
    signaal_bron: str | None = None
    eerste_contact_uiterlijk: date
    onderzoek_uiterlijk: date
    persoonlijk_plan_uiterlijk: date | None = None
    eerste_contact_op: date | None = None
    ontvangstgesprek_op: date | None = None
    triage: Triage | None = None
    persoonlijk_plan_ontvangen_op: date | None = None
    uitkomst: Uitkomst | None = None
    afgesloten_op: date | None = None
    medewerkers: list[MedewerkerOut] = Field(default_factory=list)
    onderzoek: OnderzoekOut | None = None
    verwijzingen: list[VerwijzingOut] = Field(default_factory=list)


class MeldingStatus(CamelModel):
    """The status of a melding for the system that submitted it: no personal data."""

    melding_id: uuid.UUID
    status: str
    team: str | None
    gemeld_op: date
    eerste_contact_uiterlijk: date
    eerste_contact_op: date | None
    onderzoek_uiterlijk: date
    uitkomst: Uitkomst | None
    verwijzingen: list[VerwijzingNaar]


class MeldingSamenvatting(CamelModel):
    id: uuid.UUID
    client_id: str
    gemeld_op: date
    kanaal: Kanaal
    status: str
    team: str | None
    eerste_contact_uiterlijk: date
    onderzoek_uiterlijk: date


class MeldingLijst(Page):
    items: list[MeldingSamenvatting]


class EersteContactIn(CamelModel):
    """The first contact with the resident (norm: within 5 werkdagen of the melding)."""

    contact_op: date | None = Field(default=None, description="defaults to today")
    vorm: str = Field(default="telefonisch", max_length=40, examples=["huisbezoek"])


class OntvangstgesprekIn(CamelModel):
    """The ontvangstgesprek and its triage outcome."""

    gesprek_op: date | None = Field(default=None, description="defaults to today")
    triage: Triage
    toelichting: str = Field(default="", max_length=2000)


class OnderzoekIn(CamelModel):
    """Start of the onderzoek; the resident was told of free cliëntondersteuning first."""

    gestart_op: date | None = Field(default=None, description="defaults to today")
    clientondersteuning_aangeboden_op: date
    clientondersteuning_gewenst: bool
    clientondersteuner: str | None = Field(default=None, max_length=200)


class Mantelzorg(CamelModel):
    aanwezig: bool
    uren_per_week: float = Field(default=0, ge=0, le=168)
    maanden: float = Field(default=0, ge=0, le=1200)
    toelichting: str = Field(default="", max_length=2000)


class BevindingenIn(CamelModel):
    """The domains of the onderzoek, ZRM scores, perspective and form of support.

    `geldzorgen` true gives a priority signal to Werk en Inkomen."""

    behoeften: str = Field(min_length=1, max_length=4000)
    eigen_kracht_en_netwerk: str = Field(min_length=1, max_length=4000)
    mantelzorg: Mantelzorg
    algemene_voorzieningen: str = Field(default="", max_length=4000)
    geldzorgen: bool = False
    geldzorgen_toelichting: str = Field(default="", max_length=2000)
    zrm: dict[ZrmDomein, Annotated[int, Field(ge=1, le=5)]] = Field(default_factory=dict)
    perspectief: Perspectief | None = None
    ondersteuningsvorm: Ondersteuningsvorm | None = None
    reden_individueel: str | None = Field(default=None, max_length=2000)
    persoonlijk_plan_ontvangen_op: date | None = None


class VerlengingIn(CamelModel):
    """An extension of the onderzoek's deadline, with reason."""

    weken: int = Field(ge=1, le=12)
    reden: Reden


class OpschortingIn(CamelModel):
    """A suspension of the onderzoek (e.g. at the resident's request), with reason."""

    van: date
    tot_en_met: date
    reden: Reden


class VerslagIn(CamelModel):
    """The written verslag that ends the onderzoek."""

    verslag: str = Field(min_length=1, max_length=20000)
    afgerond_op: date | None = Field(default=None, description="defaults to today")


class AfsluitingIn(CamelModel):
    """Closing the casus with its outcome."""

    uitkomst: Uitkomst
    afgesloten_op: date | None = Field(default=None, description="defaults to today")
    toelichting: str = Field(default="", max_length=2000)


class MedewerkerIn(CamelModel):
    """Assign a worker; `vervangt` ends another worker's assignment (reassignment)."""

    medewerker: Subject
    team: str | None = Field(default=None, max_length=60)
    reden: Reden
    op_verzoek_inwoner: bool = False
    vervangt: Subject | None = None


class ClientOut(CamelModel):
    """The client registry entry: personal data, for assigned workers only."""

    id: str
    bsn: str
    naam: str | None
    adres: Adres | None
    gemeente: str
    wijk: str | None
    buurt: str | None
    meldingen: list[MeldingSamenvatting]


class BsnOut(CamelModel):
    client_id: str
    bsn: str
    naam: str | None = Field(None, description="the name as registered, for the client "
                                               "section of outgoing iWmo messages")


class ToestemmingIn(CamelModel):
    """The resident's explicit consent to share data with one recipient for one purpose."""

    ontvanger: Text200
    doel: str = Field(min_length=3, max_length=500)
    gegeven_op: date | None = Field(default=None, description="defaults to today")


class ToestemmingOut(CamelModel):
    id: uuid.UUID
    client_id: str
    ontvanger: str
    doel: str
    gegeven_op: date
    ingetrokken_op: date | None
    geldig: bool


class ToestemmingLijst(Page):
    items: list[ToestemmingOut]


class IntrekkingIn(CamelModel):
    """Withdrawal of a consent."""

    ingetrokken_op: date | None = Field(default=None, description="defaults to today")


class InformatieContactIn(CamelModel):
    """An anonymous information or advice question: no BSN, no dossier."""

    kanaal: Kanaal
    onderwerp: str = Field(min_length=1, max_length=500)
    wijk: str | None = Field(default=None, max_length=60)
    contact_op: date | None = Field(default=None, description="defaults to today")


class InformatieContactOut(CamelModel):
    id: uuid.UUID
    kanaal: Kanaal
    onderwerp: str
    wijk: str | None
    contact_op: date


class TermijnScanIn(CamelModel):
    """Run one deadline scan now (the background task does this periodically)."""

    peildatum: date | None = Field(default=None, description="defaults to today")


class TermijnScanOut(CamelModel):
    peildatum: date
    signalen: int = Field(description="new signals written to the outbox")
