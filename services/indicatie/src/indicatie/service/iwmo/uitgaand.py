"""Outgoing iWmo messages: the toewijzingbericht (WMO301) drawn up from the pending
opdrachten with the BSN from toegang, and the header and storage every outgoing message
(also the WMO319 of ``verzoeken``) shares."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import structlog
from lxml import etree
from prometheus_client import Gauge
from wmokernel.events.iwmo import BerichtVerzonden, IwmoBerichttype
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import berichten, toewijzingbericht
from ...domain.iwmo.berichten import ONBEKEND, ClientGegevens, Kop, ToegewezenProductRegel
from ...domain.iwmo.wachtrij import WachtReden, volgende_poging_na
from ...iwmo.bsn import BsnBron, BsnNietBeschikbaar, ClientIdentiteit
from ...iwmo.xsd import SchemaOvertreding
from ...models import Toewijzing
from ...models.iwmo import IwmoBericht, IwmoOpdracht
from ...repository import berichten as repo
from ...repository import opdrachten
from .. import toewijzingen
from . import stand
from .context import SYSTEEM, IwmoContext

log = structlog.get_logger(__name__)

_TZ = ZoneInfo("Europe/Amsterdam")

WACHTENDE_BERICHTEN = Gauge(
    "wmo_iwmo_wachtende_berichten", "Outgoing iWmo messages that could not be sent yet and "
    "wait for a retry, by reason", ["berichttype", "reden"])
OUDSTE_WACHTEND = Gauge(
    "wmo_iwmo_oudste_wachtend_seconden", "Age in seconds of the oldest waiting outgoing iWmo "
    "message, by reason (0: none waits)", ["berichttype", "reden"])


async def kop(uow: UnitOfWork, ctx: IwmoContext, berichttype: str, aanbieder: str,
              vandaag: date) -> Kop:
    nummer = await repo.volgende_identificatie(uow.session)
    return Kop(berichttype=berichttype, afzender=ctx.gemeentecode, ontvanger=aanbieder,
               identificatie=str(nummer), dagtekening=vandaag)


async def nieuw_uitgaand(uow: UnitOfWork, ctx: IwmoContext, kop: Kop, xml: bytes,
                         client_id: str, verzoek_id: uuid.UUID | None = None,
                         toewijzing_ids: list[uuid.UUID] | None = None) -> IwmoBericht:
    """Validate a generated message against its official XSD, store it in the provider's
    mailbox and publish ``bericht-verzonden``."""
    ctx.schemas.validate(kop.berichttype, etree.fromstring(xml))
    bericht = IwmoBericht(
        id=uuid.uuid4(), richting="uit", berichttype=kop.berichttype, afzender=kop.afzender,
        ontvanger=kop.ontvanger, aanbieder=kop.ontvanger, identificatie=kop.identificatie,
        dagtekening=kop.dagtekening, sha256=hashlib.sha256(xml).hexdigest(),
        xml=xml.decode(), client_id=client_id, status="nieuw", retour=[], verzoek_id=verzoek_id)
    uow.session.add(bericht)
    await uow.session.flush()
    await uow.publish(BerichtVerzonden(
        bericht_id=bericht.id, berichttype=IwmoBerichttype(kop.berichttype),
        identificatie=kop.identificatie, aanbieder=kop.ontvanger, client_id=client_id,
        toewijzing_ids=toewijzing_ids or [], verzoek_id=verzoek_id, dagtekening=kop.dagtekening))
    return bericht


def in_snapshot(t: Toewijzing, vandaag: date) -> bool:
    """OP087 (``domain/iwmo/toewijzingbericht.in_snapshot``)."""
    return toewijzingbericht.in_snapshot(toewijzingen.snapshotregel(t), vandaag)


async def maak_wmo301(uow: UnitOfWork, ctx: IwmoContext, client_id: str, aanbieder: str,
                      identiteit: ClientIdentiteit, vandaag: date) -> IwmoBericht | None:
    """The full snapshot (OP087) of this client's toewijzingen with this provider, changed
    ones with their Einddatum and RedenWijziging. None when there is none left."""
    rows = [t for t in await stand.van_client(uow, client_id, aanbieder)
            if in_snapshot(t, vandaag)]
    if not rows:
        return None
    producten = [ToegewezenProductRegel(
        toewijzingnummer=t.nummer, categorie=t.productcategorie, code=t.product_code,
        toewijzingsdatum=t.toegewezen_op,
        toewijzingstijd=t.created_at.astimezone(_TZ).time().replace(microsecond=0),
        ingangsdatum=t.ingangsdatum, einddatum=t.einddatum, volume=t.volume,
        eenheid=t.eenheid, frequentie=t.frequentie,
        referentie_aanbieder=t.referentie_aanbieder, reden_wijziging=t.reden_wijziging,
        budget_cents=t.budget_cents)
        for t in rows]
    k = await kop(uow, ctx, "WMO301", aanbieder, vandaag)
    client = ClientGegevens(bsn=identiteit.bsn, achternaam=(identiteit.naam or ONBEKEND)[:200])
    xml = berichten.wmo301(k, client, producten)
    bericht = await nieuw_uitgaand(uow, ctx, k, xml, client_id,
                                   toewijzing_ids=[t.id for t in rows])
    for t in rows:
        t.te_melden = False
    await uow.audit(SYSTEEM, action="read", resource_type="bsn", resource_id=client_id,
                    client_id=client_id, purpose="iWmo-bericht")
    await uow.audit(SYSTEEM, action="create", resource_type="iwmo-bericht",
                    resource_id=str(bericht.id), client_id=client_id, purpose="iWmo-bericht")
    return bericht


async def stel_toewijzingberichten_op(uow: UnitOfWork, ctx: IwmoContext, bsn_bron: BsnBron,
                                      vandaag: date, limit: int = 20,
                                      retry_max_s: float = 300.0) -> int:
    """Compose the pending WMO301 messages (the background job); the BSN comes from toegang.
    What cannot be drawn up now (toegang away, no BSN, a message that breaks its XSD or an
    iWmo rule) waits with its reason and is tried again with backoff, never parked; the
    waiting ones show on the ops endpoint and in the gauge. Returns the number composed."""
    composed = 0
    for o in await opdrachten.te_doen(uow.session, limit):
        o.laatste_poging = datetime.now(UTC)
        try:
            identiteit = await bsn_bron.identiteit(o.client_id, "iWmo-bericht WMO301")
            async with uow.session.begin_nested():
                bericht = await maak_wmo301(uow, ctx, o.client_id, o.aanbieder, identiteit,
                                            vandaag)
        except BsnNietBeschikbaar as exc:
            _wacht(o, exc.reden, str(exc), retry_max_s)
            log.warning("WMO301 waits for the BSN", reden=exc.reden.value, error=str(exc))
            continue
        except (SchemaOvertreding, berichten.OverlappendeToewijzing) as exc:
            _wacht(o, WachtReden.BERICHT_ONGELDIG, str(exc), retry_max_s)
            log.error("WMO301 could not be drawn up", error=str(exc))
            continue
        o.status, o.reden, o.fout = "klaar", None, None
        o.bericht_id = bericht.id if bericht is not None else None
        composed += bericht is not None
    await ververs_wachtend(uow)
    return composed


def _wacht(o: IwmoOpdracht, reden: WachtReden, fout: str, retry_max_s: float) -> None:
    o.pogingen += 1
    o.reden, o.fout = reden.value, fout[:2000]
    o.volgende_poging = datetime.now(UTC) + volgende_poging_na(o.pogingen, retry_max_s)


async def ververs_wachtend(uow: UnitOfWork) -> None:
    """Set the gauges of waiting outgoing messages from the database (per reason, and the age
    of the oldest): every instance shows the same numbers."""
    per_reden = await opdrachten.wachtend_per_reden(uow.session)
    for reden in WachtReden:
        aantal, oudste = per_reden.get(reden.value, (0, None))
        WACHTENDE_BERICHTEN.labels(berichttype="WMO301", reden=reden.value).set(aantal)
        OUDSTE_WACHTEND.labels(berichttype="WMO301", reden=reden.value).set(
            0 if oudste is None else max(0.0, (datetime.now(UTC) - oudste).total_seconds()))
