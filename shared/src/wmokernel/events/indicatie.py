"""Events published by indicatie on ``wmo.indicatie.v1``.

Every event is keyed by the aanvraag id, so one dossier's events stay in order. Payloads carry
the pseudonymous client id only; free-text reasons (motivering, afwijking) stay in indicatie.
"""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from pydantic import Field

from ..wire.apimodel import CamelModel
from . import dwangsom, herbeoordeling, klachten
from .base import TOPIC_INDICATIE, ClientId, EventPayload


class Besluit(StrEnum):
    TOEGEKEND = "toegekend"
    DEELS = "deels"
    AFGEWEZEN = "afgewezen"


class Leveringsvorm(StrEnum):
    ZIN = "zin"  # zorg in natura
    PGB = "pgb"  # persoonsgebonden budget (art. 2.3.6 Wmo 2015)


class AanvraagGrond(StrEnum):
    """Why the aanvraag may be filed (Wmo 2015 art. 2.3.2 and 2.3.3)."""

    VERWIJZING = "verwijzing"  # a verwijzing from toegang after the onderzoek
    NA_ONDERZOEK = "na-onderzoek"
    ONDERZOEK_TERMIJN_VERSTREKEN = "onderzoek-termijn-verstreken"  # 6 weeks without onderzoek
    SPOED = "spoed"  # urgent: a temporary provision at once
    HERINDICATIE = "herindicatie"  # a herbeoordeling decided to continue the care


class BezwaarUitkomst(StrEnum):
    GEGROND = "gegrond"
    DEELS_GEGROND = "deels-gegrond"
    ONGEGROND = "ongegrond"
    NIET_ONTVANKELIJK = "niet-ontvankelijk"
    INGETROKKEN = "ingetrokken"


class BezwaarIndiener(StrEnum):
    CLIENT = "client"
    GEMACHTIGDE = "gemachtigde"  # a representative acting for the resident (Awb 2:1)


class VerdagingSoort(StrEnum):
    VERDAGING = "verdaging"  # once, by at most 6 weeks (Awb 7:10 lid 3)
    UITSTEL_MET_INSTEMMING = "uitstel-met-instemming"  # further, with consent (Awb 7:10 lid 4)


class BeroepUitspraak(StrEnum):
    GEGROND = "gegrond"
    ONGEGROND = "ongegrond"
    NIET_ONTVANKELIJK = "niet-ontvankelijk"
    INGETROKKEN = "ingetrokken"


class Rechtbank(StrEnum):
    """The eleven rechtbanken (Wet op de rechterlijke indeling); Utrecht's is Midden-Nederland
    (Awb 8:7: the court of the district where the bestuursorgaan sits)."""

    AMSTERDAM = "amsterdam"
    DEN_HAAG = "den-haag"
    GELDERLAND = "gelderland"
    LIMBURG = "limburg"
    MIDDEN_NEDERLAND = "midden-nederland"
    NOORD_HOLLAND = "noord-holland"
    NOORD_NEDERLAND = "noord-nederland"
    OOST_BRABANT = "oost-brabant"
    OVERIJSSEL = "overijssel"
    ROTTERDAM = "rotterdam"
    ZEELAND_WEST_BRABANT = "zeeland-west-brabant"


class IndicatieTermijnSoort(StrEnum):
    BESLISTERMIJN = "beslistermijn"  # beschikking within 2 weeks of the aanvraag
    BEZWAAR_BESLISTERMIJN = "bezwaar-beslistermijn"  # 6 or 12 weeks (Awb 7:10)
    CAK_MELDING = "cak-melding"  # report to the CAK within 1 month (PGB 4 months)


class Omvang(CamelModel):
    """Volume of a provision: ``volume`` units (WJ756 eenheid) per WMO757 frequentie."""

    volume: int = Field(ge=1, le=100000)
    eenheid: str = Field(pattern=r"^(01|04|14|16|82|83|84)$", description="iWmo WJ756")
    frequentie: str = Field(pattern=r"^(1|2|4|6)$", description="iWmo WMO757")


class BeschiktProductFeit(CamelModel):
    """One granted product of a beschikking, as the monitor and the CBS count it."""

    beschikt_product_id: uuid.UUID
    product_code: str
    productcategorie: str = Field(pattern=r"^[0-9]{2}$", description="iWmo WMO020")
    leveringsvorm: Leveringsvorm
    omvang: Omvang
    ingangsdatum: date
    einddatum: date | None
    aanbieder: str | None = Field(description="AGB code of the provider (ZIN)")
    tarief_cents: int = Field(ge=0, description="tariff per eenheid in euro cents")
    eigen_bijdrage_cents: int = Field(ge=0, description="eigen bijdrage per month, cents")


