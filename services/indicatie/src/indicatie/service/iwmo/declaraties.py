"""The declaratie (WMO323): each prestatie checked against its toewijzing; approved ones
make up the realised spend (an event per prestatie for the monitor's budget view)."""

from __future__ import annotations

import uuid
from datetime import date

from wmokernel.auth import Principal
from wmokernel.events.base import EventPayload
from wmokernel.events.iwmo import DeclaratieOntvangen
from wmokernel.unit_of_work import UnitOfWork

from ...domain.iwmo import regels
from ...domain.iwmo.berichten import Bericht
from ...models.iwmo import IwmoBericht, IwmoDeclaratie, IwmoPrestatie
from ...repository import declaraties as repo
from ...repository import toewijzingen as toewijzingen_repo
from . import stand
from .context import GOED, Retour, retour


def _eerder(p: IwmoPrestatie) -> regels.EerderePrestatie:
    return regels.EerderePrestatie(referentie=p.referentie, debet_credit=p.debet_credit,
                                   begindatum=p.begindatum, einddatum=p.einddatum,
                                   volume=p.volume)


async def ontvang(uow: UnitOfWork, principal: Principal, b: Bericht, bericht: IwmoBericht,
                  vandaag: date) -> list[Retour]:
    """Each prestatie is checked against its toewijzing; approved ones update the realised
    spend. The state every prestatie needs (toewijzingen, their delivery periods and tariffs,
    earlier prestaties) is read for the whole message at once; a prestatie approved earlier
    in the same message counts for the ones after it."""
    session = uow.session
    aanbieder = b.kop.afzender
    assert b.declaratienummer and b.declaratie_begin and b.declaratie_eind
    if await repo.nummer_bekend(session, aanbieder, b.declaratienummer):
        return [retour("9333", f"Declaratie {b.declaratienummer}")]
    teken = 1 if b.totaal_debet_credit == "D" else -1
    declaratie = IwmoDeclaratie(
        id=uuid.uuid4(), bericht_id=bericht.id, aanbieder=aanbieder,
        declaratienummer=b.declaratienummer, periode_begin=b.declaratie_begin,
        periode_eind=b.declaratie_eind, ingediend_cents=teken * b.totaal_cents)
    session.add(declaratie)
    await session.flush()
    per_nummer = await toewijzingen_repo.met_nummers(
        session, {p.toewijzingnummer for p in b.prestaties})
    rows = list(per_nummer.values())
    standen = await stand.standen(uow, rows)
    eerder = {i: [_eerder(p) for p in lijst] for i, lijst in (
        await repo.prestaties_van_toewijzingen(session, [t.id for t in rows])).items()}
    zelfde = {r: [_eerder(p) for p in lijst] for r, lijst in (
        await repo.met_referenties(session, aanbieder,
                                   {p.referentie for p in b.prestaties})).items()}
    out: list[Retour] = []
    goedgekeurd: list[IwmoPrestatie] = []
    events: list[EventPayload] = []
    toegekend = 0
    for i, p in enumerate(b.prestaties, 1):
        onderdeel = f"Prestatie {p.referentie}"
        t = per_nummer.get(p.toewijzingnummer)
        codes = regels.prestatie(
            p, standen[t.id] if t is not None else None, uow.pseudonymize(p.bsn), aanbieder,
            declaratie_begin=b.declaratie_begin, declaratie_eind=b.declaratie_eind,
            eerder=eerder[t.id] if t is not None else [], zelfde_referentie=zelfde[p.referentie])
        if codes or t is None:
            out += [retour(c, onderdeel, nummer=i) for c in codes]
            continue
        sign = 1 if p.debet_credit == "D" else -1
        row = IwmoPrestatie(
            id=uuid.uuid4(), declaratie_id=declaratie.id, aanbieder=aanbieder,
            referentie=p.referentie, debet_credit=p.debet_credit, toewijzing_id=t.id,
            client_id=t.client_id, productcategorie=t.productcategorie,
            product_code=t.product_code, begindatum=p.begindatum, einddatum=p.einddatum,
            volume=p.volume, eenheid=p.eenheid, bedrag_cents=sign * p.bedrag_cents)
        goedgekeurd.append(row)
        eerder[t.id].append(_eerder(row))
        zelfde[p.referentie].append(_eerder(row))
        toegekend += sign * p.bedrag_cents
        events.append(DeclaratieOntvangen(
            declaratie_id=row.id, bericht_id=bericht.id,
            declaratienummer=b.declaratienummer, product_referentie=p.referentie,
            toewijzing_id=t.id, aanvraag_id=t.aanvraag_id, client_id=t.client_id,
            productcategorie=t.productcategorie, product_code=t.product_code,
            aanbieder=aanbieder, periode_begin=p.begindatum, periode_eind=p.einddatum,
            volume=sign * p.volume, eenheid=p.eenheid, bedrag_cents=sign * p.bedrag_cents,
            debet_credit=p.debet_credit, ontvangen_op=vandaag))
        out.append(retour("0200", onderdeel, nummer=i))
    session.add_all(goedgekeurd)
    await session.flush()
    await uow.publish_all(events)
    declaratie.toegekend_cents = toegekend
    if all(r["code"] in GOED for r in out):
        out.append(retour("8001", f"Declaratie {b.declaratienummer}"))
    return out
