"""The deadline scan: 'termijn nadert' and 'termijn verstreken' for beslistermijnen, bezwaar
decision terms and CAK notifications. Idempotent per (dossier, kind, signal) through the
unique constraint of ``termijnsignalen``; the event is written in the same unit of work.
``nieuw_signaal`` is the one way a signal is recorded, also for the iWmo terms."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import structlog
from wmokernel.events.indicatie import IndicatieTermijnNadert, IndicatieTermijnVerstreken
from wmokernel.termijnen import Signaal
from wmokernel.unit_of_work import UnitOfWork

from ..domain import termijnen
from ..repository import signalen as repo

log = structlog.get_logger(__name__)

# Two werkdagen before a deadline never lie more than this many calendar days before it.
_VOORUIT = timedelta(days=10)


async def nieuw_signaal(uow: UnitOfWork, dossier_id: uuid.UUID, soort: str, uiterlijk: date,
                        peildatum: date) -> Signaal | None:
    """The signal due on ``peildatum`` for this deadline, recorded once; None when none is
    due or it was given before."""
    signaal = termijnen.signaal(uiterlijk, peildatum)
    if signaal is None or not await repo.nieuw_signaal(uow.session, dossier_id, soort,
                                                       signaal, uiterlijk, peildatum):
        return None
    return signaal


async def scan_termijnen(uow: UnitOfWork, peildatum: date) -> int:
    """One scan for ``peildatum``; returns the number of new signals (events) written."""
    written = 0
    for soort, (dossier_id, aanvraag_id, client_id, uiterlijk) in await repo.kandidaten(
            uow.session, peildatum + _VOORUIT):
        signaal = await nieuw_signaal(uow, dossier_id, soort.value, uiterlijk, peildatum)
        if signaal is None:
            continue
        model = IndicatieTermijnNadert if signaal == "nadert" else IndicatieTermijnVerstreken
        await uow.publish(model(
            dossier_id=dossier_id, aanvraag_id=aanvraag_id, client_id=client_id,
            soort=soort, uiterlijk=uiterlijk, peildatum=peildatum))
        written += 1
    return written


async def scan_today(uow: UnitOfWork) -> None:
    """The background job: the scan for today."""
    count = await scan_termijnen(uow, date.today())
    if count:
        log.info("deadline signals written", count=count)
