"""Verzoeken om toewijzing (WMO315, VOT) and om wijziging (WMO317, VOW): received with
their retourcodes, answered (WMO319) or honoured with a toewijzing. A VOW is honoured as a
whole in ``wijzigingsverzoeken``."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from wmokernel.auth import Principal
from wmokernel.events.iwmo import (
    VerzoekBeantwoord,
    VerzoekOmToewijzingOntvangen,
    VerzoekSoort,
    VerzoekUitkomst,
)
from wmokernel.paging import PageRequest
from wmokernel.problems import Conflict, NotFound, Unprocessable
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import berichten, regels
from ...domain.iwmo.berichten import Bericht
from ...domain.iwmo.codes import AANVRAAG_IN_ONDERZOEK, VERZOEK_AFGEWEZEN
from ...models import Toewijzing
from ...models.iwmo import IwmoBericht, IwmoVerzoek
from ...repository import beschikkingen
from ...repository import verzoeken as repo
from ...repository.catalogus import product_versie_op
from ...repository.opdrachten import plan_toewijzingbericht
from ...schemas import ToewijzingIn
from .. import toewijzingen
from . import stand, uitgaand
from .context import OPEN_VERZOEK, IwmoContext, Retour, retour

# --- received --------------------------------------------------------------------------------


async def ontvang_vot(uow: UnitOfWork, principal: Principal, b: Bericht, bericht: IwmoBericht,
                      vandaag: date) -> list[Retour]:
    """Verzoek om toewijzing: every aangevraagd product is its own verzoek, answered alone.
    The message links to the first verzoek it made (all are found by their bericht)."""
    session = uow.session
    out = []
    aanbieder = b.kop.afzender
    client_id = uow.pseudonymize(b.bsns[0])
    lopend = await stand.lopend(uow, client_id, aanbieder, b.kop.dagtekening)
    in_bericht = Counter(r.referentie_aanbieder for r in b.vot)
    for i, r in enumerate(b.vot, 1):
        onderdeel = f"AangevraagdProduct {r.referentie_aanbieder}"
        versie = await product_versie_op(session, r.code, r.ingangsdatum) if r.code else None
        bekend = in_bericht[r.referentie_aanbieder] > 1 or await repo.referentie_bekend(
            session, aanbieder, r.referentie_aanbieder)
        open_verzoek = await repo.open_verzoek(session, client_id, aanbieder, OPEN_VERZOEK,
                                               product_code=r.code, per_product=True)
        codes = regels.vot(r, productcategorie=versie.productcategorie if versie else None,
                           referentie_bekend=bekend, open_verzoek=open_verzoek, lopend=lopend)
        if codes or versie is None:
            out += [retour(c, onderdeel, nummer=i) for c in codes]
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
        bericht.verzoek_id = bericht.verzoek_id or v.id
        await uow.publish(VerzoekOmToewijzingOntvangen(
            verzoek_id=v.id, soort=VerzoekSoort.VOT, client_id=client_id, aanbieder=aanbieder,
            referentie_aanbieder=v.referentie_aanbieder, productcategorie=v.productcategorie,
            product_code=v.product_code, ontvangen_op=vandaag,
            antwoord_uiterlijk=v.antwoord_uiterlijk))
        out.append(retour("0200", onderdeel, nummer=i))
    return out


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


async def ontvang_vow(uow: UnitOfWork, principal: Principal, b: Bericht, bericht: IwmoBericht,
                      vandaag: date) -> list[Retour]:
    """Verzoek om wijziging: the whole desired situation, judged as one verzoek."""
    session = uow.session
    aanbieder = b.kop.afzender
    client_id = uow.pseudonymize(b.bsns[0])
    assert b.vow_referentie is not None
    actueel = await stand.lopend(uow, client_id, aanbieder, b.kop.dagtekening)
    onbekend = {r.code for r in b.vow_nieuw if r.code is not None and await product_versie_op(
        session, r.code, r.gewenste_ingangsdatum) is None}
    open_verzoek = await repo.open_verzoek(session, client_id, aanbieder, OPEN_VERZOEK)
    codes = regels.vow(b.vow_ongewijzigd, b.vow_te_wijzigen, b.vow_nieuw,
                       referentie=b.vow_referentie, actueel=actueel, onbekende_codes=onbekend,
                       referentie_bekend=await repo.referentie_bekend(session, aanbieder,
                                                                      b.vow_referentie),
                       open_verzoek=open_verzoek, dagtekening=b.kop.dagtekening)
    onderdeel = f"Verzoek {b.vow_referentie}"
    if codes:
        return [retour(r.code, r.onderdeel, r.toelichting, klasse=r.klasse, nummer=r.nummer)
                for r in codes]
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
    bericht.verzoek_id = v.id
    await uow.publish(VerzoekOmToewijzingOntvangen(
        verzoek_id=v.id, soort=VerzoekSoort.VOW, client_id=client_id, aanbieder=aanbieder,
        referentie_aanbieder=v.referentie_aanbieder, ontvangen_op=vandaag,
        antwoord_uiterlijk=v.antwoord_uiterlijk))
    return [retour("0200", onderdeel)]


# --- read and answered -------------------------------------------------------------------------


async def list_verzoeken(uow: UnitOfWork, status: str | None,
                         page: PageRequest) -> tuple[list[IwmoVerzoek], int]:
    return await repo.list_(uow.session, status, page)


async def lees_verzoeken(uow: UnitOfWork, principal: Principal, status: str | None,
                         page: PageRequest) -> tuple[list[IwmoVerzoek], int]:
    """The list for the API: each resident's verzoek read is in the logboek."""
    rows, total = await list_verzoeken(uow, status, page)
    await uow.audit_clients(principal, action="read", resource_type="iwmo-verzoek",
                            resource_id="*", client_ids=[v.client_id for v in rows],
                            purpose="verzoeken inzien")
    return rows, total


