"""The iWmo berichtenverkeer as use cases: the mailbox per provider, incoming messages with
their retourcodes, verzoeken and their answers, toewijzingberichten, declaraties, and the
iWmo terms. Each use case owns its transaction.

How the retour is delivered: in iWmo 3.x every incoming WMO305/307/315/317/323 is answered
with a retourbericht (WMO306/308/316/318/325). Those retour schemas are not in the reference
set, so the retourcodes (WJ001) per part of the message are returned in the JSON answer to
``POST /berichten`` and stored with the message (``GET /berichten/{id}`` shows them again).
An adapter to the national exchange (GGk/VECOZO) would collect the outgoing messages from
the mailbox and turn the stored retour into retourberichten, without changes to the domain.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pydantic
import sqlalchemy as sa
import structlog
from lxml import etree
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal, Role
from wmokernel.events.iwmo import (
    BerichtOntvangen,
    BerichtVerzonden,
    DeclaratieOntvangen,
    IwmoBerichttype,
    IwmoTermijnNadert,
    IwmoTermijnSoort,
    IwmoTermijnVerstreken,
    VerzoekBeantwoord,
    VerzoekOmToewijzingOntvangen,
    VerzoekSoort,
    VerzoekUitkomst,
)
from wmokernel.periodic import every
from wmokernel.problems import Conflict, Forbidden, NotFound, ProblemError, Unprocessable
from wmokernel.runtime import ServiceRuntime

from .. import toewijzingen, wijzigingen
from ..aanvragen import get_aanvraag
from ..domain import termijnen
from ..domain.iwmo import berichten, regels
from ..domain.iwmo.berichten import ONBEKEND, Bericht, ClientGegevens, Kop, ToegewezenProductRegel
from ..domain.iwmo.codes import (
    AANVRAAG_IN_ONDERZOEK,
    EERSTE,
    GEWIJZIGD,
    INKOMEND,
    OP_VERZOEK_AANBIEDER,
    RETOURCODES,
    TIJDELIJK_GESTOPT,
    VERWIJDERD,
    VERWIJDEREN,
    VERZOEK_AFGEWEZEN,
)
from ..models import Beschikking, BeschiktProduct, Termijnsignaal, Toewijzing
from ..models.iwmo import (
    BERICHT_IDENTIFICATIE,
    IwmoBericht,
    IwmoDeclaratie,
    IwmoOpdracht,
    IwmoPrestatie,
    IwmoVerzoek,
)
from ..repository.catalogus import product_versie_op
from ..repository.opdrachten import plan_toewijzingbericht
from ..schemas import StartIn, StopIn, ToewijzingIn
from .bsn import BsnBron, BsnNietBeschikbaar, ClientIdentiteit
from .xsd import SchemaOvertreding, Schemas, lees_xml

log = structlog.get_logger(__name__)

SYSTEEM = Principal(subject="indicatie", roles=frozenset({Role.SYSTEEM.value}))
GOED = ("0200", "8001")
OPEN_VERZOEK = ("ontvangen", "in-onderzoek")
_TZ = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class IwmoContext:
    schemas: Schemas
    gemeentecode: str
    bsn_bron: BsnBron


@dataclass(frozen=True)
class Verwerking:
    bericht: IwmoBericht
    duplicaat: bool


def _r(code: str, onderdeel: str, toelichting: str | None = None) -> dict[str, Any]:
    return {"code": code, "betekenis": RETOURCODES.get(code, ""), "onderdeel": onderdeel,
            "toelichting": toelichting}


def sees(principal: Principal, bericht: IwmoBericht) -> bool:
    if principal.has_any((Role.GEMEENTE, Role.SYSTEEM)):
        return True
    return principal.has_any((Role.AANBIEDER,)) and principal.team == bericht.aanbieder


# --- state for the rules ---------------------------------------------------------------------


async def _toewijzing(session: AsyncSession, nummer: int | None) -> Toewijzing | None:
    if nummer is None:
        return None
    return await session.scalar(sa.select(Toewijzing).where(Toewijzing.nummer == nummer)
                                .with_for_update())


async def _stand(session: AsyncSession, t: Toewijzing | None) -> regels.ToewijzingStand | None:
    if t is None:
        return None
    tarief = await session.scalar(sa.select(BeschiktProduct.tarief_cents)
                                  .where(BeschiktProduct.id == t.beschikt_product_id))
    return regels.ToewijzingStand(
        nummer=t.nummer, client_id=t.client_id, aanbieder=t.aanbieder,
        categorie=t.productcategorie, code=t.product_code, ingangsdatum=t.ingangsdatum,
        einddatum=t.einddatum, volume=t.volume, eenheid=t.eenheid, frequentie=t.frequentie,
        status=t.status, startdatum=t.startdatum, stopdatum=t.stopdatum,
        reden_beeindiging=t.reden_beeindiging, tarief_cents=tarief or 0,
        perioden=await toewijzingen.perioden_van(session, t.id),
        actueel=t.opvolger_id is None, reden_wijziging=t.reden_wijziging,
        budget_cents=t.budget_cents)


def _geldig(t: Toewijzing, peildatum: date) -> bool:
    """A current toewijzing: not replaced or withdrawn, not ended before ``peildatum``, and
    not stopped for good (a temporarily stopped one is current)."""
    if t.reden_wijziging == VERWIJDERD or (t.einddatum is not None and t.einddatum < peildatum):
        return False
    return t.status != "gestopt" or t.reden_beeindiging == TIJDELIJK_GESTOPT


async def _van_client(session: AsyncSession, client_id: str, aanbieder: str,
                      ) -> list[Toewijzing]:
    return list((await session.scalars(
        sa.select(Toewijzing).where(Toewijzing.client_id == client_id,
                                    Toewijzing.aanbieder == aanbieder)
        .order_by(Toewijzing.nummer))).all())


async def _lopend(session: AsyncSession, client_id: str, aanbieder: str,
                  peildatum: date) -> list[Toewijzing]:
    return [t for t in await _van_client(session, client_id, aanbieder)
            if t.opvolger_id is None and _geldig(t, peildatum)]


# --- incoming ----------------------------------------------------------------------------------


async def ontvang(rt: ServiceRuntime, ctx: IwmoContext, principal: Principal, raw: bytes,
                  vandaag: date) -> Verwerking:
    """Read, validate and process one incoming message. Raises OngeldigeXml (not well-formed
    or not an incoming iWmo type) and SchemaOvertreding (XSD-invalid); neither is stored.
    A message that breaks a rule is stored and answered with retourcodes. The same message
    again (sender + BerichtIdentificatie, same content) returns the stored outcome."""
    berichttype, root = lees_xml(raw, INKOMEND)
    ctx.schemas.validate(berichttype, root)
    b = berichten.lees(berichttype, ctx.schemas.to_dict(berichttype, root))
    if principal.team != b.kop.afzender:
        raise Forbidden(f"Afzender {b.kop.afzender} is not your AGB code (team claim)")
    sha = hashlib.sha256(raw).hexdigest()
    try:
        return await _ontvang(rt, ctx, principal, raw, b, sha, vandaag)
    except IntegrityError:
        # The same message arrived twice at the same moment: the other delivery won.
        async with rt.transaction() as session:
            bestaand = await _bestaand(session, b.kop)
            if bestaand is not None and bestaand.sha256 == sha:
                return Verwerking(bestaand, True)
        raise


async def _bestaand(session: AsyncSession, kop: Kop) -> IwmoBericht | None:
    return await session.scalar(sa.select(IwmoBericht).where(
        IwmoBericht.richting == "in", IwmoBericht.afzender == kop.afzender,
        IwmoBericht.identificatie == kop.identificatie))


Handler = Callable[[AsyncSession, ServiceRuntime, Principal, Bericht, IwmoBericht, date],
                   Awaitable[list[dict[str, Any]]]]


async def _ontvang(rt: ServiceRuntime, ctx: IwmoContext, principal: Principal, raw: bytes,
                   b: Bericht, sha: str, vandaag: date) -> Verwerking:
    async with rt.transaction() as session:
        bestaand = await _bestaand(session, b.kop)
        if bestaand is not None:
            if bestaand.sha256 == sha:
                return Verwerking(bestaand, True)
            raise Conflict(f"BerichtIdentificatie {b.kop.identificatie} was used before for "
                           "another message (iWmo retourcode 9056: identificatie moet uniek "
                           "zijn)")
        client_ids = list(dict.fromkeys(rt.pseudonymize(bsn) for bsn in b.bsns))
        bericht = IwmoBericht(
            id=uuid.uuid4(), richting="in", berichttype=b.kop.berichttype,
            afzender=b.kop.afzender, ontvanger=b.kop.ontvanger, aanbieder=b.kop.afzender,
            identificatie=b.kop.identificatie, dagtekening=b.kop.dagtekening, sha256=sha,
            xml=raw.decode("utf-8", errors="replace"),
            client_id=client_ids[0] if len(client_ids) == 1 else None, status="ontvangen",
            retour=[])
        session.add(bericht)
        await session.flush()
        retour = [_r(c, "Header") for c in regels.kop(b.kop, ctx.gemeentecode, vandaag)]
        if not retour:
            handler: Handler = _HANDLERS[b.kop.berichttype]
            retour = await handler(session, rt, principal, b, bericht, vandaag)
        fout = [r for r in retour if r["code"] not in GOED]
        bericht.status = ("goedgekeurd" if not fout
                          else "deels-afgekeurd" if len(fout) < len(retour) else "afgekeurd")
        bericht.retour = retour
        for client_id in client_ids:
            await rt.audit.record(session, principal, action="create",
                                  resource_type="iwmo-bericht", resource_id=str(bericht.id),
                                  client_id=client_id, purpose="iWmo-bericht")
        await rt.outbox.add(session, BerichtOntvangen(
            bericht_id=bericht.id, berichttype=IwmoBerichttype(b.kop.berichttype),
            identificatie=b.kop.identificatie, aanbieder=b.kop.afzender,
            client_id=client_ids[0], client_ids=client_ids,
            ontvangen_op=vandaag, goedgekeurd=not fout,
            retourcodes=sorted({r["code"] for r in retour})))
        return Verwerking(bericht, False)


async def _regiebericht_termijn(session: AsyncSession, rt: ServiceRuntime, t: Toewijzing,
                                soort: IwmoTermijnSoort, feit: date, vandaag: date) -> None:
    """A start (stop) message is expected within 5 werkdagen of the actual start (stop)."""
    uiterlijk = regels.regiebericht_uiterlijk(feit)
    if vandaag > uiterlijk:
        await rt.outbox.add(session, IwmoTermijnVerstreken(
            dossier_id=t.id, soort=soort, client_id=t.client_id, aanbieder=t.aanbieder,
            uiterlijk=uiterlijk, peildatum=vandaag))


async def _start(session: AsyncSession, rt: ServiceRuntime, principal: Principal, b: Bericht,
                 bericht: IwmoBericht, vandaag: date) -> list[dict[str, Any]]:
    """Each StartProduct: a (re)start (StatusAanlevering 1), the withdrawal of an earlier
    start (3), or a changed delivery of one that exists (2: nothing in it can change)."""
    retour = []
    client_id = rt.pseudonymize(b.bsns[0])
    for i, r in enumerate(b.starts, 1):
        onderdeel = f"StartProduct {i}"
        t = await _toewijzing(session, r.toewijzingnummer)
        codes = regels.start(r, await _stand(session, t), client_id, b.kop.afzender, vandaag)
        if codes or t is None:
            retour += [_r(c, onderdeel) for c in codes]
            continue
        try:
            async with session.begin_nested():
                if r.status_aanlevering == VERWIJDEREN:
                    await toewijzingen.verwijder_start(session, rt, principal, t.id,
                                                       r.begindatum, vandaag)
                elif r.status_aanlevering != GEWIJZIGD:
                    await toewijzingen.start(session, rt, principal, t.id,
                                             StartIn(startdatum=r.begindatum), vandaag)
        except ProblemError as exc:
            retour.append(_r("0001", onderdeel, exc.detail))
            continue
        retour.append(_r("0200", onderdeel))
        if r.status_aanlevering == EERSTE:
            await _regiebericht_termijn(session, rt, t, IwmoTermijnSoort.STARTBERICHT,
                                        r.begindatum, vandaag)
    return retour


async def _stop(session: AsyncSession, rt: ServiceRuntime, principal: Principal, b: Bericht,
                bericht: IwmoBericht, vandaag: date) -> list[dict[str, Any]]:
    """Each StopProduct: a stop (StatusAanlevering 1, or 2 for a changed one: a definitive
    stop after a temporary one) or the withdrawal of an earlier stop (3)."""
    retour = []
    client_id = rt.pseudonymize(b.bsns[0])
    for i, r in enumerate(b.stops, 1):
        onderdeel = f"StopProduct {i}"
        t = await _toewijzing(session, r.toewijzingnummer)
        codes = regels.stop(r, await _stand(session, t), client_id, b.kop.afzender, vandaag)
        if codes or t is None:
            retour += [_r(c, onderdeel) for c in codes]
            continue
        try:
            async with session.begin_nested():
                if r.status_aanlevering == VERWIJDEREN:
                    await toewijzingen.verwijder_stop(session, rt, principal, t.id,
                                                      r.begindatum, vandaag)
                else:
                    data = StopIn(stopdatum=r.einddatum,
                                  reden_beeindiging=r.reden_beeindiging)
                    await toewijzingen.stop(session, rt, principal, t.id, data, vandaag)
        except (ProblemError, pydantic.ValidationError) as exc:
            retour.append(_r("0001", onderdeel, getattr(exc, "detail", str(exc))))
            continue
        retour.append(_r("0200", onderdeel))
        if r.status_aanlevering == EERSTE:
            await _regiebericht_termijn(session, rt, t, IwmoTermijnSoort.STOPBERICHT,
                                        r.einddatum, vandaag)
    return retour


async def _referentie_bekend(session: AsyncSession, aanbieder: str, referentie: str) -> bool:
    return await session.scalar(sa.select(IwmoVerzoek.id).where(
        IwmoVerzoek.aanbieder == aanbieder,
        IwmoVerzoek.referentie_aanbieder == referentie)) is not None


async def _vot(session: AsyncSession, rt: ServiceRuntime, principal: Principal, b: Bericht,
               bericht: IwmoBericht, vandaag: date) -> list[dict[str, Any]]:
    """Verzoek om toewijzing: every aangevraagd product is its own verzoek, answered alone."""
    retour = []
    aanbieder = b.kop.afzender
    client_id = rt.pseudonymize(b.bsns[0])
    lopend = [s for t in await _lopend(session, client_id, aanbieder, b.kop.dagtekening)
              if (s := await _stand(session, t)) is not None]
    in_bericht = Counter(r.referentie_aanbieder for r in b.vot)
    for r in b.vot:
        onderdeel = f"AangevraagdProduct {r.referentie_aanbieder}"
        versie = await product_versie_op(session, r.code, r.ingangsdatum) if r.code else None
        bekend = in_bericht[r.referentie_aanbieder] > 1 or await _referentie_bekend(
            session, aanbieder, r.referentie_aanbieder)
        open_verzoek = await session.scalar(sa.select(IwmoVerzoek.id).where(
            IwmoVerzoek.client_id == client_id, IwmoVerzoek.aanbieder == aanbieder,
            IwmoVerzoek.product_code == r.code, IwmoVerzoek.status.in_(OPEN_VERZOEK))) is not None
        codes = regels.vot(r, productcategorie=versie.productcategorie if versie else None,
                           referentie_bekend=bekend, open_verzoek=open_verzoek, lopend=lopend)
        if codes or versie is None:
            retour += [_r(c, onderdeel) for c in codes]
            continue
        v = IwmoVerzoek(
            id=uuid.uuid4(), soort=VerzoekSoort.VOT.value, bericht_id=bericht.id,
            aanbieder=aanbieder, client_id=client_id, referentie_aanbieder=r.referentie_aanbieder,
            productcategorie=versie.productcategorie, product_code=r.code,
            ingangsdatum=r.ingangsdatum, einddatum=r.einddatum,
            volume=r.omvang.volume if r.omvang else None,
            eenheid=r.omvang.eenheid if r.omvang else None,
            frequentie=r.omvang.frequentie if r.omvang else None,
            inhoud={"beschikkingnummer": r.beschikkingnummer, "budgetCents": r.budget_cents},
            ontvangen_op=vandaag, antwoord_uiterlijk=regels.antwoord_uiterlijk(vandaag),
            status="ontvangen")
        session.add(v)
        await session.flush()
        await rt.outbox.add(session, VerzoekOmToewijzingOntvangen(
            verzoek_id=v.id, soort=VerzoekSoort.VOT, client_id=client_id, aanbieder=aanbieder,
            referentie_aanbieder=v.referentie_aanbieder, productcategorie=v.productcategorie,
            product_code=v.product_code, ontvangen_op=vandaag,
            antwoord_uiterlijk=v.antwoord_uiterlijk))
        retour.append(_r("0200", onderdeel))
    return retour


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


async def _vow(session: AsyncSession, rt: ServiceRuntime, principal: Principal, b: Bericht,
               bericht: IwmoBericht, vandaag: date) -> list[dict[str, Any]]:
    """Verzoek om wijziging: the whole desired situation, judged as one verzoek."""
    aanbieder = b.kop.afzender
    client_id = rt.pseudonymize(b.bsns[0])
    assert b.vow_referentie is not None
    actueel = [s for t in await _lopend(session, client_id, aanbieder, b.kop.dagtekening)
               if (s := await _stand(session, t)) is not None]
    onbekend = {r.code for r in b.vow_nieuw if r.code is not None and await product_versie_op(
        session, r.code, r.gewenste_ingangsdatum) is None}
    open_verzoek = await session.scalar(sa.select(IwmoVerzoek.id).where(
        IwmoVerzoek.client_id == client_id, IwmoVerzoek.aanbieder == aanbieder,
        IwmoVerzoek.status.in_(OPEN_VERZOEK))) is not None
    codes = regels.vow(b.vow_ongewijzigd, b.vow_te_wijzigen, b.vow_nieuw, actueel=actueel,
                       onbekende_codes=onbekend,
                       referentie_bekend=await _referentie_bekend(session, aanbieder,
                                                                  b.vow_referentie),
                       open_verzoek=open_verzoek, dagtekening=b.kop.dagtekening)
    onderdeel = f"Verzoek {b.vow_referentie}"
    if codes:
        return [_r(c, onderdeel) for c in codes]
    v = IwmoVerzoek(
        id=uuid.uuid4(), soort=VerzoekSoort.VOW.value, bericht_id=bericht.id,
        aanbieder=aanbieder, client_id=client_id, referentie_aanbieder=b.vow_referentie,
        inhoud=_json({"redenVerzoek": b.vow_reden, "ongewijzigd": list(b.vow_ongewijzigd),
                      "teWijzigen": [asdict(r) for r in b.vow_te_wijzigen],
                      "nieuw": [asdict(r) for r in b.vow_nieuw]}),
        ontvangen_op=vandaag, antwoord_uiterlijk=regels.antwoord_uiterlijk(vandaag),
        status="ontvangen")
    session.add(v)
    await session.flush()
    await rt.outbox.add(session, VerzoekOmToewijzingOntvangen(
        verzoek_id=v.id, soort=VerzoekSoort.VOW, client_id=client_id, aanbieder=aanbieder,
        referentie_aanbieder=v.referentie_aanbieder, ontvangen_op=vandaag,
        antwoord_uiterlijk=v.antwoord_uiterlijk))
    return [_r("0200", onderdeel)]


def _eerder(rows: list[IwmoPrestatie]) -> list[regels.EerderePrestatie]:
    return [regels.EerderePrestatie(referentie=p.referentie, debet_credit=p.debet_credit,
                                    begindatum=p.begindatum, einddatum=p.einddatum,
                                    volume=p.volume) for p in rows]


async def _declaratie(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                      b: Bericht, bericht: IwmoBericht, vandaag: date) -> list[dict[str, Any]]:
    """Each prestatie is checked against its toewijzing; approved ones update the realised
    spend (an event per prestatie for the monitor's budget view)."""
    aanbieder = b.kop.afzender
    assert b.declaratienummer and b.declaratie_begin and b.declaratie_eind
    if await session.scalar(sa.select(IwmoDeclaratie.id).where(
            IwmoDeclaratie.aanbieder == aanbieder,
            IwmoDeclaratie.declaratienummer == b.declaratienummer)) is not None:
        return [_r("9333", f"Declaratie {b.declaratienummer}")]
    teken = 1 if b.totaal_debet_credit == "D" else -1
    declaratie = IwmoDeclaratie(
        id=uuid.uuid4(), bericht_id=bericht.id, aanbieder=aanbieder,
        declaratienummer=b.declaratienummer, periode_begin=b.declaratie_begin,
        periode_eind=b.declaratie_eind, ingediend_cents=teken * b.totaal_cents)
    session.add(declaratie)
    await session.flush()
    retour = []
    toegekend = 0
    for p in b.prestaties:
        onderdeel = f"Prestatie {p.referentie}"
        t = await _toewijzing(session, p.toewijzingnummer)
        eerder: list[IwmoPrestatie] = []
        if t is not None:
            eerder = list((await session.scalars(sa.select(IwmoPrestatie).where(
                IwmoPrestatie.toewijzing_id == t.id))).all())
        zelfde = list((await session.scalars(sa.select(IwmoPrestatie).where(
            IwmoPrestatie.aanbieder == aanbieder,
            IwmoPrestatie.referentie == p.referentie))).all())
        codes = regels.prestatie(
            p, await _stand(session, t), rt.pseudonymize(p.bsn), aanbieder,
            declaratie_begin=b.declaratie_begin, declaratie_eind=b.declaratie_eind,
            eerder=_eerder(eerder), zelfde_referentie=_eerder(zelfde))
        if codes or t is None:
            retour += [_r(c, onderdeel) for c in codes]
            continue
        sign = 1 if p.debet_credit == "D" else -1
        row = IwmoPrestatie(
            id=uuid.uuid4(), declaratie_id=declaratie.id, aanbieder=aanbieder,
            referentie=p.referentie, debet_credit=p.debet_credit, toewijzing_id=t.id,
            client_id=t.client_id, productcategorie=t.productcategorie,
            product_code=t.product_code, begindatum=p.begindatum, einddatum=p.einddatum,
            volume=p.volume, eenheid=p.eenheid, bedrag_cents=sign * p.bedrag_cents)
        session.add(row)
        await session.flush()
        toegekend += sign * p.bedrag_cents
        await rt.outbox.add(session, DeclaratieOntvangen(
            declaratie_id=row.id, bericht_id=bericht.id,
            declaratienummer=b.declaratienummer, product_referentie=p.referentie,
            toewijzing_id=t.id, aanvraag_id=t.aanvraag_id, client_id=t.client_id,
            productcategorie=t.productcategorie, product_code=t.product_code,
            aanbieder=aanbieder, periode_begin=p.begindatum, periode_eind=p.einddatum,
            volume=sign * p.volume, eenheid=p.eenheid, bedrag_cents=sign * p.bedrag_cents,
            debet_credit=p.debet_credit, ontvangen_op=vandaag))
        retour.append(_r("0200", onderdeel))
    declaratie.toegekend_cents = toegekend
    if all(r["code"] in GOED for r in retour):
        retour.append(_r("8001", f"Declaratie {b.declaratienummer}"))
    return retour


_HANDLERS: dict[str, Handler] = {
    "WMO305": _start, "WMO307": _stop, "WMO315": _vot, "WMO317": _vow, "WMO323": _declaratie,
}


# --- outgoing ----------------------------------------------------------------------------------


async def _nieuw_uitgaand(session: AsyncSession, rt: ServiceRuntime, ctx: IwmoContext,
                          kop: Kop, xml: bytes, client_id: str,
                          verzoek_id: uuid.UUID | None = None,
                          toewijzing_ids: list[uuid.UUID] | None = None) -> IwmoBericht:
    """Validate a generated message against its official XSD, store it in the provider's
    mailbox and publish ``bericht-verzonden``."""
    ctx.schemas.validate(kop.berichttype, etree.fromstring(xml))
    bericht = IwmoBericht(
        id=uuid.uuid4(), richting="uit", berichttype=kop.berichttype, afzender=kop.afzender,
        ontvanger=kop.ontvanger, aanbieder=kop.ontvanger, identificatie=kop.identificatie,
        dagtekening=kop.dagtekening, sha256=hashlib.sha256(xml).hexdigest(),
        xml=xml.decode(), client_id=client_id, status="nieuw", retour=[], verzoek_id=verzoek_id)
    session.add(bericht)
    await session.flush()
    await rt.outbox.add(session, BerichtVerzonden(
        bericht_id=bericht.id, berichttype=IwmoBerichttype(kop.berichttype),
        identificatie=kop.identificatie, aanbieder=kop.ontvanger, client_id=client_id,
        toewijzing_ids=toewijzing_ids or [], verzoek_id=verzoek_id, dagtekening=kop.dagtekening))
    return bericht


async def _kop(session: AsyncSession, ctx: IwmoContext, berichttype: str, aanbieder: str,
               vandaag: date) -> Kop:
    nummer = await session.scalar(sa.select(BERICHT_IDENTIFICATIE.next_value()))
    return Kop(berichttype=berichttype, afzender=ctx.gemeentecode, ontvanger=aanbieder,
               identificatie=str(nummer), dagtekening=vandaag)


def in_snapshot(t: Toewijzing, vandaag: date) -> bool:
    """OP087: every toewijzing valid on or after the day of the message, plus every one
    changed since the previous message (``te_melden``)."""
    return t.te_melden or _geldig(t, vandaag)


async def maak_wmo301(session: AsyncSession, rt: ServiceRuntime, ctx: IwmoContext,
                      client_id: str, aanbieder: str, identiteit: ClientIdentiteit,
                      vandaag: date) -> IwmoBericht | None:
    """The full snapshot (OP087) of this client's toewijzingen with this provider, changed
    ones with their Einddatum and RedenWijziging. None when there is none left."""
    rows = [t for t in await _van_client(session, client_id, aanbieder)
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
    kop = await _kop(session, ctx, "WMO301", aanbieder, vandaag)
    client = ClientGegevens(bsn=identiteit.bsn, achternaam=(identiteit.naam or ONBEKEND)[:200])
    xml = berichten.wmo301(kop, client, producten)
    bericht = await _nieuw_uitgaand(session, rt, ctx, kop, xml, client_id,
                                    toewijzing_ids=[t.id for t in rows])
    for t in rows:
        t.te_melden = False
    await rt.audit.record(session, SYSTEEM, action="read", resource_type="bsn",
                          resource_id=client_id, client_id=client_id, purpose="iWmo-bericht")
    await rt.audit.record(session, SYSTEEM, action="create", resource_type="iwmo-bericht",
                          resource_id=str(bericht.id), client_id=client_id,
                          purpose="iWmo-bericht")
    return bericht


async def stel_toewijzingberichten_op(rt: ServiceRuntime, ctx: IwmoContext, vandaag: date,
                                      limit: int = 20) -> int:
    """Compose the pending WMO301 messages; the BSN comes from toegang. When toegang is away
    the opdracht waits and is retried with backoff. Returns the number composed."""
    composed = 0
    async with rt.transaction() as session:
        opdrachten = (await session.scalars(
            sa.select(IwmoOpdracht).where(IwmoOpdracht.status == "open",
                                          IwmoOpdracht.volgende_poging <= sa.func.now())
            .order_by(IwmoOpdracht.id).limit(limit).with_for_update(skip_locked=True))).all()
        for o in opdrachten:
            try:
                identiteit = await ctx.bsn_bron.identiteit(o.client_id, "iWmo-bericht WMO301")
            except BsnNietBeschikbaar as exc:
                o.pogingen += 1
                o.fout = str(exc)
                o.volgende_poging = datetime.now(UTC) + timedelta(
                    seconds=min(2 ** o.pogingen, 300))
                log.warning("BSN not available, WMO301 waits", error=str(exc))
                continue
            try:
                async with session.begin_nested():
                    bericht = await maak_wmo301(session, rt, ctx, o.client_id, o.aanbieder,
                                                identiteit, vandaag)
            except (SchemaOvertreding, berichten.OverlappendeToewijzing) as exc:
                o.status, o.fout = "fout", str(exc)
                log.error("WMO301 could not be drawn up", error=str(exc))
                continue
            o.status = "klaar"
            o.bericht_id = bericht.id if bericht is not None else None
            composed += bericht is not None
    return composed


async def list_uitgaand(rt: ServiceRuntime, principal: Principal, aanbieder: str,
                        status: str | None, limit: int) -> list[IwmoBericht]:
    if not principal.has_any((Role.GEMEENTE, Role.SYSTEEM)) and principal.team != aanbieder:
        raise Forbidden("a provider collects only its own mailbox")
    query = (sa.select(IwmoBericht).where(IwmoBericht.richting == "uit",
                                          IwmoBericht.aanbieder == aanbieder)
             .order_by(IwmoBericht.created_at).limit(limit))
    if status is not None:
        query = query.where(IwmoBericht.status == status)
    async with rt.transaction() as session:
        return list((await session.scalars(query)).all())


async def get_bericht(rt: ServiceRuntime, principal: Principal,
                      bericht_id: uuid.UUID) -> IwmoBericht:
    async with rt.transaction() as session:
        bericht = await session.get(IwmoBericht, bericht_id)
        if bericht is None or not sees(principal, bericht):
            raise NotFound(f"bericht {bericht_id}")
        if bericht.client_id is not None:
            await rt.audit.record(session, principal, action="read",
                                  resource_type="iwmo-bericht", resource_id=str(bericht.id),
                                  client_id=bericht.client_id, purpose="iWmo-bericht")
        return bericht


async def bevestig_ontvangst(rt: ServiceRuntime, principal: Principal,
                             bericht_id: uuid.UUID) -> IwmoBericht:
    """The provider collected an outgoing message (idempotent)."""
    async with rt.transaction() as session:
        bericht = await session.get(IwmoBericht, bericht_id, with_for_update=True)
        if bericht is None or not sees(principal, bericht):
            raise NotFound(f"bericht {bericht_id}")
        if bericht.richting != "uit":
            raise Conflict("only an outgoing message is collected")
        if not principal.has_any((Role.AANBIEDER,)):
            raise Forbidden("only the receiving provider confirms receipt")
        if bericht.status == "nieuw":
            bericht.status = "opgehaald"
            bericht.opgehaald_op = datetime.now(UTC)
        return bericht


# --- verzoeken -----------------------------------------------------------------------------------


async def list_verzoeken(rt: ServiceRuntime, status: str | None,
                         limit: int) -> list[IwmoVerzoek]:
    query = sa.select(IwmoVerzoek).order_by(IwmoVerzoek.created_at).limit(limit)
    if status is not None:
        query = query.where(IwmoVerzoek.status == status)
    async with rt.transaction() as session:
        return list((await session.scalars(query)).all())


async def get_verzoek(rt: ServiceRuntime, verzoek_id: uuid.UUID) -> IwmoVerzoek:
    async with rt.transaction() as session:
        v = await session.get(IwmoVerzoek, verzoek_id)
        if v is None:
            raise NotFound(f"verzoek {verzoek_id}")
        return v


def _binnen_termijn(v: IwmoVerzoek, vandaag: date) -> bool:
    uiterlijk = v.antwoord_uiterlijk if v.status == "ontvangen" else v.definitief_uiterlijk
    return uiterlijk is None or vandaag <= uiterlijk


async def _open_verzoek(session: AsyncSession, verzoek_id: uuid.UUID) -> IwmoVerzoek:
    v = await session.get(IwmoVerzoek, verzoek_id, with_for_update=True)
    if v is None:
        raise NotFound(f"verzoek {verzoek_id}")
    if v.status not in OPEN_VERZOEK:
        raise Conflict(f"the verzoek has status {v.status!r}: it was answered already")
    return v


async def beantwoord(rt: ServiceRuntime, ctx: IwmoContext, principal: Principal,
                     verzoek_id: uuid.UUID, uitkomst: VerzoekUitkomst,
                     reden_afwijzing: str | None, vandaag: date) -> IwmoVerzoek:
    """A WMO319: 'aanvraag in onderzoek' (once; the final answer then within 8 weeks) or
    'verzoek afgewezen' with its reden (WJ759). It carries no BSN."""
    async with rt.transaction() as session:
        v = await _open_verzoek(session, verzoek_id)
        if uitkomst == VerzoekUitkomst.IN_ONDERZOEK and v.status == "in-onderzoek":
            raise Conflict("the verzoek is in onderzoek already (TR360)")
        if uitkomst == VerzoekUitkomst.AFGEWEZEN and not reden_afwijzing:
            raise Unprocessable("redenAfwijzing is required to refuse a verzoek")
        if uitkomst == VerzoekUitkomst.TOEGEWEZEN:
            raise Unprocessable("a verzoek is honoured with a toewijzing, not an antwoord")
        binnen = _binnen_termijn(v, vandaag)
        kop = await _kop(session, ctx, "WMO319", v.aanbieder, vandaag)
        antwoord = (AANVRAAG_IN_ONDERZOEK if uitkomst == VerzoekUitkomst.IN_ONDERZOEK
                    else VERZOEK_AFGEWEZEN)
        xml = berichten.wmo319(kop, v.referentie_aanbieder, antwoord,
                               reden_afwijzing if antwoord == VERZOEK_AFGEWEZEN else None)
        await _nieuw_uitgaand(session, rt, ctx, kop, xml, v.client_id, verzoek_id=v.id)
        if uitkomst == VerzoekUitkomst.IN_ONDERZOEK:
            v.status, v.in_onderzoek_op = "in-onderzoek", vandaag
            v.definitief_uiterlijk = regels.definitief_uiterlijk(vandaag)
        else:
            v.status, v.reden_afwijzing, v.beantwoord_op = "afgewezen", reden_afwijzing, vandaag
        await rt.audit.record(session, principal, action="update", resource_type="iwmo-verzoek",
                              resource_id=str(v.id), client_id=v.client_id,
                              purpose="iWmo-verzoek beantwoorden")
        await rt.outbox.add(session, VerzoekBeantwoord(
            verzoek_id=v.id, soort=VerzoekSoort(v.soort), client_id=v.client_id,
            aanbieder=v.aanbieder, uitkomst=uitkomst, reden_afwijzing=v.reden_afwijzing,
            ontvangen_op=v.ontvangen_op, beantwoord_op=vandaag,
            antwoord_uiterlijk=v.antwoord_uiterlijk, binnen_termijn=binnen,
            definitief_uiterlijk=v.definitief_uiterlijk))
        return v


async def wijs_toe(rt: ServiceRuntime, principal: Principal, verzoek_id: uuid.UUID,
                   data: ToewijzingIn, vandaag: date) -> Toewijzing:
    """Honour a VOT with a toewijzing of a granted product of the client, for this provider;
    the WMO301 that follows carries the verzoek's ReferentieAanbieder."""
    async with rt.transaction() as session:
        v = await _open_verzoek(session, verzoek_id)
        if v.soort != VerzoekSoort.VOT.value:
            raise Unprocessable("only a verzoek om toewijzing is honoured here; honour a "
                                "verzoek om wijziging at /verzoeken/{id}/wijzigingen")
        product = await session.get(BeschiktProduct, data.beschikt_product_id)
        if product is None:
            raise NotFound(f"beschikt product {data.beschikt_product_id}")
        if product.aanbieder != v.aanbieder or product.product_code != v.product_code:
            raise Unprocessable("the granted product is not the product or provider of the "
                                "verzoek")
        binnen = _binnen_termijn(v, vandaag)
        t = await toewijzingen.assign(session, rt, principal, data, vandaag,
                                      referentie_aanbieder=v.referentie_aanbieder)
        if t.client_id != v.client_id:
            raise Unprocessable("the granted product belongs to another client")
        v.status, v.toewijzing_id, v.beantwoord_op = "toegewezen", t.id, vandaag
        await rt.outbox.add(session, VerzoekBeantwoord(
            verzoek_id=v.id, soort=VerzoekSoort.VOT, client_id=v.client_id,
            aanbieder=v.aanbieder, uitkomst=VerzoekUitkomst.TOEGEWEZEN,
            ontvangen_op=v.ontvangen_op, beantwoord_op=vandaag,
            antwoord_uiterlijk=v.antwoord_uiterlijk, binnen_termijn=binnen,
            definitief_uiterlijk=v.definitief_uiterlijk, toewijzing_id=t.id))
        await plan_toewijzingbericht(session, t.client_id, t.aanbieder)
        await session.flush()
        await session.refresh(t)
        return t


async def _gevraagd_product(session: AsyncSession, v: IwmoVerzoek,
                            product_id: uuid.UUID) -> tuple[BeschiktProduct, Beschikking]:
    product, beschikking = await toewijzingen.toewijsbaar(session, product_id)
    aanvraag = await get_aanvraag(session, beschikking.aanvraag_id)
    if aanvraag.client_id != v.client_id or product.aanbieder != v.aanbieder:
        raise Unprocessable(f"granted product {product_id} is not this client's product with "
                            "the provider of the verzoek")
    return product, beschikking


def _omvang_van(r: dict[str, Any], product: BeschiktProduct) -> tuple[int, str, str]:
    o = r.get("omvang")
    if not o:
        return product.volume, product.eenheid, product.frequentie
    return int(o["volume"]), str(o["eenheid"]), str(o["frequentie"])


Genoemd = dict[str, tuple[BeschiktProduct, Beschikking]]


def _datum(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


async def _nieuw_product(session: AsyncSession, rt: ServiceRuntime, principal: Principal,
                         v: IwmoVerzoek, r: dict[str, Any], genoemd: Genoemd,
                         vandaag: date) -> Toewijzing:
    """A NieuwProduct of a granted VOW: a toewijzing of the granted product named for it."""
    gevonden = genoemd.pop(str(r.get("code")), None)
    if gevonden is None:
        raise Unprocessable(f"name the granted product for {r.get('code')} (a new product of "
                            "the verzoek needs a beschikking)")
    product, beschikking = gevonden
    volume, eenheid, frequentie = _omvang_van(r, product)
    ingang = date.fromisoformat(r["gewenste_ingangsdatum"])
    await wijzigingen.past_in_beschikking(session, product, volume, eenheid, frequentie, ingang)
    return await toewijzingen.nieuwe_toewijzing(
        session, rt, principal, product, beschikking,
        toewijzingen.Toewijzingsregel(ingang, _datum(r.get("einddatum")), volume, eenheid,
                                      frequentie),
        vandaag, referentie_aanbieder=v.referentie_aanbieder)


async def _te_wijzigen_product(session: AsyncSession, rt: ServiceRuntime,
                               principal: Principal, v: IwmoVerzoek, r: dict[str, Any],
                               genoemd: Genoemd, vandaag: date) -> Toewijzing:
    """A TeWijzigenProduct of a granted VOW: the same omvang from the same ingangsdatum is
    a new einddatum within the toewijzing; anything else a new toewijzing that follows it."""
    t = await _toewijzing(session, int(r["toewijzingnummer"]))
    if t is None or (t.client_id, t.aanbieder) != (v.client_id, v.aanbieder) \
            or t.opvolger_id is not None or not _geldig(t, vandaag):
        raise Conflict(f"toewijzing {r['toewijzingnummer']} changed since the verzoek: refuse "
                       "the verzoek so the provider asks again")
    staand: Beschikking | None = None
    if t.product_code in genoemd:
        product, staand = genoemd.pop(t.product_code)
    else:
        eigen = await session.get(BeschiktProduct, t.beschikt_product_id)
        assert eigen is not None
        product = eigen
    volume, eenheid, frequentie = _omvang_van(r, product)
    ingang = date.fromisoformat(r["gewenste_ingangsdatum"])
    eind = _datum(r.get("einddatum"))
    if product.id == t.beschikt_product_id and ingang == t.ingangsdatum and (
            volume, eenheid, frequentie) == (t.volume, t.eenheid, t.frequentie):
        if eind != t.einddatum:
            await wijzigingen.wijzig_einddatum(session, rt, principal, t, eind,
                                               OP_VERZOEK_AANBIEDER, vandaag,
                                               v.referentie_aanbieder)
        return t
    if staand is None:  # another omvang: a new toewijzing of a standing beschikking
        product, staand = await toewijzingen.toewijsbaar(session, product.id)
    await wijzigingen.past_in_beschikking(session, product, volume, eenheid, frequentie, ingang)
    return await wijzigingen.vervang(
        session, rt, principal, t, product, staand,
        toewijzingen.Toewijzingsregel(ingang, eind, volume, eenheid, frequentie,
                                      t.budget_cents),
        OP_VERZOEK_AANBIEDER, vandaag, v.referentie_aanbieder)


async def honoreer_wijziging(rt: ServiceRuntime, principal: Principal, verzoek_id: uuid.UUID,
                             beschikt_product_ids: list[uuid.UUID],
                             vandaag: date) -> list[Toewijzing]:
    """Grant a verzoek om wijziging as a whole (it describes the whole new situation): a
    product to change gets its new Einddatum within its toewijzing, or, with another omvang,
    a new toewijzing from the GewensteIngangsdatum while the old one ends the day before;
    a new product gets a toewijzing of the granted product named for it. Changed toewijzingen
    carry RedenWijziging 12 (geïnitieerd door de aanbieder) and, with the new ones, the
    verzoek's ReferentieAanbieder; the WMO301 with the full set follows. Returns the changed
    and new toewijzingen."""
    async with rt.transaction() as session:
        v = await _open_verzoek(session, verzoek_id)
        if v.soort != VerzoekSoort.VOW.value:
            raise Unprocessable("only a verzoek om wijziging is honoured here; honour a verzoek "
                                "om toewijzing with a toewijzing")
        binnen = _binnen_termijn(v, vandaag)
        genoemd: Genoemd = {}
        for product_id in dict.fromkeys(beschikt_product_ids):
            product, beschikking = await _gevraagd_product(session, v, product_id)
            genoemd[product.product_code] = (product, beschikking)
        uitkomst: list[Toewijzing] = []
        # The new products first: each needs a granted product of its own; what is left may
        # widen a product to change beyond its beschikking.
        for r in v.inhoud.get("nieuw", []):
            uitkomst.append(await _nieuw_product(session, rt, principal, v, r, genoemd,
                                                 vandaag))
        for r in v.inhoud.get("teWijzigen", []):
            uitkomst.append(await _te_wijzigen_product(session, rt, principal, v, r, genoemd,
                                                       vandaag))
        if genoemd:
            raise Unprocessable("granted products the verzoek does not ask for: "
                                + ", ".join(sorted(genoemd)))
        v.status, v.beantwoord_op = "toegewezen", vandaag
        v.toewijzing_id = uitkomst[0].id if uitkomst else None
        await rt.audit.record(session, principal, action="update", resource_type="iwmo-verzoek",
                              resource_id=str(v.id), client_id=v.client_id,
                              purpose="iWmo-verzoek honoreren")
        await rt.outbox.add(session, VerzoekBeantwoord(
            verzoek_id=v.id, soort=VerzoekSoort.VOW, client_id=v.client_id,
            aanbieder=v.aanbieder, uitkomst=VerzoekUitkomst.TOEGEWEZEN,
            ontvangen_op=v.ontvangen_op, beantwoord_op=vandaag,
            antwoord_uiterlijk=v.antwoord_uiterlijk, binnen_termijn=binnen,
            definitief_uiterlijk=v.definitief_uiterlijk, toewijzing_id=v.toewijzing_id))
        # The answer is a toewijzingbericht, also when nothing but the reference changes.
        await plan_toewijzingbericht(session, v.client_id, v.aanbieder)
        await session.flush()
        for t in uitkomst:
            await session.refresh(t)
        return uitkomst


# --- the iWmo terms ------------------------------------------------------------------------------


async def scan_termijnen(rt: ServiceRuntime, peildatum: date) -> int:
    """'nadert' and 'verstreken' for unanswered verzoeken (5 werkdagen) and for verzoeken in
    onderzoek (8 weeks); once per verzoek, kind and signal."""
    written = 0
    async with rt.transaction() as session:
        rows = (await session.scalars(sa.select(IwmoVerzoek).where(
            IwmoVerzoek.status.in_(OPEN_VERZOEK)))).all()
        for v in rows:
            if v.status == "ontvangen":
                soort, uiterlijk = IwmoTermijnSoort.VERZOEK_ANTWOORD, v.antwoord_uiterlijk
            else:
                soort = IwmoTermijnSoort.VERZOEK_DEFINITIEF
                uiterlijk = v.definitief_uiterlijk or v.antwoord_uiterlijk
            signaal = termijnen.signaal(uiterlijk, peildatum)
            if signaal is None:
                continue
            inserted = await session.execute(
                pg_insert(Termijnsignaal)
                .values(dossier_id=v.id, soort=soort.value, signaal=signaal,
                        uiterlijk=uiterlijk, peildatum=peildatum)
                .on_conflict_do_nothing(constraint="uq_termijnsignalen")
                .returning(Termijnsignaal.id))
            if inserted.first() is None:
                continue
            model = IwmoTermijnNadert if signaal == "nadert" else IwmoTermijnVerstreken
            await rt.outbox.add(session, model(
                dossier_id=v.id, soort=soort, client_id=v.client_id, aanbieder=v.aanbieder,
                uiterlijk=uiterlijk, peildatum=peildatum))
            written += 1
    return written


@contextlib.asynccontextmanager
async def running(rt: ServiceRuntime, ctx: IwmoContext, interval_s: float,
                  scan_every_s: float = 300.0) -> AsyncIterator[None]:
    """Compose pending WMO301 messages every ``interval_s``; scan the iWmo terms now and then."""
    async with every(interval_s, lambda: stel_toewijzingberichten_op(rt, ctx, date.today()),
                     "iwmo-wmo301"), \
            every(scan_every_s, lambda: scan_termijnen(rt, date.today()), "iwmo-termijnen"):
        yield