class _AanvraagEvent(EventPayload):
    """An event about one aanvraag: keyed (and so ordered) by the aanvraag."""

    aanvraag_id: uuid.UUID
    client_id: ClientId

    def aggregate_id(self) -> str:
        return str(self.aanvraag_id)


class _BeschikkingEvent(_AanvraagEvent):
    beschikking_id: uuid.UUID


class AanvraagOntvangen(_AanvraagEvent):
    event_type = "nl.utrecht.wmo.indicatie.aanvraag-ontvangen"
    topic = TOPIC_INDICATIE
    summary = "An aanvraag for a maatwerkvoorziening was received; the decision term runs."

    melding_id: uuid.UUID | None
    ontvangen_op: date
    beslissen_uiterlijk: date
    grond: AanvraagGrond | None = None
    verwijzing_id: uuid.UUID | None = None
    spoed: bool = False
    tijdelijke_voorziening_code: str | None = Field(
        default=None, description="product code of the temporary provision given at once")


class BeslistermijnOpgeschort(_AanvraagEvent):
    event_type = "nl.utrecht.wmo.indicatie.beslistermijn-opgeschort"
    topic = TOPIC_INDICATIE
    summary = "The decision term of an aanvraag was suspended (Awb 4:15); the deadline moved."

    van: date
    tot_en_met: date
    oude_uiterlijk: date
    beslissen_uiterlijk: date


