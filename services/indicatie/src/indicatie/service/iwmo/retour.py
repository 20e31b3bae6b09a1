"""Retourberichten both ways: ours on a provider's message (WMO306/308/316/318/325, into the
provider's mailbox) and the provider's on ours (WMO302 on a WMO301, WMO320 on a WMO319),
recorded on our message."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime

from lxml import etree
from wmokernel.auth import Principal
from wmokernel.problems import Conflict, Forbidden, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import retour as domein
from ...domain.iwmo.berichten import Bericht, Kop
from ...domain.iwmo.codes import GOED, RETOURTYPE
from ...models.iwmo import IwmoBericht
from ...repository import berichten as repo
from .berichten import sees
from .context import IwmoContext, Retour, retour

# --- ours ------------------------------------------------------------------------------------


def _toekenning_json(t: domein.Toekenning) -> dict[str, object]:
    return {"declaratienummer": t.declaratienummer, "ingediendCents": t.ingediend_cents,
            "toegekendCents": t.toegekend_cents,
            "prestaties": [{"referentie": p.referentie, "debetCredit": p.debet_credit,
                            "ingediendCents": p.ingediend_cents,
                            "toegekendCents": p.toegekend_cents} for p in t.prestaties]}


async def beantwoord(uow: UnitOfWork, ctx: IwmoContext, principal: Principal,
                     bericht: IwmoBericht, root: etree._Element, b: Bericht,
                     codes: Sequence[Retour], vandaag: date) -> IwmoBericht:
    """Draw up our retour on an incoming message, put it in the provider's mailbox and link
    it to the message. A declaratie's approved amounts are kept on the message too."""
    per_plaats = domein.per_plaats(codes)
    retourtype = RETOURTYPE[bericht.berichttype]
    identificatie = str(await repo.volgende_identificatie(uow.session))
    if retourtype == "WMO325":
        assert b.declaratienummer is not None
        teken = 1 if b.totaal_debet_credit == "D" else -1
        toekenning = domein.toekenning(b.declaratienummer, teken * b.totaal_cents,
                                       b.prestaties, per_plaats)
        bericht.toekenning = _toekenning_json(toekenning)
        kop = Kop("WMO325", ctx.gemeentecode, bericht.aanbieder, identificatie, vandaag)
        xml = domein.wmo325(root, per_plaats, kop, toekenning.toegekend_cents)
    else:
        xml = domein.retourbericht(root, per_plaats, identificatie, vandaag)
    antwoord = IwmoBericht(
        id=uuid.uuid4(), richting="uit", berichttype=retourtype, afzender=ctx.gemeentecode,
        ontvanger=bericht.aanbieder, aanbieder=bericht.aanbieder, identificatie=identificatie,
        dagtekening=vandaag, sha256=hashlib.sha256(xml).hexdigest(), xml=xml.decode(),
        client_id=bericht.client_id, status="nieuw", retour=[], origineel_id=bericht.id)
    uow.session.add(antwoord)
    await uow.session.flush()
    bericht.retour_bericht_id = antwoord.id
    if bericht.client_id is not None:
        await uow.audit(principal, action="create", resource_type="iwmo-bericht",
                        resource_id=str(antwoord.id), client_id=bericht.client_id,
                        purpose="iWmo-retourbericht")
    return antwoord


# --- the provider's ------------------------------------------------------------------------


def _onderdeel(klasse: str, nummer: int) -> str:
    return "Header" if klasse == "Header" else f"{klasse} {nummer}"


async def ontvang(uow: UnitOfWork, ctx: IwmoContext, principal: Principal, raw: bytes,
                  root: etree._Element) -> tuple[IwmoBericht, bool]:
    """A provider's WMO302/320: its retourcodes per part and a status (retour-ontvangen, or
    retour-afgekeurd when anything but 0200 came back) recorded on our message, which is
    found by its BerichtIdentificatie among the messages to this provider. The retour is
    kept as an incoming message; the same retour again changes nothing (returns it with
    True)."""
    try:
        r = domein.lees_retour(root)
    except domein.OngeldigeRetour as exc:
        raise Unprocessable(f"not a valid retourbericht: {exc}") from exc
    if principal.team != r.ontvanger:
        raise Forbidden(f"Ontvanger {r.ontvanger} of the retour is not your AGB code (team "
                        "claim): a provider answers only the messages it received")
    if r.afzender != ctx.gemeentecode:
        raise Unprocessable(f"Afzender {r.afzender} is not this gemeente ({ctx.gemeentecode}): "
                            "the header of a retour is a copy of the original message's")
    sha = hashlib.sha256(raw).hexdigest()
    bestaand = await repo.inkomend(uow.session, r.ontvanger, r.identificatie_retour)
    if bestaand is not None:
        if bestaand.sha256 == sha:
            return bestaand, True
        raise Conflict(f"IdentificatieRetour {r.identificatie_retour} was used before for "
                       "another message (iWmo retourcode 9056: identificatie moet uniek zijn)")
    origineel = await repo.uitgaand_met_identificatie(uow.session, ctx.gemeentecode,
                                                      r.identificatie, for_update=True)
    if origineel is None or not sees(principal, origineel):
        raise NotFound(f"no {r.origineel_type} with BerichtIdentificatie {r.identificatie} "
                       "was sent to you")
    if origineel.berichttype != r.origineel_type:
        raise Unprocessable(f"BerichtIdentificatie {r.identificatie} is a "
                            f"{origineel.berichttype}; a {r.berichttype} answers a "
                            f"{r.origineel_type}")
    if origineel.retour_bericht_id is not None:
        raise Conflict(f"{origineel.berichttype} {r.identificatie} was answered before by "
                       "another retour")
    codes = [retour(c, _onderdeel(k, n), klasse=k, nummer=n) for k, n, c in r.codes]
    afgekeurd = any(c["code"] not in GOED for c in codes)
    ontvangen = IwmoBericht(
        id=uuid.uuid4(), richting="in", berichttype=r.berichttype, afzender=r.ontvanger,
        ontvanger=r.afzender, aanbieder=r.ontvanger, identificatie=r.identificatie_retour,
        dagtekening=r.dagtekening_retour or datetime.now(UTC).date(), sha256=sha,
        xml=raw.decode("utf-8", errors="replace"), client_id=origineel.client_id,
        status="verwerkt", retour=codes, origineel_id=origineel.id)
    uow.session.add(ontvangen)
    await uow.session.flush()
    origineel.retour = codes
    origineel.status = "retour-afgekeurd" if afgekeurd else "retour-ontvangen"
    origineel.retour_bericht_id = ontvangen.id
    if origineel.opgehaald_op is None:  # a retour shows the message was collected
        origineel.opgehaald_op = datetime.now(UTC)
    if origineel.client_id is not None:
        await uow.audit(principal, action="create", resource_type="iwmo-bericht",
                        resource_id=str(ontvangen.id), client_id=origineel.client_id,
                        purpose="iWmo-retourbericht")
    return ontvangen, False

