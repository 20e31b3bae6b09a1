"""The deadline scan: events when a first-contact, onderzoek or persoonlijk-plan deadline is
near or has passed, each exactly once per (melding, kind, signal, deadline).

``scan`` runs one pass for a given day (tests drive it with a fixed date); ``watching_deadlines``
runs it periodically inside the service process. A second process scanning at the same time
is harmless: the primary key of ``termijnsignalen`` lets only one insert (and so one event)
through.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Any

import sqlalchemy as sa
import structlog
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.events.toegang import TermijnNadert, TermijnSoort, TermijnVerstreken
from wmokernel.periodic import every
from wmokernel.runtime import ServiceRuntime

from .casus import VERWIJZINGEN_UIT_BASISZORG
from .deadlines import Signaal, scan_horizon, signaal
from .models import Melding, TermijnSignaal, Verwijzing

log = structlog.get_logger(__name__)

_SCAN_BATCH = 2000


def _candidates(soort: TermijnSoort, horizon: date) -> Any:
    """Open casussen whose ``soort`` deadline is still running and falls before ``horizon``,
    without a 'verstreken' signal for that deadline yet."""
    column = {
        TermijnSoort.EERSTE_CONTACT: Melding.eerste_contact_uiterlijk,
        TermijnSoort.ONDERZOEK: Melding.onderzoek_uiterlijk,
        TermijnSoort.PERSOONLIJK_PLAN: Melding.persoonlijk_plan_uiterlijk,
    }[soort]
    query = sa.select(Melding.id, Melding.client_id, column, Melding.team).where(
        Melding.afgesloten_op.is_(None), column.is_not(None), column <= horizon,
        ~sa.exists().where(TermijnSignaal.melding_id == Melding.id,
                           TermijnSignaal.soort == soort.value,
                           TermijnSignaal.signaal == Signaal.VERSTREKEN.value,
                           TermijnSignaal.uiterlijk == column))
    referred_out = sa.exists().where(
        Verwijzing.melding_id == Melding.id,
        Verwijzing.naar.in_([v.value for v in VERWIJZINGEN_UIT_BASISZORG]))
    if soort is TermijnSoort.EERSTE_CONTACT:
        query = query.where(Melding.eerste_contact_op.is_(None))
    elif soort is TermijnSoort.ONDERZOEK:
        query = query.where(Melding.onderzoek_afgerond_op.is_(None), ~referred_out)
    else:
        query = query.where(Melding.persoonlijk_plan_ontvangen_op.is_(None),
                            Melding.onderzoek_afgerond_op.is_(None), ~referred_out)
    return query.order_by(column, Melding.id)


async def scan(session: AsyncSession, rt: ServiceRuntime, peildatum: date,
               nadert_werkdagen: int) -> int:
    """One pass for ``peildatum``; returns the number of new signals (events) written."""
    horizon = scan_horizon(peildatum, nadert_werkdagen)
    written = 0
    for soort in TermijnSoort:
        rows = (await session.execute(_candidates(soort, horizon))).all()
        due = []
        for melding_id, client_id, uiterlijk, team in rows:
            s = signaal(uiterlijk, peildatum, nadert_werkdagen)
            if s is not None:
                due.append((melding_id, client_id, uiterlijk, team, s))
        for start in range(0, len(due), _SCAN_BATCH):
            chunk = due[start:start + _SCAN_BATCH]
            inserted = await session.execute(
                pg_insert(TermijnSignaal)
                .values([{"melding_id": m, "soort": soort.value, "signaal": s.value,
                          "uiterlijk": u, "peildatum": peildatum} for m, _, u, _, s in chunk])
                .on_conflict_do_nothing()
                .returning(TermijnSignaal.melding_id, TermijnSignaal.signaal))
            new = {(m, s) for m, s in inserted.all()}
            for melding_id, client_id, uiterlijk, team, s in chunk:
                if (melding_id, s.value) not in new:
                    continue
                event_type = TermijnVerstreken if s is Signaal.VERSTREKEN else TermijnNadert
                await rt.outbox.add(session, event_type(
                    melding_id=melding_id, client_id=client_id, soort=soort,
                    uiterlijk=uiterlijk, peildatum=peildatum, team=team))
                written += 1
    return written


async def scan_today(rt: ServiceRuntime, nadert_werkdagen: int) -> None:
    async with rt.transaction() as session:
        n = await scan(session, rt, date.today(), nadert_werkdagen)
    if n:
        log.info("deadline signals written", count=n)


def watching_deadlines(rt: ServiceRuntime, interval_s: float, nadert_werkdagen: int
                       ) -> AbstractAsyncContextManager[None]:
    """Runs ``scan`` for today every ``interval_s`` seconds while the context is open."""
    return every(interval_s, lambda: scan_today(rt, nadert_werkdagen), "deadline-watcher")
