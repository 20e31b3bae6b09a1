"""The wachtlijst, its monthly averages and the per-municipality overview for U16 partners."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.auth import Principal
from wmokernel.runtime import ServiceRuntime

from .aanmeldingen import scope_filter
from .domain.vormen import Vorm
from .domain.wachtlijst import (
    Wachtperiode,
    maandgemiddelden,
    prioriteit,
    prioriteit_rang,
    wachttijd,
)
from .domain.zichtbaarheid import scope_of
from .models import Aanmelding, Locatie, Plaatsing
from .schemas import (
    GemeenteOverzicht,
    LocatieBezetting,
    MaandgemiddeldenOut,
    MaandgemiddeldeVorm,
    VormOverzicht,
    WachtlijstItem,
)


async def wachtlijst(session: AsyncSession, rt: ServiceRuntime, principal: Principal, *,
                     vorm: str | None, peildatum: date, limit: int) -> list[WachtlijstItem]:
    """Waiting aanmeldingen per form in placement order: priority, then longest wait."""
    query = sa.select(Aanmelding).where(Aanmelding.status == "wachtend",
                                        scope_filter(scope_of(principal)))
    if vorm is not None:
        query = query.where(Aanmelding.vorm == vorm)
    rows = (await session.scalars(query)).all()
    items = []
    for a in rows:
        prio = prioriteit(crisis=a.crisis, urgent=a.urgent)
        w = wachttijd(a.vorm, a.verwezen_op, peildatum)
        items.append(WachtlijstItem(
            aanmelding_id=a.id, client_id=a.client_id, gemeente=a.gemeente, vorm=a.vorm,
            prioriteit=prio, verwezen_op=a.verwezen_op, wachtdagen=w.wachtdagen,
            norm_dagen=w.norm_dagen, over_norm=w.over_norm))
    items.sort(key=lambda i: (i.vorm, prioriteit_rang(i.prioriteit), i.verwezen_op,
                              str(i.aanmelding_id)))
    items = items[:limit]
    for i in items:
        await rt.audit.record(session, principal, action="read", resource_type="aanmelding",
                              resource_id=str(i.aanmelding_id), client_id=i.client_id,
                              purpose="wachtlijst inzien")
    return items


async def maandgemiddelden_van(session: AsyncSession, jaar: int,
                               vandaag: date) -> MaandgemiddeldenOut:
    """Aggregate only: the average number waiting per month and form."""
    rows = (await session.execute(
        sa.select(Aanmelding.vorm, Aanmelding.verwezen_op, Aanmelding.wachtlijst_tot)
        .where(Aanmelding.verwezen_op < date(jaar + 1, 1, 1),
               sa.or_(Aanmelding.wachtlijst_tot.is_(None),
                      Aanmelding.wachtlijst_tot >= date(jaar, 1, 1))))).all()
    per_vorm = maandgemiddelden((Wachtperiode(v, van, tot) for v, van, tot in rows), jaar,
                                vandaag)
    return MaandgemiddeldenOut(jaar=jaar, items=[
        MaandgemiddeldeVorm(vorm=Vorm(v), maanden=m) for v, m in sorted(per_vorm.items())])


async def gemeente_overzicht(session: AsyncSession, cbs_code: str, naam: str,
                             peildatum: date) -> GemeenteOverzicht:
    """Counts for the municipality's residents per form, and the occupancy of the locations
    in its territory (secret-address locations are left out). No person-level data."""
    geblokkeerd = sa.exists().where(Plaatsing.aanmelding_id == Aanmelding.id,
                                    Plaatsing.status == "opgenomen",
                                    Plaatsing.uitstroom_geblokkeerd_reden.is_not(None))
    rows = (await session.execute(
        sa.select(Aanmelding.vorm, Aanmelding.status, Aanmelding.verwezen_op,
                  geblokkeerd.label("geblokkeerd"))
        .where(Aanmelding.gemeente == cbs_code))).all()
    tellers: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wachtdagen: dict[str, list[int]] = defaultdict(list)
    for vorm, status, verwezen_op, blok in rows:
        t = tellers[vorm]
        t["aangemeld"] += 1
        t[status] += 1
        if status == "wachtend":
            w = wachttijd(vorm, verwezen_op, peildatum)
            wachtdagen[vorm].append(w.wachtdagen)
            t["over_norm"] += w.over_norm
        if blok:
            t["geblokkeerd"] += 1
    per_vorm = [
        VormOverzicht(
            vorm=Vorm(vorm), aangemeld=t["aangemeld"], wachtend=t["wachtend"],
            wachtend_over_norm=t["over_norm"],
            gemiddelde_wachtdagen=(round(sum(wachtdagen[vorm]) / len(wachtdagen[vorm]), 1)
                                   if wachtdagen[vorm] else None),
            geplaatst=t["geplaatst"], opgenomen=t["opgenomen"], uitgestroomd=t["uitgestroomd"],
            uitstroom_geblokkeerd=t["geblokkeerd"])
        for vorm, t in sorted(tellers.items())]
    bezetting = (await session.execute(
        sa.select(Locatie.vorm, sa.func.count(), sa.func.sum(Locatie.capaciteit),
                  sa.func.sum(Locatie.bezet))
        .where(Locatie.gemeente == cbs_code, Locatie.geheim_adres.is_(False))
        .group_by(Locatie.vorm).order_by(Locatie.vorm))).all()
    return GemeenteOverzicht(
        cbs_code=cbs_code, naam=naam, peildatum=peildatum, inwoners_per_vorm=per_vorm,
        bezetting_in_gemeente=[
            LocatieBezetting(vorm=Vorm(v), locaties=n, capaciteit=int(c or 0), bezet=int(b or 0))
            for v, n, c, b in bezetting])
