"""The deadline scan: events when a first-contact, onderzoek or persoonlijk-plan deadline is
near or has passed, each exactly once per (melding, kind, signal, deadline).

``scan`` runs one pass for a given day (the ops endpoint and tests drive it with a date);
``scan_today`` is the background job's round (app.py runs it as a ``wmokernel.runtime.Job``).
"""

from __future__ import annotations

from datetime import date

import structlog
from wmokernel.events.toegang import TermijnNadert, TermijnSoort, TermijnVerstreken
from wmokernel.unit_of_work import UnitOfWork

from ..domain.termijnen import Signaal, scan_horizon, signaal
from ..repository import termijnsignalen

log = structlog.get_logger(__name__)

_SCAN_BATCH = 2000


async def scan(uow: UnitOfWork, peildatum: date, nadert_werkdagen: int) -> int:
    """One pass for ``peildatum``; returns the number of new signals (events) written."""
    horizon = scan_horizon(peildatum, nadert_werkdagen)
    written = 0
    for soort in TermijnSoort:
        due = []
        for melding_id, client_id, uiterlijk, team in await termijnsignalen.candidates(
                uow.session, soort, horizon):
            s = signaal(uiterlijk, peildatum, nadert_werkdagen)
            if s is not None:
                due.append((melding_id, client_id, uiterlijk, team, s))
        for start in range(0, len(due), _SCAN_BATCH):
            chunk = due[start:start + _SCAN_BATCH]
            new = await termijnsignalen.insert_new(uow.session, soort, peildatum,
                                                   [(m, u, s) for m, _, u, _, s in chunk])
            for melding_id, client_id, uiterlijk, team, s in chunk:
                if (melding_id, s.value) not in new:
                    continue
                event_type = TermijnVerstreken if s is Signaal.VERSTREKEN else TermijnNadert
                await uow.publish(event_type(
                    melding_id=melding_id, client_id=client_id, soort=soort,
                    uiterlijk=uiterlijk, peildatum=peildatum, team=team))
                written += 1
    return written


async def scan_today(uow: UnitOfWork, nadert_werkdagen: int) -> int:
    """The background job's round: a scan for today."""
    n = await scan(uow, date.today(), nadert_werkdagen)
    if n:
        log.info("deadline signals written", count=n)
    return n
