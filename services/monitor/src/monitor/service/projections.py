"""The event handler that feeds the read models: a batch of events becomes one bulk insert per
read-model table (``repository/projections.py``); facts are keyed by their own id and inserted
with ON CONFLICT DO NOTHING, so a replay, a duplicate or another order across keys inserts
nothing twice and changes nothing.
Links between facts (melding → aanvraag → beschikking, aanmelding → opname) are resolved at
query time, never at insert time. A payment batch is the one fact two events fill (made, then
paid): an upsert keeps each day's earliest value, which neither a duplicate nor the order
changes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError
from wmokernel.catalogue import CATALOGUE, EventPayload, parse_payload
from wmokernel.events import dwangsom as dw
from wmokernel.events import indicatie as ind
from wmokernel.events import iwmo
from wmokernel.events import klachten as kl
from wmokernel.events import opvang as opv
from wmokernel.events import toegang as tg
from wmokernel.unit_of_work import UnitOfWork
from wmokernel.wire.envelope import CloudEvent

from ..domain.bijlage3 import product_periode
from ..domain.reference import voorziening
from ..domain.termijnen import antwoord_fase, melding_binnen_termijn
from ..models import (
    AanvraagFeit,
    BeschikkingFeit,
    BeschiktProductFeit,
    BetaalbatchFeit,
    BetaalbatchRegelFeit,
    BezwaarBesluitFeit,
    BezwaarFeit,
    CasusSluitingFeit,
    DeclaratieFeit,
    EersteContactFeit,
    HulpmiddelInnameFeit,
    HulpmiddelVerstrekkingFeit,
    IwmoBerichtOntvangenFeit,
    IwmoTermijnsignaalFeit,
    IwmoVerzoekAntwoordFeit,
    IwmoVerzoekFeit,
    LeveringsmeldingVerwijderdFeit,
    LeveringStartFeit,
    LeveringStopFeit,
    MeldingFeit,
    OnderzoekFeit,
    OpnameFeit,
    OpvangAanmeldingFeit,
    OpvangWachtlijstFeit,
    ToewijzingFeit,
    UitstroomFeit,
    VerwijzingFeit,
)
from ..repository.projections import add_voorziening_perioden, insert_facts, upsert_earliest
from .bezwaar_beroep_projectie import project_bezwaar_beroep
from .dwangsom import facts as dwangsom_facts
from .herbeoordeling import EVENTS as HERBEOORDELING_EVENTS
from .herbeoordeling import facts as herbeoordeling_facts
from .projections_klachten import klacht_facts
from .uitgaven_gemeente import project_woongemeenten

DECLARATIE_ONTVANGEN = "nl.utrecht.wmo.indicatie.declaratie-ontvangen"

Fact = tuple[type[Any], dict[str, Any]]


# facts that more than one event fills: model → the columns each event may fill (the
# earliest value wins)
EARLIEST: dict[type[Any], tuple[str, ...]] = {
    BetaalbatchFeit: ("aangemaakt_op", "betaald_op")}


class DeclaratieData(BaseModel):
    """Tolerant reading of a declaratie event of an older shape than the catalogue's (before
    the WMO323 work defined it): only an id, an amount and a date are needed."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    declaratie_id: str = Field(validation_alias=AliasChoices(
        "declaratieId", "declaratie_id", "berichtId", "id"))
    bedrag_cents: int = Field(validation_alias=AliasChoices(
        "bedragCents", "totaalBedragCents", "ingediendBedragCents", "bedrag_cents"))
    datum: date = Field(validation_alias=AliasChoices(
        "ontvangenOp", "periodeEind", "declaratiedatum", "datum", "ingediendOp"))
    productcategorie: str | None = Field(default=None, validation_alias=AliasChoices(
        "productcategorie", "productCategorie"))


def _betaalbatch(p: iwmo.BetaalbatchAangemaakt | iwmo.BetaalbatchBetaald) -> list[Fact]:
    betaald = p.betaald_op if isinstance(p, iwmo.BetaalbatchBetaald) else None
    aangemaakt = p.aangemaakt_op if isinstance(p, iwmo.BetaalbatchAangemaakt) else None
    rows: list[Fact] = [(BetaalbatchFeit, dict(
        batch_id=p.batch_id, aanbieder=p.aanbieder, totaal_cents=p.totaal_cents,
        aangemaakt_op=aangemaakt, betaald_op=betaald))]
    return rows + [(BetaalbatchRegelFeit, dict(
        batch_id=p.batch_id, productcategorie=r.productcategorie, product_code=r.product_code,
        jaar=r.jaar, bedrag_cents=r.bedrag_cents, aantal_prestaties=r.aantal_prestaties))
        for r in p.regels]