class BeschikkingTerGoedkeuring(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.beschikking-ter-goedkeuring"
    topic = TOPIC_INDICATIE
    summary = "An eenvoudig-maatwerk beschikking deviates from the rules; it awaits approval."

    besluit: Besluit
    aangeboden_op: date


class BeschikkingAfgegeven(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.beschikking-afgegeven"
    topic = TOPIC_INDICATIE
    summary = "The gemeente issued a beschikking (formal decision) on an aanvraag."

    melding_id: uuid.UUID | None
    besluit: Besluit
    afgegeven_op: date
    bezwaar_uiterlijk: date
    ontvangen_op: date | None = None
    beslissen_uiterlijk: date | None = None
    binnen_termijn: bool | None = None
    eenvoudig_maatwerk: bool = False
    eigen_bijdrage_per_maand_cents: int = Field(default=0, ge=0)
    vervangt_beschikking_id: uuid.UUID | None = Field(
        default=None, description="set when a bezwaar led to this new beschikking")
    producten: list[BeschiktProductFeit] = Field(default_factory=list)


class BeschikkingAfgekeurd(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.beschikking-afgekeurd"
    topic = TOPIC_INDICATIE
    summary = "The second approver refused an eenvoudig-maatwerk beschikking; the aanvraag reopens."

    afgekeurd_op: date


class _ToewijzingEvent(_BeschikkingEvent):
    toewijzing_id: uuid.UUID
    product_code: str
    productcategorie: str = Field(pattern=r"^[0-9]{2}$")
    aanbieder: str


class ToewijzingGedaan(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.toewijzing-gedaan"
    topic = TOPIC_INDICATIE
    summary = "A granted product was assigned to a provider (iWmo WMO301)."

    beschikt_product_id: uuid.UUID
    leveringsvorm: Leveringsvorm
    omvang: Omvang
    tarief_cents: int = Field(ge=0)
    toegewezen_op: date
    ingangsdatum: date
    einddatum: date | None
    herbeoordeling_op: date | None
    verwezen_op: date = Field(description="the verwijzing (or aanvraag) date the wait runs from")
    vorige_toewijzing_id: uuid.UUID | None = Field(
        default=None, description="set when this toewijzing follows a changed one (iWmo: "
                                  "another omvang means a new toewijzing with a new nummer)")


class LeveringGestart(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.levering-gestart"
    topic = TOPIC_INDICATIE
    summary = "The provider started delivery (iWmo WMO305); the wait is measured against 14 days."

    startdatum: date
    verwezen_op: date
    wachtdagen: int = Field(ge=0)
    binnen_norm: bool
    vervolg: bool = Field(
        default=False, description="a restart after a stop, or the start of a toewijzing that "
                                   "follows a changed one: no new wait (the wait figures are "
                                   "those of the first start)")
    gemeld_op: date | None = Field(
        default=None, description="the day the start message (WMO305) or call was received")


class IntensiteitGewijzigd(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.intensiteit-gewijzigd"
    topic = TOPIC_INDICATIE
    summary = "The intensity of ambulante begeleiding changed without a new beschikking."

    oude_omvang: Omvang
    nieuwe_omvang: Omvang
    ingangsdatum: date
    nieuwe_toewijzing_id: uuid.UUID | None = Field(
        default=None, description="the toewijzing with the new omvang that follows this one")


class LeveringGestopt(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.levering-gestopt"
    topic = TOPIC_INDICATIE
    summary = "Delivery stopped (iWmo WMO307) with its reden beëindiging."

    stopdatum: date
    reden_beeindiging: str = Field(pattern=r"^[0-9]{2}$", description="iWmo WMO588")
    gestart: bool = Field(description="false when the toewijzing ended before any start")
    gemeld_op: date | None = Field(
        default=None, description="the day the stop message (WMO307) or call was received")


class ToewijzingGewijzigd(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.toewijzing-gewijzigd"
    topic = TOPIC_INDICATIE
    summary = ("The gemeente changed a toewijzing (iWmo WMO301 with a RedenWijziging): a new "
               "einddatum, or ended because a toewijzing with another omvang follows it.")

    einddatum: date | None
    reden_wijziging: str = Field(pattern=r"^[0-9]{2}$", description="iWmo WMO002")
    opvolger_id: uuid.UUID | None = Field(
        default=None, description="the toewijzing that follows this one, if any")
    gewijzigd_op: date


class LeveringsmeldingSoort(StrEnum):
    START = "start"  # WMO305
    STOP = "stop"  # WMO307


class LeveringsmeldingVerwijderd(_ToewijzingEvent):
    event_type = "nl.utrecht.wmo.indicatie.leveringsmelding-verwijderd"
    topic = TOPIC_INDICATIE
    summary = ("The provider withdrew an earlier start or stop (iWmo StatusAanlevering 3): "
               "the delivery is as if that message had not been sent.")

    soort: LeveringsmeldingSoort
    begindatum: date = Field(description="the Begindatum of the delivery period concerned")
    einddatum: date | None = Field(default=None, description="the withdrawn stop's Einddatum")
    reden_beeindiging: str | None = Field(default=None, pattern=r"^[0-9]{2}$",
                                          description="the withdrawn stop's reden (WMO588)")
    verwijderd_op: date


class BezwaarIngediend(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.bezwaar-ingediend"
    topic = TOPIC_INDICATIE
    summary = "A bezwaar against a beschikking was registered; its decision term runs."

    bezwaar_id: uuid.UUID
    ingediend_op: date
    binnen_termijn: bool = Field(description="filed within the 6-week bezwaartermijn")
    adviescommissie: bool
    beslissen_uiterlijk: date
    ingediend_door: BezwaarIndiener = BezwaarIndiener.CLIENT


class BezwaarVerdaagd(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.bezwaar-verdaagd"
    topic = TOPIC_INDICATIE
    summary = ("The decision term of a bezwaar was postponed (Awb 7:10 lid 3, or further with "
               "the indiener's consent, lid 4); the deadline moved.")

    bezwaar_id: uuid.UUID
    verdaging_id: uuid.UUID
    soort: VerdagingSoort
    weken: int = Field(ge=1)
    verzonden_op: date = Field(description="the day the notice of postponement was sent")
    oude_uiterlijk: date
    beslissen_uiterlijk: date
    oorspronkelijk_uiterlijk: date = Field(description="the term before any postponement")


class BezwaarBeslist(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.bezwaar-beslist"
    topic = TOPIC_INDICATIE
    summary = "The gemeente decided on a bezwaar; a (deels) gegrond bezwaar reopens the aanvraag."

    bezwaar_id: uuid.UUID
    uitkomst: BezwaarUitkomst
    besloten_op: date
    beslissen_uiterlijk: date = Field(description="the decision term in force, postponed or not")
    binnen_termijn: bool
    nieuwe_beschikking_nodig: bool
    oorspronkelijk_uiterlijk: date | None = Field(
        default=None, description="the decision term before any postponement")
    beroep_uiterlijk: date | None = Field(
        default=None, description="the last day for beroep at the rechtbank (Awb 6:7, 6:8)")


class BeroepIngesteld(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.beroep-ingesteld"
    topic = TOPIC_INDICATIE
    summary = "A beroep against a besluit op bezwaar was lodged at the rechtbank."

    beroep_id: uuid.UUID
    bezwaar_id: uuid.UUID
    rechtbank: Rechtbank
    ingesteld_op: date
    beroep_uiterlijk: date
    binnen_termijn: bool = Field(description="lodged within the 6-week beroepstermijn")


class BeroepUitspraakGedaan(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.beroep-uitspraak"
    topic = TOPIC_INDICATIE
    summary = ("The rechtbank decided a beroep; when gegrond the gemeente takes a new decision "
               "and the aanvraag reopens for a new beschikking.")

    beroep_id: uuid.UUID
    bezwaar_id: uuid.UUID
    uitspraak: BeroepUitspraak
    uitspraak_op: date
    nieuwe_beschikking_nodig: bool
    te_vervangen_beschikking_id: uuid.UUID | None = Field(
        default=None, description="the beschikking the new one will replace (gegrond only)")


class CakMeldingGedaan(_BeschikkingEvent):
    event_type = "nl.utrecht.wmo.indicatie.cak-melding-gedaan"
    topic = TOPIC_INDICATIE
    summary = "A provision was reported to the CAK for the eigen bijdrage."

    cak_melding_id: uuid.UUID
    productcategorie: str = Field(pattern=r"^[0-9]{2}$")
    leveringsvorm: Leveringsvorm
    gemeld_op: date
    melden_uiterlijk: date
    binnen_termijn: bool


class _IndicatieTermijnSignaal(_AanvraagEvent):
    dossier_id: uuid.UUID = Field(description="the aanvraag, bezwaar or CAK melding concerned")
    soort: IndicatieTermijnSoort
    uiterlijk: date
    peildatum: date


class IndicatieTermijnNadert(_IndicatieTermijnSignaal):
    event_type = "nl.utrecht.wmo.indicatie.termijn-nadert"
    topic = TOPIC_INDICATIE
    summary = "A beslistermijn, bezwaar decision term or CAK reporting term ends within days."


class IndicatieTermijnVerstreken(_IndicatieTermijnSignaal):
    event_type = "nl.utrecht.wmo.indicatie.termijn-verstreken"
    topic = TOPIC_INDICATIE
    summary = "A beslistermijn, bezwaar decision term or CAK reporting term passed unmet."


class _HulpmiddelEvent(EventPayload):
    """An aid (rolstoel, scootmobiel, other hulpmiddel) of the gemeente's depot: the same
    physical item is issued, taken back and issued again (herverstrekking)."""

    hulpmiddel_id: uuid.UUID
    product_code: str
    productcategorie: str = Field(pattern=r"^[0-9]{2}$")

    def aggregate_id(self) -> str:
        return str(self.hulpmiddel_id)


class HulpmiddelVerstrekt(_HulpmiddelEvent):
    event_type = "nl.utrecht.wmo.indicatie.hulpmiddel-verstrekt"
    topic = TOPIC_INDICATIE
    summary = ("An aid was issued to a resident on a granted product: new from the supplier, "
               "or again from the depot (herverstrekking).")

    verstrekking_id: uuid.UUID
    client_id: ClientId
    beschikt_product_id: uuid.UUID | None = None
    verstrekt_op: date
    herverstrekking: bool = Field(description="true when the item came from the depot")


class HulpmiddelIngenomen(_HulpmiddelEvent):
    event_type = "nl.utrecht.wmo.indicatie.hulpmiddel-ingenomen"
    topic = TOPIC_INDICATIE
    summary = ("An issued aid came back to the depot: fit to be issued again, or written off.")

    verstrekking_id: uuid.UUID
    client_id: ClientId
    ingenomen_op: date
    herbruikbaar: bool


EVENTS: tuple[type[EventPayload], ...] = (
    AanvraagOntvangen, BeschikkingAfgegeven, BeslistermijnOpgeschort, BeschikkingTerGoedkeuring,
    BeschikkingAfgekeurd, ToewijzingGedaan, LeveringGestart, IntensiteitGewijzigd,
    LeveringGestopt, BezwaarIngediend, BezwaarBeslist, BezwaarVerdaagd, BeroepIngesteld,
    BeroepUitspraakGedaan, CakMeldingGedaan, IndicatieTermijnNadert,
    IndicatieTermijnVerstreken, ToewijzingGewijzigd, LeveringsmeldingVerwijderd,
    HulpmiddelVerstrekt, HulpmiddelIngenomen,
    *klachten.EVENTS,  # klachten (Awb chapter 9), in their own module
    *dwangsom.EVENTS,  # ingebrekestelling and dwangsom (Awb 4:17), in their own module
    *herbeoordeling.EVENTS,  # herbeoordeling and the step to the Wlz, in their own module
)