async def lees_verzoek(uow: UnitOfWork, principal: Principal, verzoek_id: uuid.UUID
                       ) -> IwmoVerzoek:
    v = await get_verzoek(uow, verzoek_id)
    await uow.audit(principal, action="read", resource_type="iwmo-verzoek",
                    resource_id=str(v.id), client_id=v.client_id, purpose="verzoek inzien")
    return v


async def get_verzoek(uow: UnitOfWork, verzoek_id: uuid.UUID) -> IwmoVerzoek:
    v = await repo.get(uow.session, verzoek_id)
    if v is None:
        raise NotFound(f"verzoek {verzoek_id}")
    return v


def binnen_termijn(v: IwmoVerzoek, vandaag: date) -> bool:
    uiterlijk = v.antwoord_uiterlijk if v.status == "ontvangen" else v.definitief_uiterlijk
    return uiterlijk is None or vandaag <= uiterlijk


async def open_verzoek(uow: UnitOfWork, verzoek_id: uuid.UUID) -> IwmoVerzoek:
    """The verzoek, locked, when it still waits for an answer."""
    v = await repo.get(uow.session, verzoek_id, for_update=True)
    if v is None:
        raise NotFound(f"verzoek {verzoek_id}")
    if v.status not in OPEN_VERZOEK:
        raise Conflict(f"the verzoek has status {v.status!r}: it was answered already")
    return v


def beantwoord_event(v: IwmoVerzoek, uitkomst: VerzoekUitkomst, binnen: bool, vandaag: date,
                     toewijzing_id: uuid.UUID | None = None) -> VerzoekBeantwoord:
    return VerzoekBeantwoord(
        verzoek_id=v.id, soort=VerzoekSoort(v.soort), client_id=v.client_id,
        aanbieder=v.aanbieder, uitkomst=uitkomst, reden_afwijzing=v.reden_afwijzing,
        ontvangen_op=v.ontvangen_op, beantwoord_op=vandaag,
        antwoord_uiterlijk=v.antwoord_uiterlijk, binnen_termijn=binnen,
        definitief_uiterlijk=v.definitief_uiterlijk, toewijzing_id=toewijzing_id)