def _hulpmiddel(p: ind.HulpmiddelVerstrekt | ind.HulpmiddelIngenomen) -> Fact:
    common = dict(verstrekking_id=p.verstrekking_id, hulpmiddel_id=p.hulpmiddel_id,
                  product_code=p.product_code, productcategorie=p.productcategorie)
    if isinstance(p, ind.HulpmiddelVerstrekt):
        return HulpmiddelVerstrekkingFeit, dict(common, verstrekt_op=p.verstrekt_op,
                                                herverstrekking=p.herverstrekking)
    return HulpmiddelInnameFeit, dict(common, ingenomen_op=p.ingenomen_op,
                                      herbruikbaar=p.herbruikbaar)


def _toewijzing(p: ind._ToewijzingEvent) -> dict[str, Any]:
    return dict(toewijzing_id=p.toewijzing_id, client_id=p.client_id,
                product_code=p.product_code, productcategorie=p.productcategorie,
                aanbieder=p.aanbieder)


def facts(payload: EventPayload) -> list[Fact]:
    """The read-model rows one event contributes (none for events the monitor does not count)."""
    p: Any = payload
    match payload:
        case tg.MeldingOntvangen():
            return [(MeldingFeit, dict(
                melding_id=p.melding_id, client_id=p.client_id, kanaal=p.kanaal.value,
                wijk=p.wijk, gemeld_op=p.gemeld_op, team=p.team, terugkerend=p.terugkerend))]
        case tg.EersteContactGelegd():
            return [(EersteContactFeit, dict(melding_id=p.melding_id, contact_op=p.contact_op,
                                             werkdagen=p.werkdagen, binnen_norm=p.binnen_norm))]
        case tg.OnderzoekAfgerond():
            return [(OnderzoekFeit, dict(
                melding_id=p.melding_id, afgerond_op=p.afgerond_op,
                binnen_termijn=p.binnen_termijn, ondersteuningsvorm=p.ondersteuningsvorm.value,
                perspectief=p.perspectief.value))]
        case tg.CasusGesloten():
            return [(CasusSluitingFeit, dict(melding_id=p.melding_id,
                                             afgesloten_op=p.afgesloten_op,
                                             uitkomst=p.uitkomst.value))]
        case tg.VerwijzingGedaan() | tg.VerwijzingWmoLoketGedaan():
            return [(VerwijzingFeit, dict(verwijzing_id=p.verwijzing_id,
                                          melding_id=p.melding_id, verwezen_op=p.verwezen_op))]
        case ind.AanvraagOntvangen():
            return [(AanvraagFeit, dict(
                aanvraag_id=p.aanvraag_id, melding_id=p.melding_id, client_id=p.client_id,
                ontvangen_op=p.ontvangen_op, beslissen_uiterlijk=p.beslissen_uiterlijk))]
        case ind.BeschikkingAfgegeven():
            rows: list[Fact] = [(BeschikkingFeit, dict(
                beschikking_id=p.beschikking_id, aanvraag_id=p.aanvraag_id,
                melding_id=p.melding_id, besluit=p.besluit.value, afgegeven_op=p.afgegeven_op,
                client_id=p.client_id, binnen_termijn=p.binnen_termijn))]
            if p.besluit != ind.Besluit.AFGEWEZEN:
                rows += [(BeschiktProductFeit, dict(
                    beschikt_product_id=x.beschikt_product_id, beschikking_id=p.beschikking_id,
                    client_id=p.client_id, product_code=x.product_code,
                    productcategorie=x.productcategorie, leveringsvorm=x.leveringsvorm.value,
                    volume=x.omvang.volume, eenheid=x.omvang.eenheid,
                    frequentie=x.omvang.frequentie, ingangsdatum=x.ingangsdatum,
                    einddatum=x.einddatum, aanbieder=x.aanbieder, tarief_cents=x.tarief_cents,
                    afgegeven_op=p.afgegeven_op)) for x in p.producten]
            return rows
        case ind.ToewijzingGedaan():
            return [(ToewijzingFeit, dict(
                _toewijzing(p), beschikt_product_id=p.beschikt_product_id,
                leveringsvorm=p.leveringsvorm.value, toegewezen_op=p.toegewezen_op,
                ingangsdatum=p.ingangsdatum, einddatum=p.einddatum,
                vorige_toewijzing_id=p.vorige_toewijzing_id))]
        case ind.LeveringGestart():
            return [(LeveringStartFeit, dict(
                _toewijzing(p), startdatum=p.startdatum, verwezen_op=p.verwezen_op,
                wachtdagen=p.wachtdagen, binnen_norm=p.binnen_norm, vervolg=p.vervolg,
                gemeld_op=p.gemeld_op,
                melding_binnen_termijn=melding_binnen_termijn(p.startdatum, p.gemeld_op)))]
        case ind.LeveringGestopt():
            return [(LeveringStopFeit, dict(
                _toewijzing(p), stopdatum=p.stopdatum, reden_beeindiging=p.reden_beeindiging,
                gestart=p.gestart, gemeld_op=p.gemeld_op,
                melding_binnen_termijn=melding_binnen_termijn(p.stopdatum, p.gemeld_op)))]
        case ind.LeveringsmeldingVerwijderd():
            start = p.soort == ind.LeveringsmeldingSoort.START
            datum = p.begindatum if start else p.einddatum
            if datum is None:
                return []  # a withdrawn stop always names its einddatum
            return [(LeveringsmeldingVerwijderdFeit, dict(
                toewijzing_id=p.toewijzing_id, soort=p.soort.value, datum=datum,
                reden_beeindiging="" if start else (p.reden_beeindiging or ""),
                verwijderd_op=p.verwijderd_op))]
        case ind.BezwaarIngediend():
            return [(BezwaarFeit, dict(bezwaar_id=p.bezwaar_id, ingediend_op=p.ingediend_op,
                                       adviescommissie=p.adviescommissie))]
        case ind.BezwaarBeslist():
            return [(BezwaarBesluitFeit, dict(
                bezwaar_id=p.bezwaar_id, uitkomst=p.uitkomst.value, besloten_op=p.besloten_op,
                binnen_termijn=p.binnen_termijn))]
        case iwmo.VerzoekOmToewijzingOntvangen():
            return [(IwmoVerzoekFeit, dict(
                verzoek_id=p.verzoek_id, soort=p.soort.value, client_id=p.client_id,
                aanbieder=p.aanbieder, productcategorie=p.productcategorie,
                product_code=p.product_code, ontvangen_op=p.ontvangen_op,
                antwoord_uiterlijk=p.antwoord_uiterlijk))]
        case iwmo.VerzoekBeantwoord():
            return [(IwmoVerzoekAntwoordFeit, dict(
                verzoek_id=p.verzoek_id, fase=antwoord_fase(p), soort=p.soort.value,
                client_id=p.client_id, aanbieder=p.aanbieder, uitkomst=p.uitkomst.value,
                reden_afwijzing=p.reden_afwijzing, ontvangen_op=p.ontvangen_op,
                beantwoord_op=p.beantwoord_op, antwoord_uiterlijk=p.antwoord_uiterlijk,
                definitief_uiterlijk=p.definitief_uiterlijk, binnen_termijn=p.binnen_termijn))]
        case iwmo.DeclaratieOntvangen():
            return [(DeclaratieFeit, dict(
                declaratie_id=str(p.declaratie_id), productcategorie=p.productcategorie,
                datum=p.ontvangen_op, bedrag_cents=p.bedrag_cents, product_code=p.product_code,
                periode_begin=p.periode_begin, client_id=p.client_id, aanbieder=p.aanbieder))]
        case iwmo.BetaalbatchAangemaakt() | iwmo.BetaalbatchBetaald():
            return _betaalbatch(p)
        case ind.HulpmiddelVerstrekt() | ind.HulpmiddelIngenomen():
            return [_hulpmiddel(p)]
        case iwmo.IwmoTermijnNadert() | iwmo.IwmoTermijnVerstreken():
            return [(IwmoTermijnsignaalFeit, dict(
                dossier_id=p.dossier_id, soort=p.soort.value,
                signaal="nadert" if isinstance(p, iwmo.IwmoTermijnNadert) else "verstreken",
                client_id=p.client_id, aanbieder=p.aanbieder, uiterlijk=p.uiterlijk,
                peildatum=p.peildatum))]
        case iwmo.BerichtOntvangen():
            return [(IwmoBerichtOntvangenFeit, dict(
                bericht_id=p.bericht_id, berichttype=p.berichttype.value,
                aanbieder=p.aanbieder, clienten=len(p.client_ids) or 1,
                ontvangen_op=p.ontvangen_op, goedgekeurd=p.goedgekeurd,
                retourcodes=list(p.retourcodes)))]
        case kl.KlachtOntvangen() | kl.KlachtVerdaagd() | kl.KlachtAfgehandeld():
            return klacht_facts(p)
        case (dw.IngebrekestellingOntvangen() | dw.DwangsomVastgesteld()
              | ind.BeslistermijnOpgeschort()):
            return dwangsom_facts(p)
        case _ if isinstance(payload, HERBEOORDELING_EVENTS):
            return herbeoordeling_facts(payload)
        case opv.AanmeldingOntvangen():
            return [(OpvangAanmeldingFeit, dict(
                aanmelding_id=p.aanmelding_id, client_id=p.client_id, gemeente=p.gemeente,
                vorm=p.vorm.value, kanaal=p.kanaal, verwezen_op=p.verwezen_op,
                doelgroep=p.doelgroep))]
        case opv.OpWachtlijstGeplaatst():
            return [(OpvangWachtlijstFeit, dict(
                aanmelding_id=p.aanmelding_id, client_id=p.client_id, gemeente=p.gemeente,
                vorm=p.vorm.value, verwezen_op=p.verwezen_op, norm_dagen=p.norm_dagen))]
        case opv.ClientOpgenomen():
            return [(OpnameFeit, dict(
                plaatsing_id=p.plaatsing_id, aanmelding_id=p.aanmelding_id,
                client_id=p.client_id, gemeente=p.gemeente, vorm=p.vorm.value,
                bovenregionaal=p.bovenregionaal, locatie_id=p.locatie_id,
                capaciteit=p.capaciteit, verwezen_op=p.verwezen_op,
                opgenomen_op=p.opgenomen_op, wachtdagen=p.wachtdagen, norm_dagen=p.norm_dagen,
                binnen_norm=p.binnen_norm))]
        case opv.ClientUitgestroomd():
            return [(UitstroomFeit, dict(
                plaatsing_id=p.plaatsing_id, aanmelding_id=p.aanmelding_id, vorm=p.vorm.value,
                uitgestroomd_op=p.uitgestroomd_op, verblijfsdagen=p.verblijfsdagen,
                bestemming=p.bestemming.value))]
    return []


