"""The deadline scan: 'termijn nadert' and 'termijn verstreken' for beslistermijnen, bezwaar
decision terms and CAK notifications. Idempotent per (dossier, kind, signal) through the
unique constraint of ``termijnsignalen``; the event is written in the same transaction."""

from __future__ import annotations

import uuid
from contextlib import AbstractAsyncContextManager
from datetime import date, timedelta

import sqlalchemy as sa
import structlog
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from wmokernel.events.indicatie import (
    IndicatieTermijnNadert,
    IndicatieTermijnSoort,
    IndicatieTermijnVerstreken,
)
from wmokernel.periodic import every
from wmokernel.runtime import ServiceRuntime

from .domain import termijnen
from .models import Aanvraag, Bezwaar, CakMelding, Termijnsignaal

log = structlog.get_logger(__name__)

# Two werkdagen before a deadline never lie more than this many calendar days before it.
_VOORUIT = timedelta(days=10)

Kandidaat = tuple[uuid.UUID, uuid.UUID, str, date]  # dossier, aanvraag, client, uiterlijk


async def _kandidaten(session: AsyncSession, peildatum: date) -> list[
        tuple[IndicatieTermijnSoort, Kandidaat]]:
    horizon = peildatum + _VOORUIT
    out: list[tuple[IndicatieTermijnSoort, Kandidaat]] = []
    rows = await session.execute(
        sa.select(Aanvraag.id, Aanvraag.id, Aanvraag.client_id, Aanvraag.beslissen_uiterlijk)
        .where(Aanvraag.status.in_(("ontvangen", "ter-goedkeuring")),
               Aanvraag.beslisronde == 1, Aanvraag.beslissen_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.BESLISTERMIJN, tuple(r)) for r in rows]  # type: ignore[misc]
    rows = await session.execute(
        sa.select(Bezwaar.id, Bezwaar.aanvraag_id, Bezwaar.client_id, Bezwaar.beslissen_uiterlijk)
        .where(Bezwaar.status == "ingediend", Bezwaar.beslissen_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.BEZWAAR_BESLISTERMIJN, tuple(r))  # type: ignore[misc]
            for r in rows]
    rows = await session.execute(
        sa.select(CakMelding.id, CakMelding.aanvraag_id, CakMelding.client_id,
                  CakMelding.melden_uiterlijk)
        .where(CakMelding.status == "klaar", CakMelding.melden_uiterlijk <= horizon))
    out += [(IndicatieTermijnSoort.CAK_MELDING, tuple(r)) for r in rows]  # type: ignore[misc]
    return out


async def scan_termijnen(rt: ServiceRuntime, peildatum: date) -> int:
    """One scan for ``peildatum``; returns the number of new signals (events) written."""
    written = 0
    async with rt.transaction() as session:
        for soort, (dossier_id, aanvraag_id, client_id, uiterlijk) in await _kandidaten(
                session, peildatum):
            signaal = termijnen.signaal(uiterlijk, peildatum)
            if signaal is None:
                continue
            inserted = await session.execute(
                pg_insert(Termijnsignaal)
                .values(dossier_id=dossier_id, soort=soort.value, signaal=signaal,
                        uiterlijk=uiterlijk, peildatum=peildatum)
                .on_conflict_do_nothing(constraint="uq_termijnsignalen")
                .returning(Termijnsignaal.id))
            if inserted.first() is None:
                continue
            model = IndicatieTermijnNadert if signaal == "nadert" else IndicatieTermijnVerstreken
            await rt.outbox.add(session, model(
                dossier_id=dossier_id, aanvraag_id=aanvraag_id, client_id=client_id,
                soort=soort, uiterlijk=uiterlijk, peildatum=peildatum))
            written += 1
    return written


async def scan_today(rt: ServiceRuntime) -> None:
    count = await scan_termijnen(rt, date.today())
    if count:
        log.info("deadline signals written", count=count)


def scanning(rt: ServiceRuntime, interval_s: float) -> AbstractAsyncContextManager[None]:
    """The indicatie process scans for today every ``interval_s`` seconds."""
    return every(interval_s, lambda: scan_today(rt), "deadline-scan")