async def beantwoord(uow: UnitOfWork, ctx: IwmoContext, principal: Principal,
                     verzoek_id: uuid.UUID, uitkomst: VerzoekUitkomst,
                     reden_afwijzing: str | None, vandaag: date) -> IwmoVerzoek:
    """A WMO319: 'aanvraag in onderzoek' (once; the final answer then within 8 weeks) or
    'verzoek afgewezen' with its reden (WJ759). It carries no BSN."""
    v = await open_verzoek(uow, verzoek_id)
    if uitkomst == VerzoekUitkomst.IN_ONDERZOEK and v.status == "in-onderzoek":
        raise Conflict("the verzoek is in onderzoek already (TR360)")
    if uitkomst == VerzoekUitkomst.AFGEWEZEN and not reden_afwijzing:
        raise Unprocessable("redenAfwijzing is required to refuse a verzoek")
    if uitkomst == VerzoekUitkomst.TOEGEWEZEN:
        raise Unprocessable("a verzoek is honoured with a toewijzing, not an antwoord")
    binnen = binnen_termijn(v, vandaag)
    kop = await uitgaand.kop(uow, ctx, "WMO319", v.aanbieder, vandaag)
    antwoord = (AANVRAAG_IN_ONDERZOEK if uitkomst == VerzoekUitkomst.IN_ONDERZOEK
                else VERZOEK_AFGEWEZEN)
    xml = berichten.wmo319(kop, v.referentie_aanbieder, antwoord,
                           reden_afwijzing if antwoord == VERZOEK_AFGEWEZEN else None)
    await uitgaand.nieuw_uitgaand(uow, ctx, kop, xml, v.client_id, verzoek_id=v.id)
    if uitkomst == VerzoekUitkomst.IN_ONDERZOEK:
        v.status, v.in_onderzoek_op = "in-onderzoek", vandaag
        v.definitief_uiterlijk = regels.definitief_uiterlijk(vandaag)
    else:
        v.status, v.reden_afwijzing, v.beantwoord_op = "afgewezen", reden_afwijzing, vandaag
    await uow.audit(principal, action="update", resource_type="iwmo-verzoek",
                    resource_id=str(v.id), client_id=v.client_id,
                    purpose="iWmo-verzoek beantwoorden")
    await uow.publish(beantwoord_event(v, uitkomst, binnen, vandaag))
    return v


async def wijs_toe(uow: UnitOfWork, principal: Principal, verzoek_id: uuid.UUID,
                   data: ToewijzingIn, vandaag: date) -> Toewijzing:
    """Honour a VOT with a toewijzing of a granted product of the client, for this provider;
    the WMO301 that follows carries the verzoek's ReferentieAanbieder."""
    v = await open_verzoek(uow, verzoek_id)
    if v.soort != VerzoekSoort.VOT.value:
        raise Unprocessable("only a verzoek om toewijzing is honoured here; honour a "
                            "verzoek om wijziging at /verzoeken/{id}/wijzigingen")
    product = await beschikkingen.product(uow.session, data.beschikt_product_id)
    if product is None:
        raise NotFound(f"beschikt product {data.beschikt_product_id}")
    if product.aanbieder != v.aanbieder or product.product_code != v.product_code:
        raise Unprocessable("the granted product is not the product or provider of the "
                            "verzoek")
    binnen = binnen_termijn(v, vandaag)
    t = await toewijzingen.assign(uow, principal, data, vandaag,
                                  referentie_aanbieder=v.referentie_aanbieder)
    if t.client_id != v.client_id:
        raise Unprocessable("the granted product belongs to another client")
    v.status, v.toewijzing_id, v.beantwoord_op = "toegewezen", t.id, vandaag
    await uow.publish(beantwoord_event(v, VerzoekUitkomst.TOEGEWEZEN, binnen, vandaag, t.id))
    await plan_toewijzingbericht(uow.session, t.client_id, t.aanbieder)
    await uow.session.flush()
    await uow.session.refresh(t)
    return t
