"""Outgoing iWmo messages: the toewijzingbericht (WMO301) drawn up from the pending
opdrachten with the BSN from toegang, and the header and storage every outgoing message
(also the WMO319 of ``verzoeken``) shares."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import structlog
from lxml import etree
from wmokernel.events.iwmo import BerichtVerzonden, IwmoBerichttype
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import berichten
from ...domain.iwmo.berichten import ONBEKEND, ClientGegevens, Kop, ToegewezenProductRegel
from ...iwmo.bsn import BsnBron, BsnNietBeschikbaar, ClientIdentiteit
from ...iwmo.xsd import SchemaOvertreding
from ...models import Toewijzing
from ...models.iwmo import IwmoBericht
from ...repository import berichten as repo
from ...repository import opdrachten
from . import stand
from .context import SYSTEEM, IwmoContext

log = structlog.get_logger(__name__)

_TZ = ZoneInfo("Europe/Amsterdam")


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
    """OP087: every toewijzing valid on or after the day of the message, plus every one
    changed since the previous message (``te_melden``)."""
    return t.te_melden or stand.geldig(t, vandaag)


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
                                      vandaag: date, limit: int = 20) -> int:
    """Compose the pending WMO301 messages (the background job); the BSN comes from toegang.
    When toegang is away the opdracht waits and is retried with backoff. Returns the number
    composed."""
    composed = 0
    for o in await opdrachten.te_doen(uow.session, limit):
        try:
            identiteit = await bsn_bron.identiteit(o.client_id, "iWmo-bericht WMO301")
        except BsnNietBeschikbaar as exc:
            o.pogingen += 1
            o.fout = str(exc)
            o.volgende_poging = datetime.now(UTC) + timedelta(seconds=min(2 ** o.pogingen, 300))
            log.warning("BSN not available, WMO301 waits", error=str(exc))
            continue
        try:
            async with uow.session.begin_nested():
                bericht = await maak_wmo301(uow, ctx, o.client_id, o.aanbieder, identiteit,
                                            vandaag)
        except (SchemaOvertreding, berichten.OverlappendeToewijzing) as exc:
            o.status, o.fout = "fout", str(exc)
            log.error("WMO301 could not be drawn up", error=str(exc))
            continue
        o.status = "klaar"
        o.bericht_id = bericht.id if bericht is not None else None
        composed += bericht is not None
    return composed