def declaratie_facts(event: CloudEvent) -> list[Fact]:
    """A declaratie as the catalogue defines it, else in an older shape read tolerantly."""
    try:
        return facts(parse_payload(event))
    except ValidationError:
        pass
    try:
        d = DeclaratieData.model_validate(event.data)
    except ValidationError:
        return []  # not a shape we can read: realised spend stays unknown
    return [(DeclaratieFeit, dict(
        declaratie_id=d.declaratie_id, datum=d.datum, bedrag_cents=d.bedrag_cents,
        productcategorie=d.productcategorie, product_code=None, periode_begin=d.datum,
        client_id=None, aanbieder=None))]


def _merge_earliest(into: dict[str, Any], values: dict[str, Any], columns: tuple[str, ...]
                    ) -> None:
    for c in columns:
        if values[c] is not None and (into[c] is None or values[c] < into[c]):
            into[c] = values[c]


async def project(uow: UnitOfWork, events: list[CloudEvent]) -> None:
    """The consumer's handler: a batch of events into the read models."""
    rows: dict[type[Any], dict[Any, dict[str, Any]]] = defaultdict(dict)
    for event in events:
        found: list[Fact]
        if event.type == DECLARATIE_ONTVANGEN:
            found = declaratie_facts(event)
        elif event.type not in CATALOGUE:
            continue  # a newer producer's event type: not ours to count (yet)
        else:
            found = facts(parse_payload(event))
        for model, values in found:
            key = tuple(values[c.name] for c in model.__table__.primary_key.columns)
            kept = rows[model].setdefault(key, values)  # the same fact twice in a batch: once
            if model in EARLIEST and kept is not values:
                _merge_earliest(kept, values, EARLIEST[model])
    for model, by_key in rows.items():
        if model in EARLIEST:
            await upsert_earliest(uow.session, model, list(by_key.values()), EARLIEST[model])
        else:
            await insert_facts(uow.session, model, list(by_key.values()))
    producten = rows.get(BeschiktProductFeit, {}).values()
    await add_voorziening_perioden(uow.session, [
        (p["client_id"], voorziening(p["product_code"], p["productcategorie"]), periode)
        for p in producten
        if (periode := product_periode(p["ingangsdatum"], p["einddatum"])) is not None])
    await project_woongemeenten(uow, events)  # clients' municipalities, batch prestaties
    await project_bezwaar_beroep(uow, events)  # bezwaar terms, verdagingen, beroepen
